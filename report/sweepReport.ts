// The sweep view's HTML: the static report of `backtest sweep --html` (bundle inlined,
// data embedded, strict CSP with a fresh nonce) and the VS Code panel's page. The data is
// built from a sweep folder (sweep.json, the variants' sampled equity curves in
// variants/<id>.json, walk_forward_equity.csv); no data string is
// ever parsed as HTML (the bundle builds the DOM with textContent).
import { existsSync, readFileSync } from 'node:fs';
import { readTextFile } from '../engine/data/files';
import path from 'node:path';
import { selfContainedPage, webviewPage } from './page';
import type { SweepVariant, SweepViewData } from '../webview/sweep/data';

interface SweepJsonLike {
  sweep_file: string | null;
  rank_by: string;
  complete: boolean;
  axes: { key: string; values: unknown[] }[];
  variants: {
    rank: number;
    variant_id: string;
    axes: Record<string, unknown>;
    metrics: Record<string, number | null>;
    metrics_invalid?: SweepVariant['metrics_invalid'];
  }[];
  walk_forward?: {
    select_by: string;
    windows: NonNullable<SweepViewData['walk_forward']>['windows'];
    out_of_sample: Record<string, number | null>;
    in_sample_best: unknown;
  } | null;
}

/** The view's data from a sweep folder (throws when sweep.json is missing or unreadable). */
export function sweepViewData(outDir: string): SweepViewData {
  // Bounded reads of regular files only: a FIFO or device in a chosen folder must not hang the editor.
  const read = (file: string) => readTextFile(file, { what: 'a sweep result file' });
  const json = JSON.parse(read(path.join(outDir, 'sweep.json'))) as SweepJsonLike;
  let equity: { date: string; equity: number; window: number }[] = [];
  const eqFile = path.join(outDir, 'walk_forward_equity.csv');
  if (json.walk_forward && existsSync(eqFile)) {
    equity = read(eqFile)
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => {
        const [date, eq, w] = l.split(',');
        return { date, equity: Number(eq), window: Number(w) };
      });
  }
  // Each variant's sampled equity curve from its record (variants/<id>.json), for the
  // side-by-side overlay; the date lists are shared (most sweeps have one).
  const dateLists: string[][] = [];
  const dateIndex = new Map<string, number>();
  const curve = (id: string): { dates: number; values: number[] } | null => {
    if (!/^[0-9a-f]{16}$/.test(id)) return null;
    let rec: { equity_curve?: { dates?: unknown; equity?: unknown } };
    try {
      rec = JSON.parse(read(path.join(outDir, 'variants', `${id}.json`))) as typeof rec;
    } catch {
      return null;
    }
    const c = rec.equity_curve;
    if (!c || !Array.isArray(c.dates) || !Array.isArray(c.equity) || c.dates.length !== c.equity.length) return null;
    const dates = c.dates.map(String);
    const key = dates.join(',');
    let k = dateIndex.get(key);
    if (k === undefined) {
      k = dateLists.push(dates) - 1;
      dateIndex.set(key, k);
    }
    return { dates: k, values: c.equity.map((x) => (typeof x === 'number' ? x : NaN)) };
  };
  const name = json.sweep_file ? path.basename(json.sweep_file).replace(/\.sweep\.jsonc$/, '') : path.basename(outDir);
  return {
    format: 'sweep-view/1',
    title: `Sweep: ${name}`,
    rank_by: json.rank_by,
    axes: json.axes,
    complete: json.complete,
    variants: json.variants.map((v) => ({
      rank: v.rank,
      variant_id: v.variant_id,
      axes: v.axes,
      metrics: v.metrics,
      ...(v.metrics_invalid ? { metrics_invalid: v.metrics_invalid } : {}),
      equity: curve(v.variant_id),
    })),
    equity_dates: dateLists,
    walk_forward: json.walk_forward
      ? {
          select_by: json.walk_forward.select_by,
          windows: json.walk_forward.windows,
          out_of_sample: json.walk_forward.out_of_sample,
          in_sample_best: json.walk_forward.in_sample_best as NonNullable<SweepViewData['walk_forward']>['in_sample_best'],
          equity,
        }
      : null,
  };
}

/** The static report of `backtest sweep --html`: one self-contained file (report/page.ts). */
export function renderSweepReportHtml(data: SweepViewData, assets: { js: string; css: string }): string {
  return selfContainedPage({ title: data.title, data: { id: 'sweep-data', value: data }, assets });
}

/** The VS Code panel's page: bundle and CSS from the extension, the same data element. */
export function renderSweepPanelHtml(
  data: SweepViewData,
  opts: { cspSource: string; nonce: string; scriptUri: string; styleUri: string },
): string {
  return webviewPage({
    who: 'renderSweepPanelHtml',
    title: data.title,
    cspSource: opts.cspSource,
    nonce: opts.nonce,
    scriptUri: opts.scriptUri,
    styleUris: [opts.styleUri],
    data: { id: 'sweep-data', value: data },
  });
}

/** dist/sweepView.js and .css, for the static report. */
export function readSweepAssets(dir: string): { js: string; css: string } | null {
  const js = path.join(dir, 'sweepView.js'),
    css = path.join(dir, 'sweepView.css');
  if (!existsSync(js)) return null;
  return { js: readFileSync(js, 'utf8'), css: existsSync(css) ? readFileSync(css, 'utf8') : '' };
}

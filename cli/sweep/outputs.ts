// What a sweep writes into DIR: one record per finished variant (variants/<id>.json, written
// as each finishes, so Ctrl-C or a crash keeps them and --resume reuses them), then
// sweep.csv (ranked, full precision) and sweep.json (the same plus each resolved config).
import { existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { csvCell as projectCsvCell } from '../../engine/results/csvCell';
import path from 'node:path';
import {
  compareScores,
  METRIC_COLUMNS,
  sweepId,
  type FlatMetrics,
  type MetricSpec,
  type SweepSpec,
  type Variant,
} from '../../engine/sweep';
import type { BacktestConfigOptions } from '../../engine/config';
import type { TradeReason } from '../../engine/types';
import { CliError, displayPath } from '../../jobs/failure';
import type { DataError } from '../../engine/data/errors';
import { readTextFile } from '../../engine/data/files';
import { checkOutputPlace, describeWriteError } from '../../engine/results/outputFolder';

export interface VariantRecord {
  variant_id: string;
  index: number;
  axes: Record<string, unknown>;
  metrics: FlatMetrics;
  /** Present when equity reached zero or below (on_bankruptcy "continue"): its metrics are null and mean nothing. */
  metrics_invalid?: { code: string; date: string; message: string };
  trade_counts: Record<TradeReason, number>;
  final_equity: number;
  trading_days: number;
  /** The resolved config, data paths absolute (runnable with `backtest run` as it is). */
  config: BacktestConfigOptions;
  /**
   * The equity curve sampled to at most EQUITY_CURVE_POINTS days (every k-th day and the
   * last, to the cent), for the sweep view's side-by-side overlay. Kept out of sweep.json.
   * Absent in records of sweeps before it was recorded.
   */
  equity_curve?: { dates: string[]; equity: number[] };
}

export const EQUITY_CURVE_POINTS = 260;

/** Every k-th day (k = ceil(days / max)) and the last, equity rounded to the cent. */
export function sampleEquityCurve(
  dates: string[],
  equity: ArrayLike<number>,
  max = EQUITY_CURVE_POINTS,
): { dates: string[]; equity: number[] } {
  const T = dates.length;
  const step = Math.max(1, Math.ceil(T / max));
  const out = { dates: [] as string[], equity: [] as number[] };
  for (let i = 0; i < T; i += step) {
    out.dates.push(dates[i]);
    out.equity.push(Math.round(equity[i] * 100) / 100);
  }
  if (T && (T - 1) % step !== 0) {
    out.dates.push(dates[T - 1]);
    out.equity.push(Math.round(equity[T - 1] * 100) / 100);
  }
  return out;
}

/** What sweep.json says about the sweep as a whole (also how sweep-merge recognises shards). */
export interface SweepHeader {
  format: 'backtest-sweep/1';
  sweep_id: string;
  sweep_file: string | null;
  base_config: string;
  axes: { key: string; values: unknown[] }[];
  combine: 'product' | 'zip';
  rank_by: string;
  /** Every variant id of the whole sweep, in order (a shard holds a slice of them). */
  variant_ids: string[];
  /** Data files and content fingerprints (the same for every variant unless an axis changes a file). */
  data: Record<string, string>;
  shard: { index: number; count: number } | null;
  /** True when every variant of this folder's slice has a record. */
  complete: boolean;
}

export interface SweepJson extends SweepHeader {
  variants: (VariantRecord & { rank: number })[];
  walk_forward?: unknown;
}

/** The names a sweep folder may hold (anything else: refuse, it is not ours). */
const OURS = new Set([
  'sweep.csv',
  'sweep.json',
  'variants',
  'runs',
  'slurm',
  'walk_forward',
  'walk_forward.csv',
  'walk_forward_candidates.csv',
  'walk_forward_equity.csv',
]);

/**
 * --out for a sweep: new, empty, or an earlier sweep's folder with --resume. Never deletes
 * anything: without --resume an earlier sweep is refused rather than replaced.
 */
export function prepareSweepDir(dir: string, resume: boolean): void {
  // A link, a parent that is a file, a read-only, unwritable or full place: refused before any variant runs.
  checkOutputPlace(dir);
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory())
      throw new CliError(`--out ${displayPath(dir)} is a file, not a folder`, 'pass a folder name, e.g. --out results/my-sweep');
    const entries = readdirSync(dir).filter((f) => !f.startsWith('.'));
    const others = entries.filter((f) => !OURS.has(f));
    if (others.length) {
      throw new CliError(
        `--out ${displayPath(dir)} already holds files that are not a sweep's (${others.slice(0, 3).join(', ')}${others.length > 3 ? ', ...' : ''})`,
        'use a new or empty folder, e.g. --out results/my-sweep',
      );
    }
    if (!resume && entries.some((f) => f === 'variants' || f === 'sweep.json')) {
      throw new CliError(
        `--out ${displayPath(dir)} already holds a sweep`,
        'pass --resume to reuse its finished variants (only new or changed ones run), or choose a new folder',
      );
    }
  }
  try {
    mkdirSync(path.join(dir, 'variants'), { recursive: true });
  } catch (err) {
    throw describeWriteError(err, dir) ?? err;
  }
}

/** Writes a file whole or not at all (temporary name, then rename). */
export function writeAtomic(file: string, text: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.tmp-${process.pid}`);
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

export function writeVariantRecord(dir: string, rec: VariantRecord): void {
  writeAtomic(path.join(dir, 'variants', `${rec.variant_id}.json`), JSON.stringify(rec, null, 2) + '\n');
}

/** Records in DIR/variants, by id (unreadable or foreign files are skipped). */
export function readVariantRecords(dir: string): Map<string, VariantRecord> {
  const out = new Map<string, VariantRecord>();
  const vdir = path.join(dir, 'variants');
  if (!existsSync(vdir)) return out;
  for (const f of readdirSync(vdir)) {
    if (!/^[0-9a-f]{16}\.json$/.test(f)) continue;
    try {
      const rec = JSON.parse(readSweepOutput(path.join(vdir, f))) as VariantRecord;
      if (rec && rec.variant_id === f.slice(0, 16) && rec.metrics) out.set(rec.variant_id, rec);
    } catch {
      /* a record cut short by a crash: it runs again */
    }
  }
  return out;
}

/** A CSV cell: numbers at full round-trip precision, text quoted, spreadsheet formulas neutralised. */
export function csvCell(v: unknown): string {
  // The project's one encoder (engine/results/csvCell.ts); axis values that are objects are written as JSON.
  return projectCsvCell(v !== null && typeof v === 'object' ? JSON.stringify(v) : typeof v === 'boolean' ? String(v) : v);
}

export function rankRecords(records: VariantRecord[], rankBy: MetricSpec): VariantRecord[] {
  return records.slice().sort((a, b) => compareScores(a.metrics[rankBy.metric], b.metrics[rankBy.metric], rankBy) || a.index - b.index);
}

export function sweepCsv(axisKeys: string[], ranked: VariantRecord[]): string {
  const lines = [['variant_id', ...axisKeys, ...METRIC_COLUMNS].map(csvCell).join(',')];
  for (const r of ranked)
    lines.push([r.variant_id, ...axisKeys.map((k) => r.axes[k]), ...METRIC_COLUMNS.map((m) => r.metrics[m])].map(csvCell).join(','));
  return lines.join('\n') + '\n';
}

/** Writes sweep.csv and sweep.json for the records of `header`'s variants. */
export function writeSweepFiles(
  dir: string,
  header: SweepHeader,
  records: VariantRecord[],
  rankBy: MetricSpec,
  extra: { walk_forward?: unknown } = {},
): string[] {
  const ranked = rankRecords(records, rankBy);
  writeAtomic(
    path.join(dir, 'sweep.csv'),
    sweepCsv(
      header.axes.map((a) => a.key),
      ranked,
    ),
  );
  // The sampled equity curves stay in variants/<id>.json (the sweep view reads them there).
  const json: SweepJson = {
    ...header,
    variants: ranked.map(({ equity_curve: _eq, ...r }, i) => ({ rank: i + 1, ...r })),
    ...extra,
  };
  writeAtomic(
    path.join(dir, 'sweep.json'),
    JSON.stringify(json, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n',
  );
  return [path.join(dir, 'sweep.csv'), path.join(dir, 'sweep.json')];
}

export function readSweepJson(dir: string): SweepJson {
  const file = path.join(dir, 'sweep.json');
  let json: SweepJson;
  try {
    json = JSON.parse(readSweepOutput(file)) as SweepJson;
  } catch (err) {
    const detail = (err as DataError).detail;
    throw new CliError(
      `${displayPath(file)}: ${detail === 'File not found.' ? 'not found; is this a sweep folder?' : `not a readable sweep.json${detail ? ` (${detail})` : ''}`}`,
      'pass folders written by `backtest sweep --out DIR`',
    );
  }
  if (json.format !== 'backtest-sweep/1') throw new CliError(`${displayPath(file)} is not a sweep folder's sweep.json`);
  return json;
}

/** The config of a variant with its data paths absolute, so it runs from anywhere. */
export function runnableConfig(v: Variant, basePath: string): BacktestConfigOptions {
  const c = JSON.parse(JSON.stringify(v.resolved)) as BacktestConfigOptions & Record<string, unknown>;
  const dir = path.dirname(basePath);
  c.data_dir = path.resolve(dir, c.data_dir);
  for (const k of ['weights', 'signals', 'orders'] as const) {
    const x = c.inputs[k];
    if (typeof x === 'string') c.inputs[k] = path.resolve(dir, x);
  }
  return c;
}

export function sweepHeader(
  spec: SweepSpec,
  variants: Variant[],
  shard: { index: number; count: number } | null,
  complete: boolean,
): SweepHeader {
  const data: Record<string, string> = {};
  for (const v of variants) Object.assign(data, v.data);
  return {
    format: 'backtest-sweep/1',
    sweep_id: sweepId(variants),
    sweep_file: spec.file,
    base_config: spec.basePath,
    axes: spec.axes.map((a) => ({ key: a.key, values: a.values })),
    combine: spec.combine,
    rank_by: spec.rankBy.text,
    variant_ids: variants.map((v) => v.id),
    data,
    shard,
    complete,
  };
}

/**
 * A file of a sweep folder read back (sweep.json, a variant or window record): a regular
 * file of bounded size, so a FIFO or device left in the folder is refused, never waited on.
 */
export function readSweepOutput(file: string): string {
  return readTextFile(file, { what: 'a sweep result file' });
}

// The self-contained HTML report (`--html`): the webview bundle and its CSS, built next to
// dist/cli.js, inlined around the results JSON. Files are written atomically.
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { renderReportHtml } from '../report/html';
import type { CompareJson, ResultsJson } from '../engine/types';
import { CliError, displayPath } from './failure';

export interface ReportAssets {
  js: string;
  css: string;
}

/** dist/ when running the bundle (dist/cli.js); ../dist when running from source. */
export function defaultAssetsDir(): string {
  const candidates = [__dirname, path.resolve(__dirname, '..', 'dist')];
  return candidates.find((d) => existsSync(path.join(d, 'webview.js'))) ?? candidates[0];
}

export function readReportAssets(dir: string): ReportAssets {
  const js = path.join(dir, 'webview.js');
  const uplotCss = path.join(dir, 'uPlot.min.css');
  for (const f of [js, uplotCss]) {
    if (!existsSync(f)) {
      throw new CliError(
        `--html needs the report bundle, but ${displayPath(f)} is missing`,
        'run `npm run build` (it writes dist/webview.js and dist/uPlot.min.css next to dist/cli.js)',
      );
    }
  }
  // The webview's own stylesheet, when its bundle imports CSS (esbuild emits webview.css).
  const own = path.join(dir, 'webview.css');
  const css = [readFileSync(uplotCss, 'utf8'), existsSync(own) ? readFileSync(own, 'utf8') : ''].join('\n');
  return { js: readFileSync(js, 'utf8'), css };
}

/** Writes via a temporary file and a rename, so a reader never sees half a file. */
export function writeFileAtomic(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}-${Date.now()}`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

export function writeReport(file: string, data: ResultsJson | CompareJson, assets: ReportAssets): void {
  writeFileAtomic(file, renderReportHtml(data, assets));
}

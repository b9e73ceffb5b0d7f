// The work of `run` and `compare`, as plain messages, so it can run on a worker thread
// (where Ctrl-C can cancel the synchronous engine loop through a shared flag) or in-process.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { readConfigText } from '../engine/config';
import { readBoundedFile } from '../engine/data/files';
import type { DataError } from '../engine/data/errors';
import { RESULT_FILE_NAMES } from '../engine/results/resultFiles';
import { checkOutputFolder } from '../engine/results/outputFolder';
import { CancelledError } from '../engine/backtest/errors';
import type { CompareJson, ConfigDiagnostic, Metrics, ResultsJson, RunWarning, TradeReason } from '../engine/types';
import type { AnalysisJson } from '../engine/analysis/json';
import { LoadedTables } from '../engine/data/loadedTables';
import { validateConfigFile } from './validation';
import { isCancelledError, loadConfig, runBacktest, type HedgeVariant, type Results } from './engineApi';
import type { CliFailure } from '../common/failure';
import { CliError, displayPath, toFailure } from './failure';
import { readReportAssets, writeReport, type ReportAssets } from './reportFile';

/** `validate`: check the config first (on the tables the run then uses) and refuse it with errors. */
export type CliJob =
  | { kind: 'run'; configPath: string; outDir: string | null; htmlFile: string | null; writePositions: boolean; assetsDir: string; validate?: boolean; format?: 'csv' | 'parquet' }
  | { kind: 'compare'; configPath: string; htmlFile: string | null; assetsDir: string; validate?: boolean };

/** What the terminal needs from a run: ResultsJson without its big arrays. */
export interface RunSummary {
  meta: ResultsJson['meta'];
  metrics: Metrics;
  tradeCounts: Record<TradeReason, number>;
  warnings: RunWarning[];
  days: number;
  /** Hedge effectiveness, attribution totals and confidence intervals (absent for old results). */
  analysis?: AnalysisSummary;
}

/** What the summary shows of the analysis (AnalysisJson without its daily series). */
export interface AnalysisSummary {
  hedgeEffectiveness: AnalysisJson['hedgeEffectiveness'];
  attribution: AnalysisJson['attribution']['totals'];
  confidenceIntervals: AnalysisJson['confidenceIntervals'];
  unhedged: AnalysisJson['unhedged'] | undefined;
}

function analysisSummary(a: AnalysisJson | undefined): AnalysisSummary | undefined {
  return a ? { hedgeEffectiveness: a.hedgeEffectiveness, attribution: a.attribution.totals, confidenceIntervals: a.confidenceIntervals, unhedged: a.unhedged } : undefined;
}

export interface CompareRun { label: string; variant: HedgeVariant; summary: RunSummary }

export type JobMessage =
  | { type: 'progress'; fraction: number; date: string; label: string }
  | { type: 'writing' }
  | { type: 'done'; kind: 'run'; summary: RunSummary; files: string[] }
  | { type: 'done'; kind: 'compare'; runs: CompareRun[]; files: string[] }
  | { type: 'cancelled' }
  | { type: 'invalid'; errors: ConfigDiagnostic[] }
  | { type: 'error'; failure: CliFailure };

/** The spec's --out files, in the order they are listed to the user. */
export const OUT_FILES: readonly string[] = RESULT_FILE_NAMES;
/** The same tables written by --format parquet; a folder may hold either set (a re-run in the other format replaces it). */
const PARQUET_OUT_FILES = OUT_FILES.filter((f) => f.endsWith('.csv')).map((f) => f.replace(/\.csv$/, '.parquet'));

/**
 * `--out` replaces its folder as a whole (so a reader never sees a mix of two runs).
 * Refuse a folder holding anything else, so a slip like `--out .` cannot delete work.
 */
export function assertSafeOutDir(dir: string): void {
  // A link, a sub-folder named like one of our files, a parent that is a file, a read-only,
  // unwritable or full place: refused with the cause, before the run.
  checkOutputFolder(dir, [...OUT_FILES, ...PARQUET_OUT_FILES]);
  if (!existsSync(dir)) return;
  if (!statSync(dir).isDirectory()) throw new CliError(`--out ${displayPath(dir)} is a file, not a folder`, 'pass a folder name, e.g. --out results/my-run');
  const others = readdirSync(dir).filter((f) => !OUT_FILES.includes(f) && !PARQUET_OUT_FILES.includes(f));
  if (others.length) {
    throw new CliError(`--out ${displayPath(dir)} already holds other files (${others.slice(0, 3).join(', ')}${others.length > 3 ? ', ...' : ''}); the results replace the whole folder`,
      'use a new or empty folder, e.g. --out results/my-run');
  }
}

/**
 * `--html` replaces one file: refuse a folder, and any existing file that is not an earlier
 * report of ours, before the run rather than after it.
 */
export function assertSafeHtmlFile(file: string): void {
  if (!existsSync(file)) return;
  if (statSync(file).isDirectory()) throw new CliError(`--html ${displayPath(file)} is a folder, not a file`, `name the report file, e.g. --html ${displayPath(file)}/report.html`);
  // Only the head is needed to recognise a report; a FIFO or device is refused, never read.
  let text: string;
  try { text = readBoundedFile(file, { head: 64 * 1024, what: 'the report file' }).toString('utf8'); } catch (e) {
    const d = e as DataError;
    throw new CliError(`--html ${displayPath(file)}: ${d.detail ?? String(e)}`, 'name a new .html file, e.g. --html report.html');
  }
  if (!(text.startsWith('<!DOCTYPE html>') && text.includes('id="results-data"'))) {
    throw new CliError(`--html ${displayPath(file)} already exists and is not a backtest report; it would be overwritten`, 'choose a new file name, or delete that file first');
  }
}

export const COMPARE_VARIANTS: { variant: HedgeVariant; label: string }[] = [
  { variant: 'none', label: 'No hedge' },
  { variant: 'proportional', label: 'Proportional' },
  { variant: 'etf', label: 'ETF' },
];

/** Label of the compare run that uses the config's own hedge method (the panel opens on it). */
export function configuredLabel(c: { enable_sector_hedge: boolean; sector_hedge_method: string }): string {
  const v = c.enable_sector_hedge ? c.sector_hedge_method : 'none';
  return (COMPARE_VARIANTS.find((x) => x.variant === v) ?? COMPARE_VARIANTS[0]).label;
}

export function summarize(json: ResultsJson): RunSummary {
  return { meta: json.meta, metrics: json.metrics, tradeCounts: json.tradeCounts, warnings: json.warnings, days: json.dates.length, analysis: analysisSummary(json.analysis) };
}

/** The same summary from the results themselves, without toJSON()'s trade objects. */
function summaryOf(results: Results): RunSummary {
  // The analysis without its daily series (toJSON()'s analysis minus the arrays: same values).
  return { ...results.summaryJSON(), analysis: results.analysisSummaryJSON() };
}

/** How often a job reports progress at most: a run calls back every simulated day. */
export const PROGRESS_INTERVAL_MS = 100;

/**
 * The output checks of a job, in the one order both runners use: before the run (so a slip
 * like `--out .` costs nothing), and assertSafeOutDir again just before writing.
 */
export function assertSafeOutputs(outDir: string | null, htmlFile: string | null): void {
  if (outDir) assertSafeOutDir(outDir);
  if (htmlFile) assertSafeHtmlFile(htmlFile);
}

/**
 * Progress callbacks for the engine, one per phase (`label`, covering base..base+span of the
 * whole job), that stop the run once `cancelled()` and report at most every `minIntervalMs`:
 * a long run calls them every simulated day, a progress bar needs a few updates a second.
 */
export function throttledProgress(cancelled: () => boolean, minIntervalMs: number, report: (fraction: number, date: string, label: string) => void) {
  let last = 0;
  return (label: string, base: number, span: number) => (fraction: number, date: string): boolean => {
    if (cancelled()) return false;
    const now = Date.now();
    if (now - last >= minIntervalMs || fraction >= 1) {
      last = now;
      report(base + span * Math.min(1, Math.max(0, fraction)), date, label);
    }
    return true;
  };
}

/**
 * Runs the job, posting progress and one final message. Data files are parsed once for the
 * validation and every run of the job (LoadedTables). Without `validate` it never awaits,
 * so every message is posted before it returns.
 */
export async function executeJob(job: CliJob, post: (m: JobMessage) => void, cancelled: () => boolean): Promise<void> {
  let configText: string | null = null;
  try { configText = readConfigText(job.configPath); } catch { /* fromFile reports it */ }
  try {
    // Check the report assets before a long run, not after it.
    const assets: ReportAssets | null = job.htmlFile ? readReportAssets(job.assetsDir) : null;
    const progress = throttledProgress(cancelled, PROGRESS_INTERVAL_MS, (fraction, date, label) => post({ type: 'progress', fraction, date, label }));
    const files: string[] = [];
    // One run: its signals' columns are garbage once scheduled. Compare keeps them for the next variant.
    const tables = new LoadedTables({ releaseInputsAfterRun: job.kind === 'run' });
    if (job.validate) {
      const errors = (await validateConfigFile(job.configPath, tables.dataAccess())).filter((d) => d.severity === 'error');
      if (errors.length) { post({ type: 'invalid', errors }); return; }
    }
    if (job.kind === 'run') {
      const config = loadConfig(job.configPath);
      assertSafeOutputs(job.outDir, job.htmlFile);
      const results: Results = runBacktest(config, progress('run', 0, 1), tables);
      if (cancelled()) throw new CancelledError();
      // The report needs every trade; the summary does not (toJSON is 1.2 M objects for W1).
      const summary = summaryOf(results);
      const json = job.htmlFile ? results.toJSON() as ResultsJson : null;
      // The analysis (bootstrap included) runs above: a Ctrl-C during it still cancels.
      if (cancelled()) throw new CancelledError();
      // From here on the run is complete: outputs are written whole or not at all.
      post({ type: 'writing' });
      if (job.outDir) {
        assertSafeOutDir(job.outDir);
        files.push(...results.writeOutFiles(job.outDir, { ...(job.writePositions ? {} : { writePositions: false }), ...(job.format === 'parquet' ? { format: 'parquet' as const } : {}) }));
      }
      if (job.htmlFile && assets && json) {
        writeReport(job.htmlFile, job.writePositions ? json : { ...json, positions: null }, assets);
        files.push(job.htmlFile);
      }
      post({ type: 'done', kind: 'run', summary, files });
    } else {
      assertSafeOutputs(null, job.htmlFile);
      const runs: CompareRun[] = [];
      const full: CompareJson['runs'] = [];
      COMPARE_VARIANTS.forEach(({ variant, label }, i) => {
        const config = loadConfig(job.configPath, variant);
        const results = runBacktest(config, progress(label, i / COMPARE_VARIANTS.length, 1 / COMPARE_VARIANTS.length), tables);
        if (cancelled()) throw new CancelledError();
        const summary = summaryOf(results);
        const json = job.htmlFile ? results.toJSON() as ResultsJson : null;
        if (cancelled()) throw new CancelledError();
        runs.push({ label, variant, summary });
        if (json) full.push({ label, results: { ...json, positions: null } });
      });
      post({ type: 'writing' });
      if (job.htmlFile && assets) {
        writeReport(job.htmlFile, { schemaVersion: 1, runs: full, configured: configuredLabel(loadConfig(job.configPath)) }, assets);
        files.push(job.htmlFile);
      }
      post({ type: 'done', kind: 'compare', runs, files });
    }
  } catch (err) {
    if (cancelled() || isCancelledError(err)) post({ type: 'cancelled' });
    else post({ type: 'error', failure: toFailure(err, job.configPath, configText) });
  }
}

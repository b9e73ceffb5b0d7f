// The work of `run` and `compare`, as plain messages, so it can run on a worker thread
// (where Ctrl-C or the editor's Cancel stops the synchronous engine loop through a shared
// flag) or in-process. The one job runner: the CLI and the VS Code worker both call executeJob.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { readConfigText } from '../engine/config';
import { readBoundedFile } from '../engine/data/files';
import type { DataError } from '../engine/data/errors';
import { RESULT_FILE_NAMES, stageFolder, type StagedFolder, type TradesStreamed } from '../engine/results/resultFiles';
import { checkOutputFolder, checkOutputPlace } from '../engine/results/outputFolder';
import { CancelledError } from '../engine/backtest/errors';
import type { CompareJson, ConfigDiagnostic, Metrics, ResultsJson, RunWarning, TradeReason } from '../engine/types';
import type { AnalysisJson } from '../engine/analysis/json';
import { LoadedTables } from '../engine/data/loadedTables';
import { validateConfigFile } from './validation';
import { isCancelledError, loadConfig, runBacktest, type HedgeVariant, type Results } from './engineApi';
import type { CliFailure } from '../common/failure';
import { CliError, displayPath, toFailure } from './failure';
import { defaultAssetsDir, readReportAssets, writeReport, type ReportAssets } from './reportFile';
import { pointAtConfig } from './configReference';
import { prefetchInput } from './prefetch';
import { SideThread } from './sideThread';
import { bootstrapRequest, runConfidenceIntervals, type PathOptions } from '../engine/analysis';

/**
 * One `run` or `compare`, for the CLI and the VS Code worker alike. `validate`: check the
 * config first (on the tables the run then uses) and refuse it with errors. `keepResults`:
 * the done message also carries the whole ResultsJson / CompareJson (the editor's panel);
 * without it only the summaries (the terminal). `writePositions: false` leaves positions out
 * of `--out` and the report; otherwise the config's `write_positions` decides.
 */
export type Job =
  | {
      kind: 'run';
      configPath: string;
      outDir: string | null;
      htmlFile: string | null;
      writePositions?: boolean;
      assetsDir?: string;
      validate?: boolean;
      format?: 'csv' | 'parquet';
      keepResults?: boolean;
    }
  | { kind: 'compare'; configPath: string; htmlFile: string | null; assetsDir?: string; validate?: boolean; keepResults?: boolean };

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
  return a
    ? {
        hedgeEffectiveness: a.hedgeEffectiveness,
        attribution: a.attribution.totals,
        confidenceIntervals: a.confidenceIntervals,
        unhedged: a.unhedged,
      }
    : undefined;
}

export interface CompareRun {
  label: string;
  variant: HedgeVariant;
  summary: RunSummary;
}

export type JobMessage =
  | { type: 'progress'; fraction: number; date: string; label: string }
  /** The runs finished and outputs are being written: the job must not be killed now. */
  | { type: 'writing'; outDir: string | null }
  | { type: 'done'; kind: 'run'; summary: RunSummary; files: string[]; results?: ResultsJson }
  | { type: 'done'; kind: 'compare'; runs: CompareRun[]; files: string[]; results?: CompareJson }
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
  if (!statSync(dir).isDirectory())
    throw new CliError(`--out ${displayPath(dir)} is a file, not a folder`, 'pass a folder name, e.g. --out results/my-run');
  const others = readdirSync(dir).filter((f) => !OUT_FILES.includes(f) && !PARQUET_OUT_FILES.includes(f));
  if (others.length) {
    throw new CliError(
      `--out ${displayPath(dir)} already holds other files (${others.slice(0, 3).join(', ')}${others.length > 3 ? ', ...' : ''}); the results replace the whole folder`,
      'use a new or empty folder, e.g. --out results/my-run',
    );
  }
}

/**
 * `--html` replaces one file: refuse a folder, and any existing file that is not an earlier
 * report of ours, before the run rather than after it.
 */
export function assertSafeHtmlFile(file: string): void {
  // A link, a parent that is a file, a read-only, unwritable or full place: before the run.
  checkOutputPlace(file, '--html', 'file');
  if (!existsSync(file)) return;
  if (statSync(file).isDirectory())
    throw new CliError(
      `--html ${displayPath(file)} is a folder, not a file`,
      `name the report file, e.g. --html ${displayPath(file)}/report.html`,
    );
  // Only the head is needed to recognise a report; a FIFO or device is refused, never read.
  let text: string;
  try {
    text = readBoundedFile(file, { head: 64 * 1024, what: 'the report file' }).toString('utf8');
  } catch (e) {
    const d = e as DataError;
    throw new CliError(`--html ${displayPath(file)}: ${d.detail ?? String(e)}`, 'name a new .html file, e.g. --html report.html');
  }
  if (!(text.startsWith('<!DOCTYPE html>') && text.includes('id="results-data"'))) {
    throw new CliError(
      `--html ${displayPath(file)} already exists and is not a backtest report; it would be overwritten`,
      'choose a new file name, or delete that file first',
    );
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
  return {
    meta: json.meta,
    metrics: json.metrics,
    tradeCounts: json.tradeCounts,
    warnings: json.warnings,
    days: json.dates.length,
    analysis: analysisSummary(json.analysis),
  };
}

/** The same summary from the results themselves, without toJSON()'s trade objects. */
function summaryOf(results: Results): RunSummary {
  // The analysis without its daily series (toJSON()'s analysis minus the arrays: same values).
  return { ...results.summaryJSON(), analysis: results.analysisSummaryJSON() };
}

/** How often a job reports progress at most: a run calls back every simulated day. */
export const PROGRESS_INTERVAL_MS = 100;

/**
 * The output checks of a job: first of all (so a slip like `--out .` costs nothing, not even
 * the validation), and assertSafeOutDir again just before writing.
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
export function throttledProgress(
  cancelled: () => boolean,
  minIntervalMs: number,
  report: (fraction: number, date: string, label: string) => void,
) {
  let last = 0;
  return (label: string, base: number, span: number) =>
    (fraction: number, date: string): boolean => {
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
 * The one job runner of the CLI (cli/worker.ts) and the VS Code worker (editorRun.ts).
 * In this order: the output checks, the report assets, the validation (with `validate`),
 * the config, the runs (cancellable at every progress call), then the outputs, written only
 * once every run completed with the cancel flag clear. Posts progress (at most every
 * PROGRESS_INTERVAL_MS), `writing`, then exactly one of done / cancelled / invalid / error.
 * Data files are parsed once for the validation and every run of the job (LoadedTables).
 * Without `validate` it never awaits, so every message is posted before it returns.
 */
export async function executeJob(job: Job, post: (m: JobMessage) => void, cancelled: () => boolean): Promise<void> {
  let configText: string | null = null;
  // An --out run's trades.csv stream and the temporary folder it writes into (from the run's start).
  let streamed: TradesStreamed | null = null,
    folder: StagedFolder | null = null;
  // A second core for the signals parse and the bootstrap (null from source, or if it cannot start).
  const side = SideThread.start();
  try {
    configText = readConfigText(job.configPath);
  } catch {
    /* loadConfig reports it */
  }
  try {
    const outDir = job.kind === 'run' ? job.outDir : null;
    assertSafeOutputs(outDir, job.htmlFile);
    // Check the report assets before a long run, not after it.
    const assets: ReportAssets | null = job.htmlFile ? readReportAssets(job.assetsDir ?? defaultAssetsDir()) : null;
    const progress = throttledProgress(cancelled, PROGRESS_INTERVAL_MS, (fraction, date, label) =>
      post({ type: 'progress', fraction, date, label }),
    );
    const files: string[] = [];
    // Said before the first file is read, so a status bar shows a stage while data files load.
    post({ type: 'progress', fraction: 0, date: '', label: 'loading data' });
    // One run: its signals' columns are garbage once scheduled. Compare keeps them for the next variant.
    const tables = new LoadedTables({ releaseInputsAfterRun: job.kind === 'run' });
    if (side) prefetchInput(job.configPath, tables, side);
    if (job.validate) {
      const errors = (await validateConfigFile(job.configPath, tables.dataAccess())).filter((d) => d.severity === 'error');
      if (errors.length) {
        post({ type: 'invalid', errors });
        return;
      }
    }
    if (job.kind === 'run') {
      const config = loadConfig(job.configPath);
      const onRun = progress('run', 0, 1);
      // With --out as CSV, the side thread formats trades.csv from the shared trade log while the run goes on;
      // otherwise it touches the log's pages ahead of the run (engine/results/pagePrefault.ts).
      let results: Results,
        settle = (): unknown => false;
      if (outDir && side && job.format !== 'parquet') {
        // The folder's temporary folder now, so the rows go to disk as they are formatted (removed on a cancel or failure).
        folder = stageFolder(outDir);
        ({ value: results, streamed } = side.streamTrades((watch) => runBacktest(config, watch(onRun), tables), 60_000, folder));
      } else if (side)
        ({ value: results, settle } = side.prefaultTrades((watch) => runBacktest(config, watch(onRun), tables), pathOptions(config)));
      else results = runBacktest(config, onRun, tables);
      if (cancelled()) throw new CancelledError();
      const { json, summary } = analyseAndSummarise(results, side, !!(job.htmlFile || job.keepResults), settle);
      // The analysis (bootstrap included) runs above: a Ctrl-C during it still cancels.
      if (cancelled()) throw new CancelledError();
      // From here on the run is complete: outputs are written whole or not at all.
      post({ type: 'writing', outDir });
      if (outDir) {
        assertSafeOutDir(outDir);
        files.push(
          ...results.writeOutFiles(outDir, {
            ...(job.writePositions === false ? { writePositions: false } : {}),
            ...(job.format === 'parquet' ? { format: 'parquet' as const } : {}),
            ...(streamed ? { tradesStream: streamed } : {}),
            ...(folder ? { folder } : {}),
          }),
        );
      }
      if (job.htmlFile && assets && json) {
        writeReport(job.htmlFile, job.writePositions === false ? { ...json, positions: null } : json, assets);
        files.push(job.htmlFile);
      }
      post({ type: 'done', kind: 'run', summary, files, ...(job.keepResults && json ? { results: json } : {}) });
    } else {
      const runs: CompareRun[] = [];
      const full: CompareJson['runs'] = [];
      const n = COMPARE_VARIANTS.length;
      COMPARE_VARIANTS.forEach(({ variant, label }, i) => {
        // The stage names the method and its place: "Proportional (2/3)".
        const results = runBacktest(loadConfig(job.configPath, variant), progress(`${label} (${i + 1}/${n})`, i / n, 1 / n), tables);
        if (cancelled()) throw new CancelledError();
        const { json, summary } = analyseAndSummarise(results, side, !!(job.htmlFile || job.keepResults));
        if (cancelled()) throw new CancelledError();
        runs.push({ label, variant, summary });
        // Positions are left out: three runs side by side only need the series and trades.
        if (json) full.push({ label, results: { ...json, positions: null } });
      });
      const compared: CompareJson | null =
        job.htmlFile || job.keepResults ? { schemaVersion: 1, runs: full, configured: configuredLabel(loadConfig(job.configPath)) } : null;
      post({ type: 'writing', outDir: null });
      if (job.htmlFile && assets && compared) {
        writeReport(job.htmlFile, compared, assets);
        files.push(job.htmlFile);
      }
      post({ type: 'done', kind: 'compare', runs, files, ...(job.keepResults && compared ? { results: compared } : {}) });
    }
  } catch (err) {
    // Nothing of a cancelled or failed run stays on disk: the stream stops, its temporary folder goes.
    streamed?.abort();
    folder?.discard();
    if (cancelled() || isCancelledError(err)) post({ type: 'cancelled' });
    else post({ type: 'error', failure: pointAtConfig(toFailure(err, job.configPath, configText), job.configPath, configText) });
  } finally {
    side?.stop();
  }
}

/** The bootstrap's options as configured (the side thread checks them against the run's request). */
function pathOptions(c: { bootstrap_seed: number; bootstrap_samples: number; bootstrap_block_days: number }): PathOptions {
  return { seed: c.bootstrap_seed, samples: c.bootstrap_samples, blockDays: c.bootstrap_block_days };
}

/**
 * The run's analysis, then its summary. `needJson` (the report or the panel follows): every
 * trade as toJSON() builds it, and the summary from that; the summary alone does not need it
 * (toJSON is 1.2 M objects for W1). `settle`: SideThread.prefaultTrades'.
 */
function analyseAndSummarise(results: Results, side: SideThread | null, needJson: boolean, settle = (): unknown => false) {
  analyseBeside(results, side, needJson);
  // The trade log's totals summed beside the run (prefaultTrades), before the summary reads them.
  settle();
  const json = needJson ? (results.toJSON() as ResultsJson) : null;
  return { json, summary: json ? summarize(json) : summaryOf(results) };
}

/**
 * The run's analysis, its bootstrap on the side thread while this one replays the trades.
 * `full`: toJSON() follows (panel, report), so the exposure series are replayed now too;
 * the summary and the --out files do not read them.
 */
function analyseBeside(results: Results, side: SideThread | null, full: boolean): void {
  const req = side ? bootstrapRequest(results.record) : null;
  if (!side || !req) {
    results.analyse({ exposures: full });
    return;
  }
  const ci = side.bootstrap(req, 60_000);
  // Null (the thread failed or is gone): computed here, as without a side thread.
  results.analyse({ confidenceIntervals: () => ci() ?? runConfidenceIntervals(results.record), exposures: full });
}

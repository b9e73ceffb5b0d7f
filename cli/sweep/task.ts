// The worker side of a sweep: one task is one backtest (a variant over the sweep's range,
// or over a walk-forward window). Each worker thread keeps the data it has parsed, so a
// sweep reads every file once per worker, not once per variant.
import { BacktestConfig } from '../../engine/config';
import type { BacktestConfigOptions } from '../../engine/config';
import { Backtester, type BacktestData } from '../../engine/backtest';
import { LoadedTables } from '../../engine/data';
import { flattenMetrics, type FlatMetrics } from '../../engine/sweep';
import type { TradeReason } from '../../engine/types';
import { isCancelledError } from '../../jobs/engineApi';
import { toFailure } from '../../jobs/failure';
import type { CliFailure } from '../../common/failure';

export interface SweepTask {
  config: BacktestConfigOptions;
  /** The file the config's relative paths resolve against. */
  basePath: string;
  /** A walk-forward window instead of the config's own range. */
  window?: { start: string; end: string; initialCash?: number };
  /** Also return the equity curve (walk-forward test windows). */
  wantEquity?: boolean;
  /** --keep-runs: write the variant's --out files here. */
  outDir?: string | null;
  /** Int32 flag set by the main thread on Ctrl-C: the run stops at its next day. */
  cancel: SharedArrayBuffer;
}

export type SweepTaskResult =
  | { ok: true; metrics: FlatMetrics; tradeCounts: Record<TradeReason, number>; finalEquity: number; days: number;
      dates?: string[]; equity?: number[]; simMs: number; loadMs: number; warnings: number }
  | { ok: false; cancelled: true }
  | { ok: false; cancelled: false; failure: CliFailure };

// One set of parsed files per worker thread, shared by all its tasks (issue 11's LoadedTables).
let tables = new LoadedTables();

/** The data for a config, parsed at most once per thread. */
export function cachedData(config: BacktestConfig): BacktestData {
  return config.createDataManager(tables);
}

/** Drops the cached data (tests; the bench's cold start). */
export function clearSweepCache(): void {
  tables = new LoadedTables();
}

export function runSweepTask(task: SweepTask): SweepTaskResult {
  const flag = new Int32Array(task.cancel);
  try {
    const w = task.window;
    const overrides = w?.initialCash !== undefined ? { ...task.config, initial_cash: w.initialCash } : task.config;
    const config = new BacktestConfig(overrides, { configPath: task.basePath });
    const data = cachedData(config);
    // Parse outside the timed part: simMs is the simulation alone (the bench's overhead
    // baseline), loadMs the parsing (non-zero only on a thread's first task per file).
    const l0 = performance.now();
    data.loadPrices(); data.loadSectorMapping();
    const input = config.input;
    // Warm only the plain cases; anything else (and any error) is the run's to read and report.
    if (typeof input === 'string' && (config.use_case === 1 || config.use_case === 2)) {
      try { data.loadWideValues?.(input); } catch { /* reported by the run */ }
    }
    const t0 = performance.now();
    const loadMs = t0 - l0;
    const results = new Backtester(config, data).run({
      ...(w ? { start_date: w.start, end_date: w.end } : {}),
      onProgress: () => Atomics.load(flag, 0) === 0,
    });
    const metrics = flattenMetrics(results.calculateMetrics());
    const simMs = performance.now() - t0;
    const rec = results.record;
    const T = rec.dates.length;
    if (task.outDir) results.writeOutFiles(task.outDir);
    return {
      ok: true, metrics, tradeCounts: results.tradeCounts(), finalEquity: rec.equity[T - 1], days: T, simMs, loadMs, warnings: rec.warnings.length,
      ...(task.wantEquity ? { dates: rec.dates.slice(), equity: Array.from(rec.equity) } : {}),
    };
  } catch (err) {
    if (Atomics.load(flag, 0) !== 0 || isCancelledError(err)) return { ok: false, cancelled: true };
    return { ok: false, cancelled: false, failure: toFailure(err) };
  }
}

// The worker side of a sweep: one task is one backtest (a variant over the sweep's range,
// or over a walk-forward window). Each worker thread keeps the data it has parsed, so a
// sweep reads every file once per worker, not once per variant.
import { BacktestConfig } from '../../engine/config';
import type { BacktestConfigOptions } from '../../engine/config';
import { Backtester, type BacktestData } from '../../engine/backtest';
import { LoadedTables } from '../../engine/data';
import { flattenMetrics, type FlatMetrics } from '../../engine/sweep';
import type { TradeReason } from '../../engine/types';
import { TRADE_REASONS } from '../../engine/results/tradeLog';
import type { BacktestResults } from '../../engine/results';
import { threadId } from 'node:worker_threads';
import { threadCpuMs } from './threadCpu';
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
  | {
      ok: true;
      metrics: FlatMetrics;
      /** Why the metrics are invalid (equity reached zero or below, on_bankruptcy "continue"). */
      metricsInvalid?: { code: string; date: string; message: string };
      tradeCounts: Record<TradeReason, number>;
      finalEquity: number;
      days: number;
      dates?: string[];
      equity?: number[];
      simMs: number;
      loadMs: number;
      warnings: number;
      cpu: TaskCpu;
    }
  | { ok: false; cancelled: true }
  | { ok: false; cancelled: false; failure: CliFailure };

/** CPU milliseconds of the worker thread (NaN where the platform does not say): the bench's overhead. */
export interface TaskCpu {
  /** The simulation and its metrics (the part simMs times). */
  simMs: number;
  /** Data parsing (non-zero on a thread's first task per file). */
  loadMs: number;
  /** The whole task function: config, data, simulation, metrics, trade counts, the result. */
  taskMs: number;
  /** Everything the thread had used when this task started (its start-up, earlier tasks, messaging). */
  startMs: number;
  /** Everything the thread has used since it started (start-up and messaging too), and its id. */
  threadMs: number;
  threadId: number;
}

/**
 * Trades per reason from the trade log's reason codes: one typed-array pass. (The results'
 * tradeCounts() keys an object by reason string per trade: 90 ms a W1 variant, 5 % of it.)
 */
export function countTrades(results: BacktestResults): Record<TradeReason, number> {
  const log = results.record.tradeLog;
  if (!log) return results.tradeCounts();
  const n = new Float64Array(TRADE_REASONS.length);
  const codes = log.reason;
  for (let k = 0; k < log.length; k++) n[codes[k]]++;
  return Object.fromEntries(TRADE_REASONS.map((r, i) => [r, n[i]])) as Record<TradeReason, number>;
}

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
  const c0 = threadCpuMs();
  try {
    const w = task.window;
    const overrides = w?.initialCash !== undefined ? { ...task.config, initial_cash: w.initialCash } : task.config;
    const config = new BacktestConfig(overrides, { configPath: task.basePath });
    const data = cachedData(config);
    // Parse outside the timed part: simMs is the simulation alone (the bench's overhead
    // baseline), loadMs the parsing (non-zero only on a thread's first task per file).
    const l0 = performance.now(),
      cl0 = threadCpuMs();
    data.loadPrices();
    data.loadSectorMapping();
    const input = config.input;
    // Warm only the plain cases; anything else (and any error) is the run's to read and report.
    if (typeof input === 'string' && (config.use_case === 1 || config.use_case === 2)) {
      try {
        data.loadWideValues?.(input);
      } catch {
        /* reported by the run */
      }
    }
    const t0 = performance.now(),
      ct0 = threadCpuMs();
    const loadMs = t0 - l0;
    const results = new Backtester(config, data).run({
      ...(w ? { start_date: w.start, end_date: w.end } : {}),
      onProgress: () => Atomics.load(flag, 0) === 0,
    });
    const full = results.calculateMetrics();
    const metrics = flattenMetrics(full);
    const simMs = performance.now() - t0,
      ct1 = threadCpuMs();
    const rec = results.record;
    const T = rec.dates.length;
    if (task.outDir) results.writeOutFiles(task.outDir);
    const tradeCounts = countTrades(results);
    const c1 = threadCpuMs();
    return {
      ok: true,
      metrics,
      ...(full.invalid ? { metricsInvalid: full.invalid } : {}),
      tradeCounts,
      finalEquity: rec.equity[T - 1],
      days: T,
      simMs,
      loadMs,
      warnings: rec.warnings.length,
      cpu: { simMs: ct1 - ct0, loadMs: ct0 - cl0, taskMs: c1 - c0, startMs: c0, threadMs: c1, threadId },
      ...(task.wantEquity ? { dates: rec.dates.slice(), equity: Array.from(rec.equity) } : {}),
    };
  } catch (err) {
    if (Atomics.load(flag, 0) !== 0 || isCancelledError(err)) return { ok: false, cancelled: true };
    return { ok: false, cancelled: false, failure: toFailure(err) };
  }
}

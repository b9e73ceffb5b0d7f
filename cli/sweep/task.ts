// The worker side of a sweep: one task is one backtest (a variant over the sweep's range,
// or over a walk-forward window). Each worker thread keeps the data it has parsed, so a
// sweep reads every file once per worker, not once per variant.
import { BacktestConfig } from '../../engine/config';
import type { BacktestConfigOptions } from '../../engine/config';
import { Backtester, type BacktestData } from '../../engine/backtest';
import { DataManager } from '../../engine/data';
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
      dates?: string[]; equity?: number[]; simMs: number; warnings: number }
  | { ok: false; cancelled: true }
  | { ok: false; cancelled: false; failure: CliFailure };

const managers = new Map<string, DataManager>();
const inputs = new Map<string, unknown>();

function memo<T>(key: string, load: () => T): T {
  if (!inputs.has(key)) inputs.set(key, load());
  return inputs.get(key) as T;
}

/** A DataManager shared by every task of this thread for the same files, plus memoised input files. */
export function cachedData(config: BacktestConfig): BacktestData {
  const key = `${config.pricesPath}\u0000${config.sectorMappingPath}`;
  let dm = managers.get(key);
  if (!dm) managers.set(key, (dm = config.createDataManager()));
  const m = dm;
  return {
    loadPrices: () => m.loadPrices(),
    loadSectorMapping: () => m.loadSectorMapping(),
    loadWideValues: (file: string) => memo(`wide\u0000${file}`, () => m.loadWideValues(file)),
    loadSignals: (src: unknown) => (typeof src === 'string' ? memo(`dated\u0000${src}`, () => m.loadSignals(src)) : m.loadSignals(src as never)),
    loadWeights: (src: unknown) => (typeof src === 'string' ? memo(`dated\u0000${src}`, () => m.loadWeights(src)) : m.loadWeights(src as never)),
    loadOrders: (src: unknown) => (typeof src === 'string' ? memo(`orders\u0000${src}`, () => m.loadOrders(src)) : m.loadOrders(src as never)),
  };
}

/** Drops the cached data (tests; the bench's cold start). */
export function clearSweepCache(): void {
  managers.clear();
  inputs.clear();
}

export function runSweepTask(task: SweepTask): SweepTaskResult {
  const flag = new Int32Array(task.cancel);
  try {
    const w = task.window;
    const overrides = w?.initialCash !== undefined ? { ...task.config, initial_cash: w.initialCash } : task.config;
    const config = new BacktestConfig(overrides, { configPath: task.basePath });
    const data = cachedData(config);
    // Parse outside the timed part: simMs is the simulation alone (the bench's overhead baseline).
    data.loadPrices(); data.loadSectorMapping();
    const t0 = performance.now();
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
      ok: true, metrics, tradeCounts: results.tradeCounts(), finalEquity: rec.equity[T - 1], days: T, simMs, warnings: rec.warnings.length,
      ...(task.wantEquity ? { dates: rec.dates.slice(), equity: Array.from(rec.equity) } : {}),
    };
  } catch (err) {
    if (Atomics.load(flag, 0) !== 0 || isCancelledError(err)) return { ok: false, cancelled: true };
    return { ok: false, cancelled: false, failure: toFailure(err) };
  }
}

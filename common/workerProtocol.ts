// Messages between a backtest worker (dist/runWorker.js) and whoever started it (the VS
// Code client). Plain data only, so the worker can run as a worker_thread or be forked.
import type { CliFailure } from './failure';
import type { CompactCompare, CompactResults } from './compact';
import type { CompareJson, ResultsJson } from '../engine/types';

export type RunKind = 'run' | 'compare';

export interface RunRequest {
  kind: RunKind;
  /** Absolute path of the `.backtest.jsonc` file. */
  configPath: string;
  /** Where to write the result files (`run` only); null writes nothing. */
  outDir: string | null;
  /**
   * One Int32 the parent sets to 1 to cancel. The engine's run loop is synchronous, so a
   * shared flag is the only signal the worker can see while it runs.
   */
  cancelFlag: SharedArrayBuffer;
}

/** Why a run failed, located (file, 1-based line/column, JSON path) when known: the CLI's shape. */
export type RunFailure = CliFailure;

/** What `executeRun` reports (in-process callers get the plain results). */
export type WorkerMessage =
  | { type: 'progress'; fraction: number; date: string; label: string }
  /** The run finished and the worker is writing files; it must not be killed now. */
  | { type: 'writing'; outDir: string }
  | { type: 'done'; kind: 'run'; results: ResultsJson; outDir: string | null }
  | { type: 'done'; kind: 'compare'; results: CompareJson; outDir: null }
  | { type: 'cancelled' }
  | { type: 'error'; failure: RunFailure };

/**
 * What the worker thread posts to its parent: the same, except that `done` carries the
 * results in common/compact.ts's encoding (decodeResults gives the ResultsJson back,
 * losslessly). A 1.2 M-trade run is then a few arrays of numbers instead of 1.2 M objects,
 * so posting it here and on to the results panel clones a fraction of the data.
 */
export type PostedWorkerMessage =
  | Exclude<WorkerMessage, { type: 'done' }>
  | { type: 'done'; kind: 'run'; results: CompactResults; outDir: string | null }
  | { type: 'done'; kind: 'compare'; results: CompactCompare; outDir: null };

// Runs backtests in a worker thread (dist/runWorker.js) with a cancellable progress
// notification. One run per config at a time; `track` adds a job run elsewhere (Run Sweep's
// child process) to the same status bar item and Cancel; `cancelAll` backs the Cancel command.
import { ContextKeys } from '../common/commands';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import * as vscode from 'vscode';
import type { CompareJson, ResultsJson } from '../engine/types';
import type { PostedWorkerMessage, RunFailure, RunKind, RunRequest } from '../common/workerProtocol';
import type { CompactCompare, CompactResults } from '../common/compact';
import { decodePanelData } from './panelData';
import { RunStatusBar, type StatusKind } from './runStatusBar';

/**
 * A finished run carries the worker's compact encoding (`compact`, what the panel is sent
 * and the extension keeps); `results` decodes it on first read, for callers of the
 * run/compare commands that want the plain ResultsJson / CompareJson.
 */
export type RunOutcome =
  | { status: 'done'; kind: 'run'; configPath: string; compact: CompactResults; readonly results: ResultsJson; outDir: string | null }
  | { status: 'done'; kind: 'compare'; configPath: string; compact: CompactCompare; readonly results: CompareJson; outDir: null }
  | { status: 'cancelled'; kind: RunKind; configPath: string }
  | { status: 'error'; kind: RunKind; configPath: string; failure: RunFailure };

/** How long a cancelled worker may take to notice before it is terminated. */
const CANCEL_GRACE_MS = 3000;

export interface Job<T> {
  cancel(): void;
  promise: Promise<T>;
}
type ActiveRun = Job<RunOutcome>;

export class RunController implements vscode.Disposable {
  /** Runs by config path; tracked jobs (sweeps) by their file's path. */
  private readonly active = new Map<string, Job<unknown>>();
  /** Percentage and stage of the runs in the status bar; click cancels. */
  readonly statusBar = new RunStatusBar();

  constructor(
    private readonly workerPath: string,
    private readonly output: vscode.LogOutputChannel,
  ) {}

  get running(): boolean {
    return this.active.size > 0;
  }

  /** Whether a run or a tracked job of this file is going on. */
  isRunning(file: string): boolean {
    return this.active.has(file);
  }

  /** Runs with a progress notification (percent done, cancellable). */
  run(kind: RunKind, configPath: string, outDir: string | null): Promise<RunOutcome> {
    const existing = this.active.get(configPath) as ActiveRun | undefined;
    if (existing) {
      void vscode.window.showInformationMessage(`A backtest of ${path.basename(configPath)} is already running.`);
      return existing.promise;
    }
    const title = `${kind === 'compare' ? 'Comparing hedge methods' : 'Running backtest'}: ${path.basename(configPath)}`;
    let handle: ActiveRun | undefined;
    let cancelRequested = false;
    const promise = Promise.resolve(
      vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
        let reported = 0;
        handle = this.startWorker(kind, configPath, outDir, (fraction, detail, stage) => {
          const pct = Math.round(fraction * 100);
          progress.report({ increment: pct - reported, message: `${pct}% · ${detail}` });
          reported = pct;
          this.statusBar.update(configPath, fraction, stage);
        });
        // A cancel requested before the worker started still reaches it.
        if (cancelRequested) handle.cancel();
        token.onCancellationRequested(() => handle?.cancel());
        return handle.promise;
      }),
    );
    this.register(kind, configPath, {
      cancel: () => {
        cancelRequested = true;
        handle?.cancel();
      },
      promise,
    });
    return promise;
  }

  /**
   * A job that runs elsewhere (Run Sweep's `backtest sweep` child process) as a run: in the
   * status bar until its promise settles, stopped by Cancel (and a click on the item) through
   * its `cancel`. The returned function reports its progress (fraction 0..1, stage).
   */
  track(kind: StatusKind, file: string, job: Job<unknown>): (fraction: number, stage: string) => void {
    this.register(kind, file, job);
    return (fraction, stage) => this.statusBar.update(file, fraction, stage);
  }

  private register(kind: StatusKind, file: string, job: Job<unknown>): void {
    this.active.set(file, job);
    this.statusBar.start(kind, file);
    void vscode.commands.executeCommand('setContext', ContextKeys.running, true);
    const cleanup = () => {
      if (this.active.get(file) !== job) return;
      this.active.delete(file);
      this.statusBar.end(file);
      void vscode.commands.executeCommand('setContext', ContextKeys.running, this.active.size > 0);
    };
    job.promise.then(cleanup, cleanup);
  }

  /** Cancels every running backtest; resolves when they have stopped. */
  async cancelAll(): Promise<number> {
    const runs = [...this.active.values()];
    for (const r of runs) r.cancel();
    await Promise.allSettled(runs.map((r) => r.promise));
    return runs.length;
  }

  private startWorker(
    kind: RunKind,
    configPath: string,
    outDir: string | null,
    onProgress: (fraction: number, detail: string, stage: string) => void,
  ): ActiveRun {
    const cancelFlag = new SharedArrayBuffer(4);
    const flag = new Int32Array(cancelFlag);
    const request: RunRequest = { kind, configPath, outDir, cancelFlag };
    const started = Date.now();
    this.output.info(`${kind} ${configPath}${outDir ? ` -> ${outDir}` : ''}`);
    const worker = new Worker(this.workerPath, { workerData: request });
    let writing = false;
    let settled = false;
    let killTimer: NodeJS.Timeout | undefined;
    let finish: (o: RunOutcome) => void = () => undefined;
    const promise = new Promise<RunOutcome>((resolve) => {
      finish = (o) => {
        if (settled) return;
        settled = true;
        if (killTimer) clearTimeout(killTimer);
        this.output.info(
          `${kind} ${path.basename(configPath)}: ${o.status} in ${Date.now() - started} ms${o.status === 'error' ? `: ${o.failure.message}` : ''}`,
        );
        void worker.terminate();
        resolve(o);
      };
    });
    worker.on('message', (m: PostedWorkerMessage) => {
      switch (m.type) {
        case 'progress':
          onProgress(
            m.fraction,
            m.date ? `${m.label === 'run' ? '' : `${m.label} `}${m.date}` : m.label,
            m.label === 'run' ? m.date : m.label,
          );
          break;
        case 'writing':
          writing = true;
          onProgress(1, 'writing results', 'writing results');
          break;
        case 'cancelled':
          finish({ status: 'cancelled', kind, configPath });
          break;
        case 'error':
          finish({ status: 'error', kind, configPath, failure: m.failure });
          break;
        case 'done':
          finish(doneOutcome(m, configPath));
          break;
      }
    });
    worker.on('error', (err) =>
      finish({ status: 'error', kind, configPath, failure: { message: `the backtest worker crashed: ${err.message}` } }),
    );
    worker.on('exit', (code) => {
      if (Atomics.load(flag, 0) !== 0) finish({ status: 'cancelled', kind, configPath });
      else
        finish({ status: 'error', kind, configPath, failure: { message: `the backtest worker exited (code ${code}) without a result` } });
    });
    const cancel = () => {
      if (settled) return;
      Atomics.store(flag, 0, 1);
      // The engine checks the flag once a day of simulation; if it is stuck loading a huge
      // file, stop the thread. Never while writing: files are renamed into place atomically.
      killTimer ??= setTimeout(() => {
        if (!writing) void worker.terminate();
      }, CANCEL_GRACE_MS);
    };
    return { cancel, promise };
  }

  dispose(): void {
    void this.cancelAll();
    this.statusBar.dispose();
  }
}

/** The outcome of a worker's `done` message; `results` is decoded lazily, once. */
export function doneOutcome(
  m: Extract<PostedWorkerMessage, { type: 'done' }>,
  configPath: string,
): Extract<RunOutcome, { status: 'done' }> {
  if (m.kind === 'run') {
    const compact = m.results;
    let decoded: ResultsJson | undefined;
    return {
      status: 'done',
      kind: 'run',
      configPath,
      compact,
      outDir: m.outDir,
      get results() {
        return (decoded ??= decodePanelData({ kind: 'run', data: compact }).data as ResultsJson);
      },
    };
  }
  const compact = m.results;
  let decoded: CompareJson | undefined;
  return {
    status: 'done',
    kind: 'compare',
    configPath,
    compact,
    outDir: null,
    get results() {
      return (decoded ??= decodePanelData({ kind: 'compare', data: compact }).data as CompareJson);
    },
  };
}

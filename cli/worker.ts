// Runs a Job on a worker thread started from this same bundle (dist/cli.js), so the
// main thread stays free to draw progress and to hear Ctrl-C while the engine's
// synchronous loop runs. From source (tsx) or with BACKTEST_IN_PROCESS=1 it runs in-process.
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { executeJob, type Job, type JobMessage } from '../jobs/job';
import { dropEarlyWorker, takeEarlyWorker } from './prestart';

interface WorkerInput {
  cliJob: Job;
  cancelFlag: SharedArrayBuffer;
}

/** A worker started before its job was known (cli/prestart.ts): the job comes as its first message. */
interface EarlyWorkerInput {
  cliJobLater: true;
}

export interface JobHandle {
  /** Resolves with the final message (done, cancelled or error). */
  result: Promise<JobMessage>;
  /** Asks the run to stop at its next day; nothing is written after a cancel. */
  cancel(): void;
  /** True once the run has finished and outputs are being written. */
  writing(): boolean;
  /** The job runs on this thread (its synchronous loop blocks the event loop, so no SIGINT handler would run). */
  inThread: boolean;
}

export function isCliWorker(): boolean {
  const data = workerData as Partial<WorkerInput & EarlyWorkerInput> | null;
  return !isMainThread && !!(data?.cliJob || data?.cliJobLater);
}

/** Entry point when this bundle is loaded as the job's worker. */
export function workerMain(): void {
  if ((workerData as Partial<EarlyWorkerInput>).cliJobLater) parentPort!.once('message', (input: WorkerInput) => runJob(input));
  else runJob(workerData as WorkerInput);
}

function runJob({ cliJob, cancelFlag }: WorkerInput): void {
  const flag = new Int32Array(cancelFlag);
  void executeJob(
    cliJob,
    (m) => parentPort!.postMessage(m),
    () => Atomics.load(flag, 0) !== 0,
  );
}

/**
 * A worker is needed when the job writes files (a Ctrl-C must be heard, and ignored while
 * writing, so nothing is left half-written) or compares variants. A plain `run` that only
 * prints its summary runs in this thread: starting a worker loads and compiles this whole
 * bundle a second time (~0.1 s of a W1 run), and with nothing to write Ctrl-C may simply end
 * the process (the default SIGINT action: exit status 130, as for a cancel). On a terminal the
 * progress bar still draws (the engine reports progress synchronously and TTY writes are
 * synchronous). BACKTEST_WORKER=1 forces the worker.
 */
export function needsWorker(job: Job): boolean {
  return process.env.BACKTEST_WORKER === '1' || job.kind !== 'run' || job.outDir !== null || job.htmlFile !== null;
}

function useWorker(job: Job): boolean {
  return __filename.endsWith('.js') && process.env.BACKTEST_IN_PROCESS !== '1' && needsWorker(job);
}

export function startJob(job: Job, onProgress: (m: Extract<JobMessage, { type: 'progress' }>) => void): JobHandle {
  const cancelFlag = new SharedArrayBuffer(4);
  const flag = new Int32Array(cancelFlag);
  let writing = false;
  const handle = (m: JobMessage, settle: (m: JobMessage) => void) => {
    if (m.type === 'progress') onProgress(m);
    else if (m.type === 'writing') writing = true;
    else settle(m);
  };
  let result: Promise<JobMessage>;
  if (useWorker(job)) {
    const input: WorkerInput = { cliJob: job, cancelFlag };
    const early = takeEarlyWorker();
    early?.postMessage(input);
    const worker = early ?? new Worker(__filename, { workerData: input });
    result = new Promise((resolve) => {
      let settled = false;
      const settle = (m: JobMessage) => {
        if (!settled) {
          settled = true;
          resolve(m);
        }
      };
      worker.on('message', (m: JobMessage) => handle(m, settle));
      worker.on('error', (err) => settle({ type: 'error', failure: { message: err.message, internal: true, stack: err.stack } }));
      worker.on('exit', (code) =>
        settle({ type: 'error', failure: { message: `the backtest worker stopped unexpectedly (exit code ${code})`, internal: true } }),
      );
    });
  } else {
    dropEarlyWorker();
    result = new Promise((resolve) =>
      setImmediate(() => {
        let final: JobMessage | null = null;
        void executeJob(
          job,
          (m) =>
            handle(m, (f) => {
              final = f;
            }),
          () => Atomics.load(flag, 0) !== 0,
        ).then(() => resolve(final ?? { type: 'error', failure: { message: 'the job ended without a result', internal: true } }));
      }),
    );
  }
  return { result, cancel: () => Atomics.store(flag, 0, 1), writing: () => writing, inThread: !useWorker(job) };
}

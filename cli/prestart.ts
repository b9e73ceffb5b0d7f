// The job's worker thread, started as this bundle begins to run when the command line asks
// for a job that goes to one (cli/worker.ts needsWorker: `run --out/--html`, `compare`), or
// for a plain `run` (the job in this thread) its side thread (jobs/sideThread.ts). A
// thread's boot (node's own start of the thread, then this bundle's compile and evaluation
// in it, ~0.1 s) then overlaps the main thread's own start instead of following it; the
// worker waits for its job. startJob takes it, and anything else (a usage error, --help, a
// run that stays in this thread) lets it go. It is imported first by cli/main.ts.
import { Worker, isMainThread } from 'node:worker_threads';
import { SideThread } from '../jobs/sideThread';

let early: Worker | null = null;
let gone = false;

/** Whether argv (after `node cli.js`) names a job that startJob gives a worker thread. */
export function asksForWorker(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.BACKTEST_IN_PROCESS === '1') return false;
  if (argv[0] === 'compare') return true;
  if (argv[0] !== 'run') return false;
  return (
    env.BACKTEST_WORKER === '1' || argv.some((a) => a === '--out' || a.startsWith('--out=') || a === '--html' || a.startsWith('--html='))
  );
}

/** Starts the worker from `bundle` (this file's own bundle; from source nothing starts). */
export function prestartJobWorker(bundle: string, argv: readonly string[]): void {
  if (!isMainThread || early || !bundle.endsWith('.js') || !asksForWorker(argv)) return;
  try {
    early = new Worker(bundle, { workerData: { cliJobLater: true } });
    // Unused, it never keeps the process alive; used, startJob refs it.
    early.unref();
    const lost = () => {
      gone = true;
    };
    early.on('error', lost);
    early.on('exit', lost);
  } catch {
    early = null;
  }
}

/** The worker started early, once; null when none was started or it has stopped. */
export function takeEarlyWorker(): Worker | null {
  const w = early;
  early = null;
  if (!w || gone) {
    void w?.terminate();
    return null;
  }
  w.ref();
  return w;
}

/** Stops a worker started early that no job took. */
export function dropEarlyWorker(): void {
  void early?.terminate();
  early = null;
}

/** Whether argv names a `run` whose job runs in this thread (its side thread can start now). */
export function runsInThread(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): boolean {
  return argv[0] === 'run' && !asksForWorker(argv, env);
}

const argv = process.argv.slice(2);
prestartJobWorker(__filename, argv);
// A run in this thread: its side thread (jobs/sideThread.ts) starts now instead of when the job does.
if (isMainThread && __filename.endsWith('.js') && runsInThread(argv)) SideThread.prestart();

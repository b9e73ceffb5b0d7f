// N worker threads for a sweep (piscina), each running tasks in-process through the
// engine library with its own data cache. From source (tsx) or with BACKTEST_IN_PROCESS=1
// tasks run on the main thread, one at a time (tests of the pure parts, debugging).
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Piscina as PiscinaClass } from 'piscina';
import { runSweepTask, type SweepTask, type SweepTaskResult } from './task';

export interface SweepPool {
  readonly threads: number;
  run(task: SweepTask): Promise<SweepTaskResult>;
  close(): Promise<void>;
}

export function defaultJobs(): number {
  return Math.max(1, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);
}

function bundled(): boolean {
  return __filename.endsWith('.js') && process.env.BACKTEST_IN_PROCESS !== '1';
}

export function createSweepPool(jobs: number): SweepPool {
  if (!bundled()) {
    return {
      threads: 1,
      run: (task) => new Promise((resolve) => setImmediate(() => resolve(runSweepTask(task)))),
      close: async () => {},
    };
  }
  // dist/sweepTask.js (the task and the engine only) exports `sweepTask`, and so does
  // dist/cli.js; piscina's own worker (dist/worker.js) loads it in each thread.
  const slim = path.join(__dirname, 'sweepTask.js');
  // Required here, not imported: only sweeps use piscina, and the bundles keep it in its own file (scripts/build.mjs).
  const { Piscina } = require('piscina') as { Piscina: typeof PiscinaClass };
  const pool = new Piscina({
    filename: existsSync(slim) ? slim : __filename,
    name: 'sweepTask',
    minThreads: jobs,
    maxThreads: jobs,
    idleTimeout: 60_000,
  });
  return {
    threads: jobs,
    run: (task) => pool.run(task) as Promise<SweepTaskResult>,
    close: () => pool.destroy(),
  };
}

// A 12-variant sweep of one workload through the CLI (`backtest sweep --json`), with
// --jobs 1 and --jobs 2: variants per minute, and the per-variant overhead over the
// simulation alone, by CPU time (the machine is shared: wall time x threads counts every
// moment another process had the core). The sweep reports each thread's CPU
// (/proc/thread-self/schedstat): per-variant overhead = (main thread + worker threads -
// their start-up - data parsing - simulations) / simulations, near 0 when each worker parses
// the data once rather than once per variant. The one-time costs (validating every variant
// up front, each thread's start-up and parse) and V8's helper threads (GC, JIT: the process
// CPU beyond the JS threads) are printed beside it; the wall-time ratio too, for reference.
//   node --import tsx bench/measureSweep.ts CONFIG WORK_DIR
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');

export interface SweepMeasurement {
  variants: number;
  byJobs: {
    jobs: number;
    wallSeconds: number;
    simSeconds: number;
    validateSeconds: number;
    loadSeconds: number;
    variantsPerMinute: number;
    /** By CPU time (null where the platform gives no thread CPU). */
    overhead: number | null;
    simCpuSeconds: number | null;
    loadCpuSeconds: number | null;
    startupCpuSeconds: number | null;
    /** Per variant: task glue (config, trade counts, result) and messaging/main thread, as shares of the simulations. */
    taskShare: number | null;
    messagingShare: number | null;
    /** Process CPU beyond the JS threads (GC and compiler threads) over the simulations. */
    helperShare: number | null;
    /** The old wall-time ratio: (run wall x threads - parse - simulations) / simulations. */
    wallOverhead: number;
    totalOverhead: number;
  }[];
}

function main(): void {
  const [config, work] = process.argv.slice(2);
  mkdirSync(work, { recursive: true });
  const file = path.join(work, 'bench.sweep.jsonc');
  writeFileSync(
    file,
    JSON.stringify({
      base: config,
      axes: { sector_hedge_method: ['etf', 'proportional'], sector_hedge_tolerance: [0.01, 0.02, 0.05], target_beta: [0, 0.5] },
      rank_by: 'sharpe_ratio',
    }),
  );
  const out: SweepMeasurement = { variants: 12, byJobs: [] };
  for (const jobs of [1, 2]) {
    const dir = path.join(work, `jobs-${jobs}`);
    rmSync(dir, { recursive: true, force: true });
    const r = spawnSync(
      process.execPath,
      [path.join(ROOT, 'dist', 'cli.js'), 'sweep', file, '--out', dir, '--jobs', String(jobs), '--json'],
      { encoding: 'utf8', maxBuffer: 64 << 20 },
    );
    if (r.status !== 0) throw new Error(`sweep --jobs ${jobs} failed: ${r.stderr}`);
    const t = JSON.parse(r.stdout).timing as {
      wall_seconds: number;
      run_seconds: number;
      validate_seconds: number;
      sim_seconds: number;
      load_seconds: number;
      threads: number;
      ran: number;
      cpu: {
        run_seconds: number;
        main_thread_seconds: number | null;
        worker_threads_seconds: number | null;
        worker_startup_seconds: number | null;
        tasks_seconds: number | null;
        sim_seconds: number | null;
        load_seconds: number | null;
      };
    };
    if (t.ran !== 12) throw new Error(`expected 12 variants, ran ${t.ran}`);
    const c = t.cpu;
    const known =
      c.sim_seconds !== null &&
      c.main_thread_seconds !== null &&
      c.worker_threads_seconds !== null &&
      c.worker_startup_seconds !== null &&
      c.tasks_seconds !== null &&
      c.load_seconds !== null;
    const sim = c.sim_seconds ?? NaN;
    const task = known ? (c.tasks_seconds! - c.load_seconds! - sim) / sim : null;
    const messaging = known
      ? (c.main_thread_seconds! + c.worker_threads_seconds! - c.worker_startup_seconds! - c.tasks_seconds!) / sim
      : null;
    out.byJobs.push({
      jobs,
      wallSeconds: t.wall_seconds,
      simSeconds: t.sim_seconds,
      validateSeconds: t.validate_seconds,
      loadSeconds: t.load_seconds,
      variantsPerMinute: (12 / t.wall_seconds) * 60,
      overhead: task !== null && messaging !== null ? task + messaging : null,
      simCpuSeconds: c.sim_seconds,
      loadCpuSeconds: c.load_seconds,
      startupCpuSeconds: c.worker_startup_seconds,
      taskShare: task,
      messagingShare: messaging,
      helperShare: known ? (c.run_seconds - c.main_thread_seconds! - c.worker_threads_seconds!) / sim : null,
      wallOverhead: (t.run_seconds * t.threads - t.load_seconds - t.sim_seconds) / t.sim_seconds,
      totalOverhead: (t.wall_seconds * t.threads - t.sim_seconds) / t.sim_seconds,
    });
    rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(`RESULT ${JSON.stringify(out)}\n`);
}

main();

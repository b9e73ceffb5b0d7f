// A 12-variant sweep of one workload through the CLI (`backtest sweep --json`), with
// --jobs 1 and --jobs 2: variants per minute, and the per-variant overhead over the
// simulation alone: (running time x threads - data parsing - summed simulation time) /
// summed simulation time, near 0 when each worker thread parses the data once rather than
// once per variant. The one-time costs (validating every variant up front, the parse per
// thread) are printed beside it, and the whole-command overhead too.
//   node --import tsx bench/measureSweep.ts CONFIG WORK_DIR
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');

export interface SweepMeasurement {
  variants: number;
  byJobs: { jobs: number; wallSeconds: number; simSeconds: number; validateSeconds: number; loadSeconds: number; variantsPerMinute: number; overhead: number; totalOverhead: number }[];
}

function main(): void {
  const [config, work] = process.argv.slice(2);
  mkdirSync(work, { recursive: true });
  const file = path.join(work, 'bench.sweep.jsonc');
  writeFileSync(file, JSON.stringify({
    base: config,
    axes: { sector_hedge_method: ['etf', 'proportional'], sector_hedge_tolerance: [0.01, 0.02, 0.05], target_beta: [0, 0.5] },
    rank_by: 'sharpe_ratio',
  }));
  const out: SweepMeasurement = { variants: 12, byJobs: [] };
  for (const jobs of [1, 2]) {
    const dir = path.join(work, `jobs-${jobs}`);
    rmSync(dir, { recursive: true, force: true });
    const r = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'sweep', file, '--out', dir, '--jobs', String(jobs), '--json'], { encoding: 'utf8', maxBuffer: 64 << 20 });
    if (r.status !== 0) throw new Error(`sweep --jobs ${jobs} failed: ${r.stderr}`);
    const t = JSON.parse(r.stdout).timing as { wall_seconds: number; run_seconds: number; validate_seconds: number; sim_seconds: number; load_seconds: number; threads: number; ran: number };
    if (t.ran !== 12) throw new Error(`expected 12 variants, ran ${t.ran}`);
    out.byJobs.push({
      jobs, wallSeconds: t.wall_seconds, simSeconds: t.sim_seconds, validateSeconds: t.validate_seconds, loadSeconds: t.load_seconds,
      variantsPerMinute: (12 / t.wall_seconds) * 60,
      overhead: (t.run_seconds * t.threads - t.load_seconds - t.sim_seconds) / t.sim_seconds,
      totalOverhead: (t.wall_seconds * t.threads - t.sim_seconds) / t.sim_seconds,
    });
    rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(`RESULT ${JSON.stringify(out)}\n`);
}

main();

// `backtest sweep --slurm N` on a real one-node Slurm cluster that this test starts itself
// (Debian's slurm-wlm + munge). Skipped, saying why, only where the daemons cannot run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SAMPLES, cli, ensureBuilt, tempDir } from './helpers';
import { slurmUnavailable, startSlurmCluster, type SlurmCluster } from './slurmCluster';

const why = slurmUnavailable();
let cluster: SlurmCluster | null = null;

before(() => {
  if (why) return;
  ensureBuilt();
  cluster = startSlurmCluster();
});
after(() => cluster?.stop());

const AXES = {
  sector_hedge_method: ['etf', 'proportional'],
  sector_hedge_tolerance: [0.01, 0.05],
  start_date: ['2021-01-04'],
  end_date: ['2021-12-31'],
};

function sweepFile(dir: string): string {
  const file = path.join(dir, 'slurm.sweep.jsonc');
  writeFileSync(file, JSON.stringify({ base: path.join(SAMPLES, 'configs', 'neutral-etf.backtest.jsonc'), axes: AXES }));
  return file;
}

test('--slurm 2 runs a job array of two shards, merges them, and equals the local sweep', { skip: why ?? false }, () => {
  const dir = tempDir('sweep-slurm');
  const file = sweepFile(dir);
  const out = path.join(dir, 'out');
  const r = cli(['sweep', file, '--out', out, '--slurm', '2', '--sbatch-args', '--job-name=test-sweep'], { env: cluster!.env });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /slurm: job \d+ submitted; waiting for its 2 tasks/);
  const script = readFileSync(path.join(out, 'slurm', 'sweep.sbatch'), 'utf8');
  assert.match(script, /#SBATCH --array=0-1/);
  assert.match(script, /--shard slurm/);
  for (const i of [0, 1])
    assert.equal(JSON.parse(readFileSync(path.join(out, 'slurm', `shard-${i}`, 'sweep.json'), 'utf8')).shard.index, i);
  const local = cli(['sweep', file, '--out', path.join(dir, 'local'), '--jobs', '2']);
  assert.equal(local.code, 0, local.stderr);
  assert.equal(readFileSync(path.join(out, 'sweep.csv'), 'utf8'), readFileSync(path.join(dir, 'local', 'sweep.csv'), 'utf8'));
});

test('a failed array task is named with the end of its log, and nothing is merged', { skip: why ?? false }, () => {
  const dir = tempDir('sweep-slurm-fail');
  const file = sweepFile(dir);
  const out = path.join(dir, 'out');
  // Task 1's shard folder is taken by a file, so that task fails for real.
  mkdirSync(path.join(out, 'slurm'), { recursive: true });
  writeFileSync(path.join(out, 'slurm', 'shard-1'), 'not a folder');
  const r = cli(['sweep', file, '--out', out, '--slurm', '2'], { env: cluster!.env });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /1 of 2 Slurm tasks failed/);
  assert.match(r.stderr, /task 1 \(job \d+_1\) did not finish; its log .*task-1\.log ends:\n.*shard-1 is a file, not a folder/);
  assert.doesNotMatch(r.stderr, /task 0 /);
  assert.throws(() => readFileSync(path.join(out, 'sweep.csv')), 'nothing merged');
});

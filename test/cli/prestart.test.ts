// The job's worker starts early (cli/prestart.ts) exactly for the command lines whose job
// startJob gives a worker (cli/worker.ts needsWorker): a miss would leave --out waiting
// for a thread's boot again, a false start would cost a plain run a core's worth of boot.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs } from '../../cli/args';
import { runSpec } from '../../cli/commands/run';
import { compareSpec } from '../../cli/commands/compare';
import { asksForWorker } from '../../cli/prestart';
import { needsWorker } from '../../cli/worker';
import type { Job } from '../../jobs/job';

/** The Job that runCommand / compareCommand build from these arguments (the fields needsWorker reads). */
function jobOf(argv: string[]): Job {
  if (argv[0] === 'compare') {
    const a = parseArgs(argv.slice(1), compareSpec);
    const html = a.flags.get('html');
    return { kind: 'compare', configPath: a.positionals[0], htmlFile: typeof html === 'string' ? html : null };
  }
  const a = parseArgs(argv.slice(1), runSpec);
  const out = a.flags.get('out'),
    html = a.flags.get('html');
  return {
    kind: 'run',
    configPath: a.positionals[0],
    outDir: typeof out === 'string' ? out : null,
    htmlFile: typeof html === 'string' ? html : null,
  };
}

const LINES = [
  ['run', 'c.backtest.jsonc'],
  ['run', 'c.backtest.jsonc', '--json'],
  ['run', 'c.backtest.jsonc', '--force', '--no-positions'],
  ['run', 'c.backtest.jsonc', '--out', 'results/x'],
  ['run', '--out', 'results/x', 'c.backtest.jsonc', '--format', 'parquet'],
  ['run', 'c.backtest.jsonc', '--out=results/x'],
  ['run', 'c.backtest.jsonc', '--html', 'r.html'],
  ['run', 'c.backtest.jsonc', '--html=r.html', '--json'],
  ['run', 'c.backtest.jsonc', '--out', 'o', '--html', 'r.html'],
  ['compare', 'c.backtest.jsonc'],
  ['compare', 'c.backtest.jsonc', '--html', 'r.html'],
];

test('the worker is started early for exactly the jobs that run on one', () => {
  for (const env of [{}, { BACKTEST_WORKER: '1' }]) {
    const saved = process.env.BACKTEST_WORKER;
    if ('BACKTEST_WORKER' in env) process.env.BACKTEST_WORKER = '1';
    else delete process.env.BACKTEST_WORKER;
    try {
      for (const argv of LINES)
        assert.equal(asksForWorker(argv, process.env), needsWorker(jobOf(argv)), `${argv.join(' ')} ${JSON.stringify(env)}`);
    } finally {
      if (saved === undefined) delete process.env.BACKTEST_WORKER;
      else process.env.BACKTEST_WORKER = saved;
    }
  }
  // Commands without a job never start one; in-process runs never do.
  for (const argv of [['validate', 'c.backtest.jsonc'], ['sweep', 's.sweep.jsonc', '--out', 'o'], ['--help'], []])
    assert.equal(asksForWorker(argv, {}), false, argv.join(' '));
  assert.equal(asksForWorker(['run', 'c.backtest.jsonc', '--out', 'o'], { BACKTEST_IN_PROCESS: '1' }), false);
});

// The backtest worker behind the editor's Run / Compare commands: results, progress,
// cancel (writes nothing), and failures located on the config line that caused them.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { executeRun } from '../../jobs/editorRun';
import { neutralConfigWith } from './neutralConfig';
import type { RunRequest, WorkerMessage } from '../../common/workerProtocol';

const root = path.resolve(__dirname, '..', '..');
const samples = path.join(root, 'sample_data');
const neutral = path.join(samples, 'configs', 'neutral-etf.backtest.jsonc');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'run-worker-test-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function run(req: Omit<RunRequest, 'cancelFlag'>, onMessage?: (m: WorkerMessage, flag: Int32Array) => void): WorkerMessage[] {
  const cancelFlag = new SharedArrayBuffer(4);
  const flag = new Int32Array(cancelFlag);
  const messages: WorkerMessage[] = [];
  executeRun({ ...req, cancelFlag }, (m) => {
    messages.push(m);
    onMessage?.(m, flag);
  });
  return messages;
}

const configWith = (name: string, replace: Record<string, string>): string => neutralConfigWith(tmp, name, replace);

test('a run reports rising progress, returns the results JSON and writes the result files', () => {
  const outDir = path.join(tmp, 'neutral');
  const messages = run({ kind: 'run', configPath: neutral, outDir });
  const last = messages[messages.length - 1];
  assert.equal(last.type, 'done', JSON.stringify(last).slice(0, 300));
  assert.ok(last.type === 'done' && last.kind === 'run');
  assert.ok(last.results.trades.length > 0 && last.results.metrics.hedgeTradeCount > 0);
  const fractions = messages.filter((m) => m.type === 'progress').map((m) => (m as { fraction: number }).fraction);
  assert.ok(fractions.length >= 2, 'several progress messages');
  assert.deepEqual(
    fractions,
    [...fractions].sort((a, b) => a - b),
    'progress never goes back',
  );
  assert.equal(fractions[fractions.length - 1], 1);
  for (const f of ['equity.csv', 'trades.csv', 'exposures.csv', 'beta.csv', 'metrics.json']) assert.ok(existsSync(path.join(outDir, f)), f);
  const trades = readFileSync(path.join(outDir, 'trades.csv'), 'utf8').trim().split('\n');
  assert.equal(trades.length - 1, last.results.trades.length, 'trades.csv has one row per trade of the results');
});

test('cancelling mid-run resolves as cancelled and writes nothing', () => {
  const outDir = path.join(tmp, 'cancelled');
  let progressSeen = 0;
  const messages = run({ kind: 'run', configPath: neutral, outDir }, (m, flag) => {
    if (m.type === 'progress' && ++progressSeen === 1) Atomics.store(flag, 0, 1);
  });
  assert.equal(messages[messages.length - 1].type, 'cancelled');
  assert.equal(
    messages.some((m) => m.type === 'done' || m.type === 'writing'),
    false,
  );
  assert.equal(existsSync(outDir), false, 'no output folder after a cancel');
});

test('a missing input file fails on the config line that names it', () => {
  const config = configWith('missing-signals', { [JSON.stringify(path.join(samples, 'signals.csv'))]: '"../no-such-signals.csv"' });
  const messages = run({ kind: 'run', configPath: config, outDir: path.join(tmp, 'missing') });
  const last = messages[messages.length - 1];
  assert.equal(last.type, 'error');
  assert.ok(last.type === 'error');
  assert.equal(last.failure.file, config);
  const line = readFileSync(config, 'utf8').split('\n')[last.failure.line! - 1];
  assert.match(line, /no-such-signals\.csv/, `line ${last.failure.line} names the missing file`);
  assert.equal(line.indexOf('"../no-such-signals.csv"') + 1, last.failure.column, 'the column of the file name');
  assert.equal(existsSync(path.join(tmp, 'missing')), false);
});

test('a config error is located at its key', () => {
  const config = configWith('bad-method', { '"sector_hedge_method": "etf"': '"sector_hedge_method": "etfs"' });
  const last = run({ kind: 'run', configPath: config, outDir: null }).pop()!;
  assert.ok(last.type === 'error', JSON.stringify(last).slice(0, 200));
  assert.equal(last.failure.file, config);
  assert.match(readFileSync(config, 'utf8').split('\n')[last.failure.line! - 1], /sector_hedge_method/);
});

test('compare runs no hedge, proportional and ETF on the same book', () => {
  const last = run({ kind: 'compare', configPath: neutral, outDir: null }).pop()!;
  assert.ok(last.type === 'done' && last.kind === 'compare', JSON.stringify(last).slice(0, 200));
  assert.deepEqual(
    last.results.runs.map((r) => r.results.meta.hedgeMethod),
    ['none', 'proportional', 'etf'],
  );
  assert.equal(last.results.runs[0].results.metrics.hedgeTradeCount, 0);
  assert.ok(last.results.runs[2].results.metrics.hedgeTradeCount > 0);
  // The same signals drive all three: the first stock trade date is the same.
  const firstDates = last.results.runs.map((r) => r.results.trades[0]?.date);
  assert.equal(new Set(firstDates).size, 1);
  // The panel opens the comparison on the method the config itself uses.
  assert.equal(last.results.configured, 'ETF');
});

const bundle = path.join(root, 'dist', 'runWorker.js');
test(
  'the bundled worker runs on a worker thread and stops when the shared flag is set',
  { skip: !existsSync(bundle) && 'dist/runWorker.js is not built' },
  async () => {
    const cancelFlag = new SharedArrayBuffer(4);
    const outDir = path.join(tmp, 'thread-cancel');
    const worker = new Worker(bundle, { workerData: { kind: 'run', configPath: neutral, outDir, cancelFlag } satisfies RunRequest });
    const last = await new Promise<WorkerMessage>((resolve, reject) => {
      worker.on('message', (m: WorkerMessage) => {
        if (m.type === 'progress') Atomics.store(new Int32Array(cancelFlag), 0, 1);
        if (m.type === 'done' || m.type === 'cancelled' || m.type === 'error') resolve(m);
      });
      worker.on('error', reject);
    });
    await worker.terminate();
    assert.equal(last.type, 'cancelled');
    assert.equal(existsSync(outDir), false);
  },
);

// jobs/sideThread.ts: a job's second thread (dist/sideWorker.js) parses a big signals file
// while the job parses the prices, and computes the bootstrap while the job replays the
// trades. What a user must not notice: the same numbers and the same errors as a job that
// did it all on one thread (executeJob from source has no side thread: the worker bundle
// exists only in dist/).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, rmSync, writeFileSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { CLI, SAMPLES, cli, ensureBuilt, tempDir } from './helpers';
import { executeJob, type JobMessage } from '../../jobs/job';
import { LoadedTables } from '../../engine/data/loadedTables';
import { prefetchInput } from '../../jobs/prefetch';
import { SideThread } from '../../jobs/sideThread';
import { bootstrapRequest, runConfidenceIntervals } from '../../engine/analysis';
import { BacktestConfig } from '../../engine/config';
import { Backtester } from '../../engine/backtest';

let dir: string;
let configFile: string;
let signalsFile: string;
let signalRows: string[];

before(() => {
  ensureBuilt();
  dir = tempDir('prefetch');
  copyFileSync(path.join(SAMPLES, 'prices.csv'), path.join(dir, 'prices.csv'));
  copyFileSync(path.join(SAMPLES, 'sector_mapping.csv'), path.join(dir, 'sector_mapping.csv'));
  const rows = readFileSync(path.join(dir, 'prices.csv'), 'utf8').trim().split('\n').slice(1);
  const mapped = readFileSync(path.join(dir, 'sector_mapping.csv'), 'utf8').trim().split('\n').slice(1);
  const tickers = mapped.map((l) => l.split(',')[0]);
  // Over 2 MiB (the prefetch threshold): every mapped stock, every day, values with 26 decimals.
  let seed = 7;
  const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
  signalRows = rows.map((r) => [r.split(',')[0], ...tickers.map(() => (rnd() / 3).toFixed(26))].join(','));
  signalsFile = path.join(dir, 'signals.csv');
  writeFileSync(signalsFile, [['date', ...tickers].join(','), ...signalRows, ''].join('\n'));
  configFile = path.join(dir, 'big.backtest.jsonc');
  writeFileSync(
    configFile,
    JSON.stringify({
      name: 'prefetch',
      initial_cash: 1e7,
      start_date: '2019-04-01',
      end_date: '2023-12-29',
      use_case: 2,
      inputs: { signals: 'signals.csv' },
      enable_sector_hedge: true,
      sector_hedge_method: 'etf',
      enable_beta_hedge: true,
    }),
  );
});
after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const WORKER = path.join(path.dirname(CLI), 'sideWorker.js');

test('the signals file is big enough to be prefetched, and the built side thread hands its columns over', () => {
  assert.ok(statSync(signalsFile).size > 2 << 20, `signals.csv is ${statSync(signalsFile).size} bytes`);
  const side = SideThread.start(WORKER);
  assert.ok(side, 'the side thread starts from dist/sideWorker.js');
  const tables = new LoadedTables();
  let took: unknown = 'not asked';
  const preload = tables.preloadWide.bind(tables);
  tables.preloadWide = (file, column, take) => preload(file, column, () => (took = take()) as ReturnType<typeof take>);
  prefetchInput(configFile, tables, side);
  const wide = tables.wide(signalsFile);
  side.stop();
  assert.notEqual(took, 'not asked', 'the run asked the prefetched file');
  assert.ok(took && wide === took, 'the columns came from the worker');
  assert.equal(wide!.dates.length, signalRows.length);
});

test('the bootstrap on the side thread gives exactly the intervals computed here', () => {
  const config = BacktestConfig.fromFile(configFile);
  const rec = new Backtester(config, config.createDataManager(new LoadedTables())).run().record;
  const side = SideThread.start(WORKER)!;
  const beside = side.bootstrap(bootstrapRequest(rec)!, 60_000)();
  side.stop();
  assert.ok(beside && beside.samples === 1000);
  assert.deepEqual(beside, runConfidenceIntervals(rec));
  // A stopped thread answers null at once (the job then computes it itself).
  assert.equal(side.bootstrap(bootstrapRequest(rec)!, 60_000)(), null);
});

test("the bootstrap's paths drawn beside the run give exactly the intervals computed here", () => {
  const config = BacktestConfig.fromFile(configFile);
  const side = SideThread.start(WORKER)!;
  try {
    const paths = { seed: config.bootstrap_seed, samples: config.bootstrap_samples, blockDays: config.bootstrap_block_days };
    const run = (watch: <A extends unknown[], R>(f: (...a: A) => R) => (...a: A) => R) =>
      new Backtester(config, config.createDataManager(new LoadedTables())).run({ onProgress: watch(() => true) });
    const shared = side.prefaultTrades(run, paths);
    const rec = shared.value.record;
    assert.ok(rec.tradeLog && rec.tradeLog.sharedRows > 0, 'the run shared its trade log');
    // The log's totals summed beside the run are the metrics' and counts' of a run without the thread.
    assert.ok(shared.settle(), "the log's totals came from the side thread");
    const alone = new Backtester(config, config.createDataManager(new LoadedTables())).run();
    assert.deepEqual(shared.value.calculateMetrics(), alone.calculateMetrics());
    assert.deepEqual(shared.value.tradeCounts(), alone.tradeCounts());
    const beside = side.bootstrap(bootstrapRequest(rec)!, 60_000)();
    assert.ok(beside && beside.samples === 1000);
    assert.deepEqual(beside, runConfidenceIntervals(rec));
    // Paths drawn for another seed are not this request's: the thread draws its own.
    const other = side.prefaultTrades(run, { ...paths, seed: paths.seed + 1 }).value.record;
    assert.deepEqual(side.bootstrap(bootstrapRequest(other)!, 60_000)(), runConfidenceIntervals(other));
  } finally {
    side.stop();
  }
});

test('a run with the prefetched signals prints exactly the metrics of an in-process run', async () => {
  const r = cli(['run', configFile, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const viaCli = JSON.parse(r.stdout) as {
    metrics: Record<string, unknown>;
    tradeCounts: unknown;
    analysis: { confidenceIntervals: unknown };
  };
  // The same job from source: jobs/ holds no worker bundle, so it parses the signals itself.
  let done: JobMessage | undefined;
  await executeJob(
    { kind: 'run', configPath: configFile, outDir: null, htmlFile: null, validate: true },
    (m) => (done = m),
    () => false,
  );
  assert.equal(done?.type, 'done');
  const inProcess = (done as Extract<JobMessage, { kind: 'run' }>).summary;
  assert.deepEqual(viaCli.metrics, JSON.parse(JSON.stringify(inProcess.metrics)));
  assert.deepEqual(viaCli.tradeCounts, inProcess.tradeCounts);
  assert.deepEqual(viaCli.analysis.confidenceIntervals, JSON.parse(JSON.stringify(inProcess.analysis!.confidenceIntervals)));
  assert.ok((viaCli.tradeCounts as Record<string, number>).rebalance > 1000);
});

test('a bad cell deep in the prefetched file gives the same file:line:column error as validate', () => {
  const bad = path.join(dir, 'bad');
  rmSync(bad, { recursive: true, force: true });
  mkdirSync(bad);
  for (const f of ['prices.csv', 'sector_mapping.csv']) copyFileSync(path.join(dir, f), path.join(bad, f));
  const lines = readFileSync(signalsFile, 'utf8').split('\n');
  const at = lines.length - 3;
  lines[at] = lines[at].replace(/,[^,]*$/, ',0x1F');
  writeFileSync(path.join(bad, 'signals.csv'), lines.join('\n'));
  copyFileSync(configFile, path.join(bad, 'big.backtest.jsonc'));
  const run = cli(['run', path.join(bad, 'big.backtest.jsonc')]);
  const validate = cli(['validate', path.join(bad, 'big.backtest.jsonc')]);
  assert.equal(run.code, 2, run.stdout);
  const where = `signals.csv:${at + 1}:`;
  assert.match(run.stderr, new RegExp(where.replace('.', '\\.')), run.stderr);
  const errorLine = (s: string) => s.split('\n').find((l) => l.includes(where)) ?? '';
  assert.equal(errorLine(run.stderr).trim(), errorLine(validate.stdout + validate.stderr).trim());
});

// --out's trades.csv in two halves: the job's side thread (dist/sideWorker.js) writes the
// header and first rows while the job's thread writes the other files and the last rows,
// appended after. What a user must not notice: the same bytes as one thread writing it
// all, also when the side thread fails (the job then writes the whole file itself).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CLI, SAMPLES, ensureBuilt, tempDir } from './helpers';
import { SideThread } from '../../jobs/sideThread';
import { BacktestConfig } from '../../engine/config';
import { Backtester } from '../../engine/backtest';
import { LoadedTables } from '../../engine/data/loadedTables';
import { recordSource, type ResultSource } from '../../engine/results/resultSource';
import { writeResultFolder, type TradesBeside } from '../../engine/results/resultFiles';

const WORKER = path.join(path.dirname(CLI), 'sideWorker.js');
let source: ResultSource;
const ROWS = 150_000;
const made: string[] = [];
const dirOf = (prefix: string) => {
  const d = tempDir(prefix);
  made.push(d);
  return d;
};
after(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

before(() => {
  ensureBuilt();
  const config = BacktestConfig.fromFile(path.join(SAMPLES, 'configs', 'neutral-etf.backtest.jsonc'));
  const res = new Backtester(config, config.createDataManager(new LoadedTables())).run();
  const meta = res.toJSON().meta;
  const s = recordSource(res.record, null, true, {
    meta,
    metrics: res.calculateMetrics(),
    analysis: null,
    tradeCounts: res.tradeCounts(),
    finalEquity: 1,
    warnings: [],
  });
  // More trades than the split threshold, with full-precision doubles, integers, NaN, -0 and a formula-like ticker.
  let seed = 11;
  const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const T = s.dates.length;
  const col = (f: (k: number) => number) => Float64Array.from({ length: ROWS }, (_, k) => f(k));
  const trades = {
    length: ROWS,
    dayOffset: 0,
    tickers: ['AAA', '=CMD()', 'B,"C"'],
    day: Int32Array.from({ length: ROWS }, (_, k) => Math.floor((k / ROWS) * T)),
    ticker: Int32Array.from({ length: ROWS }, (_, k) => k % 3),
    quantity: col(() => Math.round((rnd() - 0.5) * 2000)),
    price: col(() => Math.round(rnd() * 50000) / 100),
    notional: col(() => (rnd() - 0.5) * 1e6),
    commission: col((k) => (k % 7 === 0 ? -0 : rnd() * 1e-3)),
    slippage: col((k) => (k % 11 === 0 ? NaN : rnd() / 3)),
    reason: Uint8Array.from({ length: ROWS }, (_, k) => k % 4),
  };
  source = { ...s, trades };
});

const files = (dir: string) =>
  Object.fromEntries(
    readdirSync(dir)
      .filter((f) => f.endsWith('.csv'))
      .map((f) => [f, readFileSync(path.join(dir, f))]),
  );

test('trades.csv written half on the side thread is byte for byte the one-thread file', () => {
  const one = dirOf('beside-one'),
    two = dirOf('beside-two');
  writeResultFolder(one, source);
  const side = SideThread.start(WORKER);
  assert.ok(side, 'the side thread starts from dist/sideWorker.js');
  let asked = 0;
  const beside: TradesBeside = (file, tr, dates, rows) => (asked++, side.tradesHead(file, tr, dates, rows, 60_000));
  const written = writeResultFolder(two, source, beside);
  side.stop();
  assert.equal(asked, 1, 'the side thread was given the first rows');
  assert.deepEqual(
    written.map((f) => path.basename(f)),
    ['equity.csv', 'trades.csv', 'positions.csv', 'exposures.csv', 'beta.csv', 'metrics.json'],
  );
  const a = files(one),
    b = files(two);
  assert.equal(a['trades.csv'].toString().split('\n').length, ROWS + 2, 'header, every trade, the final newline');
  assert.deepEqual(Object.keys(b), Object.keys(a));
  for (const f of Object.keys(a)) assert.ok(a[f].equals(b[f]), `${f} differs`);
  assert.match(a['trades.csv'].toString(), /\n[^,]+,'=CMD\(\),/);
});

test('a side thread that fails (or wrote a broken head) leaves the job to write the whole trades.csv', () => {
  const one = dirOf('beside-ref'),
    two = dirOf('beside-fail'),
    three = dirOf('beside-stopped');
  writeResultFolder(one, source);
  const broken: TradesBeside = (file) => () => (writeFileSync(file, 'half a row,'), false);
  writeResultFolder(two, source, broken);
  const side = SideThread.start(WORKER)!;
  side.stop();
  writeResultFolder(three, source, (file, tr, dates, rows) => side.tradesHead(file, tr, dates, rows, 60_000));
  const a = files(one);
  for (const dir of [two, three]) {
    const b = files(dir);
    assert.deepEqual(Object.keys(b), Object.keys(a));
    for (const f of Object.keys(a)) assert.ok(a[f].equals(b[f]), `${dir}: ${f} differs`);
  }
});

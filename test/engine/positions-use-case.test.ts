// Use case 4: a book of daily positions from another system, marked, hedged, and shown
// beside the book as given; long, wide and JSON files give the same run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Backtester } from '../../engine/backtest';
import { BacktestConfig } from '../../engine/config';
import { DataManager } from '../../engine/data';
import { makeMapping, makeTable, memoryData } from '../fixtures/sim/tables';

const dates = ['2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05'];
const prices = { AAA: [50, 51, 50, 52], BBB: [100, 99, 101, 102], XLK: [100, 101, 100, 102] };
const table = makeTable(dates, prices);
const mapping = makeMapping([
  ['AAA', 'Technology'],
  ['BBB', 'Technology'],
]);
// Held at each close: day 0 200 AAA and -50 BBB; day 2 (day 1 is not in the file) 100.5 AAA, BBB gone.
const book = { '2024-01-02': { AAA: 200, BBB: -50 }, '2024-01-04': { AAA: 100.5 } };

function run(extra: object = {}) {
  return new Backtester(
    {
      initial_cash: 20_000,
      use_case: 'positions',
      inputs: { positions: book },
      enable_sector_hedge: true,
      sector_hedge_method: 'etf',
      ...extra,
    },
    memoryData(table, mapping),
  ).run();
}

test("positions: the book trades to each date's shares at that date's close, fractions kept, missing tickers to 0", () => {
  const trades = run()
    .getTrades()
    .map((t) => [t.date, t.ticker, t.quantity, t.price, t.reason]);
  assert.deepEqual(trades, [
    ['2024-01-02', 'AAA', 200, 50, 'rebalance'],
    ['2024-01-02', 'BBB', -50, 100, 'rebalance'],
    // Technology net 5,000 -> XLK -50.
    ['2024-01-02', 'XLK', -50, 100, 'sector_hedge'],
    // Day 1 is not in the file: the book is held; its drift (5,100 - 4,950 = 150 net over
    // 10,050 gross, 5,050 - 5,050 hedge = 0) stays inside the 2% band.
    ['2024-01-04', 'AAA', -99.5, 50, 'rebalance'],
    ['2024-01-04', 'BBB', 50, 101, 'rebalance'],
    // Technology net 100.5 * 50 = 5,025 -> XLK round(-5,025 / 100) = -50: no change.
    // Day 3 (held): net 100.5 * 52 = 5,226, XLK -5,100: 126 / 5,226 = 2.4% > 2% ->
    // XLK round(-5,226 / 102) = round(-51.2) = -51, a trade of -1.
    ['2024-01-05', 'XLK', -1, 102, 'sector_hedge'],
  ]);
  // No execution delay and no look-ahead warning: positions are what was held at that close.
  assert.ok(
    !run()
      .getWarnings()
      .some((w) => w.code === 'look-ahead'),
  );
});

test('positions: the unhedged curve is the book as given, marked every day', () => {
  const eq = run().getEquityCurve();
  // Cash of the book alone: 20,000 - 10,000 + 5,000 = 15,000; day 2 sells 99.5 AAA at 50, buys 50 BBB at 101.
  const cash = [15_000, 15_000, 15_000 + 99.5 * 50 - 50 * 101, 15_000 + 99.5 * 50 - 50 * 101];
  const value = [200 * 50 - 50 * 100, 200 * 51 - 50 * 99, 100.5 * 50, 100.5 * 52];
  eq.forEach((e, d) => assert.equal(e.unhedgedEquity, cash[d] + value[d], e.date));
  // The hedged book adds the XLK position's P&L: -50 * (101 - 100) on day 1, and so on.
  assert.equal(eq[1].equity - eq[1].unhedgedEquity, -50);
  assert.equal(eq[3].equity - eq[3].unhedgedEquity, -50 * (102 - 100));
});

test('positions: long, wide and JSON files give the same run as inline data', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'positions-'));
  writeFileSync(
    path.join(dir, 'prices.csv'),
    ['date,AAA,BBB,XLK', ...dates.map((d, i) => `${d},${prices.AAA[i]},${prices.BBB[i]},${prices.XLK[i]}`)].join('\n') + '\n',
  );
  writeFileSync(path.join(dir, 'sector_mapping.csv'), 'ticker,sector\nAAA,Technology\nBBB,Technology\n');
  writeFileSync(path.join(dir, 'long.csv'), 'date,ticker,shares\n2024-01-02,AAA,200\n2024-01-02,BBB,-50\n2024-01-04,AAA,100.5\n');
  writeFileSync(path.join(dir, 'wide.csv'), 'date,AAA,BBB\n2024-01-02,200,-50\n2024-01-04,100.5,\n');
  writeFileSync(path.join(dir, 'book.json'), JSON.stringify(book));
  const expected = JSON.stringify(run().getTrades());
  for (const file of ['long.csv', 'wide.csv', 'book.json']) {
    const configPath = path.join(dir, `${file}.backtest.jsonc`);
    writeFileSync(
      configPath,
      JSON.stringify({
        initial_cash: 20_000,
        data_dir: '.',
        use_case: 4,
        inputs: { positions: file },
        enable_sector_hedge: true,
        sector_hedge_method: 'etf',
      }),
    );
    const config = BacktestConfig.fromFile(configPath);
    const res = new Backtester(config, new DataManager(dir)).run();
    assert.equal(JSON.stringify(res.getTrades()), expected, file);
  }
});

test('positions: the analysis compares the hedged book with the book as given on the same days', () => {
  const a = run({ bootstrap_samples: 50 }).analyse();
  // The attribution's hedge part is the XLK position's P&L: -50 * (+1, -1, +2).
  assert.equal(a.attributionTotals.sector_hedge, -50 * (1 - 1 + 2));
  assert.equal(a.hedgeEffectiveness.sectors.Technology.etf, 'XLK');
  assert.ok(a.confidenceIntervals);
});

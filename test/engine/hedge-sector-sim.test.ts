// The hedge follows the sector in force, in full runs against numbers worked out by hand: a
// stock that changes sector, and the proportional method (the sector of the day, a tilt that
// lands on target in one trade, never a sign flip).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Backtester } from '../../engine/backtest';
import { parseSectorMappingCsv } from '../../engine/data';
import { makeMapping, makeTable, memoryData, tradeRows } from '../fixtures/sim/tables';

test('a stock that changes sector moves its exposure and hedge to the new sector on that day', () => {
  const dates = ['2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05'];
  const table = makeTable(dates, { AAA: [100, 100, 100, 100], BBB: [50, 50, 50, 50], XLK: [100, 100, 100, 100], XLV: [50, 50, 50, 50] });
  const mapping = parseSectorMappingCsv(
    'ticker,sector,valid_from,valid_to\nAAA,Technology,,2024-01-03\nAAA,Healthcare,2024-01-04,\nBBB,Healthcare,,\n',
    'm.csv',
  );
  const res = new Backtester(
    {
      initial_cash: 100_000,
      use_case: 1,
      enable_sector_hedge: true,
      inputs: { weights: { '2024-01-01': { AAA: 0.5, BBB: -0.25 } } },
    },
    memoryData(table, mapping),
  ).run();
  // Day 0: AAA 500 sh (50,000, Technology) -> XLK -500; BBB -500 sh (-25,000, Healthcare) -> XLV +500. Basis 75,000.
  // Day 2 (01-04): AAA is Healthcare. Technology holds nothing: its hedge unwinds, XLK +500.
  //   Healthcare net 50,000 - 25,000 = 25,000 with +25,000 of XLV: post 66.7% > 2% -> XLV round(-25,000 / 50) = -500: trade -1,000.
  assert.deepEqual(tradeRows(res), [
    ['2024-01-02', 'AAA', 500, 'rebalance'],
    ['2024-01-02', 'BBB', -500, 'rebalance'],
    ['2024-01-02', 'XLK', -500, 'sector_hedge'],
    ['2024-01-02', 'XLV', 500, 'sector_hedge'],
    ['2024-01-04', 'XLK', 500, 'sector_hedge'],
    ['2024-01-04', 'XLV', -1000, 'sector_hedge'],
  ]);
  const at = (date: string, sector: string) => res.getExposures().find((e) => e.date === date && e.sector === sector)!;
  assert.ok(Math.abs(at('2024-01-03', 'Technology').preHedge - 50_000 / 75_000) < 1e-12);
  assert.equal(at('2024-01-04', 'Technology').preHedge, 0);
  assert.ok(Math.abs(at('2024-01-04', 'Healthcare').preHedge - 25_000 / 75_000) < 1e-12);
  assert.equal(at('2024-01-04', 'Healthcare').postHedge, 0);
  assert.deepEqual(res.calculateMetrics().bandTriggers, { Technology: 1, Healthcare: 1 });
});

test('the proportional method uses the sector in force that day', () => {
  const dates = ['2024-01-02', '2024-01-03', '2024-01-04'];
  const table = makeTable(dates, { AAA: [100, 100, 100], BBB: [100, 100, 100], CCC: [100, 100, 100] });
  // CCC joins Technology on 01-03 (before: Healthcare). Weights trade on 01-02 and again on 01-03.
  const mapping = parseSectorMappingCsv(
    'ticker,sector,valid_from,valid_to\nAAA,Technology,,\nBBB,Healthcare,,\nCCC,Healthcare,,2024-01-02\nCCC,Technology,2024-01-03,\n',
    'm.csv',
  );
  const weights = { '2024-01-01': { AAA: 0.5, BBB: 0.25, CCC: -0.25 }, '2024-01-02': { AAA: 0.5, BBB: 0.25, CCC: -0.25 } };
  const res = new Backtester(
    { initial_cash: 100_000, use_case: 1, enable_sector_hedge: true, sector_hedge_method: 'proportional', inputs: { weights } },
    memoryData(table, mapping),
  ).run();
  // 01-02: Tech = AAA 50,000 (all long, target 0) -> closed; Health = BBB 25,000 - CCC 25,000 = 0 -> unchanged.
  // 01-03: Tech = AAA 50,000 - CCC 25,000: E 25,000, G 75,000, k = -1/3: AAA 500 -> 333.33 -> 333, CCC -250 -> -333.33 -> -333;
  //        Health = BBB alone, all long -> closed.
  assert.deepEqual(tradeRows(res), [
    ['2024-01-02', 'BBB', 250, 'rebalance'],
    ['2024-01-02', 'CCC', -250, 'rebalance'],
    ['2024-01-03', 'AAA', 333, 'rebalance'],
    ['2024-01-03', 'BBB', -250, 'rebalance'],
    ['2024-01-03', 'CCC', -83, 'rebalance'],
  ]);
});

test('a proportional tilt lands on target in one trade, against the post-adjustment gross', () => {
  const dates = ['2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05'];
  const flat = [100, 100, 100, 100];
  const table = makeTable(dates, { AAA: flat, BBB: flat, CCC: flat, DDD: flat });
  const mapping = makeMapping([
    ['AAA', 'Technology'],
    ['BBB', 'Technology'],
    ['CCC', 'Healthcare'],
    ['DDD', 'Healthcare'],
  ]);
  const res = new Backtester(
    {
      initial_cash: 100_000,
      use_case: 1,
      enable_sector_hedge: true,
      sector_hedge_method: 'proportional',
      sector_target_exposures: { Technology: 0.1 },
      sector_hedge_tolerance: 0.005,
      inputs: { weights: { '2024-01-01': { AAA: 0.6, BBB: -0.2, CCC: 0.2, DDD: -0.2 } } },
    },
    memoryData(table, mapping),
  ).run();
  // Targets 600 / -200 / 200 / -200 sh. Tech E 40,000, G 80,000; B = 120,000.
  // B' = (120,000 - 40,000^2 / 80,000) / (1 - 0.1 * 0.5) = 105,263.16; k = (10,526.32 - 40,000) / 80,000 = -0.368421
  // AAA 600 - 0.368421 * 600 = 378.95 -> 379; BBB -200 - 0.368421 * 200 = -273.68 -> -274. Health E = 0: unchanged.
  // Post: (37,900 - 27,400) / (37,900 + 27,400 + 40,000) = 10,500 / 105,300 = 9.97%: inside the 0.5% band.
  // (Sized against the pre-trade 120,000 it would be 39,000 / -27,000: 12,000 / 106,000 = 11.3%, re-traded the next day.)
  assert.deepEqual(tradeRows(res), [
    ['2024-01-02', 'AAA', 379, 'rebalance'],
    ['2024-01-02', 'BBB', -274, 'rebalance'],
    ['2024-01-02', 'CCC', 200, 'rebalance'],
    ['2024-01-02', 'DDD', -200, 'rebalance'],
  ]);
  const tech = res.getExposures().filter((e) => e.sector === 'Technology');
  for (const e of tech) assert.ok(Math.abs(e.postHedge - 10_500 / 105_300) < 1e-12, `${e.date} ${e.postHedge}`);
});

test('the proportional method never flips a sign: an all-long sector with a short target is closed, with a warning', () => {
  const dates = ['2024-01-02', '2024-01-03'];
  const table = makeTable(dates, { AAA: [100, 100], CCC: [100, 100], DDD: [100, 100] });
  const mapping = makeMapping([
    ['AAA', 'Technology'],
    ['CCC', 'Healthcare'],
    ['DDD', 'Healthcare'],
  ]);
  const res = new Backtester(
    {
      initial_cash: 100_000,
      use_case: 1,
      enable_sector_hedge: true,
      sector_hedge_method: 'proportional',
      sector_target_exposures: { Technology: -0.2 },
      inputs: { weights: { '2024-01-01': { AAA: 0.5, CCC: 0.3, DDD: -0.2 } } },
    },
    memoryData(table, mapping),
  ).run();
  // Tech all long 50,000 with target -20%: k capped at -1, AAA closed (not turned into a short).
  // Health E 10,000, G 50,000, target 0: k = -0.2 -> CCC 300 * 0.8 = 240, DDD -200 * 1.2 = -240.
  assert.deepEqual(tradeRows(res), [
    ['2024-01-02', 'CCC', 240, 'rebalance'],
    ['2024-01-02', 'DDD', -240, 'rebalance'],
  ]);
  const w = res.getWarnings().find((x) => x.code === 'proportional-unreachable')!;
  assert.equal(w.sector, 'Technology');
});

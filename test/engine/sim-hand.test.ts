// A three-stock, zero-cost run checked against numbers worked out by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Backtester } from '../../engine/backtest';
import { makeMapping, makeTable, memoryData } from '../fixtures/sim/tables';

const dates = ['2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05'];
const table = makeTable(dates, {
  AAA: [100, 110, 105, 120],
  BBB: [50, 45, 50, 55],
  CCC: [200, 210, 190, 200],
  XLK: [100, 104, 102, 106],
  XLV: [40, 41, 39, 40],
});
const mapping = makeMapping([
  ['AAA', 'Technology'],
  ['BBB', 'Technology'],
  ['CCC', 'Healthcare'],
]);

function run() {
  return new Backtester(
    {
      initial_cash: 100_000,
      use_case: 1,
      enable_sector_hedge: true,
      sector_hedge_method: 'etf',
      sector_hedge_tolerance: 0.02,
      inputs: {
        // Dated before the first trading day: with a 1-day delay it trades at the first close.
        weights: { '2024-01-01': { AAA: 0.5, BBB: -0.25, CCC: 0.25 }, '2024-01-04': { AAA: 0.25, CCC: -0.25 } },
      },
    },
    memoryData(table, mapping),
  ).run();
}

test('three-stock ETF-hedged run matches the hand calculation', () => {
  const res = run();
  const eq = res.getEquityCurve();
  const trades = res.getTrades().map((t) => [t.date, t.ticker, t.quantity, t.price, t.reason]);

  // Day 0, 2024-01-02. Equity 100,000.
  //   AAA  0.50 * 100,000 / 100 =  500 sh ( 50,000)
  //   BBB -0.25 * 100,000 /  50 = -500 sh (-25,000)
  //   CCC  0.25 * 100,000 / 200 =  125 sh ( 25,000)
  //   cash 100,000 - 50,000 + 25,000 - 25,000 = 50,000; gross basis 100,000.
  //   Tech net 25,000 -> XLK round(-25,000 / 100) = -250; Health 25,000 -> XLV round(-25,000 / 40) = -625.
  //   cash 50,000 + 25,000 + 25,000 = 100,000; equity 100,000.
  // Day 1, 2024-01-03 (not a rebalance day): AAA 55,000, BBB -22,500, CCC 26,250, XLK -26,000, XLV -25,625.
  //   equity = 100,000 + 55,000 - 22,500 + 26,250 - 26,000 - 25,625 = 107,125.
  //   gross 103,750; Tech post (32,500 - 26,000) / 103,750 = 6.3% > 2% -> re-hedge:
  //   XLK round(-32,500 / 104) = round(-312.5) = -313 (half away from zero): trade -63 @ 104, cash 106,552.
  //   Health (26,250 - 25,625) / 103,750 = 0.6% -> inside the band, no trade.
  // Day 2, 2024-01-04: AAA 52,500, BBB -25,000, CCC 23,750, XLK -313*102 = -31,926, XLV -625*39 = -24,375.
  //   equity = 106,552 + 52,500 - 25,000 + 23,750 - 31,926 - 24,375 = 101,501.
  //   gross 101,250; Tech (27,500 - 31,926) / 101,250 = -4.4% -> XLK round(-27,500 / 102) = -270: trade +43 @ 102,
  //   cash 102,166. Health (23,750 - 24,375) / 101,250 = -0.6% -> no trade.
  // Day 3, 2024-01-05: new weights (dated 01-04, one-day delay).
  //   marks: AAA 60,000, BBB -27,500, CCC 25,000, XLK -270*106 = -28,620, XLV -625*40 = -25,000
  //   equity = 102,166 + 60,000 - 27,500 + 25,000 - 28,620 - 25,000 = 106,046.
  //   AAA round(0.25 * 106,046 / 120) = round(220.93) = 221 (trade -279, cash +33,480)
  //   BBB 0 (trade +500, cash -27,500); CCC round(-0.25 * 106,046 / 200) = round(-132.56) = -133 (trade -258, cash +51,600)
  //   cash 159,746; gross basis 26,520 + 26,600 = 53,120.
  //   Tech: XLK round(-26,520 / 106) = round(-250.19) = -250 (trade +20, cash -2,120)
  //   Health: XLV round(26,600 / 40) = 665 (trade +1,290, cash -51,600); cash 106,026.
  //   equity = 106,026 + 26,520 - 26,600 - 26,500 + 26,600 = 106,046.
  assert.deepEqual(
    eq.map((e) => e.equity),
    [100_000, 107_125, 101_501, 106_046],
  );
  assert.deepEqual(
    eq.map((e) => e.cash),
    [100_000, 106_552, 102_166, 106_026],
  );
  assert.deepEqual(trades, [
    ['2024-01-02', 'AAA', 500, 100, 'rebalance'],
    ['2024-01-02', 'BBB', -500, 50, 'rebalance'],
    ['2024-01-02', 'CCC', 125, 200, 'rebalance'],
    ['2024-01-02', 'XLK', -250, 100, 'sector_hedge'],
    ['2024-01-02', 'XLV', -625, 40, 'sector_hedge'],
    ['2024-01-03', 'XLK', -63, 104, 'sector_hedge'],
    ['2024-01-04', 'XLK', 43, 102, 'sector_hedge'],
    ['2024-01-05', 'AAA', -279, 120, 'rebalance'],
    ['2024-01-05', 'BBB', 500, 55, 'rebalance'],
    ['2024-01-05', 'CCC', -258, 200, 'rebalance'],
    ['2024-01-05', 'XLK', 20, 106, 'sector_hedge'],
    ['2024-01-05', 'XLV', 1290, 40, 'sector_hedge'],
  ]);
  const r = eq.map((e) => e.dailyReturn);
  assert.equal(r[0], 0);
  assert.ok(Math.abs(r[1] - 0.07125) < 1e-15);
  assert.ok(Math.abs(r[2] - (101_501 / 107_125 - 1)) < 1e-15);
  assert.ok(Math.abs(r[3] - (106_046 / 101_501 - 1)) < 1e-15);
  // Stock / hedge split on the last day: stocks 26,520 - 26,600; hedges -26,500 + 26,600.
  assert.equal(eq[3].stockValue, -80);
  assert.equal(eq[3].hedgeValue, 100);
  assert.equal(eq[3].longValue, 26_520 + 26_600);
  assert.equal(eq[3].shortValue, -26_600 - 26_500);

  const ex = res.getExposures().filter((e) => e.date === '2024-01-05');
  const tech = ex.find((e) => e.sector === 'Technology')!,
    health = ex.find((e) => e.sector === 'Healthcare')!;
  assert.ok(Math.abs(tech.preHedge - 26_520 / 53_120) < 1e-15);
  assert.ok(Math.abs(tech.postHedge - 20 / 53_120) < 1e-15);
  assert.ok(Math.abs(health.preHedge + 26_600 / 53_120) < 1e-15);
  assert.equal(health.postHedge, 0);

  const m = res.calculateMetrics();
  assert.ok(Math.abs(m.totalReturn - 0.06046) < 1e-12);
  assert.equal(m.tradeCount, 12);
  assert.equal(m.hedgeTradeCount, 6); // 2 + 1 + 1 + 2
  assert.equal(m.totalCosts.total, 0);
  // Positions at the last close: AAA 221, CCC -133, XLK -250, XLV 665 (BBB closed).
  const last = res.getPositionHistory().at(-1)!;
  assert.deepEqual(
    last.rows.map((p) => [p.ticker, p.shares, p.value]),
    [
      ['AAA', 221, 26_520],
      ['CCC', -133, -26_600],
      ['XLK', -250, -26_500],
      ['XLV', 665, 26_600],
    ],
  );
});

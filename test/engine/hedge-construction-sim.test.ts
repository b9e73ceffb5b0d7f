// Hedge construction in full runs, each against numbers worked out by hand: the regression
// hedge ratio on a two-stock sector with known betas, a borrow file that changes mid-run, the
// band edge, and the two schedules. Sector changes and the proportional method are in
// hedge-sector-sim.test.ts.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Backtester } from '../../engine/backtest';
import { makeMapping, makeTable, weekdays, memoryData, tradeRows } from '../fixtures/sim/tables';

/**
 * XLK returns +2%, -1% alternating; AAA returns exactly 1.5x XLK's, BBB 0.5x, so their OLS
 * betas to XLK are 1.5 and 0.5. Prices are scaled so that on day 21 AAA = 100, BBB = 50, XLK = 100.
 */
function betaMarket() {
  const days = 30,
    dates = weekdays('2024-01-01', days);
  const x = [1],
    a = [1],
    b = [1];
  for (let t = 1; t < days; t++) {
    const r = t % 2 ? 0.02 : -0.01;
    x.push(x[t - 1] * (1 + r));
    a.push(a[t - 1] * (1 + 1.5 * r));
    b.push(b[t - 1] * (1 + 0.5 * r));
  }
  const scale = (s: number[], v: number) => s.map((p) => (p / s[21]) * v);
  const table = makeTable(dates, { AAA: scale(a, 100), BBB: scale(b, 50), XLK: scale(x, 100) });
  return {
    dates,
    table,
    mapping: makeMapping([
      ['AAA', 'Technology'],
      ['BBB', 'Technology'],
    ]),
  };
}

function betaRun(ratio: 'dollar' | 'beta', tradeDay = 21) {
  const m = betaMarket();
  // Dated the day before, so with the 1-day delay the weights trade at day `tradeDay`'s close.
  const weights = { [m.dates[tradeDay - 1]]: { AAA: 0.6, BBB: 0.4 } };
  return {
    m,
    res: new Backtester(
      {
        initial_cash: 100_000,
        use_case: 1,
        inputs: { weights },
        enable_sector_hedge: true,
        sector_hedge_ratio: ratio,
      },
      memoryData(m.table, m.mapping),
    ).run(),
  };
}

test('regression ratio: a basket with betas 1.5 and 0.5 is hedged with its dollar beta, 110,000 of XLK', () => {
  // Day 21: equity 100,000; AAA 0.6 * 100,000 / 100 = 600 sh (60,000), BBB 0.4 * 100,000 / 50 = 800 sh (40,000).
  // Dollar beta = 60,000 * 1.5 + 40,000 * 0.5 = 110,000: XLK round(-110,000 / 100) = -1,100 (dollar ratio: -1,000).
  const { m, res } = betaRun('beta');
  const day21 = m.dates[21];
  assert.deepEqual(
    tradeRows(res).filter((t) => t[0] === day21),
    [
      [day21, 'AAA', 600, 'rebalance'],
      [day21, 'BBB', 800, 'rebalance'],
      [day21, 'XLK', -1100, 'sector_hedge'],
    ],
  );
  const ex = res.getExposures().filter((e) => e.sector === 'Technology');
  // The recorded exposure is the regression-hedged one: pre 110,000 / 100,000, post 0.
  assert.ok(Math.abs(ex[21].preHedge - 1.1) < 1e-9, String(ex[21].preHedge));
  assert.ok(Math.abs(ex[21].postHedge) < 1e-9);
  // Day 22 (XLK -1%): AAA 98.5, BBB 49.75, XLK 99. Beta-weighted 600 * 98.5 * 1.5 + 800 * 49.75 * 0.5
  // = 88,650 + 19,900 = 108,550 against -1,100 * 99 = -108,900: (108,550 - 108,900) / 98,900 = -0.35%,
  // inside the 2% band, so no trade (the dollar ratio would see (98,900 - 108,900) / 98,900 = -10.1%).
  assert.ok(Math.abs(ex[22].postHedge - -350 / 98_900) < 1e-9, String(ex[22].postHedge));
  assert.equal(res.getTrades().filter((t) => t.date !== day21).length, 0);
  assert.ok(!res.getWarnings().some((w) => w.code === 'short-sector-beta-history'));

  const dollar = betaRun('dollar').res;
  assert.deepEqual(
    tradeRows(dollar)
      .filter((t) => t[0] === day21)
      .at(-1),
    [day21, 'XLK', -1000, 'sector_hedge'],
  );
});

test('regression ratio leaves less residual sector variance than the dollar ratio, and a beta run reports both', () => {
  const beta = betaRun('beta').res.calculateMetrics();
  const dollar = betaRun('dollar').res.calculateMetrics();
  // The dollar hedge leaves 10,000 of unhedged beta: daily P&L about 10,000 * r / 100,000 with r = +2% / -1%.
  assert.ok(dollar.residualSectorVariance! > 1e-4, String(dollar.residualSectorVariance));
  assert.equal(dollar.residualSectorVarianceDollar, dollar.residualSectorVariance);
  assert.ok(
    beta.residualSectorVariance! < dollar.residualSectorVariance! / 100,
    `${beta.residualSectorVariance} vs ${dollar.residualSectorVariance}`,
  );
  // The beta run's dollar shadow (-1,000 XLK, re-set on the beta run's hedge days) shows the dollar ratio's residual.
  assert.ok(beta.residualSectorVarianceDollar! > beta.residualSectorVariance! * 100, `${beta.residualSectorVarianceDollar}`);
  assert.deepEqual(Object.keys(beta.residualSectorVarianceBySector!), ['Technology']);
  assert.equal(beta.residualSectorVarianceBeta, beta.residualSectorVariance);
  assert.equal(dollar.residualSectorVarianceBeta, undefined, 'a plain dollar run sizes no beta shadow');
  // A dollar run asked to compare ratios sizes the beta hedge on its own hedge days, without trading it.
  const m = betaMarket();
  const both = new Backtester(
    {
      initial_cash: 100_000,
      use_case: 1,
      inputs: { weights: { [m.dates[20]]: { AAA: 0.6, BBB: 0.4 } } },
      enable_sector_hedge: true,
    },
    memoryData(m.table, m.mapping),
  ).run({ compareHedgeRatios: true });
  const bm = both.calculateMetrics();
  assert.deepEqual(tradeRows(both), tradeRows(betaRun('dollar').res), 'the shadow does not trade');
  assert.equal(bm.residualSectorVarianceDollar, dollar.residualSectorVariance);
  assert.ok(bm.residualSectorVarianceBeta! < bm.residualSectorVarianceDollar! / 100, `${bm.residualSectorVarianceBeta}`);
});

test('regression ratio with too little history uses beta 1 and warns once per ticker', () => {
  // Trading on day 5: 5 returns in the window (< 20), so both betas are 1 and the hedge is the dollar one.
  const { m, res } = betaRun('beta', 5);
  const hedge = (r: typeof res) => tradeRows(r).filter((t) => t[0] === m.dates[5] && t[1] === 'XLK');
  assert.equal(hedge(res).length, 1);
  assert.deepEqual(hedge(res), hedge(betaRun('dollar', 5).res));
  const w = res.getWarnings().filter((x) => x.code === 'short-sector-beta-history');
  assert.deepEqual(w.map((x) => x.ticker).sort(), ['AAA', 'BBB']);
});

test('a borrow file that changes mid-run: per-name rates, the flat and ETF rates, and a short cut to availability', () => {
  const dates = ['2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05', '2024-01-08'];
  const table = makeTable(dates, {
    AAA: [50, 50, 50, 50, 50],
    BBB: [20, 20, 20, 20, 20],
    CCC: [100, 100, 100, 100, 100],
    XLK: [100, 100, 100, 100, 100],
  });
  const mapping = makeMapping([
    ['AAA', 'Technology'],
    ['BBB', 'Technology'],
    ['CCC', 'Technology'],
  ]);
  const borrow = 'date,ticker,rate_annual,available_shares\n2023-12-29,AAA,0.252,\n2024-01-04,AAA,0.504,\n2024-01-01,BBB,0.126,40\n';
  const res = new Backtester(
    {
      initial_cash: 100_000,
      use_case: 3,
      borrow_file: 'borrow.csv',
      borrow_rate_annual: 0.0504,
      etf_borrow_rate_annual: 0.0252,
      inputs: {
        orders: [
          { date: '2024-01-02', ticker: 'AAA', quantity: -100 },
          { date: '2024-01-02', ticker: 'BBB', quantity: -100 },
          { date: '2024-01-02', ticker: 'CCC', quantity: -10 },
          { date: '2024-01-02', ticker: 'XLK', quantity: -10 },
        ],
      },
    },
    memoryData(table, mapping, borrow),
  ).run();
  // BBB: -100 is beyond the 40 available: cut to -40.
  assert.deepEqual(tradeRows(res), [
    ['2024-01-02', 'AAA', -100, 'order'],
    ['2024-01-02', 'BBB', -40, 'order'],
    ['2024-01-02', 'CCC', -10, 'order'],
    ['2024-01-02', 'XLK', -10, 'order'],
  ]);
  const limit = res.getWarnings().find((w) => w.code === 'borrow-limit')!;
  assert.equal(limit.ticker, 'BBB');
  assert.equal(limit.count, 1);
  // Accrued on days 1-4 (not on the first day):
  //   AAA 5,000 * 0.252 / 252 = 5 on 01-03, then 5,000 * 0.504 / 252 = 10 from 01-04: 5 + 10 + 10 + 10 = 35
  //   BBB 800 * 0.126 / 252 = 0.4 a day: 1.6;  CCC (flat) 1,000 * 0.0504 / 252 = 0.2: 0.8;  XLK (ETF) 1,000 * 0.0252 / 252 = 0.1: 0.4
  const m = res.calculateMetrics();
  const by = m.borrowByName!;
  assert.deepEqual(Object.keys(by), ['AAA', 'BBB', 'CCC', 'XLK']);
  assert.ok(
    Math.abs(by.AAA - 35) < 1e-9 && Math.abs(by.BBB - 1.6) < 1e-9 && Math.abs(by.CCC - 0.8) < 1e-9 && Math.abs(by.XLK - 0.4) < 1e-9,
    JSON.stringify(by),
  );
  assert.ok(Math.abs(m.totalCosts.borrow - 37.8) < 1e-9);
  // Cash 100,000 + 5,000 + 800 + 1,000 + 1,000 - 37.8; equity = cash - 7,800.
  const eq = res.getEquityCurve();
  assert.ok(Math.abs(eq[4].cash - 107_762.2) < 1e-9, String(eq[4].cash));
  assert.ok(Math.abs(eq[4].equity - 99_962.2) < 1e-9);
  assert.ok(Math.abs(eq[1].equity - (100_000 - 5 - 0.4 - 0.2 - 0.1)) < 1e-9);
});

test('band edge: a band trigger re-trades only back to target +/- tolerance, and triggers are counted per sector', () => {
  // The three-stock run of sim-hand.test.ts with hedge_band_mode "edge".
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
  const run = (mode: 'center' | 'edge') =>
    new Backtester(
      {
        initial_cash: 100_000,
        use_case: 1,
        enable_sector_hedge: true,
        hedge_band_mode: mode,
        inputs: { weights: { '2024-01-01': { AAA: 0.5, BBB: -0.25, CCC: 0.25 }, '2024-01-04': { AAA: 0.25, CCC: -0.25 } } },
      },
      memoryData(table, mapping),
    ).run();
  const res = run('edge');
  // Day 1: Tech post (32,500 - 26,000) / 103,750 = 6.3% > 2%: back to the +2% edge:
  //   XLK round((0.02 * 103,750 - 32,500) / 104) = round(-292.55) = -293 (trade -43; "center" gives -313).
  // Day 2: Tech 27,500 - 293 * 102 = -2,386 / 101,250 = -2.36% < -2%: back to the -2% edge:
  //   XLK round((-0.02 * 101,250 - 27,500) / 102) = round(-289.46) = -289 (trade +4).
  // Day 3: new weights, a rebalance day: back to the target, XLK round(-26,520 / 106) = -250 (trade +39).
  const xlk = res
    .getTrades()
    .filter((t) => t.ticker === 'XLK')
    .map((t) => [t.date, t.quantity]);
  assert.deepEqual(xlk, [
    ['2024-01-02', -250],
    ['2024-01-03', -43],
    ['2024-01-04', 4],
    ['2024-01-05', 39],
  ]);
  assert.deepEqual(res.calculateMetrics().bandTriggers, { Technology: 2, Healthcare: 0 });
  assert.deepEqual(run('center').calculateMetrics().bandTriggers, { Technology: 2, Healthcare: 0 });
});

test('the two schedules: signals trade on their due day while hedges fully re-trade weekly', () => {
  // Tue 01-02 .. Tue 01-09; weekly days: 01-02 (first day) and Mon 01-08.
  const dates = ['2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05', '2024-01-08', '2024-01-09'];
  const flat = dates.map(() => 100);
  const table = makeTable(dates, { AAA: flat, BBB: flat, XLK: flat });
  const mapping = makeMapping([
    ['AAA', 'Technology'],
    ['BBB', 'Technology'],
  ]);
  const weights = { '2024-01-02': { AAA: 0.5, BBB: -0.1 }, '2024-01-03': { AAA: 0.4, BBB: -0.2 } };
  const run = (extra: object) =>
    new Backtester(
      { initial_cash: 100_000, use_case: 1, enable_sector_hedge: true, sector_hedge_tolerance: 1, inputs: { weights }, ...extra },
      memoryData(table, mapping),
    ).run();
  const stockDays = (res: ReturnType<typeof run>) => [
    ...new Set(
      res
        .getTrades()
        .filter((t) => t.reason === 'rebalance')
        .map((t) => t.date),
    ),
  ];
  const hedgeDays = (res: ReturnType<typeof run>) =>
    res
      .getTrades()
      .filter((t) => t.reason === 'sector_hedge')
      .map((t) => [t.date, t.quantity]);
  // rebalance_frequency "weekly" alone: both schedules weekly, so the stock book waits for Monday 01-08
  // and trades the latest weights (AAA 400, BBB -200); XLK round(-20,000 / 100) = -200 the same day.
  const weekly = run({ rebalance_frequency: 'weekly' });
  assert.deepEqual(stockDays(weekly), ['2024-01-08']);
  assert.deepEqual(hedgeDays(weekly), [['2024-01-08', -200]]);
  // Stock book on the signals' due days (01-03, 01-04); hedges weekly: between, only outside the (100%) band,
  // so the first hedge is on Monday: Tech net 40,000 - 20,000 = 20,000 -> XLK -200.
  const split = run({ stock_rebalance_frequency: 'signal', hedge_rebalance_frequency: 'weekly' });
  assert.deepEqual(stockDays(split), ['2024-01-03', '2024-01-04']);
  assert.deepEqual(hedgeDays(split), [['2024-01-08', -200]]);
});

test('inputs dated before start_date trade on the first day and the run says so', () => {
  const dates = ['2024-01-02', '2024-01-03', '2024-01-04'];
  const table = makeTable(dates, { AAA: [100, 100, 100] });
  const res = new Backtester(
    {
      initial_cash: 100_000,
      use_case: 1,
      start_date: '2024-01-03',
      inputs: { weights: { '2023-12-01': { AAA: 0.1 }, '2023-12-15': { AAA: 0.2 } } },
    },
    memoryData(table, makeMapping([['AAA', 'Technology']])),
  ).run();
  assert.deepEqual(tradeRows(res), [['2024-01-03', 'AAA', 200, 'rebalance']]);
  const w = res.getWarnings().find((x) => x.code === 'input-before-start')!;
  assert.match(w.message, /2 weight date\(s\) .*before the run's first day 2024-01-03.*latest, 2023-12-15, trades on 2024-01-03/);
});

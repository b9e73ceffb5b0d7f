// A two-stock, one-ETF book (plus the beta instrument) whose attribution, hedge
// effectiveness and bootstrap intervals are worked out by hand below.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Backtester } from '../../engine/backtest';
import { bootstrapPaths, confidenceIntervals, effectiveness, stationaryIndices } from '../../engine/analysis';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { makeMapping, makeTable, memoryData } from '../fixtures/sim/tables';

const dates = ['2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05'];
const table = makeTable(dates, {
  AAA: [50, 51, 50, 52],
  BBB: [100, 99, 101, 102],
  XLK: [100, 101, 100, 102],
  SPY: [200, 202, 199, 203],
});
const mapping = makeMapping([
  ['AAA', 'Technology'],
  ['BBB', 'Technology'],
]);

// Day 0: buy 200 AAA (10,000), short 50 BBB (-5,000): Technology net 5,000, gross 15,000.
//   Target 0.2 of gross: XLK value 0.2 * 15,000 - 5,000 = -2,000 -> -20 XLK.
//   Betas are 1 (under 20 returns): dollar beta 10,000 - 5,000 - 2,000 = 3,000 -> SPY round(-3,000 / 200) = -15.
//   Costs: stocks 10 bps (10 + 5), ETFs 5 bps (1 + 1.5) = 17.5; equity 20,000 - 17.5 = 19,982.5.
// Days 1-3 stay inside both tolerance bands (checked in the test), so only prices move:
//   stock P&L 250, -300, 350; XLK P&L -20, 20, -40; SPY P&L -30, 45, -60.
//   XLK returns +1 %, -1/101, +2 % on the previous closing stock dollars 5,000, 5,250, 4,950:
//   sector part 50, -51.980198..., 99; stock-specific 200, -248.019801..., 251.
//   Borrow 0.0252 / 252 = 0.0001 of the short value at today's close: 1.0, 1.0035, 1.0185.
//   Interest 0.0001 of yesterday's cash: 1.99825, 1.998349825, 1.99844931...
function run(extra: object = {}) {
  return new Backtester(
    {
      initial_cash: 20_000,
      use_case: 3,
      inputs: {
        orders: [
          { date: '2024-01-02', ticker: 'AAA', quantity: 200 },
          { date: '2024-01-02', ticker: 'BBB', quantity: -50 },
        ],
      },
      enable_sector_hedge: true,
      sector_hedge_method: 'etf',
      sector_target_exposures: { Technology: 0.2 },
      enable_beta_hedge: true,
      beta_hedge_instrument: 'SPY',
      stock_costs: { commission_bps: 10 },
      etf_costs: { commission_bps: 5 },
      borrow_rate_annual: 0.0252,
      cash_rate_annual: 0.0252,
      ...extra,
    },
    memoryData(table, mapping),
  ).run();
}

const close = (a: number, b: number, tol = 1e-9) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} != ${b}`);

test('hand-worked book: the hedges trade only on day 0, as the worked example assumes', () => {
  const trades = run()
    .getTrades()
    .map((t) => [t.date, t.ticker, t.quantity, t.reason]);
  assert.deepEqual(trades, [
    ['2024-01-02', 'AAA', 200, 'order'],
    ['2024-01-02', 'BBB', -50, 'order'],
    ['2024-01-02', 'XLK', -20, 'sector_hedge'],
    ['2024-01-02', 'SPY', -15, 'beta_hedge'],
  ]);
});

test('daily attribution splits each day into stock-specific, sector, hedges, costs, borrow and interest', () => {
  const a = run().analyse().attribution;
  const p = a.parts;
  const i1 = 1.99825,
    i2 = 1.998349825,
    i3 = 1.9984493099825003;
  const expected = {
    stock_specific: [0, 200, -300 - 5250 * (100 / 101 - 1), 251],
    sector: [0, 50, 5250 * (100 / 101 - 1), 99],
    sector_hedge: [0, -20, 20, -40],
    beta_hedge: [0, -30, 45, -60],
    costs: [-17.5, 0, 0, 0],
    borrow: [0, -1, -1.0035, -1.0185],
    interest: [0, i1, i2, i3],
  };
  for (const [k, xs] of Object.entries(expected)) xs.forEach((x, d) => close(p[k as keyof typeof p][d], x));
  close(p.sector[2], -51.98019801980202);
  // Equity by hand: 19,982.5, then + each day's parts.
  const equity = [19982.5, 20183.49825, 19949.493099825, 20200.473049134987];
  equity.forEach((e, d) => {
    close(a.equityChange[d], e - (d ? equity[d - 1] : 20_000));
    close(a.total[d], a.equityChange[d], 1e-12);
  });
});

test("borrow in the attribution is the ledger's own: a free-to-borrow ETF leaves only the BBB short paying", () => {
  const a = run({ etf_borrow_rate_annual: 0 }).analyse().attribution;
  // 0.0001 of 50 BBB at 99, 101, 102.
  [0, -0.495, -0.505, -0.51].forEach((x, d) => close(a.parts.borrow[d], x));
  a.total.forEach((t, d) => close(t, a.equityChange[d], 1e-12));
});

test("attribution totals in the results add up to the run's equity change", () => {
  const t = run().analyse().attributionTotals;
  close(t.stock_specific, 202.98019801980203);
  close(t.sector, 97.01980198019797);
  close(t.hedge, -85);
  close(t.costs, -17.5);
  close(t.borrow, -3.022);
  close(t.interest, 5.9950491349825);
  close(t.total, 200.473049134987);
  close(t.equity_change, 200.473049134987);
  assert.ok(t.max_relative_residual < 1e-12, String(t.max_relative_residual));
});

// Hedge effectiveness on days 1-3 (gross at the previous close 15,000, 15,150, 15,050):
//   basket b = 250/15,000, -300/15,150, 350/15,050; hedge h = -20/15,000, 20/15,150, -40/15,050.
//   std(b) * sqrt(252) = 0.368170, std(h) * sqrt(252) = 0.032156, std(b + h) * sqrt(252) = 0.336651,
//   corr(b, h) = -0.981907, 1 - var(b + h) / var(b) = 0.163891.
// Beta hedge: basket = stocks + XLK = 230, -280, 310; hedge = SPY -30, 45, -60, same denominators:
//   0.336651, 0.056887, 0.280598, -0.987790, 0.305278.
test('hedge effectiveness per sector, for the book and for the beta hedge matches the hand calculation', () => {
  const he = run().analyse().hedgeEffectiveness;
  const tech = he.sectors.Technology;
  assert.equal(tech.etf, 'XLK');
  assert.equal(tech.days, 3);
  close(tech.basket_volatility, 0.36816954455616785);
  close(tech.hedge_volatility, 0.03215591171383003);
  close(tech.tracking_error, 0.33665051650898437);
  close(tech.correlation, -0.9819066197835956);
  close(tech.variance_reduction, 0.16389109349591013);
  // One sector holds every stock, so the book's figures are the sector's.
  close(he.book.tracking_error, tech.tracking_error);
  close(he.book.variance_reduction, tech.variance_reduction);
  assert.equal(he.beta?.instrument, 'SPY');
  close(he.beta!.basket_volatility, 0.33665051650898437);
  close(he.beta!.hedge_volatility, 0.05688703715057963);
  close(he.beta!.tracking_error, 0.28059808777138645);
  close(he.beta!.correlation, -0.9877896390143768);
  close(he.beta!.variance_reduction, 0.3052783330100224);
});

test('a perfect hedge has zero tracking error, correlation -1 and removes all variance; no hedge removes none', () => {
  const b = [10, -20, 5, 30],
    den = [100, 100, 200, 100];
  const perfect = effectiveness(
    b,
    b.map((x) => -x),
    den,
  );
  close(perfect.tracking_error, 0, 1e-15);
  close(perfect.correlation, -1);
  close(perfect.variance_reduction, 1);
  const none = effectiveness(b, [0, 0, 0, 0], den);
  assert.ok(Number.isNaN(none.correlation));
  assert.equal(none.variance_reduction, 0);
  close(none.tracking_error, none.basket_volatility);
  // A zero denominator (not held) drops the day.
  assert.equal(effectiveness(b, b, [100, 0, 100, 100]).days, 3);
});

test('without a beta hedge there is no beta figure; without a sector hedge the sector hedge removes nothing', () => {
  const he = run({ enable_beta_hedge: false, enable_sector_hedge: false }).analyse().hedgeEffectiveness;
  assert.equal(he.beta, null);
  assert.equal(he.sectors.Technology.variance_reduction, 0);
  close(he.sectors.Technology.tracking_error, he.sectors.Technology.basket_volatility);
});

test('bootstrap with i.i.d. draws of two returns: the CAGR interval runs from two down days to two up days', () => {
  // Paths are (+1 %, +1 %), mixed, or (-1 %, -1 %) with probabilities 1/4, 1/2, 1/4; the
  // 2.5 % and 97.5 % percentiles of 2,000 samples fall on the extremes.
  const r = [0.01, -0.01];
  const ci = confidenceIntervals(r, r, { seed: 7, samples: 2000, blockDays: 1 });
  close(ci.cagr.lower, 0.99 ** 252 - 1);
  close(ci.cagr.upper, 1.01 ** 252 - 1);
  close(ci.cagr.estimate, (1.01 * 0.99) ** 126 - 1);
  close(ci.annual_volatility.lower, 0, 1e-15);
  close(ci.max_drawdown.lower, 0.99 * 0.99 - 1);
  close(ci.max_drawdown.upper, 0, 1e-15);
  // The same series on both sides: every Sharpe difference is 0 (or NaN, dropped).
  assert.equal(ci.sharpe_difference.lower, 0);
  assert.equal(ci.sharpe_difference.upper, 0);
});

test('bootstrap with blocks longer than the run: every path is a rotation, so CAGR and volatility do not move', () => {
  // Rotations of (+10 %, -20 %, +5 %, +10 %) keep the product and the spread. Drawdowns by
  // hand: every rotation's worst fall is the -20 % day itself (+5 % and +10 % after it only
  // recover), so the drawdown interval is the single point -20 %.
  const r = [0.1, -0.2, 0.05, 0.1];
  const ci = confidenceIntervals(r, [0, 0, 0, 0], { seed: 3, samples: 200, blockDays: 1e6 });
  const cagr = (1.1 * 0.8 * 1.05 * 1.1) ** 63 - 1;
  close(ci.cagr.lower, cagr);
  close(ci.cagr.upper, cagr);
  close(ci.annual_volatility.lower, ci.annual_volatility.estimate);
  close(ci.annual_volatility.upper, ci.annual_volatility.estimate);
  close(ci.max_drawdown.lower, -0.2);
  close(ci.max_drawdown.upper, -0.2);
});

test('the bootstrap is reproducible from its seed and changes with it', () => {
  const r = Array.from({ length: 300 }, (_, i) => Math.sin(i * 1.7) * 0.01 + 0.0004);
  const u = r.map((x, i) => x * 1.5 + Math.cos(i) * 0.002);
  const opts = { seed: 42, samples: 300, blockDays: 10 };
  const a = confidenceIntervals(r, u, opts),
    b = confidenceIntervals(r, u, opts);
  assert.deepEqual(a, b);
  const c = confidenceIntervals(r, u, { ...opts, seed: 43 });
  assert.notEqual(a.sharpe_ratio.lower, c.sharpe_ratio.lower);
  assert.ok(a.sharpe_ratio.lower < a.sharpe_ratio.estimate && a.sharpe_ratio.estimate < a.sharpe_ratio.upper);
  assert.ok(a.max_drawdown.lower <= a.max_drawdown.upper && a.max_drawdown.upper <= 0);
});

test('paths drawn ahead (as the side thread does during a run) give exactly the intervals drawn as it goes', () => {
  const r = Array.from({ length: 300 }, (_, i) => Math.sin(i * 1.3) * 0.01 + 0.0002);
  const u = r.map((x, i) => x * 1.4 - Math.cos(i) * 0.003);
  const opts = { seed: 9, samples: 250, blockDays: 7, riskFreeDaily: 0.0001 };
  const paths = bootstrapPaths(r.length, opts);
  assert.equal(paths.length, 250 * 300);
  assert.deepEqual(confidenceIntervals(r, u, opts, paths), confidenceIntervals(r, u, opts));
  // Paths of another length (another run's days) are not used.
  assert.deepEqual(confidenceIntervals(r, u, opts, bootstrapPaths(299, opts)), confidenceIntervals(r, u, opts));
  // The paths are the generator's draws: another seed gives other paths.
  assert.notDeepEqual(bootstrapPaths(r.length, { ...opts, seed: 10 }), paths);
});

test('stationary bootstrap paths are blocks of consecutive days with mean length blockDays', () => {
  const n = 1000,
    L = 8,
    idx = new Int32Array(200_000);
  stationaryIndices(n, L, xoroshiro128plus(5), idx);
  let breaks = 0;
  for (let k = 1; k < idx.length; k++) if (idx[k] !== (idx[k - 1] + 1) % n) breaks++;
  // A new block starts with probability 1/L (and lands on the next day 1/n of the time).
  const mean = idx.length / (breaks + 1);
  assert.ok(Math.abs(mean - L) < 0.2, String(mean));
});

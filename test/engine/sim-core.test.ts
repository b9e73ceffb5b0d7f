// Backtester mechanics: accounting identity, an independent ledger, costs and borrow,
// sizing, execution delay, carried prices, orders, progress and cancellation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Backtester, CancelledError, BacktestError } from '../../engine/backtest';
import type { BacktestResults } from '../../engine/results';
import { dated, makeMapping, makeTable, memoryData, syntheticMarket } from '../fixtures/sim/tables';

function rel(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(1, Math.abs(b));
}

/** equity = cash + sum(shares * price) on every day, from the position history. */
function assertIdentity(res: BacktestResults): void {
  const eq = res.getEquityCurve();
  const pos = res.getPositionHistory();
  assert.equal(eq.length, pos.length);
  eq.forEach((e, d) => {
    assert.equal(pos[d].date, e.date);
    const held = pos[d].rows.reduce((s, p) => s + p.shares * p.price, 0);
    assert.ok(rel(e.cash + held, e.equity) < 1e-9, `${e.date}: cash ${e.cash} + positions ${held} != equity ${e.equity}`);
    assert.ok(rel(e.longValue + e.shortValue, e.stockValue + e.hedgeValue) < 1e-9, e.date);
  });
}

test('accounting identity holds every day with costs, borrow, interest, sector and beta hedges', () => {
  const mkt = syntheticMarket({ stocks: 40, days: 320, seed: 3 });
  for (const method of ['etf', 'proportional'] as const) {
    const res = new Backtester(
      {
        initial_cash: 5_000_000,
        use_case: 2,
        inputs: { signals: mkt.signals },
        start_date: mkt.table.dates[140],
        enable_sector_hedge: true,
        sector_hedge_method: method,
        enable_beta_hedge: true,
        stock_costs: { commission_bps: 5, commission_per_share: 0.005, min_commission: 1, slippage_bps: 5 },
        etf_costs: { commission_bps: 1, slippage_bps: 1 },
        borrow_rate_annual: 0.01,
        cash_rate_annual: 0.02,
      },
      memoryData(mkt.table, mkt.mapping),
    ).run();
    assertIdentity(res);
    assert.ok(res.getTrades().length > 100, method);
    const c = res.calculateMetrics().totalCosts;
    assert.ok(c.stocks > 0 && c.hedges > 0 && c.borrow > 0, JSON.stringify(c));
  }
});

test('a zero-cost, no-hedge run reconciles with an independent ledger replayed from getTrades() to 1e-9', () => {
  const mkt = syntheticMarket({ stocks: 25, days: 260, seed: 11 });
  // One stock stops trading for good partway: it must be valued at its last price.
  const gone = mkt.table.index.get('S004')!;
  for (let t = 200; t < mkt.table.dates.length; t++) mkt.table.columns[gone][t] = NaN;
  const res = new Backtester(
    { initial_cash: 1_000_000, use_case: 2, inputs: { signals: mkt.signals } },
    memoryData(mkt.table, mkt.mapping),
  ).run();
  const trades = res.getTrades();
  const eq = res.getEquityCurve();
  let cash = 1_000_000,
    k = 0;
  const shares = new Map<string, number>(),
    last = new Map<string, number>();
  eq.forEach((e) => {
    const t = mkt.table.dates.indexOf(e.date);
    for (const [tk, j] of mkt.table.index) {
      const p = mkt.table.columns[j][t];
      if (p > 0) last.set(tk, p);
    }
    for (; k < trades.length && trades[k].date === e.date; k++) {
      const tr = trades[k];
      assert.equal(tr.price, mkt.table.columns[mkt.table.index.get(tr.ticker)!][t], 'zero-cost fills at the close');
      cash -= tr.quantity * tr.price;
      shares.set(tr.ticker, (shares.get(tr.ticker) ?? 0) + tr.quantity);
    }
    let value = cash;
    for (const [tk, s] of shares) value += s * last.get(tk)!;
    assert.ok(Math.abs(value - e.equity) / e.equity < 1e-9, `${e.date}: ledger ${value} vs engine ${e.equity}`);
    assert.ok(Math.abs(cash - e.cash) / e.equity < 1e-9, `${e.date}: cash`);
  });
  assert.equal(k, trades.length, 'every trade dated within the run');
  assert.ok(trades.length > 50);
  const carried = res.getWarnings().find((w) => w.code === 'carried-price' && w.ticker === 'S004');
  assert.ok(carried && carried.count! > 0, 'carried-forward days of S004 reported');
});

test('costs and borrow: fills against the trader, bps + per-share with a floor, borrow and interest accrue daily', () => {
  const dates = ['2024-01-02', '2024-01-03', '2024-01-04'];
  const table = makeTable(dates, { AAA: [100, 100, 100], XLK: [50, 50, 50] });
  const mapping = makeMapping([['AAA', 'Technology']]);
  const res = new Backtester(
    {
      initial_cash: 100_000,
      use_case: 1,
      inputs: { weights: { '2024-01-01': { AAA: -0.5 } } },
      enable_sector_hedge: true,
      stock_costs: { commission_bps: 10, commission_per_share: 0.01, min_commission: 1, slippage_bps: 20 },
      etf_costs: { commission_bps: 1, min_commission: 7 },
      borrow_rate_annual: 0.252,
      cash_rate_annual: 0.0252,
    },
    memoryData(table, mapping),
  ).run();
  const [sell, hedge] = res.getTrades();
  // Short 500 AAA: fill 100 * (1 - 0.002) = 99.8; commission 500 * 99.8 * 10bp + 500 * 0.01 = 49.9 + 5.
  assert.equal(sell.quantity, -500);
  assert.ok(Math.abs(sell.price - 99.8) < 1e-12);
  assert.ok(Math.abs(sell.notional + 49_900) < 1e-9);
  assert.ok(Math.abs(sell.commission - 54.9) < 1e-9);
  assert.ok(Math.abs(sell.slippage - 100) < 1e-9);
  // Hedge: tech is -50,000 at the close -> buy 1,000 XLK @ 50; 1bp = 5 < floor 7.
  assert.deepEqual([hedge.ticker, hedge.quantity, hedge.price, hedge.commission, hedge.reason], ['XLK', 1000, 50, 7, 'sector_hedge']);
  const eq = res.getEquityCurve();
  // Day 0: cash 100,000 + 49,900 - 54.9 - 50,000 - 7 = 99,838.1.
  assert.ok(Math.abs(eq[0].cash - 99_838.1) < 1e-9);
  assert.ok(Math.abs(eq[0].equity - 99_838.1) < 1e-9);
  // Day 1: interest 99,838.1 * 0.0252 / 252 = 9.98381; borrow 50,000 * 0.252 / 252 = 50 (the long ETF pays none).
  const c1 = 99_838.1 + 9.98381 - 50;
  assert.ok(Math.abs(eq[1].cash - c1) < 1e-9);
  const c2 = c1 + c1 * 0.0001 - 50;
  assert.ok(Math.abs(eq[2].cash - c2) < 1e-9);
  const m = res.calculateMetrics();
  assert.ok(Math.abs(m.totalCosts.stocks - 154.9) < 1e-9);
  assert.equal(m.totalCosts.hedges, 7);
  assert.ok(Math.abs(m.totalCosts.borrow - 100) < 1e-9);
  // Unhedged equity: same stock trades, no hedge: cash 149,845.1 then interest and borrow.
  const u = res.toJSON().series.unhedgedEquity;
  assert.ok(Math.abs(u[0] - (149_845.1 - 50_000)) < 1e-9);
  assert.ok(Math.abs(u[1] - (149_845.1 * 1.0001 - 50 - 50_000)) < 1e-9);
});

test('signals are sized as signal / sum|signal| * gross_leverage, optionally demeaned first', () => {
  const dates = ['2024-01-02', '2024-01-03'];
  const table = makeTable(dates, { A: [10, 10], B: [10, 10], C: [10, 10] });
  const mapping = makeMapping([
    ['A', 'X'],
    ['B', 'X'],
    ['C', 'X'],
  ]);
  const signals = { '2024-01-01': { A: 2, B: -1, C: 1 } };
  const shares = (extra: object) =>
    new Backtester({ initial_cash: 1_000_000, use_case: 'signals', inputs: { signals }, ...extra }, memoryData(table, mapping))
      .run()
      .getTrades()
      .map((t) => [t.ticker, t.quantity]);
  // 2/4 * 1.5 = 0.75 -> 75,000 sh; -0.375; 0.375.
  assert.deepEqual(shares({ gross_leverage: 1.5 }), [
    ['A', 75_000],
    ['B', -37_500],
    ['C', 37_500],
  ]);
  // mean 2/3: 4/3, -5/3, 1/3; sum|.| = 10/3 -> 0.4, -0.5, 0.1.
  assert.deepEqual(shares({ demean_signals: true }), [
    ['A', 40_000],
    ['B', -50_000],
    ['C', 10_000],
  ]);
});

test('execution_delay_days: 1 trades the next close, 2 two days later, 0 the same close with a look-ahead warning', () => {
  const dates = ['2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05'];
  const table = makeTable(dates, { A: [10, 11, 12, 13] });
  const mapping = makeMapping([['A', 'X']]);
  const go = (delay: number) =>
    new Backtester(
      { initial_cash: 1200, use_case: 1, execution_delay_days: delay, inputs: { weights: { '2024-01-03': { A: 1 } } } },
      memoryData(table, mapping),
    ).run();
  const r1 = go(1),
    r2 = go(2),
    r0 = go(0);
  assert.deepEqual(
    r1.getTrades().map((t) => [t.date, t.quantity]),
    [['2024-01-04', 100]],
  );
  assert.deepEqual(
    r2.getTrades().map((t) => [t.date, t.quantity]),
    [['2024-01-05', 92]],
  );
  assert.deepEqual(
    r0.getTrades().map((t) => [t.date, t.quantity]),
    [['2024-01-03', 109]],
  );
  assert.ok(r0.getWarnings().some((w) => w.code === 'look-ahead'));
  assert.ok(!r1.getWarnings().some((w) => w.code === 'look-ahead'));
});

test('orders (use case 3) trade at the close of their own date; a ticker without a price that day cannot trade', () => {
  const dates = ['2024-01-02', '2024-01-03', '2024-01-04'];
  const table = makeTable(dates, { A: [10, 11, 12], B: [20, null, 22] });
  const mapping = makeMapping([
    ['A', 'X'],
    ['B', 'X'],
  ]);
  const res = new Backtester(
    {
      initial_cash: 10_000,
      use_case: 3,
      inputs: {
        orders: [
          { date: '2024-01-02', ticker: 'B', quantity: 10 },
          { date: '2024-01-03', ticker: 'A', quantity: 100 },
          { date: '2024-01-03', ticker: 'B', quantity: 5 },
        ],
      },
    },
    memoryData(table, mapping),
  ).run();
  assert.deepEqual(
    res.getTrades().map((t) => [t.date, t.ticker, t.quantity, t.price, t.reason]),
    [
      ['2024-01-02', 'B', 10, 20, 'order'],
      ['2024-01-03', 'A', 100, 11, 'order'],
    ],
  );
  const eq = res.getEquityCurve();
  // Day 1: B has no price: valued at 20 (carried), so equity = 10,000 - 200 - 1,100 + 1,100 + 200.
  assert.equal(eq[1].equity, 10_000);
  assert.equal(eq[2].equity, 10_000 - 200 - 1_100 + 1_200 + 220);
  const w = res.getWarnings();
  assert.equal(w.find((x) => x.code === 'no-price-no-trade')?.ticker, 'B');
  assert.equal(w.find((x) => x.code === 'carried-price')?.count, 1);
});

test('weekly and monthly rebalance frequencies re-size to the latest targets on schedule only', () => {
  const mkt = syntheticMarket({ stocks: 10, days: 90, seed: 5 });
  const daysWithTrades = (freq: string) =>
    new Set(
      new Backtester({ use_case: 2, inputs: { signals: mkt.signals }, rebalance_frequency: freq }, memoryData(mkt.table, mkt.mapping))
        .run()
        .getTrades()
        .map((t) => t.date),
    );
  const monthly = daysWithTrades('monthly');
  for (const d of monthly) {
    const i = mkt.table.dates.indexOf(d);
    assert.ok(i === 0 || mkt.table.dates[i - 1].slice(0, 7) !== d.slice(0, 7), `${d} is the first trading day of its month`);
  }
  assert.ok(daysWithTrades('weekly').size > monthly.size);
});

test('progress reaches 1; returning false cancels the run: it throws CancelledError and returns nothing', () => {
  const mkt = syntheticMarket({ stocks: 10, days: 200, seed: 9 });
  const bt = new Backtester(
    { use_case: 2, inputs: { signals: mkt.signals }, enable_sector_hedge: true },
    memoryData(mkt.table, mkt.mapping),
  );
  const seen: number[] = [];
  bt.run({
    onProgress: (f) => {
      seen.push(f);
    },
  });
  assert.equal(seen.at(-1), 1);
  assert.ok(seen.every((f, i) => i === 0 || f > seen[i - 1]));
  let result: unknown = 'untouched';
  let stoppedAt = 0;
  assert.throws(
    () => {
      result = bt.run({
        onProgress: (f) => {
          stoppedAt = f;
          return f < 0.5;
        },
      });
    },
    (err: unknown) => err instanceof CancelledError && err.name === 'CancelledError',
  );
  assert.equal(result, 'untouched');
  assert.ok(stoppedAt >= 0.5 && stoppedAt < 0.6);
});

test('bad runs fail with a message that names the fix', () => {
  const mkt = syntheticMarket({ stocks: 5, days: 30 });
  const data = memoryData(mkt.table, mkt.mapping);
  assert.throws(
    () => new Backtester({ use_case: 2, inputs: { signals: mkt.signals }, start_date: '2030-01-01' }, data).run(),
    (e: unknown) => e instanceof BacktestError && e.code === 'empty-range' && /Fix: choose start_date/.test(e.message),
  );
  assert.throws(
    () => new Backtester({ use_case: 2 }, data).run(),
    (e: unknown) => e instanceof BacktestError && e.code === 'missing-input',
  );
  assert.throws(
    () => new Backtester({ use_case: 2, inputs: { signals: mkt.signals }, hedge_group_column: 'industry' }, data).run(),
    (e: unknown) => e instanceof BacktestError && /hedge_group_column "industry"/.test(e.message),
  );
  assert.throws(
    () => new Backtester({ use_case: 7 }, data),
    (e: unknown) => e instanceof BacktestError && e.code === 'bad-use-case',
  );
  // Signals for a ticker that has no price column are reported once, not crashed on.
  const res = new Backtester({ use_case: 2, inputs: { signals: dated({ '2020-01-01': { S000: 1, NOPE: 1 } }) } }, data).run();
  assert.equal(res.getWarnings().filter((w) => w.code === 'unknown-ticker').length, 1);
});

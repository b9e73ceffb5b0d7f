// Issue 13, class 2 in the library: equity at or below zero stops a run (or marks every
// metric invalid), the day's losses named add up to the day's equity change, turnover is
// never negative, and targets outside -1..1 at run time are refused or clamped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Backtester } from '../../engine/backtest';
import { BacktestError } from '../../engine/backtest/errors';
import { makeMapping, makeTable, memoryData } from '../fixtures/sim/tables';

const dates = ['2021-06-14', '2021-06-15', '2021-06-16', '2021-06-17', '2021-06-18'];
// BBB: a price typo on the 16th (1000x), back on the 17th.
const table = () =>
  makeTable(dates, {
    AAA: [100, 101, 102, 103, 104],
    BBB: [50, 51, 51000, 52, 53],
    XLK: [140, 141, 142, 143, 144],
    SPY: [400, 401, 402, 403, 404],
  });
const mapping = makeMapping([
  ['AAA', 'Technology'],
  ['BBB', 'Technology'],
]);
const shortBbb = {
  initial_cash: 1e6,
  use_case: 3 as const,
  inputs: {
    orders: [
      { date: '2021-06-14', ticker: 'AAA', quantity: 4000 },
      { date: '2021-06-14', ticker: 'BBB', quantity: -4000 },
    ],
  },
  bootstrap_samples: 0,
};

test('equity at or below zero stops the run naming the day and the largest loss', () => {
  assert.throws(
    () => new Backtester(shortBbb, memoryData(table(), mapping)).run(),
    (e: unknown) => {
      assert.ok(e instanceof BacktestError);
      assert.equal(e.code, 'bankrupt');
      assert.equal(e.path, 'on_bankruptcy');
      // -202,792,000 = 1,000,000 + AAA's +4,000 (4000 x 101 -> 102) + BBB's -203,796,000: the named loss is the day's move.
      assert.match(
        e.message,
        /^Equity fell to -\$202,792,000 on 2021-06-16 \(\$1,000,000 at the previous close\); the largest losses that day: BBB -\$203,796,000 \(short 4000 shares, price 51 -> 51000\)\./,
      );
      assert.match(e.fix ?? '', /check BBB around 2021-06-16/);
      return true;
    },
  );
});

test('on_bankruptcy "continue": the run finishes, every performance metric is NaN with the reason, turnover is not negative', () => {
  const res = new Backtester({ ...shortBbb, on_bankruptcy: 'continue' }, memoryData(table(), mapping)).run();
  const m = res.calculateMetrics();
  assert.equal(m.invalid?.code, 'bankrupt');
  assert.equal(m.invalid?.date, '2021-06-16');
  for (const k of [
    'totalReturn',
    'cagr',
    'annualVolatility',
    'sharpeRatio',
    'sortinoRatio',
    'maxDrawdown',
    'calmarRatio',
    'turnover',
    'realisedBeta',
  ] as const)
    assert.ok(Number.isNaN(m[k]), k);
  // Facts stay: the two orders and their (zero) costs.
  assert.equal(m.tradeCount, 2);
  assert.equal(res.getWarnings().filter((w) => w.code === 'bankrupt').length, 1);
  const j = res.toJSON();
  assert.equal(j.metrics.invalid?.date, '2021-06-16');
  assert.equal(j.metrics.sharpeRatio, null);
});

test("an absurd commission (min_commission 1e7 through the library) is named as the day's trading costs", () => {
  // The schema bounds min_commission at 100,000; the library's plain-object options are only checked to be finite.
  const cfg = { ...shortBbb, stock_costs: { min_commission: 1e7 } };
  assert.throws(
    () => new Backtester(cfg, memoryData(table(), mapping)).run(),
    /Equity fell to -\$19,000,000 on 2021-06-14 \(\$1,000,000 at the previous close\); the largest losses that day: (AAA|BBB) -\$10,000,000 \(trading costs \$10,000,000\), (AAA|BBB) -\$10,000,000/,
  );
});

test('turnover is never negative: NaN when mean equity is at or below zero', () => {
  // A run that ends deep below zero: mean equity negative.
  const t = makeTable(dates, {
    AAA: [100, 101, 102, 103, 104],
    BBB: [50, 5000, 5000, 5000, 5000],
    XLK: [140, 141, 142, 143, 144],
    SPY: [400, 401, 402, 403, 404],
  });
  const res = new Backtester({ ...shortBbb, on_bankruptcy: 'continue' }, memoryData(t, mapping)).run();
  const eq = [...res.record.equity];
  assert.ok(eq.reduce((a, b) => a + b, 0) < 0, 'mean equity is negative');
  assert.ok(!(res.calculateMetrics().turnover < 0));
});

test('an expression target outside -1..1 at run time stops the run, or is clamped with a warning', () => {
  const cfg = {
    initial_cash: 1e6,
    use_case: 1 as const,
    enable_sector_hedge: true,
    inputs: { weights: { '2021-06-14': { AAA: 0.5, BBB: 0.3 } } },
    sector_target_exposures: { Technology: 'days_since_start * 0.6' },
    rebalance_frequency: 'daily' as const,
    bootstrap_samples: 0,
  };
  const t = makeTable(dates, {
    AAA: [100, 101, 102, 103, 104],
    BBB: [50, 51, 52, 53, 54],
    XLK: [140, 141, 142, 143, 144],
    SPY: [400, 401, 402, 403, 404],
  });
  assert.throws(
    () => new Backtester(cfg, memoryData(t, mapping)).run(),
    (e: unknown) => {
      assert.ok(e instanceof BacktestError);
      assert.equal(e.code, 'target-value-out-of-range');
      assert.equal(e.path, 'sector_target_exposures.Technology');
      assert.match(e.message, /The target of Technology \("days_since_start \* 0\.6"\) gives 1\.2 on 2021-06-16, which is outside -1\.\.1/);
      return true;
    },
  );
  const res = new Backtester({ ...cfg, on_target_out_of_range: 'clamp' }, memoryData(t, mapping)).run();
  const w = res.getWarnings().find((x) => x.code === 'target-clamped');
  assert.ok(w);
  assert.equal(w.count, 3, 'clamped on the 16th, 17th and 18th');
  const tech = res.toJSON().sectors.find((s) => s.name === 'Technology')!;
  assert.deepEqual(
    tech.target.map((x) => Math.round(x * 10) / 10),
    [0, 0.6, 1, 1, 1],
  );
});

test('a number target outside -1..1 given to the library is refused (stop) or clamped (clamp)', () => {
  const cfg = {
    initial_cash: 1e6,
    use_case: 1 as const,
    enable_sector_hedge: true,
    inputs: { weights: { '2021-06-14': { AAA: 0.5 } } },
    sector_target_exposures: { Technology: 15 },
    bootstrap_samples: 0,
  };
  const t = makeTable(dates, {
    AAA: [100, 101, 102, 103, 104],
    BBB: [50, 51, 52, 53, 54],
    XLK: [140, 141, 142, 143, 144],
    SPY: [400, 401, 402, 403, 404],
  });
  assert.throws(() => new Backtester(cfg, memoryData(t, mapping)).run(), /The target 15 of Technology is outside -1\.\.1/);
  const res = new Backtester({ ...cfg, on_target_out_of_range: 'clamp' }, memoryData(t, mapping)).run();
  assert.ok(res.getWarnings().some((x) => x.code === 'target-clamped'));
});

test('weights beyond a gross of 10x equity and orders beyond 100x the capital are refused', () => {
  const t = makeTable(dates, {
    AAA: [100, 101, 102, 103, 104],
    BBB: [50, 51, 52, 53, 54],
    XLK: [140, 141, 142, 143, 144],
    SPY: [400, 401, 402, 403, 404],
  });
  assert.throws(
    () =>
      new Backtester(
        { initial_cash: 1e6, use_case: 1, inputs: { weights: { '2021-06-14': { AAA: 6, BBB: -5 } } } },
        memoryData(t, mapping),
      ).run(),
    (e: unknown) => e instanceof BacktestError && e.code === 'weights-leverage' && /gross of 11x equity \(largest: AAA 6\)/.test(e.message),
  );
  // 10x exactly is allowed.
  new Backtester(
    { initial_cash: 1e6, use_case: 1, inputs: { weights: { '2021-06-14': { AAA: 5, BBB: -5 } } }, bootstrap_samples: 0 },
    memoryData(t, mapping),
  ).run();
  assert.throws(
    () =>
      new Backtester(
        { initial_cash: 1e6, use_case: 3, inputs: { orders: [{ date: '2021-06-15', ticker: 'AAA', quantity: 1e6 }] } },
        memoryData(t, mapping),
      ).run(),
    (e: unknown) => e instanceof BacktestError && e.code === 'order-too-large' && /on 2021-06-15/.test(e.message),
  );
  assert.throws(
    () =>
      new Backtester(
        { initial_cash: 1e6, use_case: 4, inputs: { positions: { '2021-06-15': { AAA: 1e7 } } } },
        memoryData(t, mapping),
      ).run(),
    (e: unknown) => e instanceof BacktestError && e.code === 'position-too-large' && /AAA shares on 2021-06-15/.test(e.message),
  );
});

// Wide signal/weight files skip DatedValues: the backtester schedules them straight from
// the columns (engine/backtest/inputs.ts scheduleWideTargets). The schedule and the
// warnings must be exactly those of the general path (parseDatedValues + scheduleTargets).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { parsePricesCsv } from '../../engine/data/prices';
import { parseDatedValues } from '../../engine/data/datedValues';
import { parseWideFast } from '../../engine/data/fastPrices';
import { isIsoDate } from '../../engine/data/csv';
import { DataManager } from '../../engine/data/manager';
import { scheduleTargets, scheduleWideTargets } from '../../engine/backtest/inputs';
import { WarningLog } from '../../engine/backtest/warnings';
import { Backtester } from '../../engine/backtest';

const DATES = ['2023-01-02', '2023-01-03', '2023-01-04', '2023-01-05', '2023-01-06', '2023-01-09', '2023-01-10'];
const table = parsePricesCsv(
  ['date,AAA,BBB,CCC', ...DATES.map((d, i) => `${d},${10 + i},${20 + i},${i % 3 ? 30 + i : ''}`)].join('\n'),
  'prices.csv',
);

function plain(s: ReturnType<typeof scheduleTargets>) {
  return [...s.byDay].map(([day, v]) => [day, Array.from(v.tickers), Array.from(v.values), v.sourceDate]);
}

test('wide schedule = general schedule (dates out of order, unknown tickers, empty cells, delays, run range)', () => {
  const arb = fc.record({
    cols: fc.uniqueArray(fc.constantFrom('AAA', 'BBB', 'CCC', 'ZZZ', 'YYY'), { minLength: 1, maxLength: 5 }),
    rows: fc.uniqueArray(
      fc.record({
        date: fc.constantFrom('2022-12-30', ...DATES, '2023-01-07', '2023-01-11'),
        cells: fc.array(fc.constantFrom('', '1', '-2.5', '0', '0.125'), { minLength: 5, maxLength: 5 }),
      }),
      { selector: (r) => r.date, minLength: 1, maxLength: 8 },
    ),
    delay: fc.integer({ min: 0, max: 2 }),
    i0: fc.integer({ min: 0, max: 3 }),
    i1: fc.integer({ min: 3, max: 6 }),
  });
  fc.assert(
    fc.property(arb, ({ cols, rows, delay, i0, i1 }) => {
      const text = ['date,' + cols.join(','), ...rows.map((r) => `${r.date},${r.cells.slice(0, cols.length).join(',')}`)].join('\n') + '\n';
      const wide = parseWideFast(text, isIsoDate, { positive: false, ascending: false });
      assert.ok(wide, 'plain wide file takes the fast path');
      const w1 = new WarningLog(),
        w2 = new WarningLog();
      const general = scheduleTargets(parseDatedValues(text, 's.csv'), table, i0, i1, delay, 'signal', w1);
      const fast = scheduleWideTargets(wide, table, i0, i1, delay, 'signal', w2);
      assert.deepEqual(plain(fast), plain(general));
      assert.deepEqual(w2.list(), w1.list());
    }),
    { numRuns: 400, seed: 8 },
  );
});

test('a run from a wide signals file gives the same results with and without the column path', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'perf-wide-'));
  try {
    const days = 60;
    const dates: string[] = [];
    for (let t = new Date('2023-01-02T00:00:00Z'); dates.length < days; t.setUTCDate(t.getUTCDate() + 1))
      if (t.getUTCDay() % 6) dates.push(t.toISOString().slice(0, 10));
    const names = ['AAA', 'BBB', 'CCC', 'DDD', 'XLK', 'XLV', 'SPY'];
    const px = dates.map((d, i) => `${d},${names.map((_, j) => (100 + j * 7 + Math.sin(i * (j + 1) * 0.7) * 3).toFixed(2)).join(',')}`);
    writeFileSync(path.join(dir, 'prices.csv'), ['date,' + names.join(','), ...px].join('\n') + '\n');
    writeFileSync(path.join(dir, 'sector_mapping.csv'), 'ticker,sector\nAAA,Technology\nBBB,Technology\nCCC,Healthcare\nDDD,Healthcare\n');
    // Rows newest first, a ticker with no price column, gaps.
    const sig = dates
      .slice(5)
      .reverse()
      .map(
        (d, i) => `${d},${Math.cos(i).toFixed(3)},${i % 4 ? (-Math.sin(i)).toFixed(3) : ''},${(0.5 - (i % 3) * 0.4).toFixed(2)},-0.3,0.7`,
      );
    writeFileSync(path.join(dir, 'signals.csv'), ['date,AAA,BBB,CCC,DDD,QQQ', ...sig].join('\n') + '\n');
    const config = {
      initial_cash: 1_000_000,
      use_case: 2,
      inputs: { signals: path.join(dir, 'signals.csv') },
      rebalance_frequency: 'daily',
      enable_sector_hedge: true,
      sector_etf_mapping: { Technology: 'XLK', Healthcare: 'XLV' },
      enable_beta_hedge: true,
      beta_lookback_days: 20,
      stock_costs: { commission_bps: 5, slippage_bps: 5 },
    };
    const fastDm = new DataManager(dir);
    assert.ok(fastDm.loadWideValues(path.join(dir, 'signals.csv')), 'the file takes the column path');
    const slowDm = new DataManager(dir);
    slowDm.loadWideValues = () => null;
    const strip = (j: ReturnType<ReturnType<Backtester['run']>['toJSON']>) => ({ ...j, meta: { ...j.meta, generatedAt: '' } });
    const a = strip(new Backtester(config, fastDm).run().toJSON());
    const b = strip(new Backtester(config, slowDm).run().toJSON());
    assert.ok(a.trades.length > 50, `the book trades (${a.trades.length})`);
    assert.ok(
      a.warnings.some((w) => w.code === 'unknown-ticker' && w.ticker === 'QQQ'),
      'the unknown ticker is reported',
    );
    assert.deepEqual(a, b);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

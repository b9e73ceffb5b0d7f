// Hedge construction building blocks, each against numbers worked out by hand: the borrow
// file loader, the point-in-time mapping, the per-holding sector beta and the proportional
// solve against the post-adjustment basis.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataError, parseBorrowCsv, parseSectorMappingCsv, mappingRowOn } from '../../engine/data';
import { RollingSectorBeta } from '../../engine/hedging/sectorBeta';
import { solveProportional } from '../../engine/hedging/proportionalSolve';
import { BorrowBook } from '../../engine/backtest/borrow';
import { GroupTimeline } from '../../engine/backtest/groupTimeline';
import { WarningLog } from '../../engine/backtest/warnings';
import { makeTable } from '../fixtures/sim/tables';

function throwsData(fn: () => unknown, code: string, line: number, column: number): DataError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof DataError, String(err));
    assert.equal(err.code, code, err.message);
    assert.equal(err.line, line, err.message);
    assert.equal(err.column, column, err.message);
    assert.ok(err.fix, 'has a fix');
    return err;
  }
  assert.fail(`expected ${code}`);
}

test('borrow file: rows sorted per ticker, empty available_shares = unlimited', () => {
  const t = parseBorrowCsv(
    'date,ticker,rate_annual,available_shares\n2024-01-04,AAA,0.504,\n2024-01-01,AAA,0.252,1000\n2024-01-01,BBB,0.01,40\n',
    'b.csv',
  );
  const a = t.byTicker.get('AAA')!;
  assert.deepEqual(a.dates, ['2024-01-01', '2024-01-04']);
  assert.deepEqual([...a.rates], [0.252, 0.504]);
  assert.equal(a.available[0], 1000);
  assert.ok(Number.isNaN(a.available[1]));
  assert.equal(t.byTicker.get('BBB')!.available[0], 40);
});

test('borrow file errors name line, column and the fix', () => {
  throwsData(() => parseBorrowCsv('date,ticker\n', 'b.csv'), 'borrow-header', 1, 1);
  throwsData(() => parseBorrowCsv('date,ticker,rate_annual\n2024-13-01,AAA,0.1\n', 'b.csv'), 'borrow-date', 2, 1);
  throwsData(() => parseBorrowCsv('date,ticker,rate_annual\n2024-01-02,AAA,-0.1\n', 'b.csv'), 'borrow-rate', 2, 16);
  throwsData(
    () => parseBorrowCsv('date,ticker,rate_annual,available_shares\n2024-01-02,AAA,0.1,lots\n', 'b.csv'),
    'borrow-available',
    2,
    20,
  );
  throwsData(() => parseBorrowCsv('date,ticker,rate_annual\n2024-01-02,AAA,0.1\n2024-01-02,AAA,0.2\n', 'b.csv'), 'borrow-duplicate', 3, 1);
});

test('borrow book: a row is in force from its date until the next row; rows before the start count on day one', () => {
  const dates = ['2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05'];
  const table = makeTable(dates, { AAA: [50, 50, 50, 50], XLK: [100, 100, 100, 100], ZZZ: [10, 10, 10, 10] });
  // AAA 25.2% from 2023-12-29 (before the run, so in force on day one), 50.4% from 01-04.
  const file = parseBorrowCsv(
    'date,ticker,rate_annual,available_shares\n2023-12-29,AAA,0.252,40\n2024-01-04,AAA,0.504,\n2024-01-01,GHOST,0.1,\n',
    'b.csv',
  );
  const w = new WarningLog();
  const book = new BorrowBook(table, 0, 3, { stockRate: 0.0252, etfRate: 0.00252 }, Uint8Array.from([0, 1, 0]), file, w);
  assert.ok(w.has('borrow-unknown-ticker:GHOST'));
  const stock = Float64Array.from([-100, 0, -10]),
    etf = Float64Array.from([0, -10, 0]),
    beta = new Float64Array(3);
  const px = Float64Array.from([50, 100, 10]);
  book.advance(0);
  assert.equal(book.rate[0], 0.252);
  assert.equal(book.available[0], 40);
  book.advance(1);
  // Day 1: AAA 100 * 50 = 5,000 * 0.252 / 252 = 5.00; XLK 1,000 * 0.00252 / 252 = 0.01; ZZZ 100 * 0.0252 / 252 = 0.01.
  let a = book.accrue(stock, etf, beta, px);
  assert.ok(Math.abs(a.total - 5.02) < 1e-12, String(a.total));
  assert.ok(Math.abs(a.stocks - 5.01) < 1e-12, String(a.stocks));
  book.advance(2);
  assert.equal(book.rate[0], 0.504);
  assert.ok(Number.isNaN(book.available[0]), 'the 01-04 row lifts the limit');
  a = book.accrue(stock, etf, beta, px);
  assert.ok(Math.abs(a.total - 10.02) < 1e-12);
  const byName = book.byName();
  assert.deepEqual(Object.keys(byName), ['AAA', 'XLK', 'ZZZ']);
  assert.ok(Math.abs(byName.AAA - 15) < 1e-12);
  assert.ok(Math.abs(byName.XLK - 0.02) < 1e-12);
});

test('borrow book cuts a short to the available shares and counts the warning per name', () => {
  const table = makeTable(['2024-01-02', '2024-01-03'], { AAA: [50, 50], BBB: [20, 20] });
  const file = parseBorrowCsv('date,ticker,rate_annual,available_shares\n2024-01-01,AAA,0.1,40\n2024-01-01,BBB,0.1,0\n', 'b.csv');
  const w = new WarningLog();
  const book = new BorrowBook(table, 0, 1, { stockRate: 0, etfRate: 0 }, new Uint8Array(2), file, w);
  book.advance(0);
  assert.equal(book.capShort(0, -100, '2024-01-02', w), -40);
  assert.equal(book.capShort(0, -30, '2024-01-02', w), -30);
  assert.equal(book.capShort(0, 500, '2024-01-02', w), 500);
  assert.equal(book.capShort(0, -41, '2024-01-03', w), -40);
  assert.equal(book.capShort(1, -5, '2024-01-03', w), 0);
  const list = w.list();
  assert.equal(list.find((x) => x.ticker === 'AAA')!.count, 2);
  assert.equal(list.find((x) => x.ticker === 'BBB')!.count, 1);
});

test('point-in-time mapping: several rows per ticker, inclusive ranges, errors for overlaps and bad dates', () => {
  const text = 'ticker,sector,valid_from,valid_to\nAAA,Technology,,2024-01-03\nAAA,Healthcare,2024-01-04,\nBBB,Technology,,\n';
  const m = parseSectorMappingCsv(text, 'm.csv');
  assert.equal(m.rows.length, 3);
  assert.deepEqual(
    m.history!.get('AAA')!.map((r) => r.values.sector),
    ['Technology', 'Healthcare'],
  );
  assert.equal(mappingRowOn(m, 'AAA', '2024-01-03')!.values.sector, 'Technology');
  assert.equal(mappingRowOn(m, 'AAA', '2024-01-04')!.values.sector, 'Healthcare');
  assert.equal(m.byTicker.get('AAA')!.values.sector, 'Healthcare', 'byTicker holds the latest row');
  throwsData(
    () => parseSectorMappingCsv('ticker,sector,valid_from,valid_to\nAAA,Tech,,2024-01-04\nAAA,Health,2024-01-04,\n', 'm.csv'),
    'mapping-overlap',
    3,
    12,
  );
  throwsData(() => parseSectorMappingCsv('ticker,sector,valid_from\nAAA,Tech,2024-02-30\n', 'm.csv'), 'mapping-date', 2, 10);
  throwsData(
    () => parseSectorMappingCsv('ticker,sector,valid_from,valid_to\nAAA,Tech,2024-02-03,2024-02-01\n', 'm.csv'),
    'mapping-date',
    2,
    21,
  );
  // Without the columns a second row is still an error.
  throwsData(() => parseSectorMappingCsv('ticker,sector\nAAA,Tech\nAAA,Health\n', 'm.csv'), 'duplicate-ticker', 3, 1);
});

test('group timeline moves a ticker to its new sector on the first trading day of its new row', () => {
  const dates = ['2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05', '2024-01-08'];
  const table = makeTable(dates, { AAA: [1, 1, 1, 1, 1], BBB: [1, 1, 1, 1, 1] });
  // AAA: Tech through Friday 01-05, Health from Saturday 01-06 (first trading day 01-08);
  // BBB: unmapped before 01-04.
  const m = parseSectorMappingCsv(
    'ticker,sector,valid_from,valid_to\nAAA,Technology,,2024-01-05\nAAA,Healthcare,2024-01-06,\nBBB,Technology,2024-01-04,\n',
    'm.csv',
  );
  const tl = new GroupTimeline(m, table, 'sector', 0, 4);
  assert.deepEqual(tl.groups, ['Technology', 'Healthcare']);
  const seen: number[][] = [];
  for (let t = 0; t < 5; t++) {
    tl.advance(t);
    seen.push([...tl.groupOf]);
  }
  assert.deepEqual(seen, [
    [0, -1],
    [0, -1],
    [0, 0],
    [0, 0],
    [1, 0],
  ]);
});

test('sector beta: a two-stock basket with betas 1.5 and 0.5 to its ETF has dollar beta 110,000 on 60,000 + 40,000', () => {
  // ETF returns +2%, -1% alternating; AAA returns exactly 1.5x, BBB 0.5x: OLS slopes 1.5 and 0.5.
  const days = 30;
  const etf = [100],
    a = [50],
    b = [20];
  for (let t = 1; t < days; t++) {
    const r = t % 2 ? 0.02 : -0.01;
    etf.push(etf[t - 1] * (1 + r));
    a.push(a[t - 1] * (1 + 1.5 * r));
    b.push(b[t - 1] * (1 + 0.5 * r));
  }
  const cols = [Float64Array.from(a), Float64Array.from(b), Float64Array.from(etf)];
  const sb = new RollingSectorBeta(cols, 126);
  sb.setRegressor(0, 2);
  sb.setRegressor(1, 2);
  sb.advance(19);
  assert.ok(Number.isNaN(sb.beta(0)), '19 returns: too few');
  sb.advance(20);
  assert.equal(sb.observations(0), 20);
  assert.ok(Math.abs(sb.beta(0) - 1.5) < 1e-9 && Math.abs(sb.beta(1) - 0.5) < 1e-9);
  for (let t = 21; t < days; t++) sb.advance(t);
  const dollarBeta = 60_000 * sb.beta(0) + 40_000 * sb.beta(1);
  assert.ok(Math.abs(dollarBeta - 110_000) < 1e-4, String(dollarBeta));
  // Moving AAA onto BBB as its "ETF": slope of 1.5x on 0.5x is 3, rebuilt from the window.
  sb.setRegressor(0, 1);
  sb.advance(days - 1);
  assert.ok(Math.abs(sb.beta(0) - 3) < 1e-9);
});

test('sector beta window: incremental sums equal a direct OLS over the last `lookback` returns', () => {
  const days = 90,
    L = 25;
  let s = 7;
  const rnd = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296 - 0.5;
  };
  const e = [100],
    y = [40];
  for (let t = 1; t < days; t++) {
    const x = 0.02 * rnd();
    e.push(e[t - 1] * (1 + x));
    y.push(y[t - 1] * (1 + 1.2 * x + 0.01 * rnd()));
  }
  const sb = new RollingSectorBeta([Float64Array.from(y), Float64Array.from(e)], L);
  sb.setRegressor(0, 1);
  for (let t = 0; t < days; t++) sb.advance(t);
  const xs: number[] = [],
    ys: number[] = [];
  for (let t = days - L; t < days; t++) {
    xs.push(e[t] / e[t - 1] - 1);
    ys.push(y[t] / y[t - 1] - 1);
  }
  const mx = xs.reduce((p, q) => p + q) / L,
    my = ys.reduce((p, q) => p + q) / L;
  let cov = 0,
    vx = 0;
  for (let i = 0; i < L; i++) {
    cov += (xs[i] - mx) * (ys[i] - my);
    vx += (xs[i] - mx) ** 2;
  }
  assert.ok(Math.abs(sb.beta(0) - cov / vx) < 1e-9, `${sb.beta(0)} vs ${cov / vx}`);
});

test('proportional solve: a +10% Technology tilt lands on target against the post-adjustment gross', () => {
  // Tech: AAA +60,000, BBB -20,000 -> E 40,000, G 80,000. Health: CCC +20,000, DDD -20,000 -> E 0.
  // B = 120,000. B' = (120,000 - 40,000^2 / 80,000) / (1 - 0.1 * 40,000 / 80,000) = 100,000 / 0.95 = 105,263.16
  // k = (0.1 * 105,263.16 - 40,000) / 80,000 = -0.368421: AAA 37,894.74, BBB -27,368.42
  // -> E' = 10,526.32 = 10% of B' = 37,894.74 + 27,368.42 + 40,000.
  const sol = solveProportional(
    Float64Array.from([40_000, 0]),
    Float64Array.from([80_000, 40_000]),
    Float64Array.from([0.1, 0]),
    Uint8Array.from([1, 1]),
    120_000,
    true,
  );
  assert.ok(Math.abs(sol.basis - 100_000 / 0.95) < 1e-6);
  assert.ok(Math.abs(sol.k[0] - -0.368421052631579) < 1e-12);
  assert.equal(sol.k[1], 0);
  const aaa = 60_000 * (1 + sol.k[0]),
    bbb = -20_000 * (1 - sol.k[0]);
  assert.ok(Math.abs((aaa + bbb) / (aaa - bbb + 40_000) - 0.1) < 1e-12);
  // NAV basis: trades move no equity, so the basis stays and k = (0.1 * 120,000 - 40,000) / 80,000 = -0.35.
  const nav = solveProportional(
    Float64Array.from([40_000, 0]),
    Float64Array.from([80_000, 40_000]),
    Float64Array.from([0.1, 0]),
    Uint8Array.from([1, 1]),
    120_000,
    false,
  );
  assert.equal(nav.basis, 120_000);
  assert.ok(Math.abs(nav.k[0] - -0.35) < 1e-12);
});

test('proportional solve never flips a sign: an all-long sector with a short target is closed and flagged', () => {
  // Tech all long 50,000, target -20%: k would be (-0.2 B' - 50,000) / 50,000 < -1; with no short to grow it is closed.
  // Health +30,000 / -20,000, target 0: k = -10,000 / 50,000 = -0.2 whatever the basis.
  const sol = solveProportional(
    Float64Array.from([50_000, 10_000]),
    Float64Array.from([50_000, 50_000]),
    Float64Array.from([-0.2, 0]),
    Uint8Array.from([1, 1]),
    100_000,
    true,
  );
  assert.equal(sol.capped[0], 1);
  assert.equal(sol.unreachable[0], 1);
  assert.equal(sol.longScale[0], 0, 'the longs are closed, not turned into shorts');
  assert.ok(Math.abs(sol.k[1] - -0.2) < 1e-12);
  // B' = 100,000 - 50,000 (Tech closed) + (-0.2 * 10,000) = 48,000.
  assert.ok(Math.abs(sol.basis - 48_000) < 1e-9, String(sol.basis));
  // Groups not adjusted keep k = 0 and count in the basis as they are.
  const some = solveProportional(
    Float64Array.from([40_000, 0]),
    Float64Array.from([80_000, 40_000]),
    Float64Array.from([0.1, 0]),
    Uint8Array.from([0, 1]),
    120_000,
    true,
  );
  assert.equal(some.k[0], 0);
});

test('proportional solve: a target beyond k = -1 closes the longs and grows the shorts to land on it, in one trade', () => {
  // Tech L 60,000, S 2,000 (E 58,000, G 62,000), target -30%; Health E 0, G 38,000. B = 100,000.
  // Uncapped: B' = (100,000 - 58,000^2 / 62,000) / (1 + 0.3 * 58 / 62) = 35,718.4 and k = -1.108 < -1: a flip.
  // So the longs close and the shorts alone reach the target: B' = (100,000 - 62,000) / (1 - 0.3) = 54,285.71,
  // shorts x f with 2,000 f = 0.3 * 54,285.71: f = 8.142857 (-16,285.71 = -30% of 38,000 + 16,285.71).
  const sol = solveProportional(
    Float64Array.from([58_000, 0]),
    Float64Array.from([62_000, 38_000]),
    Float64Array.from([-0.3, 0]),
    Uint8Array.from([1, 1]),
    100_000,
    true,
  );
  assert.equal(sol.capped[0], 1);
  assert.equal(sol.unreachable[0], 0);
  assert.ok(Math.abs(sol.basis - 38_000 / 0.7) < 1e-6, String(sol.basis));
  assert.equal(sol.longScale[0], 0);
  assert.ok(Math.abs(sol.shortScale[0] - 8.142857142857142) < 1e-9, String(sol.shortScale[0]));
  const shorts = -2_000 * sol.shortScale[0];
  assert.ok(Math.abs(shorts / (38_000 - shorts) - -0.3) < 1e-12);
});

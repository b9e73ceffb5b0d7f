// Issue 13's classes at the engine level: bad input accepted silently (class 1) is an error
// at file:line:column or a data-quality warning; misleading messages (class 7) name the real
// cause. Each test feeds what a user could write and checks what they would read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Backtester } from '../../engine/backtest';
import { DataError, parseDatedValues, parseOrdersCsv, parsePricesCsv, parseSectorMappingCsv } from '../../engine/data';
import { validateConfigText, createSyncDataAccess } from '../../engine/validate';
import { makeMapping, makeTable, memoryData } from '../fixtures/sim/tables';

function dataError(f: () => unknown): DataError {
  try {
    f();
  } catch (e) {
    if (e instanceof DataError) return e;
    throw e;
  }
  assert.fail('expected a DataError, the input was accepted');
}

test('an orders row with an extra cell ("1,000" unquoted) is an error at the extra cell, not 1 share', () => {
  const e = dataError(() => parseOrdersCsv('date,ticker,quantity\n2023-01-03,AAA,1,000\n', 'orders.csv'));
  assert.equal(e.code, 'row-length');
  assert.equal(e.line, 2);
  assert.equal(e.column, 18);
  assert.match(e.message, /4 cells but the header has 3/);
  assert.match(e.fix!, /1000, not 1,000/);
  // Quoted, it is one cell, and "1,000" is then refused as a number with the reason.
  const q = dataError(() => parseOrdersCsv('date,ticker,quantity\n2023-01-03,AAA,"1,000"\n', 'orders.csv'));
  assert.equal(q.code, 'invalid-quantity');
  assert.match(q.message, /Thousands separators are not read/);
});

test('0x10, 0b101, 0o7 and 1_000 are not numbers in prices, orders, signals or weights', () => {
  for (const cell of ['0x10', '0b101', '0o7', '1_000', 'Infinity']) {
    const p = dataError(() => parsePricesCsv(`date,A,B\n2023-01-03,1,2\n2023-01-04,3,${cell}\n`, 'prices.csv'));
    assert.equal(p.code, 'invalid-price', cell);
    assert.deepEqual([p.line, p.column], [3, 14], cell);
    const o = dataError(() => parseOrdersCsv(`date,ticker,quantity\n2023-01-03,AAA,${cell}\n`, 'orders.csv'));
    assert.equal(o.code, 'invalid-quantity', cell);
    const long = dataError(() => parseDatedValues(`date,ticker,signal\n2023-01-03,AAA,${cell}\n`, 'signals.csv'));
    assert.equal(long.code, 'invalid-value', cell);
    const wide = dataError(() => parseDatedValues(`date,AAA,BBB\n2023-01-03,1,${cell}\n`, 'weights.csv'));
    assert.equal(wide.code, 'invalid-value', cell);
    assert.deepEqual([wide.line, wide.column], [2, 14], cell);
  }
  assert.match(
    dataError(() => parsePricesCsv('date,A\n2023-01-03,0x10\n', 'p.csv')).message,
    /Hexadecimal, binary and octal notation is not read/,
  );
  // Plain decimals with sign, fraction and exponent still are.
  const t = parsePricesCsv('date,A,B\n2023-01-03, 1.5 ,+2e1\n2023-01-04,.5,3.\n', 'p.csv');
  assert.deepEqual([...t.columns[0]], [1.5, 0.5]);
  assert.deepEqual([...t.columns[1]], [20, 3]);
});

test('duplicate dates and tickers in a JSON signals file are located errors, as in the CSV forms', () => {
  const byTicker = dataError(() => parseDatedValues('{\n  "2023-01-03": { "A": 1, "A": 2 }\n}', 'signals.json'));
  assert.equal(byTicker.code, 'duplicate-value');
  assert.deepEqual([byTicker.line, byTicker.column], [2, 27]);
  const byDate = dataError(() => parseDatedValues('{\n  "2023-01-03": { "A": 1 },\n  "2023-01-03": { "B": 2 }\n}', 'signals.json'));
  assert.equal(byDate.code, 'duplicate-date');
  assert.deepEqual([byDate.line, byDate.column], [3, 3]);
  assert.match(byDate.message, /first on line 2/);
  const arr = dataError(() =>
    parseDatedValues('[{"date":"2023-01-03","ticker":"A","value":1},\n{"date":"2023-01-03","ticker":"A","value":2}]', 'signals.json'),
  );
  assert.equal(arr.code, 'duplicate-value');
  assert.equal(arr.line, 2);
  // "__proto__" would become a prototype and the entry vanish.
  const proto = dataError(() => parseDatedValues('{"2023-01-03": {"A": 1}, "__proto__": {"B": 1}}', 'signals.json'));
  assert.equal(proto.code, 'invalid-json-values');
  assert.match(proto.message, /"__proto__"/);
});

test('duplicate keys inside inline inputs are errors (elsewhere in the config a warning: the last one wins)', async () => {
  const text =
    '{\n  "use_case": 2,\n  "inputs": { "signals": { "2023-01-03": { "AAPL": 1, "AAPL": -1 } } },\n  "name": "a",\n  "name": "b"\n}';
  const d = (await validateConfigText(text, '/tmp/dup.backtest.jsonc', createSyncDataAccess())).filter((x) => x.code === 'duplicate-key');
  assert.equal(d.length, 2);
  const inInputs = d.find((x) => x.range.start.line === 2)!;
  assert.equal(inInputs.severity, 'error');
  assert.match(inInputs.message, /in inline inputs: one of the two entries would be dropped/);
  assert.equal(d.find((x) => x.range.start.line === 4)!.severity, 'warning');
});

test('a mapping column named __proto__ is a located header error, and "constructor" finds no Object method', () => {
  const e = dataError(() => parseSectorMappingCsv('ticker,__proto__\nA,Tech\n', 'sector_mapping.csv'));
  assert.equal(e.code, 'mapping-header');
  assert.deepEqual([e.line, e.column], [1, 8]);
  const m = parseSectorMappingCsv('ticker,sector\nA,Tech\n', 'sector_mapping.csv');
  assert.equal(m.rows[0].values.constructor, undefined);
  assert.equal(m.rows[0].values.sector, 'Tech');
});

test('error messages quote at most ~200 characters of a cell or line', () => {
  const huge = 'x'.repeat(1_000_000);
  for (const e of [
    dataError(() => parsePricesCsv(`date,A\n2023-01-03,${huge}\n`, 'p.csv')),
    dataError(() => parsePricesCsv(`${huge},A\n2023-01-03,1\n`, 'p.csv')),
    dataError(() => parseOrdersCsv(`date,ticker,quantity\n${huge},A,1\n`, 'o.csv')),
    dataError(() => parseSectorMappingCsv(`${huge}\nA\n`, 'm.csv')),
    dataError(() => parseDatedValues(`date,ticker,signal\n2023-01-03,A,${huge}\n`, 's.csv')),
  ]) {
    assert.ok(e.message.length < 700, `${e.code}: ${e.message.length} characters`);
    assert.match(e.message, /… \(\d+ more characters\)/);
  }
});

const dates = ['2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05', '2024-01-08', '2024-01-09'];

test('a one-day 1000x price typo that reverts is a run warning naming ticker, date and neighbours', () => {
  const table = makeTable(dates, {
    AAA: [10, 10.1, 10100, 10.2, 10.3, 10.4],
    BBB: [20, 20, 20, 20, 20, 20],
    SPY: [100, 101, 102, 101, 103, 104],
  });
  const res = new Backtester(
    { use_case: 1, inputs: { weights: { '2024-01-02': { AAA: 0.5, BBB: 0.5 } } } },
    memoryData(
      table,
      makeMapping([
        ['AAA', 'Tech'],
        ['BBB', 'Tech'],
      ]),
    ),
  ).run();
  const w = res.getWarnings().find((x) => x.code === 'price-spike');
  assert.ok(w, JSON.stringify(res.getWarnings()));
  assert.equal(w.ticker, 'AAA');
  assert.match(w.message, /AAA on 2024-01-04: 10100 between 10\.1 and 10\.2/);
  const tinyTable = makeTable(dates, { AAA: [10, 10, 1e-7, 1e-7, 1e-7, 1e-7], BBB: [20, 20, 20, 20, 20, 20] });
  const tiny = new Backtester(
    { use_case: 1, inputs: { weights: { '2024-01-02': { BBB: 1 } } } },
    memoryData(
      tinyTable,
      makeMapping([
        ['AAA', 'Tech'],
        ['BBB', 'Tech'],
      ]),
    ),
  ).run();
  assert.match(tiny.getWarnings().find((x) => x.code === 'tiny-price')!.message, /AAA has a price below 0\.000001/);
});

test('a constant-price beta instrument is reported as zero variance, not as "fewer than 20 daily returns"', () => {
  const n = 60;
  const ds: string[] = [];
  for (let i = 0; i < n; i++) ds.push(new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10));
  const table = makeTable(ds, { AAA: ds.map((_, i) => 100 + Math.sin(i) * 3), SPY: ds.map(() => 400) });
  const res = new Backtester(
    {
      use_case: 1,
      inputs: { weights: { [ds[0]]: { AAA: 1 } } },
      enable_beta_hedge: true,
      beta_lookback_days: 30,
      rebalance_frequency: 'daily',
    },
    memoryData(table, makeMapping([['AAA', 'Tech']])),
  ).run();
  const codes = res.getWarnings().map((w) => w.code);
  const flat = res.getWarnings().find((w) => w.code === 'flat-beta-instrument');
  assert.ok(flat, codes.join());
  assert.match(flat.message, /SPY's price does not move .* \(zero variance\)/);
  // Before 20 returns exist, the short-history warning is the right one; it must not be the only one.
  assert.ok(codes.includes('short-beta-history'));
});

test('an all-long sector under the proportional method is told that the method closes it, not to check dates and tickers', () => {
  const table = makeTable(dates, { AAA: [10, 11, 12, 11, 12, 13], BBB: [20, 21, 20, 22, 21, 23], XLK: [50, 51, 52, 51, 52, 53] });
  const res = new Backtester(
    {
      use_case: 1,
      inputs: { weights: { '2024-01-02': { AAA: 0.5, BBB: 0.5 } } },
      enable_sector_hedge: true,
      sector_hedge_method: 'proportional',
      sector_target_exposures: { Tech: 0 },
    },
    memoryData(
      table,
      makeMapping([
        ['AAA', 'Tech'],
        ['BBB', 'Tech'],
      ]),
    ),
  ).run();
  const closed = res.getWarnings().find((w) => w.code === 'proportional-closed');
  assert.ok(closed, JSON.stringify(res.getWarnings()));
  assert.match(
    closed.message,
    /Tech is held only long, so the proportional method can reach its target 0 only by closing every Tech position/,
  );
  const none = res.getWarnings().find((w) => w.code === 'no-trades');
  assert.ok(none);
  assert.doesNotMatch(none.message, /check the inputs' dates and tickers/);
  assert.match(none.message, /proportional method closed every position of Tech/);
});

test('a suggested fix is itself valid: (abs)(1) does not offer abs(market_vol_21d, 0.3)', async () => {
  for (const [expr, fn] of [
    ['(abs)(1)', 'abs'],
    ['sqrt', 'sqrt'],
    ['clamp + 1', 'clamp'],
    ['min', 'min'],
  ]) {
    const d = (
      await validateConfigText(JSON.stringify({ sector_target_exposures: { Tech: expr } }), '/tmp/x.backtest.jsonc', createSyncDataAccess())
    ).find((x) => x.code === 'expression-invalid')!;
    const example = /e\.g\. (.+)\.$/.exec(d.message)?.[1];
    assert.ok(example?.startsWith(`${fn}(`), d.message);
    const again = await validateConfigText(
      JSON.stringify({ sector_target_exposures: { Tech: example } }),
      '/tmp/x.backtest.jsonc',
      createSyncDataAccess(),
    );
    assert.deepEqual(
      again.filter((x) => x.code.startsWith('expression')).map((x) => x.message),
      [],
      `the suggestion ${example} is not valid`,
    );
  }
});

// One test per diagnostic code of engine/validate/codes.ts: each is reached by a real config
// on the mini fixture data, at the range a user sees it; the last test checks none is missed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readFileSync, readdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { DIAGNOSTIC_CODES } from '../../engine/validate';
import type { DataAccess } from '../../engine/types';
import { HEDGED, MINI, SIGNALS, at, covered, only, validate } from './validateHelpers';
import { duck, lit } from '../helpers/duck';

test('syntax-error: at the token where a comma is missing', async () => {
  const text = '{\n  "initial_cash": 1000\n  "name": "x"\n}';
  const d = only(await validate(text), 'syntax-error');
  assert.equal(d.severity, 'error');
  assert.deepEqual(d.range, at(text, '"name"'));
  assert.match(d.message, /Expected comma/);
});

test('duplicate-key: a warning on the later copy of the key, naming the value in effect', async () => {
  const text = `{ ${SIGNALS}, "name": "a", "name": "b" }`;
  covered.add('duplicate-key');
  const ds = (await validate(text)).filter((d) => d.code === 'duplicate-key');
  assert.deepEqual(
    ds.map((d) => d.range),
    [at(text, '"name"', 1)],
  );
  assert.ok(ds.every((d) => d.severity === 'warning' && /last one wins, so "b" is used/.test(d.message)));
});

test('unknown-key: on the key, with the nearest valid key in message and data.replacement', async () => {
  const text = `{ ${SIGNALS}, "enable_beta_hedg": true }`;
  const d = only(await validate(text), 'unknown-key');
  assert.deepEqual(d.range, at(text, '"enable_beta_hedg"'));
  assert.match(d.message, /Did you mean "enable_beta_hedge"\?/);
  assert.equal(d.data?.replacement, 'enable_beta_hedge');
  const nested = only(await validate(`{ ${SIGNALS}, "stock_costs": { "comission_bps": 1 } }`), 'unknown-key');
  assert.equal(nested.data?.replacement, 'commission_bps');
});

test('invalid-type: on the value', async () => {
  const text = `{ ${SIGNALS}, "initial_cash": "lots" }`;
  const d = only(await validate(text), 'invalid-type');
  assert.deepEqual(d.range, at(text, '"lots"'));
  assert.match(d.message, /number/);
});

test('invalid-value: enum with the nearest allowed value', async () => {
  const text = `{ ${SIGNALS}, "sector_hedge_method": "etff" }`;
  const d = only(await validate(text), 'invalid-value');
  assert.deepEqual(d.range, at(text, '"etff"'));
  assert.equal(d.data?.replacement, '"etf"');
  assert.match(d.message, /Did you mean "etf"/);
});

test('out-of-range: a number outside the schema range', async () => {
  const text = `{ ${SIGNALS}, "beta_lookback_days": 5 }`;
  const d = only(await validate(text), 'out-of-range');
  assert.deepEqual(d.range, at(text, '5'));
  assert.match(d.message, /at least 20/);
});

test('target-out-of-range (error) and target-large (warning)', async () => {
  const text = `{ ${SIGNALS}, "sector_target_exposures": { "Technology": 1.5, "Healthcare": 0.3 } }`;
  const ds = await validate(text);
  const big = only(ds, 'target-out-of-range');
  assert.equal(big.severity, 'error');
  assert.deepEqual(big.range, at(text, '1.5'));
  assert.match(big.message, /-1\.\.1/);
  const large = only(ds, 'target-large');
  assert.equal(large.severity, 'warning');
  assert.deepEqual(large.range, at(text, '0.3'));
  assert.match(large.message, /-0\.2\.\.0\.2/);
});

test('invalid-date and dates-reversed', async () => {
  const t1 = `{ ${SIGNALS}, "start_date": "2023-02-30" }`;
  assert.deepEqual(only(await validate(t1), 'invalid-date').range, at(t1, '"2023-02-30"'));
  const t2 = `{ ${SIGNALS}, "start_date": "2023-01-06", "end_date": "2023-01-04" }`;
  const d = only(await validate(t2), 'dates-reversed');
  assert.deepEqual(d.range, at(t2, '"2023-01-04"'));
  assert.match(d.message, /Swap them/);
});

test('date-outside-data: clipped start is a warning, a start after the data an error', async () => {
  const t1 = `{ ${SIGNALS}, "start_date": "2022-12-01" }`;
  const w = only(await validate(t1), 'date-outside-data');
  assert.equal(w.severity, 'warning');
  assert.deepEqual(w.range, at(t1, '"2022-12-01"'));
  assert.match(w.message, /2023-01-03\.\.2023-01-09/);
  const t2 = `{ ${SIGNALS}, "start_date": "2023-02-01" }`;
  assert.equal(only(await validate(t2), 'date-outside-data').severity, 'error');
});

test('data-file-missing: on the path key, with the reason', async () => {
  const text = `{ ${SIGNALS}, "prices_file": "nope.csv" }`;
  const d = only(await validate(text), 'data-file-missing');
  assert.deepEqual(d.range, at(text, '"nope.csv"'));
  assert.match(d.message, /nope\.csv: File not found/);
  assert.equal(d.data?.reason, 'File not found.');
});

test('data-file-invalid: on the path key, naming the data file:line:col', async () => {
  const text = `{ ${SIGNALS}, "prices_file": "bad_prices.csv" }`;
  const d = only(await validate(text), 'data-file-invalid');
  assert.deepEqual(d.range, at(text, '"bad_prices.csv"'));
  assert.match(d.message, /bad_prices\.csv:3:16: Price "n\/a" for MSFT on 2023-01-04 is not a number/);
  assert.equal(d.data?.dataCode, 'invalid-price');
});

test("missing-input: the use case's input is absent", async () => {
  const text = '{ "use_case": 1 }';
  const d = only(await validate(text), 'missing-input');
  assert.deepEqual(d.range, at(text, '1'));
  assert.match(d.message, /inputs\.weights/);
});

test('unknown-sector: on the key, nearest name in message and data.replacement', async () => {
  const text = `{ ${SIGNALS}, "sector_target_exposures": { "Tecnology": 0.1 } }`;
  const d = only(await validate(text), 'unknown-sector');
  assert.equal(d.severity, 'error');
  assert.deepEqual(d.range, at(text, '"Tecnology"'));
  assert.match(d.message, /Did you mean "Technology"\?/);
  assert.equal(d.data?.replacement, '"Technology"');
});

test('missing-group-column: hedge_group_column not in the mapping', async () => {
  const text = `{ ${SIGNALS}, "hedge_group_column": "industy" }`;
  const d = only(await validate(text), 'missing-group-column');
  assert.deepEqual(d.range, at(text, '"industy"'));
  assert.equal(d.data?.replacement, '"industry"');
});

test('sector-without-stocks: a mapped sector no stock belongs to', async () => {
  const text = `{ ${HEDGED}, "sector_etf_mapping": { "Technology": "XLK", "Healthcare": "XLV", "Utilities": "XLU" } }`;
  const ds = await validate(text);
  const d = only(ds, 'sector-without-stocks');
  assert.deepEqual(d.range, at(text, '"Utilities"'));
  assert.match(d.message, /no effect/);
});

test('etf-no-prices: on the ETF value, with alternatives that have data', async () => {
  const text = `{ ${HEDGED}, "sector_etf_mapping": { "Technology": "VGT", "Healthcare": "XLV" } }`;
  const d = only(await validate(text), 'etf-no-prices');
  assert.equal(d.severity, 'error');
  assert.deepEqual(d.range, at(text, '"VGT"'));
  assert.equal((d.data?.alternatives as string[])[0], 'XLK');
  assert.equal(d.data?.replacement, '"XLK"');
  // The default SPDR mapping: Energy is held (XOM) but XLE has no prices.
  const t2 = `{ "use_case": 3, "inputs": { "orders": "orders.csv" }, "enable_sector_hedge": true, "sector_hedge_method": "etf" }`;
  assert.equal((await validate(t2)).filter((x) => x.code === 'etf-no-prices').length, 0, 'orders hold only Technology');
  const t3 = `{ "use_case": 2, "inputs": { "signals": { "2023-01-03": { "XOM": 1 } } }, "enable_sector_hedge": true, "sector_hedge_method": "etf" }`;
  const e = only(await validate(t3), 'etf-no-prices');
  assert.deepEqual(e.range, at(t3, '"etf"'));
  assert.match(e.message, /XLE \(Energy\)/);
});

test('beta-instrument-no-prices: with candidates that have data', async () => {
  const text = `{ ${SIGNALS}, "enable_beta_hedge": true, "beta_hedge_instrument": "SPX" }`;
  const d = only(await validate(text), 'beta-instrument-no-prices');
  assert.deepEqual(d.range, at(text, '"SPX"'));
  assert.equal((d.data?.alternatives as string[])[0], 'SPY');
});

test('etf-coverage: first and last date in the message', async () => {
  const text = `{ ${HEDGED}, "sector_etf_mapping": { "Technology": "XLC", "Healthcare": "XLV" } }`;
  const d = only(await validate(text), 'etf-coverage');
  assert.deepEqual(d.range, at(text, '"XLC"'));
  assert.match(
    d.message,
    /XLC has prices only from 2023-01-05 to 2023-01-09, but the run is 2023-01-03\.\.2023-01-09; Technology stays unhedged before 2023-01-05/,
  );
  const t2 = `{ ${SIGNALS}, "enable_beta_hedge": true, "beta_hedge_instrument": "XLC", "start_date": "2023-01-05" }`;
  assert.equal((await validate(t2)).filter((x) => x.code === 'etf-coverage').length, 0, 'covered once the run starts later');
});

test('sector-without-etf: held sectors listed, with a suggested mapping', async () => {
  const text = `{ ${HEDGED}, "sector_etf_mapping": { "Technology": "XLK" } }`;
  const d = only(await validate(text), 'sector-without-etf');
  assert.deepEqual(d.range, at(text, '"sector_etf_mapping"'));
  assert.deepEqual(d.data?.sectors, ['Healthcare']);
  assert.deepEqual(d.data?.suggestedMapping, { Healthcare: 'XLV' });
});

test('sectors-missing-target: held sectors without a target, for the "add as neutral" action', async () => {
  const text = `{ ${HEDGED}, "sector_etf_mapping": { "Technology": "XLK", "Healthcare": "XLV" }, "sector_target_exposures": { "Technology": 0.05 } }`;
  const d = only(await validate(text), 'sectors-missing-target');
  assert.equal(d.severity, 'info');
  assert.deepEqual(d.range, at(text, '"sector_target_exposures"'));
  assert.deepEqual(d.data?.missingSectors, ['Healthcare']);
});

test('signals-unmapped and input-ticker-no-prices: one diagnostic each, with count and examples', async () => {
  const text = `{ "inputs": { "signals": "signals_unmapped.csv" }, "enable_sector_hedge": true, "sector_etf_mapping": { "Technology": "XLK" } }`;
  const ds = await validate(text);
  const u = only(ds, 'signals-unmapped');
  assert.deepEqual(u.range, at(text, '"signals_unmapped.csv"'));
  assert.equal(u.data?.count, 2);
  assert.match(u.message, /2 ticker\(s\) in signals_unmapped\.csv have no sector .*: ZZZ1, ZZZ2/);
  const p = only(ds, 'input-ticker-no-prices');
  assert.deepEqual(p.data?.tickers, ['ZZZ1', 'ZZZ2']);
});

test('expression-invalid: the unknown variable itself is marked, with the nearest variable', async () => {
  const text = `{ ${SIGNALS}, "sector_target_exposures": { "Technology": "market_vol > 0.25 ? 0 : 0.05" } }`;
  const d = only(await validate(text), 'expression-invalid');
  assert.deepEqual(d.range, at(text, 'market_vol'));
  assert.equal(d.data?.replacement, 'market_vol_21d');
  const t2 = `{ ${SIGNALS}, "sector_target_exposures": { "Technology": "market_vol_21d >" } }`;
  assert.match(only(await validate(t2), 'expression-invalid').message, /Syntax error/);
});

test('path-outside-workspace: warning on the path value', async () => {
  const text = `{ ${SIGNALS}, "prices_file": "../../../../../prices.csv" }`;
  const d = only(await validate(text, { workspaceRoot: MINI }), 'path-outside-workspace');
  assert.deepEqual(d.range, at(text, '"../../../../../prices.csv"'));
  assert.equal(d.severity, 'warning');
  assert.match(d.message, /outside the workspace/);
  const inside = `{ ${SIGNALS}, "prices_file": "../mini/prices.csv" }`;
  assert.equal((await validate(inside, { workspaceRoot: MINI })).filter((x) => x.code === 'path-outside-workspace').length, 0);
});

test('internal-error: a failing data provider is reported, not thrown', async () => {
  const broken: DataAccess = {
    prices: () => {
      throw new Error('boom');
    },
    mapping: () => ({ state: 'pending' }),
    datedValues: () => ({ state: 'pending' }),
  };
  const d = only(await validate(`{ ${SIGNALS} }`, { data: broken }), 'internal-error');
  assert.match(d.message, /boom/);
});

test('input-no-rows: a signals file with a header but no rows, on the input path', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'val-empty-'));
  const file = path.join(dir, 'signals.csv').replace(/\\/g, '/');
  writeFileSync(file, 'date,ticker,signal\n');
  const text = `{ "use_case": "signals", "inputs": { "signals": "${file}" } }`;
  const d = only(await validate(text), 'input-no-rows');
  assert.equal(d.severity, 'warning');
  assert.deepEqual(d.range, at(text, `"${file}"`));
  assert.match(d.message, /signals\.csv has a header but no signals rows/);
});

test('expression-value: an expression giving Infinity or a complex number on typical values', async () => {
  const text = `{ ${SIGNALS}, "sector_target_exposures": { "Technology": "0.1 / days_since_start" } }`;
  const d = only(await validate(text), 'expression-value');
  assert.equal(d.severity, 'warning');
  assert.deepEqual(d.range, at(text, '"0.1 / days_since_start"'));
  assert.match(
    d.message,
    /gives Infinity with typical values \(market_vol_21d 0\.2, market_return_63d 0, portfolio_drawdown 0, days_since_start 0\)/,
  );
  const complex = await validate(`{ ${SIGNALS}, "sector_target_exposures": { "Technology": "sqrt(market_return_63d - 0.01)" } }`);
  assert.match(only(complex, 'expression-value').message, /Complex/);
  // A finite expression is quiet.
  assert.deepEqual(
    (await validate(`{ ${SIGNALS}, "sector_target_exposures": { "Technology": "market_vol_21d > 0.25 ? 0 : 0.05" } }`)).map((x) => x.code),
    [],
  );
});

/** A copy of the mini data with some files replaced, in a temp folder (prices_file etc. are absolute). */
function miniVariant(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mini-variant-'));
  for (const f of readdirSync(MINI)) writeFileSync(path.join(dir, f), readFileSync(path.join(MINI, f)));
  for (const [f, text] of Object.entries(files)) writeFileSync(path.join(dir, f), text);
  return dir;
}

test('price-suspicious: a one-day 1000x typo that reverts is a warning on the price file, naming ticker, date and neighbours', async () => {
  const prices = readFileSync(path.join(MINI, 'prices.csv'), 'utf8').replace('2023-01-05,125,222', '2023-01-05,125000,222');
  const dir = miniVariant({ 'prices.csv': prices });
  const text = `{ ${SIGNALS}, "prices_file": ${JSON.stringify(path.join(dir, 'prices.csv'))} }`;
  const d = only(await validate(text), 'price-suspicious');
  assert.equal(d.severity, 'warning');
  assert.deepEqual(d.range, at(text, JSON.stringify(path.join(dir, 'prices.csv'))));
  assert.match(d.message, /AAPL on 2023-01-05: 125000 between 126 and 129/);
  const tiny = miniVariant({
    'prices.csv': readFileSync(path.join(MINI, 'prices.csv'), 'utf8').replace('2023-01-05,125,222', '2023-01-05,1e-9,222'),
  });
  const t2 = `{ ${SIGNALS}, "prices_file": ${JSON.stringify(path.join(tiny, 'prices.csv'))} }`;
  assert.match(only(await validate(t2), 'price-suspicious').message, /AAPL on 2023-01-05: 1e-9 \(below 0\.000001\)/);
  // A real level change (a split-like step that stays) is not a typo.
  const step = miniVariant({
    'prices.csv': readFileSync(path.join(MINI, 'prices.csv'), 'utf8').replace(
      /^(2023-01-0[5-9]),(\d+)/gm,
      (_, d: string, p: string) => `${d},${Number(p) * 20}`,
    ),
  });
  const t3 = `{ ${SIGNALS}, "prices_file": ${JSON.stringify(path.join(step, 'prices.csv'))} }`;
  assert.equal((await validate(t3)).filter((x) => x.code === 'price-suspicious').length, 0);
});

test('etf-also-stock: a hedge ETF that the sector mapping also lists as a stock, on the ETF value', async () => {
  const dir = miniVariant({
    'sector_mapping.csv': `${readFileSync(path.join(MINI, 'sector_mapping.csv'), 'utf8')}XLK,Technology,Hardware\n`,
  });
  const text = `{ ${HEDGED}, "sector_mapping_file": ${JSON.stringify(path.join(dir, 'sector_mapping.csv'))}, "sector_etf_mapping": { "Technology": "XLK", "Healthcare": "XLV" } }`;
  const d = only(await validate(text), 'etf-also-stock');
  assert.deepEqual(d.range, at(text, '"XLK"'));
  assert.match(d.message, /XLK, the hedge ETF of Technology, is also listed as a stock in sector_mapping\.csv \(line 6\)/);
});

test('dates-on-weekends: timestamps that are the evening before in UTC are a warning on the price file', async () => {
  // The mini prices as timestamps 9 hours before each midnight (Tokyo's midnight in UTC).
  const dir = miniVariant({});
  const file = path.join(dir, 'prices.parquet');
  await duck(
    `COPY (SELECT * REPLACE (date::TIMESTAMP - INTERVAL 9 HOUR AS date) FROM read_csv(${lit(path.join(MINI, 'prices.csv'))}, header = true)) TO ${lit(file)} (FORMAT parquet)`,
  );
  const text = `{ ${SIGNALS}, "prices_file": ${JSON.stringify(file)} }`;
  const d = only(await validate(text), 'dates-on-weekends');
  assert.equal(d.severity, 'warning');
  assert.deepEqual(d.range, at(text, JSON.stringify(file)));
  assert.match(
    d.message,
    /of the \d+ dates in prices\.parquet are Saturdays or Sundays \(the first \d{4}-\d\d-\d\d\), read from the TIMESTAMP column "date"/,
  );
});

test('beta-instrument-flat: a constant-price beta instrument is named as zero variance, not as short history', async () => {
  const prices = readFileSync(path.join(MINI, 'prices.csv'), 'utf8').replace(/,\d+$/gm, ',400');
  const dir = miniVariant({ 'prices.csv': prices });
  const text = `{ ${SIGNALS}, "prices_file": ${JSON.stringify(path.join(dir, 'prices.csv'))}, "enable_beta_hedge": true, "beta_hedge_instrument": "SPY" }`;
  const d = only(await validate(text), 'beta-instrument-flat');
  assert.deepEqual(d.range, at(text, '"SPY"'));
  assert.match(d.message, /SPY's price is 400 on every day of the run, so its returns have zero variance/);
});

test('every code in codes.ts has a test above asserting its range', () => {
  assert.deepEqual(
    Object.keys(DIAGNOSTIC_CODES).filter((c) => !covered.has(c)),
    [],
  );
});

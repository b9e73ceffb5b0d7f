// Parquet values that took a path the common files do not: DECIMAL pages without nulls
// (DuckDB's default for precision <= 9 is plain INT32), decimals past 2^53, timestamps in
// the last instant before a pre-1970 midnight, a file with no row groups, and a footer that
// gives chunks without a dictionary a dictionary offset of 0 (parquet-mr, old parquet-cpp).
// Files come from DuckDB (what a user's pipeline writes); each must load as its text says.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadDatedValuesFile, loadOrdersFile, loadPricesFile } from '../../engine/data/load';
import { DataError } from '../../engine/data/errors';
import { ParquetFile } from '../../engine/data/parquet/reader';
import { readNumericTable } from '../../engine/data/parquet/prices';
import { duck, duckRows, lit } from '../helpers/duck';

const dir = mkdtempSync(path.join(os.tmpdir(), 'parquet-edge-'));
const at = (f: string) => path.join(dir, f);
const copy = (sql: string, file: string, opts = '') => duck(`COPY (${sql}) TO ${lit(at(file))} (FORMAT parquet${opts})`);

test('DECIMAL prices load as their decimal text, plain or dictionary pages, with or without nulls', async () => {
  // 300 distinct values: DuckDB writes plain INT32/INT64 pages; 3 values: dictionary pages.
  const rows = (distinct: number, nulls: boolean) =>
    `SELECT DATE '2020-01-01' + i::INT AS date, 'AAA' AS ticker, ` +
    `${nulls ? 'CASE WHEN i % 7 = 3 THEN NULL ELSE ' : ''}(100 + (i % ${distinct}) + 0.45)${nulls ? ' END' : ''} AS v FROM range(300) t(i)`;
  for (const type of ['DECIMAL(9,2)', 'DECIMAL(18,4)', 'DECIMAL(38,6)'])
    for (const distinct of [300, 3])
      for (const nulls of [false, true]) {
        const f = `dec-${type.replace(/\W/g, '')}-${distinct}-${nulls}.parquet`;
        await copy(`SELECT date, ticker, v::${type} AS close FROM (${rows(distinct, nulls)})`, f);
        const t = loadPricesFile(at(f));
        const got = Array.from(t.columns[0]);
        const want = Array.from({ length: 300 }, (_, i) => (nulls && i % 7 === 3 ? NaN : Number(`${100 + (i % distinct)}.45`)));
        assert.deepEqual(got, want, `${type}, ${distinct} distinct, nulls ${nulls}`);
        // The wide layout of the same column, and as signals.
        await copy(`SELECT date, v::${type} AS AAA FROM (${rows(distinct, nulls)})`, `w-${f}`);
        assert.deepEqual(Array.from(loadPricesFile(at(`w-${f}`)).columns[0]), want, `wide ${type}`);
        const sig = loadDatedValuesFile(at(`w-${f}`));
        assert.equal(sig.get('2020-01-01')?.get('AAA'), 100.45, `signals ${type}`);
      }
});

test('a DECIMAL(38,10) past 2^53 unscaled is the double its text parses to, not a twice-rounded one', async () => {
  const texts = Array.from({ length: 200 }, (_, i) => `${12345678 + i}.${String(3100001370 + i * 7919).padStart(10, '0')}`);
  await copy(
    `SELECT DATE '2020-01-01' + i::INT AS date, 'AAA' AS ticker, v::DECIMAL(38,10) AS close FROM (SELECT unnest(range(200)) AS i, unnest([${texts.map(lit).join(',')}]) AS v)`,
    'bigdec.parquet',
  );
  assert.deepEqual(Array.from(loadPricesFile(at('bigdec.parquet')).columns[0]), texts.map(Number));
});

test('timestamps just before a pre-1970 midnight are that day (prices and orders; micro- and nanoseconds)', async () => {
  const sql = (cast: string) =>
    `SELECT (TIMESTAMP '1969-06-01 23:59:59.9999' + INTERVAL (i * 2) DAY)${cast} AS date, 'AAA' AS ticker, 1.0 + i AS close, 10 AS quantity FROM range(3) t(i)`;
  const want = ['1969-06-01', '1969-06-03', '1969-06-05'];
  for (const [name, cast, opts] of [
    ['us', '', ''],
    ['ns', '::TIMESTAMP_NS', ''],
  ] as const) {
    await copy(`SELECT date, ticker, close FROM (${sql(cast)})`, `ts-${name}.parquet`, opts);
    assert.deepEqual(loadPricesFile(at(`ts-${name}.parquet`)).dates, want, `prices, ${name}`);
    await copy(`SELECT date, ticker, quantity FROM (${sql(cast)})`, `ots-${name}.parquet`, opts);
    assert.deepEqual(
      loadOrdersFile(at(`ots-${name}.parquet`)).map((o) => o.date),
      want,
      `orders, ${name}`,
    );
  }
});

test('a long Parquet file with no row groups is "no rows", not a crash', async () => {
  await copy(`SELECT DATE '2020-01-01' AS date, 'A' AS ticker, 1.0::DOUBLE AS close WHERE false`, 'empty.parquet');
  for (const load of [loadPricesFile, loadDatedValuesFile])
    assert.throws(
      () => load(at('empty.parquet')),
      (e: unknown) => e instanceof DataError && e.code === 'no-data-rows' && e.message.includes('empty.parquet'),
    );
});

test('chunks whose footer gives a dictionary offset of 0 without a dictionary read from their data pages', async () => {
  await copy(
    `SELECT DATE '2019-04-14' + i::INT AS date, 'A' AS ticker, 1.5 + i AS close FROM range(3) t(i)`,
    'zero.parquet',
    ', DICTIONARY_COMPRESSION_RATIO_THRESHOLD -1',
  );
  const pf = new ParquetFile(at('zero.parquet'), new Uint8Array(readFileSync(at('zero.parquet'))));
  for (const rg of pf.metadata.row_groups)
    for (const c of rg.columns) {
      const m = c.meta_data!;
      // As parquet-mr wrote it: the chunk's first byte is its data page, the dictionary offset 0.
      m.data_page_offset = m.dictionary_page_offset ?? m.data_page_offset;
      m.dictionary_page_offset = 0n;
    }
  const t = readNumericTable(pf, 'price', undefined, 'value_columns.prices');
  assert.deepEqual(Array.from(t.columns[0]), [1.5, 2.5, 3.5]);
});

test('timestamps at local midnight east of UTC (weekend UTC dates) are loaded as UTC dates, and their weekend dates are counted for the validator', async () => {
  // Monday 2024-01-08 to Friday 2024-01-12 at midnight in Tokyo: Sunday to Thursday in UTC.
  const days = `SELECT DATE '2024-01-08' + i::INT AS d, 'AAA' AS ticker, 10.0 + i AS close FROM range(5) t(i)`;
  const [[zone]] = (await duckRows(`SELECT current_setting('TimeZone')`)) as [[string]];
  await duck(`SET TimeZone = 'Asia/Tokyo'`);
  try {
    await copy(`SELECT d::TIMESTAMPTZ AS date, ticker, close FROM (${days})`, 'tokyo.parquet');
  } finally {
    await duck(`SET TimeZone = ${lit(zone)}`);
  }
  const t = loadPricesFile(at('tokyo.parquet'));
  assert.deepEqual(t.dates, ['2024-01-07', '2024-01-08', '2024-01-09', '2024-01-10', '2024-01-11']);
  assert.deepEqual(t.quality.timestampWeekends, { count: 1, first: '2024-01-07', column: 'date' });
  // The same days as naive timestamps: weekdays, no warning.
  await copy(`SELECT d::TIMESTAMP AS date, ticker, close FROM (${days})`, 'naive.parquet');
  const n = loadPricesFile(at('naive.parquet'));
  assert.equal(n.dates[0], '2024-01-08');
  assert.equal(n.quality.timestampWeekends, undefined);
  // A market open every day (crypto), as naive midnight timestamps: weekends are real, no warning.
  await copy(
    `SELECT (DATE '2024-01-01' + i::INT)::TIMESTAMP AS date, 'BTC' AS ticker, 40000.0 + i AS close FROM range(28) t(i)`,
    'crypto.parquet',
  );
  const c = loadPricesFile(at('crypto.parquet'));
  assert.equal(c.dates.length, 28);
  assert.equal(c.quality.timestampWeekends, undefined);
});

test('a long file with a text column beside its one number column (a name, a currency) reads that number column', async () => {
  await copy(
    `SELECT DATE '2024-01-08' + i::INT AS date, 'AAA' AS ticker, 'Acme Corp' AS name, 10.0 + i AS close, 'USD' AS currency FROM range(3) t(i)`,
    'named.parquet',
  );
  assert.deepEqual(Array.from(loadPricesFile(at('named.parquet')).columns[0]), [10, 11, 12]);
  // A price stored as text beside a number column: not silently the number column.
  await copy(
    `SELECT DATE '2024-01-08' + i::INT AS date, 'AAA' AS ticker, (10.0 + i)::VARCHAR AS close, (1000000 + i)::BIGINT AS volume FROM range(3) t(i)`,
    'text-price.parquet',
  );
  assert.throws(() => loadPricesFile(at('text-price.parquet')), /several value columns \(close, volume\)/);
  // Only text beside date and ticker: the type error names the column.
  await copy(`SELECT DATE '2024-01-08' AS date, 'AAA' AS ticker, '10.5' AS close`, 'text-close.parquet');
  assert.throws(() => loadPricesFile(at('text-close.parquet')), /Value column "close" has type STRING, not a number/);
});

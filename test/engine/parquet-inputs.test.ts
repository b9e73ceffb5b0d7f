// Parquet and long-table inputs: the same prices, mapping and signals from Parquet (written
// by DuckDB, the way a user's pipeline does, and by our sample generator) or from a long CSV
// give the same tables and the same backtest, down to the bytes of metrics.json; bad files
// are refused with the file, row group / row, column and a fix.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadDatedValuesFile, loadOrdersFile, loadPricesFile, loadSectorMappingFile } from '../../engine/data/load';
import { BacktestConfig } from '../../engine/config';
import { Backtester } from '../../engine/backtest';
import type { PriceTable } from '../../engine/types';
import { duck, lit } from '../helpers/duck';
import { ParquetFile } from '../../engine/data/parquet/reader';

const ROOT = path.resolve(__dirname, '..', '..');
const S = path.join(ROOT, 'sample_data');
const dir = mkdtempSync(path.join(os.tmpdir(), 'parquet-inputs-'));
const at = (f: string) => path.join(dir, f);

before(async () => {
  const prices = lit(path.join(S, 'prices.csv'));
  await duck(
    `CREATE TABLE wide AS SELECT * FROM read_csv(${prices}, header = true)`,
    // Long, rows sorted by date then ticker (not the CSV's column order), nulls dropped.
    `CREATE TABLE long AS SELECT date, ticker, close FROM (UNPIVOT wide ON COLUMNS(* EXCLUDE (date)) INTO NAME ticker VALUE close) ORDER BY date, ticker`,
    `COPY wide TO ${lit(at('wide.parquet'))} (FORMAT parquet, ROW_GROUP_SIZE 500)`,
    `COPY long TO ${lit(at('long-date.parquet'))} (FORMAT parquet, ROW_GROUP_SIZE 20000)`,
    `COPY (SELECT date::TIMESTAMP AS date, ticker, close, close * 2 AS open FROM long) TO ${lit(at('long-timestamp.parquet'))} (FORMAT parquet, COMPRESSION zstd)`,
    `COPY (SELECT strftime(date, '%Y-%m-%d') AS date, ticker, close FROM long) TO ${lit(at('long-string.parquet'))} (FORMAT parquet, COMPRESSION gzip)`,
    `COPY (SELECT * FROM read_csv(${lit(path.join(S, 'sector_mapping.csv'))}, header = true)) TO ${lit(at('sector_mapping.parquet'))} (FORMAT parquet)`,
    `COPY (SELECT * FROM read_csv(${lit(path.join(S, 'signals.csv'))}, header = true)) TO ${lit(at('signals.parquet'))} (FORMAT parquet)`,
    `COPY (SELECT * FROM read_csv(${lit(path.join(S, 'orders.csv'))}, header = true)) TO ${lit(at('orders.parquet'))} (FORMAT parquet)`,
    // Bad files.
    `COPY (SELECT * REPLACE (CASE WHEN ticker = 'MSFT' AND date = DATE '2020-03-02' THEN -1 ELSE close END AS close) FROM long) TO ${lit(at('bad-negative.parquet'))} (FORMAT parquet, ROW_GROUP_SIZE 20000)`,
    `COPY (SELECT * FROM long UNION ALL SELECT * FROM long WHERE ticker = 'XLK' AND date = DATE '2021-01-04') TO ${lit(at('bad-duplicate.parquet'))} (FORMAT parquet)`,
    `COPY (SELECT CASE WHEN ticker = 'AMD' AND date = DATE '2019-01-03' THEN NULL ELSE date END AS date, ticker, close FROM long) TO ${lit(at('bad-null-date.parquet'))} (FORMAT parquet)`,
    // A placeholder date (DuckDB's DATE 'infinity' is 2^31 - 1 days), long and wide.
    `COPY (SELECT * FROM long UNION ALL SELECT DATE 'infinity', 'AMD', 1.0) TO ${lit(at('bad-infinity.parquet'))} (FORMAT parquet)`,
    `COPY (SELECT * FROM wide UNION ALL SELECT * REPLACE (DATE 'infinity' AS date) FROM (SELECT * FROM wide LIMIT 1)) TO ${lit(at('bad-infinity-wide.parquet'))} (FORMAT parquet)`,
    // A long file whose ticker column is missing: it reads as wide, with one ticker "close".
    `COPY (SELECT date, close FROM long) TO ${lit(at('bad-no-ticker.parquet'))} (FORMAT parquet)`,
  );
  // The same long prices as CSV text (date,ticker,close).
  const t = loadPricesFile(path.join(S, 'prices.csv'));
  const lines = ['date,ticker,close'];
  t.tickers.forEach((tk, j) =>
    t.dates.forEach((d, i) => {
      const v = t.columns[j][i];
      if (v === v) lines.push(`${d},${tk},${v}`);
    }),
  );
  writeFileSync(at('long.csv'), lines.join('\n') + '\n');
  writeFileSync(at('not-parquet.parquet'), 'date,AAPL\n2023-01-03,1\n');
  writeFileSync(at('cut.parquet'), readFileSync(at('wide.parquet')).subarray(0, 4000));
});

/** Same dates, and every ticker's prices identical (NaN where CSV has an empty cell). */
function assertSamePrices(a: PriceTable, b: PriceTable, label: string): void {
  assert.deepEqual(b.dates, a.dates, `${label}: dates`);
  assert.deepEqual([...b.tickers].sort(), [...a.tickers].sort(), `${label}: tickers`);
  for (const tk of a.tickers) {
    const ca = a.columns[a.index.get(tk)!],
      cb = b.columns[b.index.get(tk)!];
    for (let i = 0; i < ca.length; i++)
      if (!Object.is(ca[i], cb[i])) assert.fail(`${label}: ${tk} on ${a.dates[i]}: ${cb[i]} vs CSV ${ca[i]}`);
  }
  assert.deepEqual(
    b.quality.warnings,
    a.quality.warnings.map((w) => w),
    `${label}: data-quality warnings`,
  );
}

test('prices from Parquet (wide or long; DATE, TIMESTAMP or string dates; snappy, zstd, gzip) and long CSV equal the wide CSV', () => {
  const csv = loadPricesFile(path.join(S, 'prices.csv'));
  assertSamePrices(csv, loadPricesFile(path.join(S, 'prices.parquet')), 'sample prices.parquet');
  assert.deepEqual(loadPricesFile(path.join(S, 'prices.parquet')).tickers, csv.tickers, 'the sample keeps the CSV column order');
  assertSamePrices(csv, loadPricesFile(at('wide.parquet')), 'wide');
  assertSamePrices(csv, loadPricesFile(at('long-date.parquet')), 'long DATE');
  assertSamePrices(csv, loadPricesFile(at('long-timestamp.parquet'), 'close'), 'long TIMESTAMP (zstd, value column named)');
  assertSamePrices(csv, loadPricesFile(at('long-string.parquet')), 'long string dates (gzip)');
  assertSamePrices(csv, loadPricesFile(at('long.csv')), 'long CSV');
});

test('mapping, signals and orders from Parquet equal their CSV twins', () => {
  const m1 = loadSectorMappingFile(path.join(S, 'sector_mapping.csv')),
    m2 = loadSectorMappingFile(at('sector_mapping.parquet'));
  assert.deepEqual(m2.columns, m1.columns);
  assert.deepEqual(m2.rows, m1.rows);
  const flat = (v: Map<string, Map<string, number>>) => [...v].map(([d, m]) => [d, [...m]]);
  assert.deepEqual(flat(loadDatedValuesFile(at('signals.parquet'))), flat(loadDatedValuesFile(path.join(S, 'signals.csv'))));
  const strip = (o: { date: string; ticker: string; quantity: number }[]) =>
    o.map(({ date, ticker, quantity }) => ({ date, ticker, quantity }));
  assert.deepEqual(strip(loadOrdersFile(at('orders.parquet'))), strip(loadOrdersFile(path.join(S, 'orders.csv'))));
});

/** metrics.json of one run with the given data files; provenance fields (when, which files) blanked. */
function metricsText(prices: string, mapping: string, signals: string, name: string): string {
  const cfgText = readFileSync(path.join(S, 'configs', 'neutral-etf.backtest.jsonc'), 'utf8')
    .replace(
      '"data_dir": ".."',
      `"data_dir": ${JSON.stringify(S)}, "prices_file": ${JSON.stringify(prices)}, "sector_mapping_file": ${JSON.stringify(mapping)}`,
    )
    .replace('"../signals.csv"', JSON.stringify(signals));
  const cfgFile = at(`${name}.backtest.jsonc`);
  writeFileSync(cfgFile, cfgText);
  const config = BacktestConfig.fromFile(cfgFile);
  const out = at(`out-${name}`);
  new Backtester(config, config.createDataManager()).run().writeOutFiles(out);
  return readFileSync(path.join(out, 'metrics.json'), 'utf8').replace(/"(generated_at|config_path|prices_file)": "[^"]*"/g, '"$1": "-"');
}

test('the same backtest from CSV and from Parquet inputs writes a byte-identical metrics.json', () => {
  const csv = metricsText(path.join(S, 'prices.csv'), path.join(S, 'sector_mapping.csv'), path.join(S, 'signals.csv'), 'csv');
  assert.match(csv, /"sharpe_ratio": -?\d/);
  const parquet = metricsText(path.join(S, 'prices.parquet'), at('sector_mapping.parquet'), at('signals.parquet'), 'parquet');
  assert.equal(parquet, csv, 'sample prices.parquet + Parquet mapping and signals');
  // Rows sorted by date then ticker: tickers come in another order than the CSV's columns
  // (order of first appearance), so sums over tickers round differently in the last bits;
  // the trades are the same and every metric agrees to 1e-12.
  const dateSorted = JSON.parse(
    metricsText(at('long-date.parquet'), path.join(S, 'sector_mapping.csv'), path.join(S, 'signals.csv'), 'long-date'),
  );
  const ref = JSON.parse(csv);
  assert.deepEqual(dateSorted.trade_counts, ref.trade_counts);
  for (const k of ['total_return', 'sharpe_ratio', 'max_drawdown', 'turnover', 'realised_beta']) {
    assert.ok(Math.abs(dateSorted[k] - ref[k]) <= 1e-12 * Math.max(1, Math.abs(ref[k])), `${k}: ${dateSorted[k]} vs ${ref[k]}`);
  }
  const long = metricsText(at('long.csv'), path.join(S, 'sector_mapping.csv'), path.join(S, 'signals.csv'), 'long-csv');
  assert.equal(long, csv, 'long CSV prices');
});

test('bad Parquet files name the file, row group, row and column, and say how to fix them', () => {
  const err = (f: string, col?: string) => {
    try {
      loadPricesFile(at(f), col);
    } catch (e) {
      return e as Error & { code: string; fix?: string };
    }
    return assert.fail(`${f} loaded`);
  };
  const neg = err('bad-negative.parquet');
  assert.equal(neg.code, 'non-positive-price');
  assert.match(
    neg.message,
    /bad-negative\.parquet: row [\d,]+ \(row group \d+, row [\d,]+\), column "close": Price -1 for MSFT on 2020-03-02 is not positive\. Fix: /,
  );
  const dup = err('bad-duplicate.parquet');
  assert.equal(dup.code, 'duplicate-value');
  assert.match(dup.message, /XLK on 2021-01-04 already has a value \(row [\d,]+ \(row group 1/);
  const nul = err('bad-null-date.parquet');
  assert.equal(nul.code, 'invalid-date');
  assert.match(nul.message, /column "date": the date is empty \(null\)\. Fix: Give every row a date/);
  const several = err('long-timestamp.parquet');
  assert.equal(several.code, 'value-column');
  assert.match(several.message, /several value columns \(close, open\)[^]*Fix: Set value_columns\.prices/);
  assert.match(err('long-timestamp.parquet', 'adj_close').message, /no value column "adj_close"[^]*one of close, open/);
  assert.match(err('not-parquet.parquet').message, /not a Parquet file \(no PAR1 marker\)\. Fix: /);
  assert.match(err('cut.parquet').message, /cut short/);
  for (const f of ['bad-infinity.parquet', 'bad-infinity-wide.parquet']) {
    const inf = err(f);
    assert.equal(inf.code, 'invalid-date', f);
    assert.match(
      inf.message,
      /row [\d,]+ \(row group \d+, row [\d,]+\), column "date": the date is 2147483647 days from 1970-01-01, outside 0001-01-01 to 9999-12-31/,
      f,
    );
  }
  assert.match(
    err('bad-no-ticker.parquet').message,
    /repeats row 1[^]*A long file \(one row per date and ticker\) needs a column named "ticker"/,
  );
  writeFileSync(at('empty.parquet'), '');
  assert.match(err('empty.parquet').message, /empty\.parquet: This file is empty \(0 bytes\)/);
  // A Spark/pyarrow partitioned dataset is a folder named *.parquet.
  mkdirSync(at('dataset.parquet'), { recursive: true });
  writeFileSync(path.join(at('dataset.parquet'), 'part-0.parquet'), readFileSync(at('wide.parquet')));
  assert.match(err('dataset.parquet').message, /a partitioned Parquet dataset[^]*Fix: Merge the parts into one file/);
  // Bytes changed inside a snappy page: damage, with no advice to change the compression.
  const bytes = readFileSync(at('wide.parquet'));
  const hurt = Buffer.from(bytes);
  const last = new ParquetFile('wide.parquet', new Uint8Array(bytes)).metadata.row_groups.at(-1)!.columns.at(-1)!.meta_data!;
  const mid = Number(last.data_page_offset) + (Number(last.total_compressed_size) >> 1);
  for (let i = mid; i < Number(last.data_page_offset) + Number(last.total_compressed_size); i++) hurt[i] = 0xff;
  writeFileSync(at('damaged.parquet'), hurt);
  const damaged = err('damaged.parquet');
  assert.match(damaged.message, /cannot be decoded[^]*Fix: The file is damaged/);
  assert.doesNotMatch(damaged.message, /compression/);
  // A Parquet file with a .csv name is caught as binary, with the fix to rename it.
  writeFileSync(at('really-parquet.csv'), readFileSync(at('wide.parquet')));
  assert.match(err('really-parquet.csv').message, /give it a \.parquet name/);
});

test('long CSV prices report errors at file:line:col', () => {
  writeFileSync(at('long-bad.csv'), 'date,ticker,close\n2023-01-03,AAPL,1\n2023-01-04,AAPL,-2\n');
  assert.throws(() => loadPricesFile(at('long-bad.csv')), /long-bad\.csv:3:17: Price -2 for AAPL on 2023-01-04 is not positive/);
  writeFileSync(at('long-dup.csv'), 'date,ticker,close\n2023-01-03,AAPL,1\n2023-01-03,AAPL,2\n');
  assert.throws(() => loadPricesFile(at('long-dup.csv')), /long-dup\.csv:3:1: AAPL on 2023-01-03 already has a price \(line 2\)/);
  writeFileSync(at('long-two.csv'), 'date,ticker,close,adj_close\n2023-01-03,AAPL,1,0.9\n');
  assert.throws(() => loadPricesFile(at('long-two.csv')), /long-two\.csv:1:1: .*several value columns \(close, adj_close\)/);
  assert.equal(loadPricesFile(at('long-two.csv'), 'adj_close').columns[0][0], 0.9);
});

test('a point-in-time Parquet mapping (valid_from/valid_to as DATE) means what its CSV twin means; errors name the row', async () => {
  const csv = 'ticker,sector,valid_from,valid_to\nAAPL,Technology,,2020-12-31\nAAPL,Consumer Discretionary,2021-01-01,\nXOM,Energy,,\n';
  writeFileSync(at('pit.csv'), csv);
  await duck(
    `COPY (SELECT ticker, sector, valid_from::DATE AS valid_from, valid_to::DATE AS valid_to FROM read_csv(${lit(at('pit.csv'))}, header = true, all_varchar = true)) TO ${lit(at('pit.parquet'))} (FORMAT parquet)`,
    `COPY (SELECT * FROM (VALUES ('AAPL', 'Technology'), ('XOM', 'Energy'), ('AAPL', 'Energy')) t(ticker, sector)) TO ${lit(at('dup-map.parquet'))} (FORMAT parquet)`,
  );
  const a = loadSectorMappingFile(at('pit.csv')),
    b = loadSectorMappingFile(at('pit.parquet'));
  assert.equal(b.file, at('pit.parquet'));
  assert.deepEqual(JSON.parse(JSON.stringify({ ...b, file: '' })), JSON.parse(JSON.stringify({ ...a, file: '' })));
  assert.throws(
    () => loadSectorMappingFile(at('dup-map.parquet')),
    (e: Error & { code: string }) => {
      assert.equal(e.code, 'duplicate-ticker');
      assert.match(
        e.message,
        /dup-map\.parquet: row 3 \(row group 1, row 3\), column "ticker": Ticker AAPL is mapped twice \(first on row 1\)/,
      );
      return true;
    },
  );
});

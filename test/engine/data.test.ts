import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import {
  DataError,
  DataManager,
  parsePricesCsv,
  parseSectorMappingCsv,
  parseDatedValues,
  parseOrdersCsv,
  detectDatedValuesFormat,
} from '../../engine/data';

const MINI = path.resolve(__dirname, '../fixtures/data/mini');
const REAL = path.resolve(__dirname, '../../../shared/data/real-sp500-2016-2021');

/** Asserts `fn` throws a DataError with this code at this 1-based line/column, with a fix. */
function throwsAt(fn: () => unknown, code: string, line: number, column: number, file = 'f.csv'): DataError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof DataError, `expected DataError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    assert.equal(err.file, file);
    assert.equal(err.line, line, err.message);
    assert.equal(err.column, column, err.message);
    assert.ok(err.fix && err.fix.length > 10, 'names a fix');
    assert.ok(err.message.startsWith(`${file}:${line}:${column}: `), err.message);
    return err;
  }
  assert.fail(`expected ${code}`);
}

test('prices: column-major Float64Arrays with NaN for empty cells, first/last index and header offsets', () => {
  const dm = new DataManager(MINI);
  const p = dm.loadPrices();
  assert.deepEqual(p.tickers, ['AAPL', 'MSFT', 'JNJ', 'XOM', 'XLK', 'XLV', 'XLC', 'SPY']);
  assert.equal(p.dates.length, 5);
  assert.ok(p.columns[0] instanceof Float64Array);
  assert.equal(p.columns[p.index.get('MSFT')!][1], 229);
  assert.ok(Number.isNaN(p.columns[p.index.get('JNJ')!][2]));
  const xlc = p.index.get('XLC')!;
  assert.equal(p.firstIndex[xlc], 2);
  assert.equal(p.lastIndex[p.index.get('XOM')!], 3);
  const header = readFileSync(path.join(MINI, 'prices.csv'), 'utf8').split('\n')[0];
  assert.equal(header.slice(p.headerOffsets[xlc], p.headerOffsets[xlc] + 3), 'XLC');
});

test('prices: quality report names late starts, early ends, gap days and empty columns', () => {
  const p = parsePricesCsv(readFileSync(path.join(MINI, 'prices.csv'), 'utf8'), 'prices.csv');
  assert.deepEqual(p.quality.lateStarts, [{ ticker: 'XLC', firstDate: '2023-01-05' }]);
  assert.deepEqual(p.quality.earlyEnds, [{ ticker: 'XOM', lastDate: '2023-01-06' }]);
  assert.deepEqual(p.quality.gaps, [{ ticker: 'JNJ', days: 1 }]);
  assert.deepEqual(p.quality.emptyColumns, []);
  assert.match(p.quality.warnings.join('\n'), /XLC \(2023-01-05\)/);
  const empty = parsePricesCsv('date,A,B\n2023-01-02,1,\n2023-01-03,2,\n', 'x.csv');
  assert.deepEqual(empty.quality.emptyColumns, ['B']);
  assert.equal(empty.firstIndex[1], -1);
});

test('prices: BOM, CRLF, quoted headers and trailing blank lines are accepted', () => {
  const p = parsePricesCsv(readFileSync(path.join(MINI, 'bom_crlf_prices.csv'), 'utf8'), 'b.csv');
  assert.deepEqual(p.tickers, ['AAPL', 'MSFT']);
  assert.deepEqual(p.dates, ['2023-01-03', '2023-01-04']);
  assert.equal(p.columns[0][1], 1.5);
  assert.ok(Number.isNaN(p.columns[1][1]));
});

test('prices: each kind of bad input names file, line, column and the fix', () => {
  throwsAt(() => parsePricesCsv('day,A\n2023-01-02,1\n', 'f.csv'), 'prices-header', 1, 1);
  throwsAt(() => parsePricesCsv('date,A,B,A\n2023-01-02,1,2,3\n', 'f.csv'), 'duplicate-ticker', 1, 10);
  throwsAt(() => parsePricesCsv('date,A,,B\n', 'f.csv'), 'empty-ticker', 1, 8);
  throwsAt(() => parsePricesCsv('date,A,B\n2023-01-02,1,2\n2023-01-03,abc,2\n', 'f.csv'), 'invalid-price', 3, 12);
  throwsAt(() => parsePricesCsv('date,A,B\n2023-01-02,1,2\n2023-01-03,1,-2\n', 'f.csv'), 'non-positive-price', 3, 14);
  throwsAt(() => parsePricesCsv('date,A,B\n2023-01-02,1,0\n', 'f.csv'), 'non-positive-price', 2, 14);
  throwsAt(() => parsePricesCsv('date,A\n2023-01-02,1\n01/03/2023,1\n', 'f.csv'), 'invalid-date', 3, 1);
  throwsAt(() => parsePricesCsv('date,A\n2023-01-02,1\n2023-02-30,1\n', 'f.csv'), 'invalid-date', 3, 1);
  throwsAt(() => parsePricesCsv('date,A\n2023-01-03,1\n2023-01-02,1\n', 'f.csv'), 'dates-not-ascending', 3, 1);
  throwsAt(() => parsePricesCsv('date,A\n2023-01-03,1\n2023-01-03,1\n', 'f.csv'), 'duplicate-date', 3, 1);
  throwsAt(() => parsePricesCsv('date,A,B\n2023-01-03,1,2,3\n', 'f.csv'), 'row-length', 2, 16);
  throwsAt(() => parsePricesCsv('date,A\n', 'f.csv'), 'no-data-rows', 2, 1);
  throwsAt(() => parsePricesCsv('', 'f.csv'), 'empty-file', 1, 1);
  throwsAt(() => parsePricesCsv('date,A\n2023-01-03,"1\n', 'f.csv'), 'csv-syntax', 2, 12);
  // A CRLF file reports the same line and column.
  throwsAt(() => parsePricesCsv('date,A,B\r\n2023-01-02,1,2\r\n2023-01-03,x,2\r\n', 'f.csv'), 'invalid-price', 3, 12);
});

test('prices: a missing file is a DataError with the reason and the fix', () => {
  const dm = new DataManager(path.join(MINI, 'nowhere'));
  assert.throws(
    () => dm.loadPrices(),
    (e: unknown) =>
      e instanceof DataError &&
      e.code === 'file-not-found' &&
      /nowhere\/prices\.csv: File not found/.test(e.message) &&
      /data_dir/.test(e.fix ?? ''),
  );
});

test('sector mapping: extra columns kept, duplicate ticker is an error with both lines', () => {
  const m = new DataManager(MINI).loadSectorMapping();
  assert.deepEqual(m.columns, ['ticker', 'sector', 'industry']);
  assert.equal(m.byTicker.get('XOM')!.values.industry, 'Oil & Gas');
  assert.equal(m.byTicker.get('JNJ')!.line, 3);
  const e = throwsAt(
    () => parseSectorMappingCsv('ticker,sector\nAAPL,Technology\nMSFT,Technology\nAAPL,Healthcare\n', 'f.csv'),
    'duplicate-ticker',
    4,
    1,
  );
  assert.match(e.message, /first on line 2/);
  throwsAt(() => parseSectorMappingCsv('symbol,sector\nAAPL,Technology\n', 'f.csv'), 'mapping-header', 1, 1);
  throwsAt(() => parseSectorMappingCsv('ticker,sector\nAAPL,Tech,Extra\n', 'f.csv'), 'row-length', 2, 11);
  throwsAt(() => parseSectorMappingCsv('ticker,sector\n,Technology\n', 'f.csv'), 'empty-ticker', 2, 1);
});

test('sector mapping: a mapped ticker without a price column is a quality warning', () => {
  const dm = DataManager.fromTables(
    parsePricesCsv('date,AAPL\n2023-01-03,1\n', 'p.csv'),
    parseSectorMappingCsv('ticker,sector\nAAPL,Technology\n', 'm.csv'),
  );
  assert.equal(dm.loadPrices().tickers[0], 'AAPL');
  const dm2 = new DataManager(MINI, { pricesFile: 'bom_crlf_prices.csv' });
  dm2.loadPrices();
  const m = dm2.loadSectorMapping();
  assert.match(m.quality.warnings.join('\n'), /2 mapped ticker\(s\) have no price column: JNJ, XOM/);
});

test('signals: long CSV, wide CSV and JSON give the same values', () => {
  const dm = new DataManager(MINI);
  const long = dm.loadSignals('signals_long.csv');
  const wide = dm.loadSignals('signals_wide.csv');
  const json = dm.loadSignals('signals.json');
  const inline = dm.loadSignals({ '2023-01-03': { AAPL: 1.5, MSFT: -0.5, JNJ: 0.25 }, '2023-01-04': { JNJ: 2 } });
  const plain = (m: Map<string, Map<string, number>>) => [...m].map(([d, v]) => [d, Object.fromEntries([...v].sort())]);
  assert.deepEqual([...long.keys()], ['2023-01-03', '2023-01-04']);
  assert.deepEqual(plain(long), plain(wide));
  assert.deepEqual(plain(long), plain(json));
  assert.deepEqual(plain(long), plain(inline));
  assert.equal(long.get('2023-01-03')!.get('MSFT'), -0.5);
  assert.equal(detectDatedValuesFormat('date,ticker,weight\n'), 'long');
  assert.equal(detectDatedValuesFormat('date,AAPL,MSFT\n'), 'wide');
  assert.deepEqual(plain(dm.loadWeights([{ date: '2023-01-03', ticker: 'AAPL', weight: 0.1 }])), [['2023-01-03', { AAPL: 0.1 }]]);
});

test('signals: bad values, dates, duplicates and JSON syntax are located', () => {
  throwsAt(() => parseDatedValues('date,ticker,signal\n2023-01-03,AAPL,x\n', 'f.csv'), 'invalid-value', 2, 17);
  throwsAt(() => parseDatedValues('date,ticker,signal\n2023-01-03,AAPL,1\n2023-01-03,AAPL,2\n', 'f.csv'), 'duplicate-value', 3, 12);
  throwsAt(() => parseDatedValues('date,AAPL\n2023-13-03,1\n', 'f.csv'), 'invalid-date', 2, 1);
  throwsAt(() => parseDatedValues('day,AAPL\n2023-01-03,1\n', 'f.csv'), 'values-header', 1, 1);
  throwsAt(() => parseDatedValues('{\n  "2023-01-03": { "AAPL": 1 }\n  "2023-01-04": {}\n}', 'f.json'), 'json-syntax', 3, 3, 'f.json');
  assert.throws(() => parseDatedValues('{"2023-01-03": {"AAPL": "1"}}', 'f.json'), /2023-01-03\.AAPL: value "1" is not a finite number/);
});

test('orders: date,ticker,quantity sorted by date (stable), bad quantity located', () => {
  const orders = new DataManager(MINI).loadOrders('orders.csv');
  assert.deepEqual(
    orders.map((o) => [o.date, o.ticker, o.quantity]),
    [
      ['2023-01-03', 'AAPL', 100],
      ['2023-01-04', 'MSFT', -50],
      ['2023-01-04', 'AAPL', 10],
    ],
  );
  throwsAt(() => parseOrdersCsv('date,ticker,quantity\n2023-01-03,AAPL,ten\n', 'f.csv'), 'invalid-quantity', 2, 17);
  throwsAt(() => parseOrdersCsv('date,symbol,qty\n', 'f.csv'), 'orders-header', 1, 1);
  assert.deepEqual(new DataManager(MINI).loadOrders([{ date: '2023-01-03', ticker: 'AAPL', quantity: 5 }]), [
    { date: '2023-01-03', ticker: 'AAPL', quantity: 5 },
  ]);
});

test(
  'real S&P data: loads, XLC starts late and is reported (skipped when absent)',
  { skip: !existsSync(path.join(REAL, 'prices.csv')) },
  () => {
    const dm = new DataManager(REAL);
    const p = dm.loadPrices();
    assert.equal(p.dates[0], '2016-04-21');
    assert.equal(p.tickers.length, 89);
    const late = p.quality.lateStarts.find((x) => x.ticker === 'XLC');
    assert.ok(late && late.firstDate > '2018-01-01', 'XLC listed in 2018');
    assert.equal(dm.loadSectorMapping().rows.length, 77);
  },
);

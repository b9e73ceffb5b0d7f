// The fast Parquet price paths: long files pivoted straight into the wide columns (rows in
// any order, several row groups, dictionary-encoded dates and tickers, nulls, a ticker first
// seen in a later row group), their errors, and the one-pass price-typo scan, which must
// find exactly what the full search finds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ParquetWriter, fileWriter } from 'hyparquet-writer';
import type { SchemaElement } from 'hyparquet';
import { loadPricesFile } from '../../engine/data/load';
import { parsePricesCsv } from '../../engine/data/prices';
import { findPriceAnomalies, newColumnScans, scanColumnInto, scanPrices } from '../../engine/data/priceAnomalies';
import { dayNumbers } from '../../engine/results/parquetOut';

const dir = mkdtempSync(path.join(os.tmpdir(), 'parquet-decode-'));
const at = (f: string) => path.join(dir, f);

const SCHEMA: SchemaElement[] = [
  { name: 'root', num_children: 3 },
  { name: 'date', type: 'INT32', converted_type: 'DATE', logical_type: { type: 'DATE' }, repetition_type: 'OPTIONAL' },
  { name: 'ticker', type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' }, repetition_type: 'OPTIONAL' },
  { name: 'close', type: 'DOUBLE', repetition_type: 'OPTIONAL' },
];

/**
 * Rows [iso date, ticker, close | null] as a long file, `groupRows` rows per row group,
 * dictionary date and ticker (with `plainDates`, the dates of odd row groups are PLAIN).
 */
function writeLong(file: string, rows: [string, string, number | null][], groupRows: number, plainDates = false): void {
  const w = new ParquetWriter({ writer: fileWriter(file), schema: SCHEMA, codec: 'SNAPPY' });
  for (let s = 0; s < rows.length; s += groupRows) {
    const part = rows.slice(s, s + groupRows);
    const dateEncoding = plainDates && (s / groupRows) % 2 === 1 ? 'PLAIN' : 'RLE_DICTIONARY';
    void w.write({
      columnData: [
        { name: 'date', data: Array.from(dayNumbers(part.map((r) => r[0]))), encoding: dateEncoding },
        { name: 'ticker', data: part.map((r) => r[1]), encoding: 'RLE_DICTIONARY' },
        { name: 'close', data: part.map((r) => r[2]) },
      ],
      rowGroupSize: part.length,
    });
  }
  void w.finish();
}

const CSV = 'date,AAA,BBB,CCC\n2023-01-03,10,,5\n2023-01-04,10.5,20,5.25\n2023-01-05,11,21,\n2023-01-06,11.25,22,5.5\n';

test('a long Parquet file in any row order, over several row groups, gives the wide CSV table', () => {
  const wide = parsePricesCsv(CSV, 'p.csv');
  const rows: [string, string, number | null][] = [];
  wide.tickers.forEach((t, j) =>
    wide.dates.forEach((d, i) => rows.push([d, t, Number.isNaN(wide.columns[j][i]) ? null : wide.columns[j][i]])),
  );
  // Ticker-major, date-major and shuffled (deterministically), three rows per group: tickers first seen in later groups.
  const byDate = [...rows].sort((a, b) => a[0].localeCompare(b[0]) || a[1].localeCompare(b[1]));
  const shuffled = [...rows].sort(
    (a, b) => ((a[0].charCodeAt(9) * 7 + a[1].charCodeAt(0)) % 5) - ((b[0].charCodeAt(9) * 7 + b[1].charCodeAt(0)) % 5),
  );
  for (const [name, order] of [
    ['by-ticker', rows],
    ['by-date', byDate],
    ['shuffled', shuffled],
  ] as const) {
    writeLong(at(`${name}.parquet`), order, 3);
    const t = loadPricesFile(at(`${name}.parquet`));
    assert.deepEqual(t.dates, wide.dates, name);
    assert.deepEqual([...t.tickers].sort(), wide.tickers, name);
    for (const [j, ticker] of wide.tickers.entries())
      assert.deepEqual(Array.from(t.columns[t.index.get(ticker)!]), Array.from(wide.columns[j]), `${name} ${ticker}`);
    assert.deepEqual(t.quality.gaps, wide.quality.gaps, name);
  }
  // Tickers come in order of first appearance, a row without a price included (BBB's first row).
  assert.deepEqual(loadPricesFile(at('by-date.parquet')).tickers, ['AAA', 'BBB', 'CCC']);
  writeLong(at('late.parquet'), byDate.filter((r) => r[1] !== 'BBB' || r[2] !== null).reverse(), 3);
  assert.deepEqual(loadPricesFile(at('late.parquet')).tickers, ['CCC', 'BBB', 'AAA']);
});

test('long Parquet errors name the row group, row and column: a repeat names both rows, a bad price its row', () => {
  writeLong(
    at('dup.parquet'),
    [
      ['2023-01-03', 'AAA', 1],
      ['2023-01-04', 'AAA', 2],
      ['2023-01-05', 'BBB', 3],
      ['2023-01-03', 'AAA', 4],
    ],
    2,
  );
  assert.throws(
    () => loadPricesFile(at('dup.parquet')),
    (e: Error & { code: string }) => {
      assert.equal(e.code, 'duplicate-value');
      assert.match(
        e.message,
        /row 4 \(row group 2, row 2\), column "ticker": AAA on 2023-01-03 already has a value \(row 1 \(row group 1, row 1\)\)/,
      );
      return true;
    },
  );
  writeLong(
    at('neg.parquet'),
    [
      ['2023-01-03', 'AAA', 1],
      ['2023-01-04', 'BBB', 2],
      ['2023-01-05', 'BBB', -3],
    ],
    2,
  );
  assert.throws(
    () => loadPricesFile(at('neg.parquet')),
    /row 3 \(row group 2, row 1\), column "close": Price -3 for BBB on 2023-01-05 is not positive/,
  );
  writeLong(
    at('noticker.parquet'),
    [
      ['2023-01-03', 'AAA', 1],
      ['2023-01-04', '', 2],
    ],
    5,
  );
  assert.throws(() => loadPricesFile(at('noticker.parquet')), /row 2 \(row group 1, row 2\), column "ticker": this row has no ticker/);
});

test('the one-pass typo scan flags exactly the columns where the full search finds a spike or a tiny price', () => {
  // Spikes up and down that revert (with gaps around them), a tiny price, a jump that does not revert.
  const csv =
    'date,UP,DOWN,TINY,STEP,OK\n' +
    [
      '2023-01-02,10,10,1,10,10',
      '2023-01-03,,10,1,10,10',
      '2023-01-04,100,0.9,1e-7,100,11',
      '2023-01-05,,10,1,100,12',
      '2023-01-06,10,10,1,100,13',
    ].join('\n') +
    '\n';
  const t = parsePricesCsv(csv, 'p.csv');
  const flagged = t.tickers.filter((_, j) => scanPrices(t.columns[j], t.firstIndex[j], t.lastIndex[j]).suspicious);
  assert.deepEqual(flagged, ['UP', 'DOWN', 'TINY']);
  const all = findPriceAnomalies(t);
  assert.deepEqual(
    all.map((a) => `${a.ticker} ${a.date} ${a.kind}`),
    ['UP 2023-01-04 spike', 'DOWN 2023-01-04 spike', 'TINY 2023-01-04 tiny', 'TINY 2023-01-04 spike'],
  );
  assert.deepEqual(t.quality.anomalies, all);
  assert.deepEqual(t.quality.gaps, [{ ticker: 'UP', days: 2 }]);
});

test('long Parquet dates from dictionary and plain row groups: a date whose only row has no price is still a row', () => {
  // Row group 1 (dictionary dates) holds 2023-01-09 with a null close only; row group 2 has PLAIN dates.
  const rows: [string, string, number | null][] = [
    ['2023-01-03', 'AAA', 1],
    ['2023-01-09', 'BBB', null],
    ['2023-01-04', 'AAA', 2],
    ['2023-01-05', 'BBB', 3],
    ['2023-01-06', 'AAA', 4],
    ['2023-01-03', 'BBB', 5],
  ];
  for (const plain of [false, true]) {
    writeLong(at(`mixed-${plain}.parquet`), rows, 3, plain);
    const t = loadPricesFile(at(`mixed-${plain}.parquet`));
    assert.deepEqual(t.dates, ['2023-01-03', '2023-01-04', '2023-01-05', '2023-01-06', '2023-01-09']);
    assert.deepEqual(t.tickers, ['AAA', 'BBB']);
    assert.deepEqual(Array.from(t.columns[0]), [1, 2, NaN, 4, NaN]);
    assert.deepEqual(Array.from(t.columns[1]), [5, NaN, 3, NaN, NaN]);
    assert.deepEqual(Array.from(t.firstIndex), [0, 0]);
    assert.deepEqual(Array.from(t.lastIndex), [3, 2]);
    assert.deepEqual(t.quality.earlyEnds, [
      { ticker: 'AAA', lastDate: '2023-01-06' },
      { ticker: 'BBB', lastDate: '2023-01-05' },
    ]);
    assert.deepEqual(t.quality.gaps, [
      { ticker: 'AAA', days: 1 },
      { ticker: 'BBB', days: 1 },
    ]);
  }
});

test('the scans made while loading Parquet prices equal the price table own ones (first/last, gaps, typos)', () => {
  const csv =
    'date,UP,LATE,TINY,EMPTY,OK\n' +
    ['2023-01-02,10,,1,,10', '2023-01-03,,,1,,10', '2023-01-04,100,5,1e-7,,11', '2023-01-05,,6,1,,12', '2023-01-06,10,,1,,13'].join('\n') +
    '\n';
  const t = parsePricesCsv(csv, 'p.csv');
  const s = newColumnScans(t.tickers.length);
  t.columns.forEach((c, j) => assert.equal(scanColumnInto(c, s, j, Infinity), -1));
  assert.deepEqual(Array.from(s.first), Array.from(t.firstIndex));
  assert.deepEqual(Array.from(s.last), Array.from(t.lastIndex));
  t.tickers.forEach((_, j) => {
    if (t.firstIndex[j] < 0) return;
    const want = scanPrices(t.columns[j], t.firstIndex[j], t.lastIndex[j]);
    assert.deepEqual([s.gaps[j], s.suspicious[j] === 1], [want.gaps, want.suspicious], t.tickers[j]);
  });
  assert.equal(scanColumnInto(Float64Array.of(1, NaN, -2), s, 0, Infinity), 2);
  // A long and a wide Parquet twin: the same table, quality included (but for the file name).
  const rows: [string, string, number | null][] = [];
  t.tickers.forEach((k, j) => t.dates.forEach((d, i) => rows.push([d, k, Number.isNaN(t.columns[j][i]) ? null : t.columns[j][i]])));
  writeLong(at('typos-long.parquet'), rows, 7);
  const w = new ParquetWriter({
    writer: fileWriter(at('typos-wide.parquet')),
    schema: [
      { name: 'root', num_children: t.tickers.length + 1 },
      { name: 'date', type: 'INT32', converted_type: 'DATE', logical_type: { type: 'DATE' }, repetition_type: 'REQUIRED' },
      ...t.tickers.map((name): SchemaElement => ({ name, type: 'DOUBLE', repetition_type: 'OPTIONAL' })),
    ],
    codec: 'SNAPPY',
  });
  void w.write({
    columnData: [
      { name: 'date', data: Array.from(dayNumbers(t.dates)) },
      ...t.tickers.map((name, j) => ({ name, data: Array.from(t.columns[j], (v) => (Number.isNaN(v) ? null : v)) })),
    ],
    rowGroupSize: t.dates.length,
  });
  void w.finish();
  for (const f of ['typos-long.parquet', 'typos-wide.parquet']) {
    const p = loadPricesFile(at(f));
    assert.deepEqual(p.tickers, t.tickers, f);
    assert.deepEqual(Array.from(p.firstIndex), Array.from(t.firstIndex), f);
    assert.deepEqual(Array.from(p.lastIndex), Array.from(t.lastIndex), f);
    assert.deepEqual({ ...p.quality, file: '' }, { ...t.quality, file: '' }, f);
  }
});

test('the loading scan agrees with scanPrices on random columns full of exact 10x jumps, tiny prices and gaps', () => {
  // Values whose ratios are exactly 10 (the spike test's boundary) or just under it.
  const pool = [NaN, 1, 10, 100, 0.1, 9.999999, 10.000001, 1e-7, 1e-6, 5, 50];
  let seed = 17;
  const next = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const s = newColumnScans(1);
  let flagged = 0;
  for (let k = 0; k < 3000; k++) {
    const c = Float64Array.from({ length: 1 + Math.floor(next() * 9) }, () => pool[Math.floor(next() * pool.length)]);
    assert.equal(scanColumnInto(c, s, 0, Infinity), -1);
    let first = -1,
      last = -1;
    c.forEach((v, i) => {
      if (v === v) [first, last] = [first < 0 ? i : first, i];
    });
    assert.deepEqual([s.first[0], s.last[0]], [first, last]);
    if (first < 0) continue;
    const want = scanPrices(c, first, last);
    assert.deepEqual([s.gaps[0], s.suspicious[0] === 1], [want.gaps, want.suspicious], Array.from(c).join(','));
    flagged += want.suspicious ? 1 : 0;
  }
  // Both answers occur often (the test is not vacuous).
  assert.ok(flagged > 500 && flagged < 2500, String(flagged));
});

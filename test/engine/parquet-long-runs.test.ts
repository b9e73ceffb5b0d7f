// A long Parquet file sorted by ticker (as pandas/pyarrow write one), whose dictionary
// dates and tickers are read as runs and stored by one loop per ticker run
// (engine/data/parquet/runs.ts, longScatter.ts): gaps, null prices, a ticker cut by a row
// group or a page, and a date index past its dictionary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ParquetWriter, fileWriter } from 'hyparquet-writer';
import { parquetMetadata, type SchemaElement } from 'hyparquet';
import { parquetHeader } from 'hyparquet/src/column.js';
import { loadPricesFile } from '../../engine/data/load';
import { parsePricesCsv } from '../../engine/data/prices';
import { dayNumbers } from '../../engine/results/parquetOut';

const dir = mkdtempSync(path.join(os.tmpdir(), 'parquet-runs-'));
const at = (f: string) => path.join(dir, f);

const SCHEMA: SchemaElement[] = [
  { name: 'root', num_children: 3 },
  { name: 'date', type: 'INT32', converted_type: 'DATE', logical_type: { type: 'DATE' }, repetition_type: 'OPTIONAL' },
  { name: 'ticker', type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' }, repetition_type: 'OPTIONAL' },
  { name: 'close', type: 'DOUBLE', repetition_type: 'OPTIONAL' },
];

function writeLong(
  file: string,
  rows: [string, string, number | null][],
  groupRows: number,
  codec: 'SNAPPY' | 'UNCOMPRESSED' = 'SNAPPY',
): void {
  const w = new ParquetWriter({ writer: fileWriter(file), schema: SCHEMA, codec });
  for (let s = 0; s < rows.length; s += groupRows) {
    const part = rows.slice(s, s + groupRows);
    void w.write({
      columnData: [
        { name: 'date', data: Array.from(dayNumbers(part.map((r) => r[0]))), encoding: 'RLE_DICTIONARY' },
        { name: 'ticker', data: part.map((r) => r[1]), encoding: 'RLE_DICTIONARY' },
        { name: 'close', data: part.map((r) => r[2]) },
      ],
      rowGroupSize: part.length,
    });
  }
  void w.finish();
}

/** Business days from 2020-01-01 on. */
function days(n: number): string[] {
  const out: string[] = [];
  for (let t = Date.UTC(2020, 0, 1); out.length < n; t += 86_400_000) {
    const d = new Date(t);
    if (d.getUTCDay() % 6) out.push(d.toISOString().slice(0, 10));
  }
  return out;
}

test('a ticker-sorted long file (gaps, nulls, tickers cut by row groups) loads as its wide CSV twin, scans included', () => {
  const D = days(700),
    names = Array.from({ length: 30 }, (_, k) => `T${String(k).padStart(2, '0')}`);
  let seed = 11;
  const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const cells = names.map((_, j) =>
    D.map((_, i) => {
      if (j % 7 === 3 && i < 40) return undefined; // starts late
      if (j % 5 === 1 && i > 650) return undefined; // ends early
      if (rand() < 0.02) return undefined; // a gap: no row
      if (rand() < 0.02) return null; // a row with no price
      return Math.round((20 + j + 5 * Math.sin(i / 17 + j)) * 100) / 100;
    }),
  );
  cells[4][300] = cells[4][299]! * 10.5; // a 10x spike (a typo the quality report names)
  cells[8][500] = 0.001; // a tiny price
  const rows: [string, string, number | null][] = [];
  names.forEach((t, j) => D.forEach((d, i) => cells[j][i] !== undefined && rows.push([d, t, cells[j][i]!])));
  // The CSV twin: a day every ticker lacks is no row of either (there is none here).
  const csv = ['date,' + names.join(',')]
    .concat(
      D.map((d, i) =>
        [d, ...names.map((_, j) => (cells[j][i] === undefined || cells[j][i] === null ? '' : String(cells[j][i])))].join(','),
      ),
    )
    .join('\n');
  const wide = parsePricesCsv(csv + '\n', 'p.csv');
  // Row groups of 4,000 rows: several tickers cut in two, one group holding parts of seven.
  writeLong(at('sorted.parquet'), rows, 4000);
  const t = loadPricesFile(at('sorted.parquet'));
  assert.deepEqual(t.dates, wide.dates);
  assert.deepEqual(t.tickers, wide.tickers);
  for (let j = 0; j < names.length; j++) assert.deepEqual(Array.from(t.columns[j]), Array.from(wide.columns[j]), names[j]);
  assert.deepEqual(Array.from(t.firstIndex), Array.from(wide.firstIndex));
  assert.deepEqual(Array.from(t.lastIndex), Array.from(wide.lastIndex));
  assert.deepEqual({ ...t.quality, file: '' }, { ...wide.quality, file: '' });
  assert.deepEqual(
    (t.quality.anomalies ?? []).map((a) => [a.ticker, a.price]),
    [
      ['T04', cells[4][300]],
      ['T08', 0.001],
    ],
  );
});

test('a date index past its dictionary in a bit-packed run names the date column and row group', () => {
  const D = days(200);
  const rows: [string, string, number | null][] = [];
  for (const name of ['AAA', 'BBB']) D.forEach((d, i) => rows.push([d, name, 10 + i / 100]));
  const file = at('bad-index.parquet');
  writeLong(file, rows, rows.length, 'UNCOMPRESSED');
  // The date chunk's first data page: its indices (a bit width byte, then the runs) set to all ones.
  const bytes = readFileSync(file);
  const meta = parquetMetadata(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer);
  const chunk = meta.row_groups[0].columns[0].meta_data!;
  const reader = { view: new DataView(bytes.buffer, bytes.byteOffset), offset: Number(chunk.data_page_offset) };
  const header = parquetHeader(reader);
  const v2 = header.data_page_header_v2;
  const levels = v2 ? v2.repetition_levels_byte_length + v2.definition_levels_byte_length : 0;
  const data = reader.offset + levels;
  const width = bytes[data];
  assert.ok(width > 0 && 2 ** width > 200, `bit width ${width}`);
  assert.equal(bytes[data + 1] & 1, 1, 'the first run is bit-packed');
  // Past the run header (one or two bytes), a few indices' bytes.
  const start = data + 1 + (bytes[data + 1] & 0x80 ? 2 : 1);
  for (let k = 0; k < 8; k++) bytes[start + 16 + k] = 0xff;
  writeFileSync(file, bytes);
  assert.throws(
    () => loadPricesFile(file),
    (e: Error & { code: string }) => {
      assert.equal(e.code, 'parquet-invalid');
      assert.match(
        e.message,
        /Column "date" in row group 1 cannot be decoded \(the dictionary indices end early or are out of range \(200 entries\)\)/,
      );
      return true;
    },
  );
});

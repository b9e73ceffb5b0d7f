// Big Parquet price files are read a window at a time into the snappy decoder's memory
// and decoded where their pages land (engine/data/parquet/pageMemory.ts): the tables must
// be the ones the same bytes give when held whole, and the CSV's; a file cut inside its
// data names the row group and column; the decoder is the installed hysnappy's, unchanged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadPricesFile } from '../../engine/data/load';
import { parsePricesCsv } from '../../engine/data/prices';
import { parsePricesParquet } from '../../engine/data/parquet/prices';
import { SNAPPY_WASM_BASE64 } from '../../engine/data/parquet/snappyWasm';
import { writeLongPricesParquet, writeWidePricesParquet } from '../../scripts/prices-parquet';
import type { PriceTable } from '../../engine/types';

const dir = mkdtempSync(path.join(os.tmpdir(), 'parquet-snappy-'));
const at = (f: string) => path.join(dir, f);

/** 300 tickers x 2,500 days of two-decimal prices (late starts, early ends, gaps): about 3 MB of Parquet, more than one read window. */
function pricesCsv(): string {
  const tickers = Array.from({ length: 300 }, (_, j) => `T${String(j).padStart(3, '0')}`);
  const lines = [`date,${tickers.join(',')}`];
  const day0 = Date.UTC(2015, 0, 1);
  let seed = 7;
  const rand = () => {
    // mulberry32
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = 0, d = 0; i < 2500; d++) {
    const date = new Date(day0 + d * 86_400_000);
    if (date.getUTCDay() === 0 || date.getUTCDay() === 6) continue;
    const cells = tickers.map((_, j) => {
      if (i < j * 2 || i > 2500 - (j % 7) * 10 || rand() < 0.01) return '';
      return (10 + 90 * rand()).toFixed(2);
    });
    lines.push(`${date.toISOString().slice(0, 10)},${cells.join(',')}`);
    i++;
  }
  return lines.join('\n') + '\n';
}

function assertSameTable(a: PriceTable, b: PriceTable, what: string): void {
  assert.deepEqual(b.dates, a.dates, `${what}: dates`);
  assert.deepEqual(b.tickers, a.tickers, `${what}: tickers`);
  a.columns.forEach((c, j) => assert.deepEqual(Array.from(b.columns[j]), Array.from(c), `${what}: ${a.tickers[j]}`));
  assert.deepEqual(b.quality, { ...a.quality, file: b.file }, `${what}: data quality`);
}

test('prices read a window at a time from a multi-MB Parquet file equal the same bytes held whole and the CSV', () => {
  const text = pricesCsv();
  writeFileSync(at('prices.csv'), text);
  writeWidePricesParquet(text, at('wide.parquet'));
  writeLongPricesParquet(text, at('long.parquet'));
  const csv = parsePricesCsv(text, at('prices.csv'));
  for (const name of ['wide', 'long']) {
    const file = at(`${name}.parquet`);
    assert.ok(
      readFileSync(file).length > 5 << 19,
      `${name}.parquet spans more than one 2 MB read window (${readFileSync(file).length} bytes)`,
    );
    const fromDisk = loadPricesFile(file);
    assertSameTable(csv, fromDisk, `${name} from disk`);
    assertSameTable(fromDisk, parsePricesParquet(readFileSync(file), file), `${name} from bytes`);
  }
});

test('a Parquet price file missing bytes inside its data names the row group and column and says to write it again', () => {
  const whole = readFileSync(at('wide.parquet'));
  // 100 kB taken out of the middle: the footer is intact, but the last column chunks end past the end of the file.
  const mid = whole.length >> 1;
  writeFileSync(at('holed.parquet'), Buffer.concat([whole.subarray(0, mid), whole.subarray(mid + 100_000)]));
  assert.throws(
    () => loadPricesFile(at('holed.parquet')),
    (e: Error & { code: string }) => {
      assert.equal(e.code, 'parquet-invalid');
      assert.match(
        e.message,
        /holed\.parquet: Column "T\d{3}" in row group 1 cannot be decoded \(a snappy block (ends early|is damaged)[^)]*\)\. Fix: The file is damaged[^]*write it again from its source/,
      );
      return true;
    },
  );
});

test('the snappy decoder is the installed hysnappy 1.1.x wasm, byte for byte', () => {
  const js = readFileSync(require.resolve('hysnappy/js/uncompress.js'), 'utf8');
  const installed = /const wasm64 = '([A-Za-z0-9+/=]+)'/.exec(js);
  assert.ok(installed, 'hysnappy/js/uncompress.js still embeds its wasm as base64');
  assert.equal(SNAPPY_WASM_BASE64, installed[1], 'engine/data/parquet/snappyWasm.ts differs: copy the new wasm64 string into it');
});

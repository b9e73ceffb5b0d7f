// Fuzz of the data loaders (engine/data) on mutated sample files: each call returns a
// sane table or throws a DataError naming a line and column inside the file; never any
// other exception, never a hang.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { DataError, parsePricesCsv, parseSectorMappingCsv, parseDatedValues, parseOrdersCsv } from '../../engine/data';
import { FuzzStats, fuzzSync, fuzzRuns, mutatedText } from './fuzzKit';

const ROOT = path.resolve(__dirname, '..', '..');
const read = (rel: string, maxLines = Infinity) => readFileSync(path.join(ROOT, rel), 'utf8').split('\n').slice(0, maxLines).join('\n');
const HANG_MS = 1000;

const CSV_FRAGMENTS = [
  '""',
  '"a,b"',
  '"unterminated',
  ',,,,',
  ',',
  '2023-02-30',
  '2019-01-01',
  '9999-12-31',
  '-1',
  '0',
  'abc',
  '1e309',
  '1,5',
  '\r',
  '\r\n',
  '\n\n\n',
  'date',
  'ticker',
  'sector',
  'MSFT',
  'XLK',
  ' MSFT ',
  'date,ticker,signal\n',
  'date,MSFT,MSFT\n',
];

interface Loader {
  name: string;
  base: string[];
  parse: (text: string, file: string) => unknown;
  check: (value: unknown) => void;
}

const LOADERS: Loader[] = [
  {
    name: 'parsePricesCsv',
    base: [
      read('sample_data/prices.csv', 40),
      read('test/fixtures/data/mini/prices.csv'),
      read('test/fixtures/data/mini/bom_crlf_prices.csv'),
    ],
    parse: parsePricesCsv,
    check: (v) => {
      const t = v as ReturnType<typeof parsePricesCsv>;
      assert.ok(t.dates.length > 0);
      for (let i = 1; i < t.dates.length; i++) assert.ok(t.dates[i] > t.dates[i - 1], 'dates strictly ascending');
      assert.equal(t.columns.length, t.tickers.length);
      for (const c of t.columns) {
        assert.equal(c.length, t.dates.length);
        for (const x of c) assert.ok(Number.isNaN(x) || (x > 0 && Number.isFinite(x)), `price ${x}`);
      }
    },
  },
  {
    name: 'parseSectorMappingCsv',
    base: [read('sample_data/sector_mapping.csv'), read('test/fixtures/data/mini/sector_mapping.csv')],
    parse: parseSectorMappingCsv,
    check: (v) => {
      const m = v as ReturnType<typeof parseSectorMappingCsv>;
      assert.ok(m.columns.includes('ticker'));
      assert.equal(m.byTicker.size, m.rows.length, 'one row per ticker');
      for (const r of m.rows) assert.ok(r.ticker.length > 0);
    },
  },
  {
    name: 'parseDatedValues',
    base: [
      read('sample_data/signals.csv', 60),
      read('sample_data/weights.csv', 40),
      read('test/fixtures/data/mini/signals_wide.csv'),
      read('test/fixtures/data/mini/signals.json'),
    ],
    parse: parseDatedValues,
    check: (v) => {
      const m = v as ReturnType<typeof parseDatedValues>;
      const dates = [...m.keys()];
      for (let i = 1; i < dates.length; i++) assert.ok(dates[i] > dates[i - 1], 'dates ascending');
      for (const day of m.values()) for (const x of day.values()) assert.ok(Number.isFinite(x), `value ${x}`);
    },
  },
  {
    name: 'parseOrdersCsv',
    base: [read('sample_data/orders.csv'), read('test/fixtures/data/mini/orders.csv')],
    parse: parseOrdersCsv,
    check: (v) => {
      for (const o of v as ReturnType<typeof parseOrdersCsv>) assert.ok(Number.isFinite(o.quantity) && o.ticker.length > 0);
    },
  },
];

/** Line-aware mutations of a CSV: the generic ones plus row/column level edits. */
function mutatedCsv(text: string): fc.Arbitrary<string> {
  const lines = text.split('\n');
  const rowEdit: fc.Arbitrary<(ls: string[]) => string[]> = fc.oneof(
    fc.nat({ max: lines.length }).map((i) => (ls: string[]) => ls.filter((_, k) => k !== i)), // drop a row
    fc.nat({ max: lines.length }).map((i) => (ls: string[]) => [...ls.slice(0, i + 1), ls[i] ?? '', ...ls.slice(i + 1)]), // repeat a row
    fc.tuple(fc.nat({ max: lines.length }), fc.nat({ max: lines.length })).map(([a, b]) => (ls: string[]) => {
      const c = ls.slice();
      if (a < c.length && b < c.length) [c[a], c[b]] = [c[b], c[a]];
      return c;
    }), // swap rows
    fc.tuple(fc.nat({ max: lines.length }), fc.nat({ max: 80 }), fc.constantFrom(...CSV_FRAGMENTS)).map(([i, j, f]) => (ls: string[]) => {
      const c = ls.slice();
      if (c[i] === undefined) return c;
      const cells = c[i].split(',');
      cells[Math.min(j, cells.length - 1)] = f; // replace one cell
      c[i] = cells.join(',');
      return c;
    }),
    fc.nat({ max: 80 }).map(
      (j) => (ls: string[]) =>
        ls.map((l) =>
          l
            .split(',')
            .filter((_, k) => k !== j)
            .join(','),
        ),
    ), // drop a column
  );
  const rowLevel = fc.array(rowEdit, { minLength: 1, maxLength: 3 }).map((edits) => edits.reduce((ls, f) => f(ls), lines).join('\n'));
  return fc.oneof(rowLevel, mutatedText(text, CSV_FRAGMENTS));
}

function checkOutcome(loader: Loader, text: string, file: string): void {
  const t0 = performance.now();
  let value: unknown;
  try {
    value = loader.parse(text, file);
  } catch (err) {
    assert.ok(
      err instanceof DataError,
      `${loader.name} threw a ${(err as Error)?.constructor?.name}: ${(err as Error)?.stack ?? String(err)}`,
    );
    assert.equal(err.file, file);
    assert.ok(err.detail.length > 0 && err.message.includes(err.detail));
    // Every text-file error names a line and column inside the file.
    const rawLines = text.split('\n');
    assert.ok(Number.isInteger(err.line) && err.line! >= 1, `${err.code}: no line (${err.message})`);
    assert.ok(err.line! <= rawLines.length, `${err.code}: line ${err.line} beyond the file's ${rawLines.length} lines`);
    assert.ok(Number.isInteger(err.column) && err.column! >= 1, `${err.code}: no column (${err.message})`);
    const lineText = rawLines[err.line! - 1] ?? '';
    assert.ok(err.column! <= lineText.length + 2, `${err.code}: column ${err.column} beyond line ${err.line} (length ${lineText.length})`);
    return;
  } finally {
    const ms = performance.now() - t0;
    assert.ok(ms <= HANG_MS, `${loader.name} took ${ms.toFixed(0)} ms`);
  }
  loader.check(value);
}

for (const loader of LOADERS) {
  test(`${loader.name}: mutated files give a result or a located DataError`, { timeout: 300_000 }, (t) => {
    const stats = new FuzzStats(loader.name);
    const file = `/fuzz/${loader.name}.csv`;
    const arb = fc.nat({ max: loader.base.length - 1 }).chain((i) =>
      fc.oneof(
        { weight: 8, arbitrary: mutatedCsv(loader.base[i]) },
        { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 300 }) },
        {
          weight: 1,
          arbitrary: fc
            .array(
              fc.array(fc.constantFrom(...CSV_FRAGMENTS, '', 'x', '1.5'), { maxLength: 6 }).map((r) => r.join(',')),
              { maxLength: 8 },
            )
            .map((rows) => rows.join('\n')),
        },
      ),
    );
    try {
      fuzzSync(stats, arb, fuzzRuns(500), (text) => checkOutcome(loader, text, file));
    } finally {
      stats.report(t);
    }
    assert.equal(stats.failures, 0);
  });
}

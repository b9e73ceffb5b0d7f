// The price loader's fast path (and the same scan for wide signal/weight files) (engine/data/fastPrices.ts) must give exactly what the
// general papaparse path gives: same dates, tickers and bit-identical prices for valid
// files, and the same error (code, line, column) for invalid ones. Quoting the header's
// "date" cell forces the general path, so every generated file is parsed both ways.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parsePricesCsv } from '../../engine/data/prices';
import { parsePricesFast } from '../../engine/data/fastPrices';
import { isIsoDate } from '../../engine/data/csv';
import { parseDatedValues } from '../../engine/data/datedValues';

type Outcome =
  | { ok: true; dates: string[]; tickers: string[]; cols: number[][]; first: number[]; last: number[]; warnings: string[] }
  | { ok: false; code: string; line?: number; column?: number };

function outcome(text: string): Outcome {
  try {
    const t = parsePricesCsv(text, 'p.csv');
    return {
      ok: true,
      dates: t.dates,
      tickers: t.tickers,
      cols: t.columns.map((c) => Array.from(c)),
      first: Array.from(t.firstIndex),
      last: Array.from(t.lastIndex),
      warnings: t.quality.warnings,
    };
  } catch (e) {
    const err = e as { code: string; line?: number; column?: number };
    return { ok: false, code: err.code, line: err.line, column: err.line === 1 ? undefined : err.column };
  }
}

/** The same file with `"date"` quoted in the header: papaparse reads it the same, the fast path declines it. */
const general = (text: string): string => text.replace(/^date/, '"date"');
const normalise = (o: Outcome): Outcome => (o.ok ? o : { ...o, column: o.line === 1 ? undefined : o.column });

const CELLS = [
  '',
  ' ',
  '1',
  '1.5',
  '0.1',
  '100.25',
  '5.',
  '.5',
  '0',
  '-2',
  '1e3',
  '1.2.3',
  'abc',
  '0x1F',
  ' 7 ',
  '12345678901234567.5',
  '123456789012345',
  '0.000000000000001',
  'Infinity',
  '3.14159265358979',
];

test('fast and general paths agree on generated price files (valid and invalid)', () => {
  const file = fc.record({
    tickers: fc.integer({ min: 1, max: 4 }),
    rows: fc.array(
      fc.record({
        day: fc.integer({ min: 1, max: 28 }),
        cells: fc.array(fc.constantFrom(...CELLS), { minLength: 1, maxLength: 5 }),
        blankAfter: fc.boolean(),
      }),
      { maxLength: 6 },
    ),
    crlf: fc.boolean(),
    trailingNewline: fc.boolean(),
  });
  fc.assert(
    fc.property(file, ({ tickers, rows, crlf, trailingNewline }) => {
      const names = Array.from({ length: tickers }, (_, j) => `T${j}`);
      const lines = ['date,' + names.join(',')];
      for (const r of rows) {
        lines.push(`2023-01-${String(r.day).padStart(2, '0')},${r.cells.join(',')}`);
        if (r.blankAfter) lines.push('');
      }
      const nl = crlf ? '\r\n' : '\n';
      const text = lines.join(nl) + (trailingNewline ? nl : '');
      assert.deepEqual(normalise(outcome(text)), normalise(outcome(general(text))));
    }),
    { numRuns: 600, seed: 6 },
  );
});

test('valid plain files take the fast path and keep every digit', () => {
  const text = 'date,AAA,BBB\n2023-01-03,0.1,123456789.012345\n2023-01-04,,99.99\n';
  const fast = parsePricesFast(text, isIsoDate);
  assert.ok(fast, 'a plain file is handled by the fast path');
  assert.deepEqual(Array.from(fast.columns[0]), [0.1, NaN]);
  assert.deepEqual(Array.from(fast.columns[1]), [123456789.012345, 99.99]);
  const t = parsePricesCsv(text, 'p.csv');
  assert.deepEqual(t.headerOffsets, [5, 9], 'go-to-definition offsets of the ticker header cells');
});

test('files the fast path does not handle fall back to the general parser', () => {
  for (const text of [
    'date,"A,B"\n2023-01-03,1\n', // quoted ticker
    'date,A\n2023-01-03,0\n', // non-positive price: error with line and column
    'date,A,A\n2023-01-03,1,2\n', // duplicate ticker
    'date,A\n2023-01-04,1\n2023-01-03,1\n', // dates not ascending
  ])
    assert.equal(parsePricesFast(text, isIsoDate), null, text);
  assert.throws(
    () => parsePricesCsv('date,A\n2023-01-03,0\n', 'p.csv'),
    (e: { code: string; line: number; column: number }) => e.code === 'non-positive-price' && e.line === 2 && e.column === 12,
  );
  const quoted = parsePricesCsv('date,"A,B"\n2023-01-03,1\n', 'p.csv');
  assert.deepEqual(quoted.tickers, ['A,B']);
});

function valuesOutcome(text: string): unknown {
  try {
    return [...parseDatedValues(text, 's.csv')].map(([d, m]) => [d, [...m]]);
  } catch (e) {
    const err = e as { code: string; line?: number; column?: number };
    return { code: err.code, line: err.line, column: err.line === 1 ? undefined : err.column };
  }
}

test('wide signal files: fast and general paths agree (signs, zeros, unsorted and repeated dates)', () => {
  const VALUES = ['', ' ', '1', '-1', '-0', '0', '-.5', '-', '--1', '0.25', '-3.75', '1e-3', 'x', '-12345678901234567'];
  const file = fc.record({
    tickers: fc.integer({ min: 1, max: 4 }),
    rows: fc.array(
      fc.record({ day: fc.integer({ min: 1, max: 6 }), cells: fc.array(fc.constantFrom(...VALUES), { minLength: 1, maxLength: 5 }) }),
      { maxLength: 6 },
    ),
  });
  fc.assert(
    fc.property(file, ({ tickers, rows }) => {
      const names = Array.from({ length: tickers }, (_, j) => `T${j}`);
      const text = ['date,' + names.join(','), ...rows.map((r) => `2023-02-0${r.day},${r.cells.join(',')}`)].join('\n') + '\n';
      assert.deepEqual(valuesOutcome(text), valuesOutcome(general(text)));
    }),
    { numRuns: 600, seed: 7 },
  );
});

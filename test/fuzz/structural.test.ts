// Structural fuzz (issue 13): CSV and JSON inputs edited the way files really go wrong
// (columns and rows dropped, repeated or swapped, extra cells, truncated lines, BOMs,
// mixed line endings, quotes left open, duplicate JSON keys, wrong types), each edit with
// its known meaning: "same" edits (BOM, line endings, column order, key order) must give
// the very same table, "subset" edits (a dropped column) the same values for what is
// left, and every other edit a DataError naming the file, a line and a column inside it.
// Never another exception, never a silently different table. (Special files as data:
// test/reliability/special-files.test.ts.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DataError, parseDatedValues, parsePricesCsv } from '../../engine/data';
import { FuzzStats, fuzzRuns, fuzzSync } from './fuzzKit';

type Edit = { kind: 'same' | 'subset' | 'error'; apply: (rows: string[][]) => string[][]; name: string };

const PRICES = [
  ['date', 'AAPL', 'MSFT', 'JNJ', 'XOM', 'XLK', 'SPY'],
  ['2023-01-03', '125', '240', '177', '110', '125', '380'],
  ['2023-01-04', '126', '229', '175', '', '124', '383'],
  ['2023-01-05', '125', '222', '', '110', '122', '379'],
  ['2023-01-06', '129', '224', '178', '112', '126', '388'],
  ['2023-01-09', '130', '227', '176', '111', '127', '387'],
];

function checkLocated(err: unknown, file: string, text: string): void {
  assert.ok(err instanceof DataError, `not a DataError: ${(err as Error)?.stack ?? String(err)}`);
  assert.equal(err.file, file);
  assert.doesNotMatch(err.message, /internal error|looks like a bug/i);
  const lines = text.split(/\r\n|\r|\n/);
  assert.ok(
    Number.isInteger(err.line) && err.line! >= 1 && err.line! <= lines.length,
    `${err.code}: line ${err.line} of ${lines.length}: ${err.message}`,
  );
  assert.ok(
    Number.isInteger(err.column) && err.column! >= 1 && err.column! <= (lines[err.line! - 1]?.length ?? 0) + 2,
    `${err.code}: column ${err.column}: ${err.message}`,
  );
  assert.ok(err.message.length < 1000, 'a short message');
}

/** ticker -> date -> price (NaN kept as "missing"), the meaning of a price table. */
function meaning(t: ReturnType<typeof parsePricesCsv>): Map<string, string> {
  const m = new Map<string, string>();
  t.tickers.forEach((tk, j) => m.set(tk, t.dates.map((d, i) => `${d}=${t.columns[j][i]}`).join(' ')));
  return m;
}

const nat = (n: number) => fc.nat({ max: n - 1 });
const dataRow = fc.integer({ min: 1, max: PRICES.length - 1 });
const column = fc.integer({ min: 1, max: PRICES[0].length - 1 });
const EDITS: fc.Arbitrary<Edit> = fc.oneof(
  fc
    .tuple(column, column)
    .filter(([a, b]) => a !== b)
    .map(([a, b]): Edit => ({
      kind: 'same',
      name: `swap columns ${a},${b}`,
      apply: (rs) =>
        Math.max(a, b) >= rs[0].length
          ? rs
          : rs.map((r) => {
              const c = r.slice();
              [c[a], c[b]] = [c[b], c[a]];
              return c;
            }),
    })),
  column.map((a): Edit => ({ kind: 'subset', name: `drop column ${a}`, apply: (rs) => rs.map((r) => r.filter((_, k) => k !== a)) })),
  column.map((a): Edit => ({
    kind: 'error',
    name: `duplicate column ${a}`,
    apply: (rs) => (a >= rs[0].length ? rs.map((r) => [...r, r[1]]) : rs.map((r) => [...r, r[a]])),
  })),
  dataRow.map((i): Edit => ({
    kind: 'error',
    name: `duplicate row ${i}`,
    apply: (rs) => [...rs.slice(0, i + 1), rs[i], ...rs.slice(i + 1)],
  })),
  fc
    .tuple(dataRow, dataRow)
    .filter(([a, b]) => a !== b)
    .map(([a, b]): Edit => ({
      kind: 'error',
      name: `swap rows ${a},${b}`,
      apply: (rs) => {
        const c = rs.slice();
        [c[a], c[b]] = [c[b], c[a]];
        return c;
      },
    })),
  fc.tuple(dataRow, fc.constantFrom('1', '', '000', 'x')).map(([i, v]): Edit => ({
    kind: 'error',
    name: `extra cell "${v}" on row ${i}`,
    apply: (rs) => rs.map((r, k) => (k === i ? [...r, v] : r)),
  })),
  dataRow.map((i): Edit => ({
    kind: 'error',
    name: `row ${i} cut short`,
    apply: (rs) => rs.map((r, k) => (k === i ? r.slice(0, -1) : r)),
  })),
  fc.tuple(dataRow, column).map(([i, j]): Edit => ({
    kind: 'error',
    name: `open quote row ${i} col ${j}`,
    apply: (rs) => rs.map((r, k) => (k === i ? r.map((c, n) => (n === j ? `"${c}` : c)) : r)),
  })),
);

/** The text of rows, with a BOM or not and each line break chosen from \n and \r\n (a mix). */
const rendering = fc.record({
  bom: fc.boolean(),
  crlf: fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
  trailingBlank: fc.boolean(),
});
function render(rows: string[][], r: { bom: boolean; crlf: boolean[]; trailingBlank: boolean }): string {
  const body = rows.map((row, i) => row.join(',') + (r.crlf[i % r.crlf.length] ? '\r\n' : '\n')).join('');
  return (r.bom ? '\uFEFF' : '') + body + (r.trailingBlank ? '\n' : '');
}

const prices = new FuzzStats('structural CSV (prices)');
test('price CSV: structural edits give the same table, the same values for what is left, or a located error', (t) => {
  const file = '/fuzz/prices.csv';
  const reference = meaning(parsePricesCsv(render(PRICES, { bom: false, crlf: [false], trailingBlank: false }), file));
  try {
    // One breaking edit at most: two (a row cut short, then a cell added) can make a valid file with other numbers.
    fuzzSync(
      prices,
      fc.tuple(
        fc.array(EDITS, { minLength: 1, maxLength: 3 }).filter((es) => es.filter((e) => e.kind === 'error').length <= 1),
        rendering,
      ),
      fuzzRuns(400),
      ([edits, r]) => {
        // The breaking edit last, so a later column swap cannot fill a cut row back in.
        const rows = [...edits]
          .sort((a, b) => Number(a.kind === 'error') - Number(b.kind === 'error'))
          .reduce((rs, e) => e.apply(rs), PRICES);
        const text = render(rows, r);
        const expectError = edits.some((e) => e.kind === 'error');
        let table: ReturnType<typeof parsePricesCsv>;
        try {
          table = parsePricesCsv(text, file);
        } catch (err) {
          checkLocated(err, file, text);
          assert.ok(expectError, `${edits.map((e) => e.name).join(' + ')} must parse, got: ${(err as Error).message}`);
          return;
        }
        // Two swaps of the same rows, a duplicated column dropped again, ... may undo an error.
        const got = meaning(table);
        for (const [tk, series] of got)
          assert.equal(series, reference.get(tk), `${tk} changed after ${edits.map((e) => e.name).join(' + ')}`);
        if (!edits.some((e) => e.kind !== 'same')) assert.equal(got.size, reference.size, 'no ticker lost');
      },
    );
  } finally {
    prices.report(t);
  }
});

const SIGNALS: [string, [string, string][]][] = [
  [
    '2023-01-03',
    [
      ['AAPL', '1.5'],
      ['MSFT', '-0.5'],
      ['JNJ', '0.25'],
    ],
  ],
  ['2023-01-04', [['JNJ', '2']]],
  [
    '2023-01-05',
    [
      ['AAPL', '-1'],
      ['XOM', '3e-1'],
    ],
  ],
];
type Sig = typeof SIGNALS;
type JEdit = { kind: 'same' | 'error'; name: string; apply: (s: Sig) => Sig };
const sigDate = nat(SIGNALS.length);
const WRONG = ['"1"', 'null', 'true', '[]', '{}', '{"x": 1}', '"NaN"', '1e309'];
const JEDITS: fc.Arbitrary<JEdit> = fc.oneof(
  fc.tuple(sigDate, sigDate).map(([a, b]): JEdit => ({
    kind: 'same',
    name: `swap dates ${a},${b}`,
    apply: (s) => {
      const c = s.slice();
      [c[a], c[b]] = [c[b], c[a]];
      return c;
    },
  })),
  sigDate.map((a): JEdit => ({
    kind: 'same',
    name: `reverse tickers of ${a}`,
    apply: (s) => s.map((e, k) => (k === a ? [e[0], e[1].slice().reverse()] : e)),
  })),
  sigDate.map((a): JEdit => ({ kind: 'error', name: `duplicate date ${a}`, apply: (s) => [...s, s[a]] })),
  sigDate.map((a): JEdit => ({
    kind: 'error',
    name: `duplicate ticker in ${a}`,
    apply: (s) => s.map((e, k) => (k === a ? [e[0], [...e[1], e[1][0]]] : e)),
  })),
  fc.tuple(sigDate, fc.constantFrom(...WRONG)).map(([a, w]): JEdit => ({
    kind: 'error',
    name: `${w} as a value in ${a}`,
    apply: (s) => s.map((e, k) => (k === a ? [e[0], e[1].map(([tk, v], n) => [tk, n === 0 ? w : v] as [string, string])] : e)),
  })),
  fc
    .tuple(sigDate, fc.constantFrom('2023-02-30', '2023-1-5', 'yesterday', ''))
    .map(([a, d]): JEdit => ({ kind: 'error', name: `date "${d}" at ${a}`, apply: (s) => s.map((e, k) => (k === a ? [d, e[1]] : e)) })),
);
function renderJson(s: Sig, pretty: boolean, crlf: boolean, bom: boolean): string {
  const nl = pretty ? (crlf ? '\r\n' : '\n') : '';
  const body = s
    .map(
      ([d, cells]) => `${pretty ? '  ' : ''}${JSON.stringify(d)}: { ${cells.map(([tk, v]) => `${JSON.stringify(tk)}: ${v}`).join(', ')} }`,
    )
    .join(`,${nl}`);
  return `${bom ? '\uFEFF' : ''}{${nl}${body}${nl}}${nl}`;
}
function jsonMeaning(v: ReturnType<typeof parseDatedValues>): string {
  return [...v]
    .map(
      ([d, m]) =>
        `${d}:${[...m]
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([tk, x]) => `${tk}=${x}`)
          .join(',')}`,
    )
    .join(' ');
}

const json = new FuzzStats('structural JSON (signals)');
test('JSON signals: key order, whitespace and BOMs change nothing; duplicate keys, wrong types, bad dates and cut text give a located error', (t) => {
  const file = '/fuzz/signals.json';
  const reference = jsonMeaning(parseDatedValues(renderJson(SIGNALS, true, false, false), file));
  const cut = fc.option(fc.double({ min: 0.05, max: 0.95, noNaN: true }), { nil: undefined });
  try {
    fuzzSync(
      json,
      fc.tuple(fc.array(JEDITS, { minLength: 1, maxLength: 3 }), fc.boolean(), fc.boolean(), fc.boolean(), cut),
      fuzzRuns(400),
      ([edits, pretty, crlf, bom, cutAt]) => {
        const full = renderJson(
          edits.reduce((s, e) => e.apply(s), SIGNALS),
          pretty,
          crlf,
          bom,
        );
        const text = cutAt === undefined ? full : full.slice(0, Math.max(1, Math.floor(full.length * cutAt)));
        const expectError = cutAt !== undefined || edits.some((e) => e.kind === 'error');
        let got: string;
        try {
          got = jsonMeaning(parseDatedValues(text, file));
        } catch (err) {
          checkLocated(err, file, text);
          assert.ok(expectError, `${edits.map((e) => e.name).join(' + ')} must parse, got: ${(err as Error).message}`);
          return;
        }
        assert.ok(!expectError, `${edits.map((e) => e.name).join(' + ')}${cutAt !== undefined ? ' + cut' : ''} was accepted: ${got}`);
        assert.equal(got, reference);
      },
    );
  } finally {
    json.report(t);
  }
});

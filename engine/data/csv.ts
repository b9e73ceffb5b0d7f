// CSV reading on top of papaparse. Rows are streamed (step mode) so a large price file is
// never held as one big array of string rows, and each row carries its 1-based line so
// errors can name file:line:col.
import Papa from 'papaparse';
import { DataError } from './errors';

export interface CsvRow {
  fields: string[];
  /** 1-based line where the row starts. */
  line: number;
  /** 0-based character offset of the row's first character in the (BOM-stripped) text. */
  offset: number;
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** True for a blank line (papaparse yields `['']`), including whitespace-only lines. */
function isBlank(fields: string[]): boolean {
  return fields.length === 1 && fields[0].trim() === '';
}

/**
 * Calls `onRow` for every non-blank row. `text` must already be BOM-stripped. A row
 * callback may throw (a DataError) to stop parsing; that error propagates.
 */
export function forEachCsvRow(text: string, file: string, onRow: (row: CsvRow) => void): void {
  let line = 1;
  let scanned = 0;
  let rowStart = 0;
  let failure: unknown = null;
  const advanceTo = (to: number) => {
    let i: number;
    while ((i = text.indexOf('\n', scanned)) !== -1 && i < to) {
      line++;
      scanned = i + 1;
    }
    if (to > scanned) scanned = to;
  };
  // papaparse takes the first line break as THE line break: after a "\r\n" a bare "\n"
  // would join two rows into one (mixed endings, e.g. rows appended by another tool).
  // Split on "\n" then, and drop the "\r" that ends a CRLF row's last cell.
  const mixed = hasMixedLineEndings(text);
  Papa.parse<string[]>(text, {
    delimiter: ',',
    newline: mixed ? '\n' : undefined,
    header: false,
    skipEmptyLines: false,
    step: (results, parser) => {
      if (failure) return;
      try {
        const cursor = results.meta.cursor;
        advanceTo(rowStart);
        const rowLine = line;
        const offset = rowStart;
        rowStart = cursor;
        if (results.errors.length) {
          const e = results.errors[0];
          // papaparse points just after an unterminated opening quote; point at the quote.
          const at = typeof e.index === 'number' ? (text[e.index - 1] === '"' ? e.index - 1 : e.index) : undefined;
          const col = at !== undefined ? columnOf(text, at) : undefined;
          // The quote may sit on a later line than the row's start (mixed line endings, multi-line cells).
          const errLine = at !== undefined ? rowLine + countNewlines(text, offset, at) : rowLine;
          throw new DataError({
            code: 'csv-syntax',
            file,
            line: errLine,
            column: col,
            detail: `CSV syntax error: ${e.message}.`,
            fix: 'Close every opened double quote; a quote inside a quoted cell is written twice ("").',
          });
        }
        const fields = results.data;
        if (mixed && fields.length && fields[fields.length - 1].endsWith('\r'))
          fields[fields.length - 1] = fields[fields.length - 1].slice(0, -1);
        if (!isBlank(fields)) onRow({ fields, line: rowLine, offset });
      } catch (err) {
        failure = err;
        parser.abort();
      }
    },
  });
  if (failure) throw failure;
}

/** Both "\r\n" and a bare "\n" occur (looked for in the first 1 MB, where a mix shows). */
function hasMixedLineEndings(text: string): boolean {
  const crlf = text.indexOf('\r\n');
  if (crlf < 0) return false;
  const end = Math.min(text.length, 1 << 20);
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) if (text.charCodeAt(i - 1) !== 13) return true;
  return false;
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** 1-based column of a character offset within its line. */
export function columnOf(text: string, offset: number): number {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return offset - lineStart + 1;
}

/**
 * 0-based character offsets (relative to the row start) where each field's content begins
 * (after an opening quote). Only used to point at a cell in errors and for go-to-definition,
 * so a simple quote-aware scan of one row is enough.
 */
export function fieldStarts(text: string, rowOffset: number): number[] {
  const starts: number[] = [];
  let i = rowOffset;
  let fieldStart = true;
  let inQuotes = false;
  for (; i < text.length; i++) {
    const ch = text[i];
    if (fieldStart) {
      fieldStart = false;
      if (ch === '"') {
        starts.push(i + 1 - rowOffset);
        inQuotes = true;
        continue;
      }
      starts.push(i - rowOffset);
    }
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') i++;
        else inQuotes = false;
      }
      continue;
    }
    if (ch === ',') {
      fieldStart = true;
      continue;
    }
    if (ch === '\n' || ch === '\r') break;
  }
  if (fieldStart) starts.push(i - rowOffset);
  return starts;
}

/** 1-based column of field `index` of the row starting at `rowOffset`. */
export function fieldColumn(text: string, rowOffset: number, index: number): number {
  const starts = fieldStarts(text, rowOffset);
  const start = starts[Math.min(index, starts.length - 1)] ?? 0;
  return columnOf(text, rowOffset + start);
}

/** Strict ISO calendar date check (rejects 2023-02-30). */
export function isIsoDate(s: string): boolean {
  // Character codes, not a regular expression: this runs once per row of every dated file, most of
  // those calls before V8 optimises it (W1's CLI run: ~5,000 as it starts, ~12 ms that way).
  if (s.length !== 10 || s.charCodeAt(4) !== DASH || s.charCodeAt(7) !== DASH) return false;
  const y = digits(s, 0, 4),
    mo = digits(s, 5, 2),
    d = digits(s, 8, 2);
  if (y < 0 || mo < 1 || mo > 12 || d < 1) return false;
  const dim = mo === 2 ? ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28) : DAYS_IN_MONTH[mo - 1];
  return d <= dim;
}

const DASH = 45;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The number written by the `n` ASCII digits of s from `at`; -1 when one is not a digit. */
function digits(s: string, at: number, n: number): number {
  let v = 0;
  for (let k = at; k < at + n; k++) {
    const c = s.charCodeAt(k) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** Counts line breaks: an upper bound on the number of rows, to size typed arrays once. */
export function countLines(text: string): number {
  let n = 1;
  let i = -1;
  while ((i = text.indexOf('\n', i + 1)) !== -1) n++;
  return n;
}

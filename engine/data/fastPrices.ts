// Fast path of parsePricesCsv for the common, valid file: no quotes, LF or CRLF line ends,
// plain decimal cells. It scans the text once and writes straight into the columns, where
// papaparse builds a string array per row (the profile of a 500 x 2,500 file showed the
// library and the per-row callback at ~90% of load time). It returns null at the first
// thing it does not handle or that is invalid, and the caller re-parses with papaparse,
// which produces the exact error (file, line, column, fix) the tests pin down.

import { parseDecimal } from './numbers';

export interface FastPrices {
  tickers: string[];
  dates: string[];
  columns: Float64Array[];
}

/** What a wide numeric file must satisfy: prices (positive, ascending dates) or signals/weights (finite, unique dates). */
export interface WideRules {
  positive: boolean;
  ascending: boolean;
}

const COMMA = 44,
  CR = 13,
  DOT = 46,
  MINUS = 45,
  ZERO = 48,
  NINE = 57;
const POW10 = Array.from({ length: 16 }, (_, k) => 10 ** k);

/**
 * Parses `text` (BOM already stripped). `isDate` validates a date cell. Null when the
 * file needs the general parser (quotes, lone CRs, any invalid row or value).
 */
export function parsePricesFast(text: string, isDate: (s: string) => boolean): FastPrices | null {
  return parseWideFast(text, isDate, { positive: true, ascending: true });
}

/**
 * The scan behind parsePricesFast, also used for wide signal/weight files (engine/data/
 * datedValues.ts). Empty cells are NaN. Null whenever the general parser is needed.
 */
export function parseWideFast(text: string, isDate: (s: string) => boolean, rules: WideRules): FastPrices | null {
  if (text.indexOf('"') !== -1) return null;
  const len = text.length;
  const crlf = text.indexOf('\r') !== -1;
  const headerEnd = text.indexOf('\n');
  if (headerEnd <= 0) return null;
  const header = text.slice(0, crlf ? headerEnd - 1 : headerEnd);
  if (crlf && text.charCodeAt(headerEnd - 1) !== CR) return null;
  const names = header.split(',').map((s) => s.trim());
  if (names.length < 2 || names[0].toLowerCase() !== 'date') return null;
  const tickers = names.slice(1);
  if (tickers.some((t) => !t) || new Set(tickers).size !== tickers.length) return null;

  const capacity = rowCapacity(text, headerEnd);
  const columns = tickers.map(() => new Float64Array(capacity));
  const dates: string[] = [];
  let pos = headerEnd + 1,
    prevDate = '';
  const seen = rules.ascending ? null : new Set<string>();
  while (pos < len) {
    let eol = text.indexOf('\n', pos);
    if (eol === -1) eol = len;
    let end = eol;
    if (crlf) {
      if (eol < len && text.charCodeAt(eol - 1) !== CR) return null;
      if (eol < len) end = eol - 1;
    }
    const firstComma = text.indexOf(',', pos);
    if (firstComma === -1 || firstComma >= end) {
      // A blank (or whitespace-only) line is skipped, as by the general parser.
      if (text.slice(pos, end).trim() !== '') return null;
      pos = eol + 1;
      continue;
    }
    const date = text.slice(pos, firstComma).trim();
    if (!isDate(date)) return null;
    if (seen) {
      if (seen.has(date)) return null;
      seen.add(date);
    } else if (prevDate !== '' && date <= prevDate) return null;
    if (!parseCells(text, firstComma + 1, end, columns, dates.length, rules.positive)) return null;
    dates.push(date);
    prevDate = date;
    pos = eol + 1;
  }
  if (!dates.length) return null;
  const n = dates.length;
  return { tickers, dates, columns: n < capacity ? columns.map((c) => c.slice(0, n)) : columns };
}

/**
 * Rows after the header: one per newline after it, plus an unterminated last line (exact
 * for a file without blank lines, so the columns are not copied to trim them).
 */
function rowCapacity(text: string, headerEnd: number): number {
  let capacity = text.charCodeAt(text.length - 1) === 10 ? -1 : 0;
  for (let i = headerEnd; i !== -1; i = text.indexOf('\n', i + 1)) capacity++;
  return capacity;
}

/**
 * One row's cells, text[p..end), into columns[j][i]; false when the row needs the general
 * parser. A function of its own, called once per row: V8 optimises it after a few rows,
 * where the cell loop inside one big function waited for on-stack replacement and fell
 * back to the interpreter once (W1's prices, a fresh process: ~125 ms cold, ~50 warm).
 */
function parseCells(text: string, p: number, end: number, columns: Float64Array[], i: number, positive: boolean): boolean {
  const K = columns.length;
  for (let j = 0; j < K; j++) {
    // Plain "digits[.digits]" with at most 15 digits: integer / 10^k is exact division of
    // exact doubles, so it rounds exactly like +cell. Anything else goes through +cell.
    const start = p;
    let v = 0,
      digits = 0,
      frac = -1,
      c = p < end ? text.charCodeAt(p) : COMMA;
    const neg = c === MINUS && !positive;
    if (neg) c = ++p < end ? text.charCodeAt(p) : COMMA;
    while (c >= ZERO && c <= NINE) {
      v = v * 10 + (c - ZERO);
      digits++;
      c = ++p < end ? text.charCodeAt(p) : COMMA;
      if (c === DOT && frac < 0) {
        frac = 0;
        c = ++p < end ? text.charCodeAt(p) : COMMA;
        while (c >= ZERO && c <= NINE) {
          v = v * 10 + (c - ZERO);
          digits++;
          frac++;
          c = ++p < end ? text.charCodeAt(p) : COMMA;
        }
      }
    }
    let value: number;
    if (c === COMMA && digits > 0 && digits <= 15 && (p === end || j < K - 1)) {
      value = frac > 0 ? v / POW10[frac] : v;
      if (neg) value = -value;
    } else {
      // General cell: up to the next comma (or the row's end).
      let stop = text.indexOf(',', start);
      if (stop === -1 || stop > end) stop = end;
      if (j < K - 1 && stop === end) return false;
      const cell = text.slice(start, stop);
      if (cell.trim() === '') value = NaN;
      else if (positive ? !((value = parseDecimal(cell)) > 0) || value === Infinity : !Number.isFinite((value = parseDecimal(cell))))
        return false;
      p = stop;
    }
    if (positive && value === value && (!(value > 0) || value === Infinity)) return false;
    columns[j][i] = value;
    if (j < K - 1) {
      if (p >= end || text.charCodeAt(p) !== COMMA) return false;
      p++;
    }
  }
  return p === end;
}

// Signals and weights: long CSV (date,ticker,value), wide CSV (date,TICKER,...), or JSON
// {"YYYY-MM-DD": {"TICKER": number}}. All three give the same DatedValues (dates ascending).
import * as jsonc from 'jsonc-parser';
import type { DatedValues } from '../types';
import { DataError } from './errors';
import { quoteData } from '../text/safeText';
import { forEachCsvRow, fieldColumn, isIsoDate, stripBom, columnOf } from './csv';
import { parseWideFast } from './fastPrices';
import { numberHint, parseDecimal } from './numbers';
import { pickValueColumn } from './longValues';

export type DatedValuesFormat = 'long' | 'wide' | 'json';

export function detectDatedValuesFormat(rawText: string): DatedValuesFormat {
  const text = stripBom(rawText).trimStart();
  if (text.startsWith('{') || text.startsWith('[')) return 'json';
  const firstLine = text
    .slice(0, text.search(/\r?\n|$/))
    .split(',')
    .map((s) => s.trim().replace(/^"|"$/g, '').toLowerCase());
  return firstLine.length >= 3 && firstLine[0] === 'date' && firstLine[1] === 'ticker' ? 'long' : 'wide';
}

/** `valueColumn`: a long file's value column when it has several (config value_columns). */
export function parseDatedValues(rawText: string, file: string, valueColumn?: string): DatedValues {
  const text = stripBom(rawText);
  const format = detectDatedValuesFormat(text);
  if (format === 'json') return parseJsonValues(text, file);
  return format === 'long' ? parseLong(text, file, valueColumn) : parseWide(text, file);
}

function sortByDate(m: DatedValues): DatedValues {
  return new Map([...m.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
}

function parseValue(cell: string, file: string, line: number, column: number, what: string): number {
  const v = parseDecimal(cell);
  if (cell.trim() === '' || !Number.isFinite(v)) {
    throw new DataError({
      code: 'invalid-value',
      file,
      line,
      column,
      detail: `Value "${quoteData(cell)}" for ${what} is not a number.${numberHint(cell)}`,
      fix: 'Use a finite number (negative = short).',
    });
  }
  return v;
}

function checkDate(date: string, file: string, line: number, column: number): void {
  if (!isIsoDate(date)) {
    throw new DataError({
      code: 'invalid-date',
      file,
      line,
      column,
      detail: `"${quoteData(date)}" is not an ISO date.`,
      fix: 'Write dates as YYYY-MM-DD, e.g. 2023-01-03.',
    });
  }
}

function parseLong(text: string, file: string, valueColumn?: string): DatedValues {
  const out: DatedValues = new Map();
  const seenAt = new Map<string, number>();
  let width = 0,
    at = 2;
  forEachCsvRow(text, file, (row) => {
    if (!width) {
      const names = row.fields.map((s) => s.trim());
      width = names.length;
      if (width > 3 || valueColumn)
        at = pickValueColumn(names, [0, 1], valueColumn, file, 'signals/weights', 'value_columns.signals (or .weights)', {
          line: row.line,
          column: 1,
        });
      return;
    }
    const f = row.fields;
    if (f.length !== width) {
      throw new DataError({
        code: 'row-length',
        file,
        line: row.line,
        column: fieldColumn(text, row.offset, Math.min(f.length, width) - 1),
        detail: `This row has ${f.length} cells; expected ${width} (${width === 3 ? 'date,ticker,value' : 'one per header column'}).`,
        fix: 'Write one date,ticker,value triple per line.',
      });
    }
    const date = f[0].trim();
    const ticker = f[1].trim();
    checkDate(date, file, row.line, fieldColumn(text, row.offset, 0));
    if (!ticker)
      throw new DataError({
        code: 'empty-ticker',
        file,
        line: row.line,
        column: fieldColumn(text, row.offset, 1),
        detail: 'This row has no ticker.',
        fix: 'Fill in the ticker or delete the row.',
      });
    const key = `${date}\u0000${ticker}`;
    const prev = seenAt.get(key);
    if (prev !== undefined) {
      throw new DataError({
        code: 'duplicate-value',
        file,
        line: row.line,
        column: fieldColumn(text, row.offset, 1),
        detail: `${quoteData(ticker)} on ${quoteData(date)} already has a value (line ${prev}).`,
        fix: 'Keep one value per date and ticker.',
      });
    }
    seenAt.set(key, row.line);
    const v = parseValue(f[at], file, row.line, fieldColumn(text, row.offset, at), `${quoteData(ticker)} on ${date}`);
    let day = out.get(date);
    if (!day) out.set(date, (day = new Map()));
    day.set(ticker, v);
  });
  return sortByDate(out);
}

function parseWide(text: string, file: string): DatedValues {
  const out: DatedValues = new Map();
  // A valid plain file is scanned straight into numbers (fastPrices.ts); anything else,
  // and every error, goes through the general parser below.
  const fast = parseWideFast(text, isIsoDate, { positive: false, ascending: false });
  if (fast) {
    fast.dates.forEach((date, i) => {
      const day = new Map<string, number>();
      for (let j = 0; j < fast.tickers.length; j++) {
        const v = fast.columns[j][i];
        if (v === v) day.set(fast.tickers[j], v);
      }
      out.set(date, day);
    });
    return sortByDate(out);
  }
  let tickers: string[] | null = null;
  const seenDates = new Map<string, number>();
  forEachCsvRow(text, file, (row) => {
    const f = row.fields;
    if (!tickers) {
      if (f[0].trim().toLowerCase() !== 'date' || f.length < 2) {
        throw new DataError({
          code: 'values-header',
          file,
          line: row.line,
          column: 1,
          detail: `Unrecognised header "${quoteData(f.join(','))}".`,
          fix: 'Use a long CSV "date,ticker,signal", a wide CSV "date,AAPL,MSFT,..." or JSON {"YYYY-MM-DD": {"AAPL": 1}}.',
        });
      }
      tickers = f.slice(1).map((s) => s.trim());
      const dup = tickers.findIndex((t, j) => tickers!.indexOf(t) !== j);
      if (dup >= 0)
        throw new DataError({
          code: 'duplicate-ticker',
          file,
          line: row.line,
          column: fieldColumn(text, row.offset, dup + 1),
          detail: `Ticker ${quoteData(tickers[dup])} appears twice in the header.`,
          fix: 'Keep one column per ticker.',
        });
      return;
    }
    const names: string[] = tickers;
    if (f.length !== names.length + 1) {
      throw new DataError({
        code: 'row-length',
        file,
        line: row.line,
        column: fieldColumn(text, row.offset, Math.min(f.length, names.length + 1) - 1),
        detail: `This row has ${f.length} cells but the header has ${names.length + 1}.`,
        fix: 'Give every row one cell per header column (empty = no value).',
      });
    }
    const date = f[0].trim();
    checkDate(date, file, row.line, fieldColumn(text, row.offset, 0));
    const prev = seenDates.get(date);
    if (prev !== undefined)
      throw new DataError({
        code: 'duplicate-date',
        file,
        line: row.line,
        column: 1,
        detail: `Date ${quoteData(date)} repeats line ${prev}.`,
        fix: 'Keep one row per date.',
      });
    seenDates.set(date, row.line);
    const day = new Map<string, number>();
    for (let j = 1; j < f.length; j++) {
      if (f[j].trim() === '') continue;
      // Fast path: the cell's column (a scan of the row) is only worked out for an error.
      const v = parseDecimal(f[j]);
      day.set(
        names[j - 1],
        Number.isFinite(v)
          ? v
          : parseValue(f[j], file, row.line, fieldColumn(text, row.offset, j), `${quoteData(names[j - 1])} on ${date}`),
      );
    }
    out.set(date, day);
  });
  if (!tickers)
    throw new DataError({
      code: 'empty-file',
      file,
      line: 1,
      column: 1,
      detail: 'The file is empty.',
      fix: 'Add a header and one row per date.',
    });
  return sortByDate(out);
}

function parseJsonValues(text: string, file: string): DatedValues {
  const errors: jsonc.ParseError[] = [];
  const value = jsonc.parse(text, errors, { allowTrailingComma: true });
  if (errors.length) {
    const e = errors[0];
    const line = text.slice(0, e.offset).split('\n').length;
    throw new DataError({
      code: 'json-syntax',
      file,
      line,
      column: columnOf(text, e.offset),
      detail: `JSON syntax error: ${jsonc.printParseErrorCode(e.error)}.`,
      fix: 'Fix the JSON syntax (quotes, commas, braces).',
    });
  }
  // Point errors at the offending key or value in the file (inline inputs have no file text).
  const root = jsonc.parseTree(text, [], { allowTrailingComma: true });
  const where = (offset: number) => ({ line: text.slice(0, offset).split('\n').length, column: columnOf(text, offset) });
  const locate = (at: (string | number)[], onKey: boolean) => {
    const node = root && jsonc.findNodeAtLocation(root, at);
    const target = onKey && node?.parent?.type === 'property' ? node.parent.children?.[0] : node;
    return where(target ? target.offset : 0);
  };
  if (root?.type === 'object') checkDuplicateKeys(root, file, where);
  return datedValuesFromJson(value, file, locate);
}

/** A repeated date (or ticker within a date) would silently drop a value: an error, as in the CSV forms. */
function checkDuplicateKeys(root: jsonc.Node, file: string, where: (offset: number) => { line: number; column: number }): void {
  const check = (obj: jsonc.Node, date?: string) => {
    const seen = new Map<string, jsonc.Node>();
    for (const prop of obj.children ?? []) {
      const key = prop.children?.[0];
      if (!key || typeof key.value !== 'string') continue;
      // JSON.parse-style readers turn "__proto__" into a prototype: the entry would vanish.
      if (key.value === '__proto__') {
        throw new DataError({
          code: 'invalid-json-values',
          file,
          ...where(key.offset),
          detail: `"__proto__" is not ${date === undefined ? 'an ISO date' : 'a usable ticker'}.`,
          fix: 'Remove the entry.',
        });
      }
      const first = seen.get(key.value);
      if (first) {
        const firstLine = where(first.offset).line;
        throw new DataError({
          code: date === undefined ? 'duplicate-date' : 'duplicate-value',
          file,
          ...where(key.offset),
          detail:
            date === undefined
              ? `Date ${quoteData(key.value)} appears twice (first on line ${firstLine}).`
              : `${quoteData(key.value)} on ${quoteData(date)} already has a value (line ${firstLine}).`,
          fix: date === undefined ? 'Keep one entry per date; merge the two.' : 'Keep one value per date and ticker.',
        });
      }
      seen.set(key.value, key);
      const v = prop.children?.[1];
      if (date === undefined && v?.type === 'object') check(v, key.value);
    }
  };
  check(root);
}

/**
 * Inline or parsed JSON: `{date: {ticker: n}}` or an array of
 * `{date, ticker, value|signal|weight}`. Errors name the JSON path.
 */
export function datedValuesFromJson(
  value: unknown,
  file: string,
  locate?: (at: (string | number)[], onKey: boolean) => { line: number; column: number },
): DatedValues {
  const out: DatedValues = new Map();
  const fail = (path: string, detail: string, fix: string, at: (string | number)[] = [], onKey = false): never => {
    throw new DataError({
      code: 'invalid-json-values',
      file,
      ...(locate ? locate(at, onKey) : {}),
      detail: `${quoteData(path)}: ${detail}`,
      fix,
    });
  };
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      if (!item || typeof item !== 'object')
        fail(
          `[${i}]`,
          'expected an object {date, ticker, value}.',
          'Write each entry as {"date": "2023-01-03", "ticker": "AAPL", "value": 1}.',
          [i],
        );
      const o = item as Record<string, unknown>;
      const date = o.date,
        ticker = o.ticker;
      const v = o.value ?? o.signal ?? o.weight ?? o.shares;
      if (typeof date !== 'string' || !isIsoDate(date))
        fail(`[${i}].date`, `"${quoteData(String(date))}" is not an ISO date.`, 'Write dates as YYYY-MM-DD.', [i]);
      if (typeof ticker !== 'string' || !ticker) fail(`[${i}].ticker`, 'missing ticker.', 'Add "ticker": "AAPL".', [i]);
      if (typeof v !== 'number' || !Number.isFinite(v)) fail(`[${i}]`, 'missing or non-numeric value.', 'Add "value": <number>.', [i]);
      let day = out.get(date as string);
      if (!day) out.set(date as string, (day = new Map()));
      if (day.has(ticker as string)) {
        const first = value.findIndex(
          (x) =>
            x && typeof x === 'object' && (x as Record<string, unknown>).date === date && (x as Record<string, unknown>).ticker === ticker,
        );
        throw new DataError({
          code: 'duplicate-value',
          file,
          ...(locate ? locate([i], false) : {}),
          detail: `[${i}]: ${quoteData(ticker as string)} on ${date as string} already has a value (entry [${first}]).`,
          fix: 'Keep one value per date and ticker.',
        });
      }
      day.set(ticker as string, v as number);
    });
    return sortByDate(out);
  }
  if (!value || typeof value !== 'object')
    fail('(root)', 'expected an object keyed by date.', 'Write {"2023-01-03": {"AAPL": 1.0, "MSFT": -0.5}}.');
  for (const [date, day] of Object.entries(value as Record<string, unknown>)) {
    if (!isIsoDate(date)) fail(date, 'key is not an ISO date.', 'Key each entry by a YYYY-MM-DD date.', [date], true);
    if (!day || typeof day !== 'object' || Array.isArray(day))
      fail(date, 'expected an object {TICKER: number}.', 'Write {"AAPL": 1.0, "MSFT": -0.5}.', [date]);
    const m = new Map<string, number>();
    for (const [ticker, v] of Object.entries(day as Record<string, unknown>)) {
      if (typeof v !== 'number' || !Number.isFinite(v))
        fail(
          `${date}.${ticker}`,
          `value ${quoteData(String(JSON.stringify(v)))} is not a finite number.`,
          'Use a number (negative = short).',
          [date, ticker],
        );
      m.set(ticker, v as number);
    }
    out.set(date, m);
  }
  return sortByDate(out);
}

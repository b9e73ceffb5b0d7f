// Borrow file: CSV date,ticker,rate_annual[,available_shares]. Each row is in force from
// its date until the next row for the same ticker; names without rows use the config's
// flat rate. Kept per ticker as sorted parallel arrays so a run can walk them with a cursor.
import { DataError } from './errors';
import { parseDecimal } from './numbers';
import { fieldColumn, forEachCsvRow, isIsoDate, stripBom } from './csv';

export interface BorrowSeries {
  /** ISO dates, strictly ascending. */
  dates: string[];
  /** Annual rate in force from dates[k] (0.05 = 5%). */
  rates: Float64Array;
  /** Shares that can be borrowed from dates[k]; NaN = unlimited. */
  available: Float64Array;
  /** 1-based line of each row (for messages). */
  lines: Int32Array;
}

export interface BorrowTable {
  file: string;
  byTicker: Map<string, BorrowSeries>;
  /** Whether the file has an available_shares column. */
  hasAvailability: boolean;
}

const REQUIRED = ['date', 'ticker', 'rate_annual'] as const;

/** Parses a borrow CSV; every error names file, line, column and the fix. */
export function parseBorrowCsv(rawText: string, file: string): BorrowTable {
  const text = stripBom(rawText);
  let cols: { date: number; ticker: number; rate: number; avail: number; count: number } | null = null;
  const rows = new Map<string, { date: string; rate: number; avail: number; line: number }[]>();
  forEachCsvRow(text, file, (row) => {
    const f = row.fields;
    if (!cols) {
      const names = f.map((s) => s.trim().toLowerCase());
      const missing = REQUIRED.filter((c) => !names.includes(c));
      if (missing.length) {
        throw new DataError({
          code: 'borrow-header',
          file,
          line: row.line,
          column: 1,
          detail: `The header is "${f.join(',')}"; a borrow file needs the columns date, ticker and rate_annual (missing: ${missing.join(', ')}).`,
          fix: 'Start the file with: date,ticker,rate_annual,available_shares (available_shares is optional).',
        });
      }
      cols = {
        date: names.indexOf('date'),
        ticker: names.indexOf('ticker'),
        rate: names.indexOf('rate_annual'),
        avail: names.indexOf('available_shares'),
        count: names.length,
      };
      return;
    }
    const c = cols;
    const at = (k: number) => fieldColumn(text, row.offset, k);
    if (f.length > c.count) {
      throw new DataError({
        code: 'row-length',
        file,
        line: row.line,
        column: at(c.count),
        detail: `This row has ${f.length} cells but the header has ${c.count}.`,
        fix: 'Remove the extra cells.',
      });
    }
    const date = (f[c.date] ?? '').trim();
    if (!isIsoDate(date)) {
      throw new DataError({
        code: 'borrow-date',
        file,
        line: row.line,
        column: at(c.date),
        detail: `"${date}" is not a date.`,
        fix: 'Write dates as YYYY-MM-DD, e.g. 2021-03-01.',
      });
    }
    const ticker = (f[c.ticker] ?? '').trim();
    if (!ticker)
      throw new DataError({
        code: 'empty-ticker',
        file,
        line: row.line,
        column: at(c.ticker),
        detail: 'This row has no ticker.',
        fix: 'Fill in the ticker or delete the row.',
      });
    const rateText = (f[c.rate] ?? '').trim();
    const rate = rateText === '' ? NaN : parseDecimal(rateText);
    if (!Number.isFinite(rate) || rate < 0 || rate > 10) {
      throw new DataError({
        code: 'borrow-rate',
        file,
        line: row.line,
        column: at(c.rate),
        detail: `rate_annual "${rateText}" is not a rate between 0 and 10 (a fraction a year: 0.05 = 5%).`,
        fix: 'Write the annual rate as a fraction, e.g. 0.0025 for 25 bp or 0.35 for a hard-to-borrow 35%.',
      });
    }
    let avail = NaN;
    if (c.avail >= 0) {
      const a = (f[c.avail] ?? '').trim();
      if (a !== '') {
        avail = parseDecimal(a);
        if (!Number.isFinite(avail) || avail < 0) {
          throw new DataError({
            code: 'borrow-available',
            file,
            line: row.line,
            column: at(c.avail),
            detail: `available_shares "${a}" is not a number of shares >= 0.`,
            fix: 'Write the shares that can be borrowed (0 = none), or leave the cell empty for no limit.',
          });
        }
      }
    }
    let list = rows.get(ticker);
    if (!list) rows.set(ticker, (list = []));
    const dup = list.find((r) => r.date === date);
    if (dup) {
      throw new DataError({
        code: 'borrow-duplicate',
        file,
        line: row.line,
        column: at(c.date),
        detail: `${ticker} already has a row dated ${date} (line ${dup.line}).`,
        fix: 'Keep one row per ticker and date: a row is in force until the next row for that ticker.',
      });
    }
    list.push({ date, rate, avail, line: row.line });
  });
  if (!cols) {
    throw new DataError({
      code: 'empty-file',
      file,
      line: 1,
      column: 1,
      detail: 'The borrow file is empty.',
      fix: 'Add a header date,ticker,rate_annual[,available_shares] and one row per change.',
    });
  }
  const byTicker = new Map<string, BorrowSeries>();
  for (const [ticker, list] of rows) {
    list.sort((a, b) => (a.date < b.date ? -1 : 1));
    byTicker.set(ticker, {
      dates: list.map((r) => r.date),
      rates: Float64Array.from(list, (r) => r.rate),
      available: Float64Array.from(list, (r) => r.avail),
      lines: Int32Array.from(list, (r) => r.line),
    });
  }
  return { file, byTicker, hasAvailability: (cols as { avail: number }).avail >= 0 };
}

/** Index of the row in force on `date` (the last one dated on or before it), -1 if none. */
export function borrowRowAt(series: BorrowSeries, date: string): number {
  let lo = 0,
    hi = series.dates.length - 1,
    ans = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (series.dates[mid] <= date) {
      ans = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return ans;
}

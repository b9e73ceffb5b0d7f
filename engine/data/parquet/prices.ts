// Parquet prices, long (date,ticker,close) or wide (date,AAPL,MSFT,...), into the same
// PriceTable the CSV loaders build: same checks, same NaN for "no price that day".
import type { PriceTable } from '../../types';
import { DataError } from '../errors';
import type { WideColumns } from '../longTable';
import type { ValueKind } from '../longValues';
import { MAX_PRICE, priceTableFrom } from '../prices';
import { newColumnScans, scanColumnInto, type ColumnScans } from '../priceAnomalies';
import { findColumn, layoutOf, type Layout } from './layout';
import { timestampScale } from './flat';
import { readLong } from './long';
import { isoFromDays, ParquetFile, type ParquetColumn, type ParquetSource } from './reader';
import { check, checkDays, target } from './targets';

/** Doubles in one array for all of a wide file's columns at most (1 GB); beyond it, one array each. */
const SLAB_MAX = 1 << 27;

/** Wide columns, with their price-table scans when the reader made them (prices only). */
export type ScannedColumns = WideColumns & { scans?: ColumnScans };

/** Prices from a Parquet file's bytes, or from the open file (read a window at a time). */
export function parsePricesParquet(bytes: ParquetSource, file: string, valueColumn?: string): PriceTable {
  const pf = new ParquetFile(file, bytes);
  const wide = readNumericTable(pf, 'price', valueColumn, 'value_columns.prices');
  if (!wide.dates.length)
    throw new DataError({
      code: 'no-data-rows',
      file,
      detail: 'The price file has no rows.',
      fix: 'Write one row per trading day (wide) or per date and ticker (long).',
    });
  const table = priceTableFrom(file, wide.dates, wide.tickers, wide.columns, [], wide.scans);
  const date = findColumn(pf, 'date');
  if (date?.kind === 'timestamp') {
    // Weekend dates from timestamps at midnight UTC are real (crypto, Sunday markets).
    const w = weekendDates(table.dates);
    if (w && offMidnight(pf, date)) table.quality.timestampWeekends = { ...w, column: date.name };
  }
  return table;
}

/**
 * Whether any timestamp of the column is not at a UTC midnight (read again, as raw
 * numbers: only when weekend dates were found). INT96 counts as yes (not read raw).
 */
function offMidnight(pf: ParquetFile, col: ParquetColumn): boolean {
  const el = pf.element(col.name),
    scale = timestampScale(el);
  if (!scale || el.type !== 'INT64') return true;
  // Raw units per day (scale is milliseconds per unit: 1, 1e-3 or 1e-6).
  const day = Math.round(86_400_000 / scale);
  for (const ch of pf.flatChunks(col.name, target(pf, 'number', col), true)) {
    const v = ch.out as Float64Array;
    for (let i = 0; i < ch.rows; i++) if (v[i] === v[i] && v[i] % day !== 0) return true;
  }
  return false;
}

/**
 * Timestamps are read as their UTC date, so a timezone-aware timestamp at local midnight
 * east of UTC (Tokyo, or London in summer) lands on the day before: the tell is trading
 * days that are Saturdays or Sundays (the validator warns, dates-on-weekends).
 */
function weekendDates(dates: readonly string[]): { count: number; first: string } | undefined {
  let count = 0,
    first = '';
  for (const d of dates) {
    const dow = new Date(`${d}T00:00:00Z`).getUTCDay();
    if (dow === 0 || dow === 6) {
      count++;
      first ||= d;
    }
  }
  return count ? { count, first } : undefined;
}

/**
 * A long or wide Parquet file of numbers (prices, signals, weights) as wide columns.
 * Nulls and NaN are "no value". `kind` decides which values are valid.
 */
export function readNumericTable(pf: ParquetFile, kind: ValueKind, valueColumn: string | undefined, configKey: string): ScannedColumns {
  const what = kind === 'price' ? 'price' : 'signals/weights';
  const layout = layoutOf(pf, what, '(date, ticker, close)', '(date, AAPL, MSFT, ...)');
  return layout.kind === 'long' ? readLong(pf, layout, kind, valueColumn, configKey) : readWide(pf, layout, kind);
}

function readWide(pf: ParquetFile, layout: Extract<Layout, { kind: 'wide' }>, kind: ValueKind): ScannedColumns {
  const cols = pf.columns.filter((c) => c !== layout.date);
  if (!cols.length)
    throw new DataError({
      code: 'parquet-columns',
      file: pf.file,
      detail: 'The file has a date column but no ticker columns.',
      fix: 'Add one column per ticker (wide), or ticker and value columns (long: date, ticker, close).',
    });
  const bad = cols.find((c) => c.kind !== 'number');
  if (bad) {
    throw new DataError({
      code: 'parquet-columns',
      file: pf.file,
      detail: `Column "${bad.name}" has type ${bad.typeName}; a wide file has one number column per ticker (a long file has a "ticker" column).`,
      fix: 'Drop the non-numeric column, or name the ticker column "ticker" for the long layout date, ticker, value.',
    });
  }
  const tickers = cols.map((c) => c.name.trim());
  const seen = new Set<string>();
  const dup = tickers.findIndex((t) => seen.size === seen.add(t).size);
  if (dup >= 0)
    throw new DataError({
      code: 'duplicate-ticker',
      file: pf.file,
      detail: `Ticker ${tickers[dup]} has two columns.`,
      fix: 'Keep one column per ticker.',
    });
  const n = pf.numRows;
  const days = new Int32Array(n);
  for (const ch of pf.flatChunks(layout.date.name, target(pf, 'day', layout.date))) days.set(ch.out as Int32Array, ch.start);
  checkDays(pf, layout.date.name, days, (k) => k);
  // Rows may come in any order: sort them by date; a repeated date is an error, as in CSV.
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => days[a] - days[b] || a - b);
  for (let k = 1; k < n; k++) {
    if (days[order[k]] === days[order[k - 1]]) {
      throw new DataError({
        code: 'duplicate-date',
        file: pf.file,
        detail: `${pf.where(order[k], layout.date.name)}: date ${isoFromDays(days[order[k]])} repeats ${pf.where(order[k - 1], layout.date.name).replace(/, column.*$/, '')}.`,
        // A long file without a "ticker" column reads as wide: say so, or the fix misleads.
        fix:
          cols.length <= 3
            ? 'Keep one row per date (a wide file: date, AAPL, MSFT, ...). A long file (one row per date and ticker) needs a column named "ticker".'
            : 'Keep one row per date.',
      });
    }
  }
  const sorted = order.every((r, k) => r === k);
  const single = pf.groupStarts.length === 1;
  // The usual wide price file (one row group, dates in order): each column checked and
  // scanned for the price table in one pass right after it is decoded (still in cache).
  const scans = single && sorted && kind === 'price' ? newColumnScans(cols.length) : undefined;
  let scanned = !!scans;
  // Every column's rows of one array (one allocation, not one per ticker), decoded in place.
  const slab = n * cols.length <= SLAB_MAX ? new Float64Array(n * cols.length) : null;
  const columns = cols.map((c, j) => {
    const mine = slab ? slab.subarray(j * n, (j + 1) * n) : new Float64Array(n);
    for (const ch of pf.flatChunks(c.name, target(pf, 'number', c), false, mine)) {
      const vals = ch.out as Float64Array;
      if (scans && scanned) {
        const bad = scanColumnInto(vals, scans, j, MAX_PRICE);
        if (bad < 0) continue;
        check(pf, kind, vals[bad], tickers[j], days[bad], bad, c.name);
        // Not reported after all (check throws for every value the scan stops at): priceTableFrom scans.
        scanned = false;
      }
      for (let i = 0; i < vals.length; i++) {
        const v = vals[i];
        if (v === v && (kind === 'price' ? !(v > 0 && v <= MAX_PRICE) : !Number.isFinite(v)))
          check(pf, kind, v, tickers[j], days[ch.start + i], ch.start + i, c.name);
      }
    }
    const col = mine;
    if (sorted) return col;
    const s = new Float64Array(n);
    for (let k = 0; k < n; k++) s[k] = col[order[k]];
    return s;
  });
  const dates = Array.from(order, (r) => isoFromDays(days[r]));
  return { dates, tickers, columns, scans: scanned ? scans : undefined };
}

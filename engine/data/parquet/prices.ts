// Parquet prices, long (date,ticker,close) or wide (date,AAPL,MSFT,...), into the same
// PriceTable the CSV loaders build: same checks, same NaN for "no price that day".
import type { PriceTable } from '../../types';
import { DataError } from '../errors';
import { LongTableBuilder, type WideColumns } from '../longTable';
import { pickValueColumn, valueProblem, type ValueKind } from '../longValues';
import { MAX_PRICE, priceTableFrom } from '../prices';
import { dayReader, forEachRowGroup, layoutOf, num, type Layout } from './layout';
import { isoFromDays, ParquetFile } from './reader';

export function parsePricesParquet(bytes: Uint8Array, file: string, valueColumn?: string): PriceTable {
  const pf = new ParquetFile(file, bytes);
  const wide = readNumericTable(pf, 'price', valueColumn, 'value_columns.prices');
  if (!wide.dates.length) throw new DataError({ code: 'no-data-rows', file, detail: 'The price file has no rows.', fix: 'Write one row per trading day (wide) or per date and ticker (long).' });
  return priceTableFrom(file, wide.dates, wide.tickers, wide.columns);
}

/**
 * A long or wide Parquet file of numbers (prices, signals, weights) as wide columns.
 * Nulls and NaN are "no value". `kind` decides which values are valid.
 */
export function readNumericTable(pf: ParquetFile, kind: ValueKind, valueColumn: string | undefined, configKey: string): WideColumns {
  const what = kind === 'price' ? 'price' : 'signals/weights';
  const layout = layoutOf(pf, what, '(date, ticker, close)', '(date, AAPL, MSFT, ...)');
  return layout.kind === 'long' ? readLong(pf, layout, kind, valueColumn, configKey) : readWide(pf, layout, kind);
}

function check(pf: ParquetFile, kind: ValueKind, v: number, ticker: string, day: number, row: number, column: string): void {
  const p = valueProblem(kind, v, String(v), ticker, isoFromDays(day));
  if (p) throw new DataError({ code: p.code, file: pf.file, detail: `${pf.where(row, column)}: ${p.detail}`, fix: p.fix });
}

function readLong(pf: ParquetFile, layout: Extract<Layout, { kind: 'long' }>, kind: ValueKind, valueColumn: string | undefined, configKey: string): WideColumns {
  const names = pf.columns.map((c) => c.name);
  const at = pickValueColumn(names, [pf.columns.indexOf(layout.date), pf.columns.indexOf(layout.ticker)], valueColumn, pf.file, kind === 'price' ? 'price' : 'signals/weights', configKey);
  const value = pf.columns[at];
  if (value.kind !== 'number') {
    throw new DataError({ code: 'parquet-columns', file: pf.file, detail: `Value column "${value.name}" has type ${value.typeName}, not a number.`, fix: `Store ${kind === 'price' ? 'prices' : 'values'} as DOUBLE (or integer/DECIMAL), or set ${configKey} to the numeric column.` });
  }
  const builder = new LongTableBuilder(pf.numRows);
  const extraDays = new Set<number>();
  const dayOf = dayReader(pf, layout.date);
  const isDayNumber = layout.date.kind === 'date';
  forEachRowGroup(pf, [layout.date.name, layout.ticker.name, value.name], ([dates, tickers, values], start, rows) => {
    const vals = values instanceof Float64Array ? values : null;
    for (let i = 0; i < rows; i++) {
      const row = start + i;
      const dv = dates[i];
      const day = isDayNumber && typeof dv === 'number' ? dv : dayOf(dv, row);
      const t = tickers[i];
      if (typeof t !== 'string' || t.trim() === '') {
        throw new DataError({ code: 'empty-ticker', file: pf.file, detail: `${pf.where(row, layout.ticker.name)}: this row has no ticker.`, fix: 'Fill in the ticker or drop the row.' });
      }
      const v = vals ? vals[i] : num(values[i]);
      if (v !== v) { builder.noteTicker(t); extraDays.add(day); continue; }
      if (kind === 'price' ? !(v > 0 && v <= MAX_PRICE) : !Number.isFinite(v)) check(pf, kind, v, t, day, row, value.name);
      builder.add(day, t, v, row);
    }
  });
  return builder.build((first, row, ticker, date) => {
    throw new DataError({ code: 'duplicate-value', file: pf.file, detail: `${pf.where(row, layout.ticker.name)}: ${ticker} on ${date} already has a value (${pf.where(first, layout.ticker.name).replace(/, column.*$/, '')}).`, fix: 'Keep one row per date and ticker.' });
  }, extraDays);
}

function readWide(pf: ParquetFile, layout: Extract<Layout, { kind: 'wide' }>, kind: ValueKind): WideColumns {
  const cols = pf.columns.filter((c) => c !== layout.date);
  if (!cols.length) throw new DataError({ code: 'parquet-columns', file: pf.file, detail: 'The file has a date column but no ticker columns.', fix: 'Add one column per ticker (wide), or ticker and value columns (long: date, ticker, close).' });
  const bad = cols.find((c) => c.kind !== 'number');
  if (bad) {
    throw new DataError({
      code: 'parquet-columns', file: pf.file,
      detail: `Column "${bad.name}" has type ${bad.typeName}; a wide file has one number column per ticker (a long file has a "ticker" column).`,
      fix: 'Drop the non-numeric column, or name the ticker column "ticker" for the long layout date, ticker, value.',
    });
  }
  const tickers = cols.map((c) => c.name.trim());
  const dup = tickers.findIndex((t, j) => tickers.indexOf(t) !== j);
  if (dup >= 0) throw new DataError({ code: 'duplicate-ticker', file: pf.file, detail: `Ticker ${tickers[dup]} has two columns.`, fix: 'Keep one column per ticker.' });
  const n = pf.numRows;
  const days = new Int32Array(n);
  const dayOf = dayReader(pf, layout.date);
  for (const ch of pf.chunks(layout.date.name)) for (let i = 0; i < ch.values.length; i++) days[ch.start + i] = dayOf(ch.values[i], ch.start + i);
  // Rows may come in any order: sort them by date; a repeated date is an error, as in CSV.
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => days[a] - days[b] || a - b);
  for (let k = 1; k < n; k++) {
    if (days[order[k]] === days[order[k - 1]]) {
      throw new DataError({ code: 'duplicate-date', file: pf.file, detail: `${pf.where(order[k], layout.date.name)}: date ${isoFromDays(days[order[k]])} repeats ${pf.where(order[k - 1], layout.date.name).replace(/, column.*$/, '')}.`, fix: 'Keep one row per date.' });
    }
  }
  const sorted = order.every((r, k) => r === k);
  const columns = cols.map((c, j) => {
    const out = new Float64Array(n);
    for (const ch of pf.chunks(c.name)) {
      const vals = ch.values;
      for (let i = 0; i < vals.length; i++) {
        const v = vals instanceof Float64Array ? vals[i] : num(vals[i]);
        const row = ch.start + i;
        if (v === v && (kind === 'price' ? !(v > 0 && v <= MAX_PRICE) : !Number.isFinite(v))) check(pf, kind, v, tickers[j], days[row], row, c.name);
        out[row] = v;
      }
    }
    if (sorted) return out;
    const s = new Float64Array(n);
    for (let k = 0; k < n; k++) s[k] = out[order[k]];
    return s;
  });
  const dates = Array.from(order, (r) => isoFromDays(days[r]));
  return { dates, tickers, columns };
}

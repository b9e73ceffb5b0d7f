// Parquet prices, long (date,ticker,close) or wide (date,AAPL,MSFT,...), into the same
// PriceTable the CSV loaders build: same checks, same NaN for "no price that day".
import type { PriceTable } from '../../types';
import { DataError } from '../errors';
import { LongTableBuilder, type WideColumns } from '../longTable';
import { pickValueColumn, valueProblem, type ValueKind } from '../longValues';
import { MAX_PRICE, priceTableFrom } from '../prices';
import type { FlatMode, FlatTarget } from './flat';
import { layoutOf, type Layout } from './layout';
import { dateCell, daysFromIso, isoFromDays, ParquetFile, type ParquetColumn } from './reader';

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

/** What flatChunks needs for one column; string dates are parsed once per distinct text. */
function target(pf: ParquetFile, mode: FlatMode, col: ParquetColumn, shared?: { strings: string[]; intern: Map<string, number> }): FlatTarget {
  const el = pf.element(col.name);
  const memo = new Map<string, number>();
  return {
    mode, element: el, strings: shared?.strings ?? [], intern: shared?.intern ?? new Map(),
    dayOfText: (text, row) => {
      const hit = memo.get(text);
      if (hit !== undefined) return hit;
      const iso = dateCell('string', text);
      if (typeof iso !== 'string') throw new DataError({ code: 'invalid-date', file: pf.file, detail: `${pf.where(row, col.name)}: the date ${iso.bad}.`, fix: 'Give every row a date: a Parquet DATE, a TIMESTAMP or an ISO string YYYY-MM-DD.' });
      const d = daysFromIso(iso);
      memo.set(text, d);
      return d;
    },
    nullAt: (row) => { throw new DataError({ code: 'invalid-date', file: pf.file, detail: `${pf.where(row, col.name)}: the date is empty (null).`, fix: 'Give every row a date: a Parquet DATE, a TIMESTAMP or an ISO string YYYY-MM-DD.' }); },
  };
}

/** Row groups of several flat columns at once (typed arrays, see flat.ts). */
function forEachFlatGroup(pf: ParquetFile, cols: [ParquetColumn, FlatTarget][], fn: (outs: (Float64Array | Int32Array)[], start: number, rows: number) => void): void {
  const its = cols.map(([c, t]) => pf.flatChunks(c.name, t));
  for (;;) {
    const parts = its.map((it) => it.next());
    if (parts.some((p) => p.done)) return;
    const v = parts.map((p) => p.value as { start: number; rows: number; out: Float64Array | Int32Array });
    fn(v.map((x) => x.out), v[0].start, v[0].rows);
  }
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
  const tick = target(pf, 'code', layout.ticker);
  // Ticker code (interned string) -> builder column; -1 until first seen.
  let column = new Int32Array(64).fill(-1);
  const max = kind === 'price' ? MAX_PRICE : Infinity;
  forEachFlatGroup(pf, [[layout.date, target(pf, 'day', layout.date)], [layout.ticker, tick], [value, target(pf, 'number', value)]], ([days, codes, vals], start, rows) => {
    for (let i = 0; i < rows; i++) {
      const code = codes[i];
      if (code >= column.length) { const c = new Int32Array(Math.max(code + 1, column.length * 2)).fill(-1); c.set(column); column = c; }
      let j = code >= 0 ? column[code] : -1;
      if (j < 0) {
        const t = code >= 0 ? tick.strings[code] : '';
        if (!t) throw new DataError({ code: 'empty-ticker', file: pf.file, detail: `${pf.where(start + i, layout.ticker.name)}: this row has no ticker.`, fix: 'Fill in the ticker or drop the row.' });
        j = column[code] = builder.tickerIndex(t);
      }
      const v = vals[i];
      if (v !== v) { extraDays.add(days[i]); continue; }
      if (kind === 'price' ? !(v > 0 && v <= max) : !Number.isFinite(v)) check(pf, kind, v, builder.tickers[j], days[i], start + i, value.name);
      builder.addAt(days[i], j, v, start + i);
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
  for (const ch of pf.flatChunks(layout.date.name, target(pf, 'day', layout.date))) days.set(ch.out as Int32Array, ch.start);
  // Rows may come in any order: sort them by date; a repeated date is an error, as in CSV.
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => days[a] - days[b] || a - b);
  for (let k = 1; k < n; k++) {
    if (days[order[k]] === days[order[k - 1]]) {
      throw new DataError({ code: 'duplicate-date', file: pf.file, detail: `${pf.where(order[k], layout.date.name)}: date ${isoFromDays(days[order[k]])} repeats ${pf.where(order[k - 1], layout.date.name).replace(/, column.*$/, '')}.`, fix: 'Keep one row per date.' });
    }
  }
  const sorted = order.every((r, k) => r === k);
  const single = pf.groupStarts.length === 1;
  const columns = cols.map((c, j) => {
    // One row group (the usual wide file): the decoded array is the column, no copy.
    let out: Float64Array | null = null;
    for (const ch of pf.flatChunks(c.name, target(pf, 'number', c))) {
      const vals = ch.out as Float64Array;
      for (let i = 0; i < vals.length; i++) {
        const v = vals[i];
        if (v === v && (kind === 'price' ? !(v > 0 && v <= MAX_PRICE) : !Number.isFinite(v))) check(pf, kind, v, tickers[j], days[ch.start + i], ch.start + i, c.name);
      }
      if (single) out = vals;
      else (out ??= new Float64Array(n)).set(vals, ch.start);
    }
    const col = out ?? new Float64Array(n).fill(NaN);
    if (sorted) return col;
    const s = new Float64Array(n);
    for (let k = 0; k < n; k++) s[k] = col[order[k]];
    return s;
  });
  const dates = Array.from(order, (r) => isoFromDays(days[r]));
  return { dates, tickers, columns };
}

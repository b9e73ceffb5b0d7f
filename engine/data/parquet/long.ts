// A long Parquet file (date, ticker, value rows, any order) straight into the wide columns
// the loaders hand on, with no staging of 15 M rows:
//   1. the candidate trading days: each row group's date dictionary (a few thousand
//      entries; a row group with plain date pages is decoded instead);
//   2. per row group, date, ticker and value: the date dictionary maps each entry (not
//      each row) to its row of the wide table, the ticker's to its code, and one
//      monomorphic loop (scatter) stores each value into its final Float64Array cell
//      (not zeroed first: rows skipped become NaN), handing any unusual row (new ticker,
//      bad value, repeat) back; the price-table scan is made on the way.
// A candidate day no row uses (a dictionary may hold one) is dropped at the end.
// A repeated (date, ticker) is caught when its cell is already filled; the first row of
// the pair is then found by reading the file again (errors only).
import { DataError } from '../errors';
import { pickValueColumn, type ValueKind } from '../longValues';
import { MAX_PRICE } from '../prices';
import { MIN_PLAUSIBLE_PRICE, newColumnScans, scanColumnInto, SPIKE_FACTOR, type ColumnScans } from '../priceAnomalies';
import type { FlatTarget } from './flat';
import type { Layout } from './layout';
import { isoFromDays, type ParquetColumn, type ParquetFile } from './reader';
import type { ScannedColumns } from './prices';
import { check, target, uninitialized } from './targets';

type Chunk = { start: number; rows: number; out: Float64Array | Int32Array };

/** Row groups of several flat columns at once (typed arrays, see flat.ts). */
function forEachFlatGroup(
  pf: ParquetFile,
  cols: [ParquetColumn, FlatTarget][],
  fn: (outs: (Float64Array | Int32Array)[], start: number, rows: number) => boolean | void,
): void {
  const its = cols.map(([c, t]) => pf.flatChunks(c.name, t, true));
  for (;;) {
    const parts = its.map((it) => it.next());
    if (parts.some((p) => p.done)) return;
    const v = parts.map((p) => p.value as Chunk),
      outs = v.map((x) => x.out);
    if (fn(outs, v[0].start, v[0].rows) === false) return;
  }
}

/**
 * The candidate trading days of the date column, sorted: per row group its dictionary's
 * entries when every page is dictionary-encoded (a few thousand values, no rows decoded),
 * else the days of its rows. A dictionary may hold days no row uses; readLong drops those.
 * `exact` is false when any came from a dictionary.
 */
function candidateDays(pf: ParquetFile, date: ParquetColumn): { sorted: Int32Array; exact: boolean } {
  const days = new Set<number>();
  let exact = true;
  const rowsFor: number[] = [];
  const dayTarget = target(pf, 'day', date);
  for (let g = 0; g < pf.groupStarts.length; g++) {
    const dict = pf.chunkDictionary(date.name, dayTarget, g);
    if (dict) {
      exact = false;
      for (const d of dict) days.add(d);
    } else rowsFor.push(g);
  }
  if (rowsFor.length) {
    // Row groups with plain pages: their rows' days (every chunk is decoded; the others are skipped).
    const want = new Set(rowsFor);
    let g = 0;
    for (const ch of pf.flatChunks(date.name, dayTarget, true)) {
      if (want.has(g++)) {
        const d = ch.out as Int32Array;
        for (let i = 0; i < d.length; i++) days.add(d[i]);
      }
    }
  }
  return { sorted: Int32Array.from(days).sort(), exact };
}

/** day -> row of `sorted` (a dense table over the calendar span, or a map when it is huge). */
function rowMapper(sorted: Int32Array): (day: number) => number {
  const D = sorted.length;
  if (!D) return missing;
  const min = sorted[0],
    span = sorted[D - 1] - min + 1;
  if (span <= 4_000_000) {
    const dense = new Int32Array(span).fill(-1);
    for (let r = 0; r < D; r++) dense[sorted[r] - min] = r;
    return (day) => {
      const r = day >= min && day - min < span ? dense[day - min] : -1;
      return r >= 0 ? r : missing();
    };
  }
  const m = new Map<number, number>();
  sorted.forEach((d, r) => m.set(d, r));
  return (day) => m.get(day) ?? missing();
}

/** A date outside its chunk's dictionary (the chunk's encoding stats were wrong): reported as undecodable. */
function missing(): never {
  throw new Error('a date is not in the dictionary its encoding stats name');
}

/**
 * Per column: `hi`, the highest row written (every row up to it holds a price or NaN: the
 * columns are not zeroed or filled first), and the price-table scan of its values so far
 * (first row, count, the two previous prices, a possible typo), made as rows arrive in
 * date order (a file sorted by ticker, or by date); `gone` when a row came below `hi`
 * (the column is scanned again at the end).
 */
interface ColumnState {
  hi: Int32Array;
  first: Int32Array;
  priced: Int32Array;
  prev: Float64Array;
  sus: Uint8Array;
  gone: Uint8Array;
}

function columnState(n: number, old?: ColumnState): ColumnState {
  const [i32, u8] = [() => new Int32Array(n), () => new Uint8Array(n)];
  const st = { hi: i32(), first: i32(), priced: i32(), prev: new Float64Array(2 * n), sus: u8(), gone: u8() };
  if (old) for (const k of Object.keys(st) as (keyof ColumnState)[]) (st[k] as Float64Array).set(old[k] as Float64Array);
  return st;
}

/**
 * The hot loop: rows [from, n) of a row group stored into their cells (row i's value is
 * vals[i - at]: a page's values, rows [at, at + vals.length)), while each row's ticker is
 * known, its value valid (or null: its row is marked in `nullRow`) and its cell empty.
 * Returns the first row that is not (a new ticker, a bad value, a repeat: the caller
 * deals with it), or n. A row above its column's `hi` NaN-fills the rows skipped and
 * extends the column's scan (scanColumnInto's tests, in the same order); one below it
 * (rows out of date order) needs the emptiness test and marks the column `gone`.
 */
function scatter(
  codes: Int32Array,
  vals: Float64Array,
  at: number,
  rowOf: Int32Array,
  from: number,
  n: number,
  colOf: Int32Array,
  columns: Float64Array[],
  max: number,
  price: boolean,
  nullRow: Uint8Array,
  st: ColumnState,
): number {
  const H = st.hi,
    F = st.first,
    P = st.priced,
    B = st.prev,
    S = st.sus;
  let last = -2,
    j = -1,
    col: Float64Array | null = null;
  let hi = -1,
    first = -1,
    priced = 0,
    before = NaN,
    p = NaN,
    sus = 0;
  let i = from;
  for (; i < n; i++) {
    const code = codes[i];
    if (code !== last) {
      const k = code >= 0 && code < colOf.length ? colOf[code] : -1;
      if (k < 0) break;
      if (j >= 0) {
        H[j] = hi;
        F[j] = first;
        P[j] = priced;
        B[2 * j] = before;
        B[2 * j + 1] = p;
        S[j] = sus;
      }
      j = k;
      col = columns[j];
      hi = H[j];
      first = F[j];
      priced = P[j];
      before = B[2 * j];
      p = B[2 * j + 1];
      sus = S[j];
      last = code;
    }
    const v = vals[i - at],
      r = rowOf[i];
    if (v !== v) {
      nullRow[r] = 1;
      continue;
    }
    if (price ? !(v > 0 && v <= max) : !(v - v === 0)) break;
    if (r > hi) {
      for (let z = hi + 1; z < r; z++) col![z] = NaN;
      col![r] = v;
      hi = r;
      if (first < 0) first = r;
      priced++;
      if (v < MIN_PLAUSIBLE_PRICE) sus = 1;
      if ((p >= SPIKE_FACTOR * before && v * SPIKE_FACTOR <= p) || (p * SPIKE_FACTOR <= before && v >= SPIKE_FACTOR * p)) sus = 1;
      before = p;
      p = v;
    } else {
      if (col![r] === col![r]) break;
      col![r] = v;
      st.gone[j] = 1;
    }
  }
  if (j >= 0) {
    H[j] = hi;
    F[j] = first;
    P[j] = priced;
    B[2 * j] = before;
    B[2 * j + 1] = p;
    S[j] = sus;
  }
  return i;
}

export function readLong(
  pf: ParquetFile,
  layout: Extract<Layout, { kind: 'long' }>,
  kind: ValueKind,
  valueColumn: string | undefined,
  configKey: string,
): ScannedColumns {
  const names = pf.columns.map((c) => c.name);
  const at = pickValueColumn(
    names,
    [pf.columns.indexOf(layout.date), pf.columns.indexOf(layout.ticker)],
    valueColumn,
    pf.file,
    kind === 'price' ? 'price' : 'signals/weights',
    configKey,
  );
  const value = pf.columns[at];
  if (value.kind !== 'number') {
    throw new DataError({
      code: 'parquet-columns',
      file: pf.file,
      detail: `Value column "${value.name}" has type ${value.typeName}, not a number.`,
      fix: `Store ${kind === 'price' ? 'prices' : 'values'} as DOUBLE (or integer/DECIMAL), or set ${configKey} to the numeric column.`,
    });
  }
  // Pass 1: the candidate trading days (from the date dictionaries: no rows decoded).
  const { sorted: candidates, exact } = candidateDays(pf, layout.date);
  const D = candidates.length;
  const mapDay = rowMapper(candidates);
  const dates = { ...target(pf, 'day', layout.date), mapDay };
  const nullRow = new Uint8Array(D);

  const tickers: string[] = [],
    columns: Float64Array[] = [];
  const index = new Map<string, number>();
  const tick = target(pf, 'code', layout.ticker);
  let colOf = new Int32Array(64).fill(-1); // ticker code -> column; -1 until first seen
  const max = kind === 'price' ? MAX_PRICE : Infinity,
    price = kind === 'price';
  let st = columnState(64);
  // Pass 2: per row group, dates (as rows) and tickers (in order of first appearance)
  // decoded, then each page of values stored into its cells as it is decoded.
  let rowOf: Int32Array = new Int32Array(0),
    codes: Int32Array = new Int32Array(0),
    start = 0;
  const store = (vals: Float64Array, at: number, count: number): void => {
    const end = at + count;
    for (let i = at; (i = scatter(codes, vals, at, rowOf, i, end, colOf, columns, max, price, nullRow, st)) < end;) {
      // Row i stopped the fast loop: a ticker seen for the first time (then the loop goes
      // on from it), or an error.
      const code = codes[i];
      if (code >= colOf.length) {
        const c = new Int32Array(Math.max(code + 1, colOf.length * 2)).fill(-1);
        c.set(colOf);
        colOf = c;
      }
      if (code < 0 || colOf[code] < 0) {
        const t = code >= 0 ? tick.strings[code] : '';
        if (!t)
          throw new DataError({
            code: 'empty-ticker',
            file: pf.file,
            detail: `${pf.where(start + i, layout.ticker.name)}: this row has no ticker.`,
            fix: 'Fill in the ticker or drop the row.',
          });
        let j = index.get(t);
        if (j === undefined) {
          j = tickers.length;
          tickers.push(t);
          index.set(t, j);
          columns.push(uninitialized(D));
          if (j >= st.hi.length) st = columnState(Math.max(j + 1, st.hi.length * 2), st);
          st.hi[j] = -1;
          st.first[j] = -1;
          st.prev[2 * j] = st.prev[2 * j + 1] = NaN;
        }
        colOf[code] = j;
        continue;
      }
      const j = colOf[code],
        v = vals[i - at],
        day = candidates[rowOf[i]];
      if (price ? !(v > 0 && v <= max) : !Number.isFinite(v)) check(pf, kind, v, tickers[j], day, start + i, value.name);
      duplicate(pf, layout, start + i, tickers[j], day);
    }
  };
  const dateIt = pf.flatChunks(layout.date.name, dates, true),
    tickIt = pf.flatChunks(layout.ticker.name, tick, true),
    valueIt = pf.flatChunks(value.name, { ...target(pf, 'number', value), pageSink: store }, true);
  for (;;) {
    const d = dateIt.next(),
      t = tickIt.next();
    if (d.done || t.done) break;
    rowOf = d.value.out as Int32Array;
    codes = t.value.out as Int32Array;
    start = d.value.start;
    // The value chunk's pages go to `store` as they are decoded.
    if (valueIt.next().done) break;
  }
  // Each column's rows above its last price are NaN; its scan is the one made on the way
  // unless rows came out of date order.
  const scans = price ? newColumnScans(columns.length) : undefined;
  for (let j = 0; j < columns.length; j++) {
    const c = columns[j];
    c.fill(NaN, st.hi[j] + 1);
    if (!scans) continue;
    if (st.gone[j]) scanColumnInto(c, scans, j, Infinity);
    else {
      const first = st.first[j],
        none = st.priced[j] === 0;
      scans.first[j] = none ? -1 : first;
      scans.last[j] = none ? -1 : st.hi[j];
      scans.gaps[j] = none ? 0 : st.hi[j] - first + 1 - st.priced[j];
      scans.suspicious[j] = st.sus[j];
    }
  }
  if (exact) return { dates: Array.from(candidates, isoFromDays), tickers, columns, scans };
  return dropUnused(candidates, nullRow, tickers, columns, scans);
}

/**
 * Drops the candidate days no row named (a dictionary entry no row uses): a day is a
 * trading day when some row has it, with a value (a cell is filled) or a null value.
 * Usually every day is used, all found in the first few columns.
 */
function dropUnused(
  candidates: Int32Array,
  nullRow: Uint8Array,
  tickers: string[],
  columns: Float64Array[],
  scans: ColumnScans | undefined,
): ScannedColumns {
  const D = candidates.length,
    used = Uint8Array.from(nullRow);
  let count = 0;
  for (let r = 0; r < D; r++) count += used[r];
  for (let j = 0; count < D && j < columns.length; j++) {
    const c = columns[j];
    for (let r = 0; r < D; r++)
      if (!used[r] && c[r] === c[r]) {
        used[r] = 1;
        count++;
      }
  }
  if (count === D) return { dates: Array.from(candidates, isoFromDays), tickers, columns, scans };
  const keep: number[] = [];
  for (let r = 0; r < D; r++) if (used[r]) keep.push(r);
  // The rows move: the scans are redone by priceTableFrom.
  return {
    dates: keep.map((r) => isoFromDays(candidates[r])),
    tickers,
    columns: columns.map((c) => Float64Array.from(keep, (r) => c[r])),
  };
}

/** Throws the duplicate-value error for `row`, naming the earlier row with the same date and ticker. */
function duplicate(pf: ParquetFile, layout: Extract<Layout, { kind: 'long' }>, row: number, ticker: string, day: number): never {
  const tick = target(pf, 'code', layout.ticker);
  let first = -1;
  forEachFlatGroup(
    pf,
    [
      [layout.date, target(pf, 'day', layout.date)],
      [layout.ticker, tick],
    ],
    ([days, codes], start, rows) => {
      for (let i = 0; i < rows && start + i < row; i++) {
        if (days[i] === day && tick.strings[codes[i]] === ticker) {
          first = start + i;
          return false;
        }
      }
      return start + rows < row;
    },
  );
  throw new DataError({
    code: 'duplicate-value',
    file: pf.file,
    detail: `${pf.where(row, layout.ticker.name)}: ${ticker} on ${isoFromDays(day)} already has a value (${pf.where(Math.max(0, first), layout.ticker.name).replace(/, column.*$/, '')}).`,
    fix: 'Keep one row per date and ticker.',
  });
}

// A long Parquet file (date, ticker, value rows, any order) straight into the wide columns
// the loaders hand on, with no staging of 15 M rows:
//   1. the candidate trading days: each row group's date dictionary (a few thousand
//      entries; a row group with plain date pages is decoded instead);
//   2. per row group, date, ticker and value: the date dictionary maps each entry (not
//      each row) to its row of the wide table, the ticker's to its code, and one
//      monomorphic loop (scatter) stores each value into its final Float64Array cell,
//      handing any unusual row (new ticker, bad value, repeat) back.
// A candidate day no row uses (a dictionary may hold one) is dropped at the end.
// A repeated (date, ticker) is caught when its cell is already filled; the first row of
// the pair is then found by reading the file again (errors only).
import { DataError } from '../errors';
import { pickValueColumn, type ValueKind } from '../longValues';
import { MAX_PRICE } from '../prices';
import { newColumnScans, scanColumnInto, type ColumnScans } from '../priceAnomalies';
import type { FlatTarget } from './flat';
import type { Layout } from './layout';
import { isoFromDays, type ParquetColumn, type ParquetFile } from './reader';
import type { ScannedColumns } from './prices';
import { check, target } from './targets';

type Chunk = { start: number; rows: number; out: Float64Array | Int32Array };

/** Row groups of several flat columns at once (typed arrays, see flat.ts). */
function forEachFlatGroup(
  pf: ParquetFile,
  cols: [ParquetColumn, FlatTarget][],
  fn: (outs: (Float64Array | Int32Array)[], start: number, rows: number, group: number) => boolean | void,
): void {
  const its = cols.map(([c, t]) => pf.flatChunks(c.name, t, true));
  for (let g = 0; ; g++) {
    const parts = its.map((it) => it.next());
    if (parts.some((p) => p.done)) return;
    const v = parts.map((p) => p.value as Chunk);
    if (
      fn(
        v.map((x) => x.out),
        v[0].start,
        v[0].rows,
        g,
      ) === false
    )
      return;
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
 * The hot loop: rows [from, n) of a row group stored into their cells (row i's value is
 * vals[i - at]: a page's values, rows [at, at + vals.length)), while each row's ticker is
 * known, its value valid (or null: its row is marked in `nullRow`) and its cell empty.
 * Returns the first row that is not (a new ticker, a bad value, a repeat: the caller
 * deals with it), or n. A column it switches to is marked in `dirty` (written since it
 * was scanned).
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
  dirty: Uint8Array,
): number {
  let last = -2,
    col: Float64Array | null = null;
  for (let i = from; i < n; i++) {
    const code = codes[i];
    if (code !== last) {
      const j = code >= 0 && code < colOf.length ? colOf[code] : -1;
      if (j < 0) return i;
      col = columns[j];
      dirty[j] = 1;
      last = code;
    }
    const v = vals[i - at],
      r = rowOf[i];
    if (v !== v) {
      nullRow[r] = 1;
      continue;
    }
    if (price ? !(v > 0 && v <= max) : !(v - v === 0)) return i;
    if (col![r] === col![r]) return i;
    col![r] = v;
  }
  return n;
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
  // Price columns are scanned for the price table (priceAnomalies.scanColumnInto) when the
  // next ticker starts, while still in cache (a file sorted by ticker: each once); any
  // column written after its scan (dirty) or never scanned is scanned at the end.
  let dirty: Uint8Array = new Uint8Array(64),
    scanned: Uint8Array = new Uint8Array(64),
    open = -1;
  const scans = price ? newColumnScans(64) : undefined;
  const scan = (j: number): void => {
    scanColumnInto(columns[j], scans!, j, Infinity);
    scanned[j] = 1;
    dirty[j] = 0;
  };
  // Pass 2: per row group, dates (as rows) and tickers (in order of first appearance)
  // decoded, then each page of values stored into its cells as it is decoded.
  let rowOf: Int32Array = new Int32Array(0),
    codes: Int32Array = new Int32Array(0),
    start = 0;
  const store = (vals: Float64Array, at: number, count: number): void => {
    const end = at + count;
    for (
      let i = scatter(codes, vals, at, rowOf, at, end, colOf, columns, max, price, nullRow, dirty);
      i < end;
      i = scatter(codes, vals, at, rowOf, i + 1, end, colOf, columns, max, price, nullRow, dirty)
    ) {
      // Row i stopped the fast loop: a ticker seen for the first time, or an error.
      const code = codes[i];
      if (code >= colOf.length) {
        const c = new Int32Array(Math.max(code + 1, colOf.length * 2)).fill(-1);
        c.set(colOf);
        colOf = c;
      }
      let j = code >= 0 ? colOf[code] : -1;
      if (j < 0) {
        const t = code >= 0 ? tick.strings[code] : '';
        if (!t)
          throw new DataError({
            code: 'empty-ticker',
            file: pf.file,
            detail: `${pf.where(start + i, layout.ticker.name)}: this row has no ticker.`,
            fix: 'Fill in the ticker or drop the row.',
          });
        const known = index.get(t);
        if (known !== undefined) j = known;
        else {
          j = tickers.length;
          tickers.push(t);
          index.set(t, j);
          columns.push(new Float64Array(D).fill(NaN));
          if (j >= dirty.length) {
            [dirty, scanned] = [grow(dirty, j), grow(scanned, j)];
            if (scans) growScans(scans, dirty.length);
          }
          if (scans && open >= 0) scan(open);
          open = j;
        }
        dirty[j] = 1;
        colOf[code] = j;
      }
      const v = vals[i - at],
        r = rowOf[i];
      if (v !== v) {
        nullRow[r] = 1;
        continue;
      }
      const day = candidates[r];
      if (price ? !(v > 0 && v <= max) : !Number.isFinite(v)) check(pf, kind, v, tickers[j], day, start + i, value.name);
      const col = columns[j];
      if (col[r] === col[r]) duplicate(pf, layout, start + i, tickers[j], day);
      col[r] = v;
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
  if (scans) {
    for (let j = 0; j < columns.length; j++) if (!scanned[j] || dirty[j]) scan(j);
    growScans(scans, columns.length);
  }
  if (exact) return { dates: Array.from(candidates, isoFromDays), tickers, columns, scans };
  return dropUnused(candidates, nullRow, tickers, columns, scans);
}

/** A copy of `a` with room for index `j`. */
function grow(a: Uint8Array, j: number): Uint8Array {
  const b = new Uint8Array(Math.max(j + 1, a.length * 2));
  b.set(a);
  return b;
}

/** `s` resized to `n` columns (kept entries copied). */
function growScans(s: ColumnScans, n: number): void {
  const keep = Math.min(n, s.first.length);
  const fit = <T extends Int32Array | Uint8Array>(a: T, b: T): T => {
    b.set(a.subarray(0, keep));
    return b;
  };
  s.first = fit(s.first, new Int32Array(n));
  s.last = fit(s.last, new Int32Array(n));
  s.gaps = fit(s.gaps, new Int32Array(n));
  s.suspicious = fit(s.suspicious, new Uint8Array(n));
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

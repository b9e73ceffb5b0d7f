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
import { newColumnScans, scanColumnInto, type ColumnScans } from '../priceAnomalies';
import { columnState, packedRun, scatter, validBounds } from './longScatter';
import type { FlatTarget } from './flat';
import type { Layout } from './layout';
import { isoFromDays, type ParquetColumn, type ParquetFile } from './reader';
import type { ScannedColumns } from './prices';
import { CONSTANT, PACKED, Runs } from './runs';
import { check, checkDays, target, uninitialized } from './targets';

/** Column names that hold a value, whatever their type (see readLong). */
const VALUE_NAME = /close|price|value|signal|weight|open|high|low|last|px|ret|qty|quantity/i;

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
  const parts: ArrayLike<number>[] = [];
  let exact = true;
  const rowsFor: number[] = [];
  const dayTarget = target(pf, 'day', date);
  for (let g = 0; g < pf.groupStarts.length; g++) {
    const dict = pf.chunkDictionary(date.name, dayTarget, g);
    if (dict) {
      exact = false;
      parts.push(dict);
    } else rowsFor.push(g);
  }
  if (rowsFor.length) {
    // Row groups with plain pages: their rows' days (every chunk is decoded; the others are skipped).
    const want = new Set(rowsFor);
    let g = 0;
    for (const ch of pf.flatChunks(date.name, dayTarget, true)) if (want.has(g++)) parts.push((ch.out as Int32Array).slice());
  }
  return { sorted: distinctSorted(parts), exact };
}

/** The distinct values of `parts`, sorted (marked in a table over their span when it is small). */
function distinctSorted(parts: ArrayLike<number>[]): Int32Array {
  let min = Infinity,
    max = -Infinity,
    whole = true;
  for (const p of parts)
    for (let i = 0; i < p.length; i++) {
      const d = p[i];
      if (d < min) min = d;
      if (d > max) max = d;
      if ((d | 0) !== d) whole = false;
    }
  if (max < min) return new Int32Array(0); // no rows (a file with no row groups)
  if (!whole || !(max - min < 4_000_000)) {
    const days = new Set<number>();
    for (const p of parts) for (let i = 0; i < p.length; i++) days.add(p[i]);
    return Int32Array.from(days).sort();
  }
  const seen = new Uint8Array(max - min + 1);
  let n = 0;
  for (const p of parts)
    for (let i = 0; i < p.length; i++) {
      const k = p[i] - min;
      n += seen[k] ^ 1;
      seen[k] = 1;
    }
  const out = new Int32Array(n);
  for (let k = 0, o = 0; o < n; k++) if (seen[k]) out[o++] = k + min;
  return out;
}

/**
 * How many distinct tickers the ticker column's dictionaries name (an upper bound of the
 * table's columns: an entry may be unused), or 0 when a row group's ticker pages are not
 * all dictionary-encoded.
 */
function tickerCount(pf: ParquetFile, ticker: ParquetColumn): number {
  const t = target(pf, 'code', ticker);
  for (let g = 0; g < pf.groupStarts.length; g++) if (!pf.chunkDictionary(ticker.name, t, g)) return 0;
  return t.strings.filter((s) => s !== '').length;
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

export function readLong(
  pf: ParquetFile,
  layout: Extract<Layout, { kind: 'long' }>,
  kind: ValueKind,
  valueColumn: string | undefined,
  configKey: string,
): ScannedColumns {
  const names = pf.columns.map((c) => c.name);
  const keys = [pf.columns.indexOf(layout.date), pf.columns.indexOf(layout.ticker)];
  // Text and other non-number columns (a company name, a currency) are not value columns,
  // unless nothing else is, or one is named like a value (a price stored as text must not
  // leave "volume" as the only candidate): then the errors below name it.
  const others = pf.columns.map((_, k) => k).filter((k) => !keys.includes(k));
  const text = others.filter((k) => pf.columns[k].kind !== 'number');
  const valueNamed = text.some((k) => VALUE_NAME.test(pf.columns[k].name));
  const at = pickValueColumn(
    names,
    valueColumn || valueNamed || text.length === others.length ? keys : [...keys, ...text],
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
  if (D) checkDays(pf, layout.date.name, [candidates[0], candidates[D - 1]], (k) => firstRowOf(pf, layout, candidates[k ? D - 1 : 0]));
  const mapDay = rowMapper(candidates);
  const dates = { ...target(pf, 'day', layout.date), mapDay };
  const nullRow = new Uint8Array(D);

  const tickers: string[] = [],
    columns: Float64Array[] = [];
  // The columns allocated before any is filled when their number is known: 121 MB on W2,
  // which V8 then counts against its heap limits at once (three collections during the
  // load instead of four or five as the columns came one by one).
  const spare = Array.from({ length: tickerCount(pf, layout.ticker) }, () => uninitialized(D));
  const index = new Map<string, number>();
  const tick = target(pf, 'code', layout.ticker);
  let colOf = new Int32Array(64).fill(-1); // ticker code -> column; -1 until first seen
  const max = kind === 'price' ? MAX_PRICE : Infinity,
    price = kind === 'price';
  const [lo, top] = validBounds(price, max);
  let st = columnState(64);
  // Pass 2: per row group, dates (as rows) and tickers (in order of first appearance)
  // decoded, as runs where their pages allow (runs.ts), then each page of values stored
  // into its cells as it is decoded.
  const dateRuns = new Runs(),
    tickRuns = new Runs();
  dates.packed = dateRuns.packed.bind(dateRuns);
  const tickRunsTarget = { ...tick, packed: tickRuns.packed.bind(tickRuns) };
  let rowOf: Int32Array = new Int32Array(0),
    codes: Int32Array = new Int32Array(0),
    start = 0,
    group = 0;
  /** Rows [from, to) row by row (scatter), their dates and tickers first written into the arrays. */
  const rowByRow = (vals: Float64Array, at: number, from: number, to: number): void => {
    for (const [runs, out, column] of [
      [dateRuns, rowOf, layout.date],
      [tickRuns, codes, layout.ticker],
    ] as const) {
      const problem = runs.materialize(out, from, to);
      if (problem) throw pf.undecodable(column.name, group, new Error(problem));
    }
    for (let i = from; (i = scatter(codes, vals, at, rowOf, i, to, colOf, columns, max, price, nullRow, st)) < to;) {
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
          columns.push(spare.pop() ?? uninitialized(D));
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
  // A value page's rows: a ticker's run against a run of packed dates in one loop
  // (packedRun), the rest (and whatever stops it) row by row.
  const store = (vals: Float64Array, at: number, count: number): void => {
    const end = at + count;
    for (let i = at; i < end;) {
      const kt = tickRuns.runAt(i),
        kd = dateRuns.runAt(i),
        stop = Math.min(end, tickRuns.stop[kt], dateRuns.stop[kd]);
      if (tickRuns.kind[kt] === CONSTANT && dateRuns.kind[kd] === PACKED) {
        const code = tickRuns.val[kt],
          j = code >= 0 && code < colOf.length ? colOf[code] : -1;
        if (j < 0) {
          // The ticker's first row: its column is made row by row.
          rowByRow(vals, at, i, i + 1);
          i++;
          continue;
        }
        const w = dateRuns.width[kd];
        const bit = dateRuns.val[kd] + (i - dateRuns.first(kd)) * w;
        i = packedRun(dateRuns.view, bit, w, dateRuns.dcs[kd], vals, at, i, stop, columns[j], j, lo, top, nullRow, st);
        if (i === stop) continue;
      }
      rowByRow(vals, at, i, stop);
      i = stop;
    }
  };
  const dateIt = pf.flatChunks(layout.date.name, dates, true),
    tickIt = pf.flatChunks(layout.ticker.name, tickRunsTarget, true),
    valueIt = pf.flatChunks(value.name, { ...target(pf, 'number', value), pageSink: store }, true);
  for (; ; group++) {
    dateRuns.reset();
    tickRuns.reset();
    const d = dateIt.next(),
      t = tickIt.next();
    if (d.done || t.done) break;
    dateRuns.finish(d.value.rows);
    tickRuns.finish(t.value.rows);
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

/** The first row whose date is `day` (for an error's location; 0 when none is found). */
function firstRowOf(pf: ParquetFile, layout: Extract<Layout, { kind: 'long' }>, day: number): number {
  let first = 0;
  forEachFlatGroup(pf, [[layout.date, target(pf, 'day', layout.date)]], ([days], start, rows) => {
    for (let i = 0; i < rows; i++)
      if (days[i] === day) {
        first = start + i;
        return false;
      }
  });
  return first;
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

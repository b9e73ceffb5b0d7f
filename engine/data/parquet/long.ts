// A long Parquet file (date, ticker, value rows, any order) straight into the wide columns
// the loaders hand on. Two passes over the file's columns, no staging of 15 M rows:
//   1. the date column of every row group as keys into its dictionaries' day numbers
//      (kept): the sorted trading days are those of the keys in use, and a row's row of
//      the wide table is its key's (mapped per key, not per row);
//   2. ticker and value per row group: dictionary code -> ticker column (an Int32Array)
//      and each value stored into its final Float64Array cell by one monomorphic loop
//      (scatter) that hands any unusual row (new ticker, bad value, repeat) back.
// A repeated (date, ticker) is caught when its cell is already filled; the first row of
// the pair is then found by reading the file again (errors only).
import { DataError } from '../errors';
import type { WideColumns } from '../longTable';
import { pickValueColumn, type ValueKind } from '../longValues';
import { MAX_PRICE } from '../prices';
import type { FlatTarget } from './flat';
import type { Layout } from './layout';
import { isoFromDays, type ParquetColumn, type ParquetFile } from './reader';
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
 * The trading days (sorted) of the keyed date chunks (`keys[g][i]` indexes `keyDays`), and
 * each key's row of the wide table (-1 for a dictionary entry no row uses). One pass over
 * the rows (which keys are used); the rest is per key (W2: 70 k keys for 15 M rows).
 */
function toRows(keys: Int32Array[], keyDays: number[]): { sorted: Int32Array; keyRow: Int32Array } {
  const used = new Uint8Array(keyDays.length);
  for (const k of keys) for (let i = 0; i < k.length; i++) used[k[i]] = 1;
  const days = new Set<number>();
  for (let k = 0; k < used.length; k++) if (used[k]) days.add(keyDays[k]);
  const sorted = Int32Array.from(days).sort();
  const rowOfDay = new Map<number, number>();
  sorted.forEach((d, r) => rowOfDay.set(d, r));
  const keyRow = new Int32Array(keyDays.length).fill(-1);
  for (let k = 0; k < used.length; k++) if (used[k]) keyRow[k] = rowOfDay.get(keyDays[k])!;
  return { sorted, keyRow };
}

/**
 * The hot loop: rows [from, n) of a row group stored into their cells, while each row's
 * ticker is known, its value valid (or null) and its cell empty. Returns the first row
 * that is not (a new ticker, a bad value, a repeat: the caller deals with it), or n.
 */
function scatter(
  codes: Int32Array,
  vals: Float64Array,
  keys: Int32Array,
  keyRow: Int32Array,
  from: number,
  n: number,
  colOf: Int32Array,
  columns: Float64Array[],
  max: number,
  price: boolean,
): number {
  let last = -2,
    col: Float64Array | null = null;
  for (let i = from; i < n; i++) {
    const code = codes[i];
    if (code !== last) {
      const j = code >= 0 && code < colOf.length ? colOf[code] : -1;
      if (j < 0) return i;
      col = columns[j];
      last = code;
    }
    const v = vals[i];
    if (v !== v) continue;
    if (price ? !(v > 0 && v <= max) : !(v - v === 0)) return i;
    const r = keyRow[keys[i]];
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
): WideColumns {
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
  // Pass 1: every row's date (a null-valued row still names a trading day) -> its row.
  const rowChunks: Int32Array[] = [],
    dates = { ...target(pf, 'day', layout.date), keyDays: [] as number[] };
  for (const ch of pf.flatChunks(layout.date.name, dates)) rowChunks.push(ch.out as Int32Array);
  const { sorted, keyRow } = toRows(rowChunks, dates.keyDays);
  const D = sorted.length;

  // Pass 2: tickers in order of first appearance, values into their cells.
  const tickers: string[] = [],
    columns: Float64Array[] = [];
  const index = new Map<string, number>();
  const tick = target(pf, 'code', layout.ticker);
  let colOf = new Int32Array(64).fill(-1); // ticker code -> column; -1 until first seen
  const max = kind === 'price' ? MAX_PRICE : Infinity,
    price = kind === 'price';
  forEachFlatGroup(
    pf,
    [
      [layout.ticker, tick],
      [value, target(pf, 'number', value)],
    ],
    ([codesAny, valsAny], start, rows, g) => {
      const codes = codesAny as Int32Array,
        vals = valsAny as Float64Array,
        keys = rowChunks[g];
      for (
        let i = scatter(codes, vals, keys, keyRow, 0, rows, colOf, columns, max, price);
        i < rows;
        i = scatter(codes, vals, keys, keyRow, i + 1, rows, colOf, columns, max, price)
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
          }
          colOf[code] = j;
        }
        const v = vals[i];
        if (v !== v) continue;
        const r = keyRow[keys[i]],
          day = sorted[r];
        if (price ? !(v > 0 && v <= max) : !Number.isFinite(v)) check(pf, kind, v, tickers[j], day, start + i, value.name);
        const col = columns[j];
        if (col[r] === col[r]) duplicate(pf, layout, rowChunks, keyRow, sorted, start + i, tickers[j], day);
        col[r] = v;
      }
    },
  );
  return { dates: Array.from(sorted, isoFromDays), tickers, columns };
}

/** Throws the duplicate-value error for `row`, naming the earlier row with the same date and ticker. */
function duplicate(
  pf: ParquetFile,
  layout: Extract<Layout, { kind: 'long' }>,
  rowChunks: Int32Array[],
  keyRow: Int32Array,
  sorted: Int32Array,
  row: number,
  ticker: string,
  day: number,
): never {
  const tick = target(pf, 'code', layout.ticker);
  let first = -1;
  forEachFlatGroup(pf, [[layout.ticker, tick]], ([codes], start, rows, g) => {
    for (let i = 0; i < rows && start + i < row; i++) {
      if (sorted[keyRow[rowChunks[g][i]]] === day && tick.strings[codes[i]] === ticker) {
        first = start + i;
        return false;
      }
    }
    return start + rows < row;
  });
  throw new DataError({
    code: 'duplicate-value',
    file: pf.file,
    detail: `${pf.where(row, layout.ticker.name)}: ${ticker} on ${isoFromDays(day)} already has a value (${pf.where(Math.max(0, first), layout.ticker.name).replace(/, column.*$/, '')}).`,
    fix: 'Keep one row per date and ticker.',
  });
}

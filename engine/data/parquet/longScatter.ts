// The hot loops of a long file's load (long.ts): each price stored into its final cell
// of the wide table while the price-table scan of its column is extended (first/last
// row, gaps, a possible typo: scanColumnInto's tests in the same order).
//   scatter:    row by row, each row's ticker code and table row read from arrays;
//   packedRun:  one ticker's rows whose dates are packed dictionary indices (runs.ts),
//               each unpacked as its price is stored (no row array written and read).
// Both hand back the first row they cannot take (the caller deals with it).
import { MIN_PLAUSIBLE_PRICE, SPIKE_FACTOR } from '../priceAnomalies';

/**
 * Per column: `hi`, the highest row written (every row up to it holds a price or NaN: the
 * columns are not zeroed or filled first), and the price-table scan of its values so far
 * (first row, count, the two previous prices, a possible typo), made as rows arrive in
 * date order (a file sorted by ticker, or by date); `gone` when a row came below `hi`
 * (the column is scanned again at the end).
 */
export interface ColumnState {
  hi: Int32Array;
  first: Int32Array;
  priced: Int32Array;
  prev: Float64Array;
  sus: Uint8Array;
  gone: Uint8Array;
}

export function columnState(n: number, old?: ColumnState): ColumnState {
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
export function scatter(
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

/**
 * Rows [from, to) of a row group, all of column j, whose dates are packed dictionary
 * indices of `width` bits from bit `bit` of `dv` (through `dc` to table rows); row i's
 * value is vals[i - at]. Stores and scans as scatter does while each row's index is in
 * the dictionary, its value valid (lo < v < top, see validBounds; or null: its row is
 * marked in `nullRow`) and its row above the column's `hi`; returns the first row that
 * is not, or `to`.
 */
export function packedRun(
  dv: DataView,
  bit: number,
  width: number,
  dc: Int32Array,
  vals: Float64Array,
  at: number,
  from: number,
  to: number,
  col: Float64Array,
  j: number,
  lo: number,
  top: number,
  nullRow: Uint8Array,
  st: ColumnState,
): number {
  const mask = (1 << width) - 1,
    size = dc.length;
  let hi = st.hi[j],
    first = st.first[j],
    before = st.prev[2 * j],
    p = st.prev[2 * j + 1],
    sus = st.sus[j];
  let i = from,
    nulls = 0;
  // The usual row (a valid price, the column's next row) tested first; a null value,
  // a gap and a row at or below `hi` only when that test fails.
  for (; i < to; i++, bit += width) {
    const e = (dv.getUint32(bit >>> 3, true) >>> (bit & 7)) & mask;
    if (e >= size) break;
    const r = dc[e],
      v = vals[i - at];
    if (!(v > lo && v < top)) {
      if (v !== v) {
        nullRow[r] = 1;
        nulls++;
        continue;
      }
      break;
    }
    if (r !== hi + 1) {
      if (r <= hi) break;
      for (let z = hi + 1; z < r; z++) col[z] = NaN;
    }
    col[r] = v;
    hi = r;
    if (first < 0) first = r;
    if (v < MIN_PLAUSIBLE_PRICE) sus = 1;
    if ((p >= SPIKE_FACTOR * before && v * SPIKE_FACTOR <= p) || (p * SPIKE_FACTOR <= before && v >= SPIKE_FACTOR * p)) sus = 1;
    before = p;
    p = v;
  }
  st.hi[j] = hi;
  st.first[j] = first;
  // Every row taken was stored or null.
  st.priced[j] += i - from - nulls;
  st.prev[2 * j] = before;
  st.prev[2 * j + 1] = p;
  st.sus[j] = sus;
  return i;
}

/**
 * The open interval (lo, top) of valid values, one test for both kinds: a price is
 * valid when 0 < v <= max, i.e. v below the next double after max; any other value
 * when finite (NaN fails both tests).
 */
export function validBounds(price: boolean, max: number): [number, number] {
  if (!price) return [-Infinity, Infinity];
  const b = new Float64Array([max]);
  const bits = new BigInt64Array(b.buffer);
  bits[0] += 1n;
  return [0, b[0]];
}

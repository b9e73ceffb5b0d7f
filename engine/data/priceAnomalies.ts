// Prices that are valid numbers but almost surely typos: a one-day jump of 10x or more that
// reverts the next day (a price typed 1,000x too large gives a -22,105 % "return"), and a
// price below 1e-6 (a unit slip). They may be intended, so they are warnings, not errors.
import type { PriceAnomaly, PriceTable } from '../types';

/** A move by this factor or more, up or down, that the next price undoes. */
export const SPIKE_FACTOR = 10;
/** Prices below this per share are reported. */
export const MIN_PLAUSIBLE_PRICE = 1e-6;

/**
 * One typed pass over a column's range [first, last]: the empty cells inside it (gap
 * days) and whether any price could be an anomaly (the exact tests of
 * findPriceAnomalies, without building anything). Clean columns, nearly all of them,
 * are then never looked at again.
 */
export function scanPrices(c: Float64Array, first: number, last: number): { gaps: number; suspicious: boolean } {
  let gaps = 0,
    suspicious = false;
  let before = NaN,
    p = NaN; // the two previous prices (NaN compares false: no spike yet)
  for (let i = first; i <= last; i++) {
    const after = c[i];
    if (after !== after) {
      gaps++;
      continue;
    }
    if (after < MIN_PLAUSIBLE_PRICE) suspicious = true;
    if ((p >= SPIKE_FACTOR * before && after * SPIKE_FACTOR <= p) || (p * SPIKE_FACTOR <= before && after >= SPIKE_FACTOR * p))
      suspicious = true;
    before = p;
    p = after;
  }
  return { gaps, suspicious };
}

/**
 * What priceTableFrom needs of each column (first and last priced row, -1 when none; gap
 * days and "could hold a typo" as scanPrices says), when a loader has it already: found
 * while the column was still in cache (scanColumnInto), not by another pass over the table.
 */
export interface ColumnScans {
  first: Int32Array;
  last: Int32Array;
  gaps: Int32Array;
  suspicious: Uint8Array;
}

export function newColumnScans(columns: number): ColumnScans {
  return {
    first: new Int32Array(columns),
    last: new Int32Array(columns),
    gaps: new Int32Array(columns),
    suspicious: new Uint8Array(columns),
  };
}

/**
 * One pass over a whole column: its first and last priced rows and scanPrices' result over
 * them, stored at `j` of `s`. Returns the row of the first value that is not a price in
 * (0, max] (the caller reports it; `s` is then incomplete), or -1.
 */
export function scanColumnInto(c: Float64Array, s: ColumnScans, j: number, max: number): number {
  let first = -1,
    last = -1,
    gaps = 0,
    pending = 0,
    suspicious = false;
  let before = NaN,
    p = NaN;
  for (let i = 0; i < c.length; i++) {
    const after = c[i];
    if (after !== after) {
      pending++;
      continue;
    }
    if (!(after > 0 && after <= max)) return i;
    if (first < 0) first = i;
    else gaps += pending;
    pending = 0;
    last = i;
    if (after < MIN_PLAUSIBLE_PRICE) suspicious = true;
    if ((p >= SPIKE_FACTOR * before && after * SPIKE_FACTOR <= p) || (p * SPIKE_FACTOR <= before && after >= SPIKE_FACTOR * p))
      suspicious = true;
    before = p;
    p = after;
  }
  s.first[j] = first;
  s.last[j] = last;
  s.gaps[j] = gaps;
  s.suspicious[j] = suspicious ? 1 : 0;
  return -1;
}

/**
 * Every spike and tiny price of a table (at most `limit`, first by ticker then date).
 * `columns`: the only columns that can have any (from scanPrices), ascending; by default
 * every column is scanned first.
 */
export function findPriceAnomalies(t: PriceTable, limit = 1000, columns?: readonly number[]): PriceAnomaly[] {
  const out: PriceAnomaly[] = [];
  const todo =
    columns ??
    t.tickers.map((_, j) => j).filter((j) => t.firstIndex[j] >= 0 && scanPrices(t.columns[j], t.firstIndex[j], t.lastIndex[j]).suspicious);
  for (let k = 0; k < todo.length && out.length < limit; k++) {
    const j = todo[k];
    const c = t.columns[j];
    let prev = -1; // index of the previous price
    for (let i = 0; i < c.length && out.length < limit; i++) {
      const p = c[i];
      if (p !== p) continue;
      if (p < MIN_PLAUSIBLE_PRICE) out.push({ ticker: t.tickers[j], date: t.dates[i], kind: 'tiny', price: p });
      if (prev >= 0) {
        let next = i + 1;
        while (next < c.length && c[next] !== c[next]) next++;
        if (next < c.length) {
          const before = c[prev],
            after = c[next];
          const up = p >= SPIKE_FACTOR * before && after * SPIKE_FACTOR <= p;
          const down = p * SPIKE_FACTOR <= before && after >= SPIKE_FACTOR * p;
          if (up || down) out.push({ ticker: t.tickers[j], date: t.dates[i], kind: 'spike', price: p, before, after });
        }
      }
      prev = i;
    }
  }
  return out;
}

/** One line for a warning: "XYZ 2023-03-01: 1234 between 12.3 and 12.4". */
export function describeAnomaly(a: PriceAnomaly): string {
  return a.kind === 'tiny'
    ? `${a.ticker} on ${a.date}: ${a.price} (below ${MIN_PLAUSIBLE_PRICE})`
    : `${a.ticker} on ${a.date}: ${a.price} between ${a.before} and ${a.after}`;
}

// Long tables (date,ticker,value rows in any order) -> the wide, column-major form every
// loader hands on: sorted unique dates, tickers in order of first appearance, one
// Float64Array per ticker (NaN = no value that day). Shared by long CSV and Parquet files.
import { isoFromDays } from './parquet/reader';

export interface WideColumns {
  dates: string[];
  tickers: string[];
  columns: Float64Array[];
}

/** Rows are added as (day number, ticker, value, source row); the caller has validated the value. */
export class LongTableBuilder {
  private days: Int32Array;
  private tick: Int32Array;
  private vals: Float64Array;
  private src: Int32Array;
  private n = 0;
  readonly tickers: string[] = [];
  private readonly index = new Map<string, number>();
  private lastTicker: string | null = null;
  private lastJ = -1;

  constructor(capacity: number) {
    const c = Math.max(16, capacity);
    this.days = new Int32Array(c);
    this.tick = new Int32Array(c);
    this.vals = new Float64Array(c);
    this.src = new Int32Array(c);
  }

  get size(): number {
    return this.n;
  }

  add(day: number, ticker: string, value: number, row: number): void {
    let j: number;
    // Long files are grouped by ticker or by date: the same string object repeats (dictionary pages).
    if (ticker === this.lastTicker) j = this.lastJ;
    else {
      j = this.tickerIndex(ticker);
      this.lastTicker = ticker;
      this.lastJ = j;
    }
    this.addAt(day, j, value, row);
  }

  /** The column of a ticker (added on first sight). */
  tickerIndex(ticker: string): number {
    let j = this.index.get(ticker);
    if (j === undefined) {
      j = this.tickers.length;
      this.tickers.push(ticker);
      this.index.set(ticker, j);
    }
    return j;
  }

  /** add() with the ticker's column already known (tickerIndex). */
  addAt(day: number, j: number, value: number, row: number): void {
    if (this.n === this.days.length) this.grow();
    const i = this.n++;
    this.days[i] = day;
    this.tick[i] = j;
    this.vals[i] = value;
    this.src[i] = row;
  }

  /** Tickers ever seen, including those whose every value was null. */
  noteTicker(ticker: string): void {
    if (!this.index.has(ticker)) {
      this.index.set(ticker, this.tickers.length);
      this.tickers.push(ticker);
    }
  }

  /**
   * The wide form. `extraDays` are dates to keep even without a value (a long file's null
   * rows still name a trading day). A repeated (date, ticker) calls `duplicate` with both
   * source rows, which throws.
   */
  build(duplicate: (firstRow: number, row: number, ticker: string, date: string) => never, extraDays?: Iterable<number>): WideColumns {
    const n = this.n,
      days = this.days;
    const extra = extraDays ? [...extraDays] : [];
    let lo = Infinity,
      hi = -Infinity;
    for (let i = 0; i < n; i++) {
      const d = days[i];
      if (d < lo) lo = d;
      if (d > hi) hi = d;
    }
    for (const d of extra) {
      if (d < lo) lo = d;
      if (d > hi) hi = d;
    }
    let sorted: Int32Array;
    if (n + extra.length === 0) sorted = new Int32Array(0);
    else if (hi - lo < 4_000_000) {
      // The distinct days by marking a calendar span (15 M Set inserts cost ~1 s for W2).
      const mark = new Uint8Array(hi - lo + 1);
      for (let i = 0; i < n; i++) mark[days[i] - lo] = 1;
      for (const d of extra) mark[d - lo] = 1;
      let count = 0;
      for (let k = 0; k < mark.length; k++) count += mark[k];
      sorted = new Int32Array(count);
      for (let k = 0, o = 0; k < mark.length; k++) if (mark[k]) sorted[o++] = k + lo;
    } else {
      const unique = new Set<number>(extra);
      for (let i = 0; i < n; i++) unique.add(days[i]);
      sorted = Int32Array.from(unique).sort();
    }
    const D = sorted.length;
    const min = D ? sorted[0] : 0,
      span = D ? sorted[D - 1] - min + 1 : 0;
    // Day -> row of the output: a dense table over the calendar span (a few thousand entries).
    const dense = span <= 4_000_000 ? new Int32Array(span) : null;
    const sparse = dense ? null : new Map<number, number>();
    for (let d = 0; d < D; d++) {
      if (dense) dense[sorted[d] - min] = d;
      else sparse!.set(sorted[d], d);
    }
    const columns = this.tickers.map(() => new Float64Array(D).fill(NaN));
    for (let i = 0; i < n; i++) {
      const d = dense ? dense[days[i] - min] : sparse!.get(days[i])!;
      const col = columns[this.tick[i]];
      if (col[d] === col[d]) {
        let first = 0;
        for (; first < i; first++) if (days[first] === days[i] && this.tick[first] === this.tick[i]) break;
        duplicate(this.src[first], this.src[i], this.tickers[this.tick[i]], isoFromDays(days[i]));
      }
      col[d] = this.vals[i];
    }
    const dates = Array.from(sorted, isoFromDays);
    return { dates, tickers: this.tickers.slice(), columns };
  }

  private grow(): void {
    const c = this.days.length * 2;
    const g = <T extends Int32Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const b = make(c);
      b.set(a);
      return b;
    };
    this.days = g(this.days, (k) => new Int32Array(k));
    this.tick = g(this.tick, (k) => new Int32Array(k));
    this.vals = g(this.vals, (k) => new Float64Array(k));
    this.src = g(this.src, (k) => new Int32Array(k));
  }
}

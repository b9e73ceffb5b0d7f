// A wide signals/weights file held as its typed-array columns instead of a Map per date
// (the language server caches these; the CLI validates a run's inputs on them).
// W2's 107 MB signals file is 15 M values: as nested Maps that is ~1 GB in the worker,
// again while structured-cloned to the main thread, and again once rebuilt there. As
// columns it is 121 MB, transferred from the worker without a copy. The classes below
// are read-only Maps (DatedValues) answering from the columns, so the engine's checks
// run on them unchanged; a day's Map is a view, built on no request.
import type { DatedValues } from '../types';
import type { FastPrices } from './fastPrices';

function readOnly(): never {
  throw new TypeError('Cached data is read-only.');
}

/** One date of a columnar file: ticker -> value, skipping empty cells (NaN). */
class ColumnarDay extends Map<string, number> {
  private count = -1;

  constructor(
    private readonly src: FastPrices,
    private readonly row: number,
  ) {
    super();
  }

  override get size(): number {
    if (this.count < 0) {
      let n = 0;
      for (const c of this.src.columns) if (c[this.row] === c[this.row]) n++;
      this.count = n;
    }
    return this.count;
  }

  override get(ticker: string): number | undefined {
    const j = columnIndex(this.src).get(ticker);
    if (j === undefined) return undefined;
    const v = this.src.columns[j][this.row];
    return v === v ? v : undefined;
  }

  override has(ticker: string): boolean {
    return this.get(ticker) !== undefined;
  }

  override *entries(): MapIterator<[string, number]> {
    const { tickers, columns } = this.src;
    for (let j = 0; j < tickers.length; j++) {
      const v = columns[j][this.row];
      if (v === v) yield [tickers[j], v];
    }
  }

  // keys() is what the validator walks (every ticker of every day, once, 15 M for W2):
  // an array iterator, and on a day without empty cells the ticker list itself.
  override keys(): MapIterator<string> {
    const { tickers, columns } = this.src;
    const list = this.size === tickers.length ? tickers : tickers.filter((_, j) => columns[j][this.row] === columns[j][this.row]);
    return list.values() as unknown as MapIterator<string>;
  }
  override *values(): MapIterator<number> {
    for (const c of this.src.columns) if (c[this.row] === c[this.row]) yield c[this.row];
  }
  override [Symbol.iterator](): MapIterator<[string, number]> {
    return this.entries();
  }
  override forEach(fn: (value: number, key: string, map: Map<string, number>) => void, thisArg?: unknown): void {
    for (const [t, v] of this.entries()) fn.call(thisArg, v, t, this);
  }
  override set(..._entry: unknown[]): this {
    return readOnly();
  }
  override delete(..._key: unknown[]): boolean {
    return readOnly();
  }
  override clear(): void {
    readOnly();
  }
}

const indexes = new WeakMap<FastPrices, Map<string, number>>();
function columnIndex(src: FastPrices): Map<string, number> {
  let m = indexes.get(src);
  if (!m) {
    m = new Map(src.tickers.map((t, j) => [t, j]));
    indexes.set(src, m);
  }
  return m;
}

/** date -> ticker -> value over columns, in date order, as engine/data's parseDatedValues gives for a wide file. */
export class ColumnarDatedValues extends Map<string, Map<string, number>> implements DatedValues {
  /** Row of each date (the last one for a repeated date, as the Map-building parser keeps), dates sorted. */
  private readonly rows: Map<string, number>;

  constructor(readonly src: FastPrices) {
    super();
    const rows = new Map<string, number>();
    src.dates.forEach((d, i) => rows.set(d, i));
    this.rows = new Map([...rows].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
  }

  /** Bytes held by the columns (for the cache's budget). */
  get byteLength(): number {
    let b = 0;
    for (const c of this.src.columns) b += c.byteLength;
    return b + this.src.dates.length * 40 + this.src.tickers.length * 60;
  }

  /**
   * Tickers with at least one value: what the validator asks of a signals file, answered
   * from the columns (a scan stops at a column's first value) instead of every cell.
   */
  tickerSet(): Set<string> {
    const set = new Set<string>();
    const { tickers, columns } = this.src;
    for (let j = 0; j < tickers.length; j++) {
      const c = columns[j];
      for (let i = 0; i < c.length; i++)
        if (c[i] === c[i]) {
          set.add(tickers[j]);
          break;
        }
    }
    return set;
  }

  override get size(): number {
    return this.rows.size;
  }
  override get(date: string): Map<string, number> | undefined {
    const i = this.rows.get(date);
    return i === undefined ? undefined : new ColumnarDay(this.src, i);
  }
  override has(date: string): boolean {
    return this.rows.has(date);
  }
  override keys(): MapIterator<string> {
    return this.rows.keys();
  }
  override *entries(): MapIterator<[string, Map<string, number>]> {
    for (const [d, i] of this.rows) yield [d, new ColumnarDay(this.src, i)];
  }
  override *values(): MapIterator<Map<string, number>> {
    for (const [, m] of this.entries()) yield m;
  }
  override [Symbol.iterator](): MapIterator<[string, Map<string, number>]> {
    return this.entries();
  }
  override forEach(fn: (value: Map<string, number>, key: string, map: Map<string, Map<string, number>>) => void, thisArg?: unknown): void {
    for (const [d, m] of this.entries()) fn.call(thisArg, m, d, this);
  }
  override set(..._entry: unknown[]): this {
    return readOnly();
  }
  override delete(..._key: unknown[]): boolean {
    return readOnly();
  }
  override clear(): void {
    readOnly();
  }
}

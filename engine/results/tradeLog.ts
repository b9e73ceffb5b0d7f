// Trades as columns (typed arrays) instead of one object per trade. A daily-rebalanced
// book trades most names every day (W1: 1.2 M trades, W2: ~15 M); as objects they were
// half of the simulation's time (allocation + GC) and most of its memory (~170 bytes
// each). `RunRecord.trades` stays a Trade[] for every caller: it is built from the log on
// first access, and from then on that array is the source of truth (callers may edit it).
import type { Trade, TradeReason } from '../types';

import { HEDGE_TRADE_REASONS, TRADE_REASONS } from './tradeReasons';

/** A log stores a reason as its index in TRADE_REASONS. */
export { HEDGE_TRADE_REASONS, TRADE_REASONS };
/** By reason index: 1 for a hedge trade (a byte per reason, for loops over the log). */
export const IS_HEDGE_REASON_CODE: Uint8Array = Uint8Array.from(TRADE_REASONS, (r) => (HEDGE_TRADE_REASONS.has(r) ? 1 : 0));
/** Index of a reason in TRADE_REASONS (five compares of interned strings, no hashing: this runs once per trade). */
export function reasonCode(r: TradeReason): number {
  for (let i = 0; i < TRADE_REASONS.length; i++) if (TRADE_REASONS[i] === r) return i;
  return TRADE_REASONS.length - 1;
}

/** Up-front room is capped (2^24 trades, ~890 MB of address space); beyond it the log grows. */
const MAX_INITIAL_CAPACITY = 1 << 24;

/** Set by withSharedTradeLog: the next log made with room for SHARE_MIN trades or more shares its columns. */
let onShared: ((log: TradeLog) => void) | null = null;
const SHARE_MIN = 100_000;

/**
 * Runs `run`; the first trade log it makes with room for 100 000 trades or more keeps its
 * columns in SharedArrayBuffers (another thread can read them while the run writes: an
 * --out's trades.csv formatted during the simulation, tradesStream.ts) and is given to
 * `onLog` as soon as it exists. Rows below `sharedRows` never change once below `length`.
 */
export function withSharedTradeLog<T>(onLog: (log: TradeLog) => void, run: () => T): T {
  onShared = onLog;
  try {
    return run();
  } finally {
    onShared = null;
  }
}

type Column = Int32Array | Float64Array | Uint8Array;
type ColumnOf = new (n: number | SharedArrayBuffer) => Column;
const column = <C extends ColumnOf>(C: C, n: number, shared: boolean): InstanceType<C> =>
  (shared ? new C(new SharedArrayBuffer(n * (C as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT)) : new C(n)) as InstanceType<C>;

export class TradeLog {
  length = 0;
  /** Run day index d (dates[dayOffset + d] is the trade's date). */
  day: Int32Array;
  ticker: Int32Array;
  quantity: Float64Array;
  price: Float64Array;
  notional: Float64Array;
  commission: Float64Array;
  slippage: Float64Array;
  /** Index into TRADE_REASONS. */
  reason: Uint8Array;
  /** Index into `sectors`, -1 for null. */
  sector: Int32Array;
  readonly sectors: string[] = [];
  private readonly sectorIndex = new Map<string, number>();
  /**
   * Rows another thread can read in the shared columns (withSharedTradeLog): the up-front
   * room, or `length` when the log first grew (growing copies into unshared columns). 0: not shared.
   */
  sharedRows = 0;

  /**
   * @param dates the price table's dates
   * @param dayOffset table index of run day 0
   * @param tickers the price table's tickers
   * @param capacity trades to make room for up front. Growing by doubling copies every
   *   column and allocates fresh buffers, and each large allocation makes V8 run a full
   *   GC (external memory); the ledger passes days x names (a daily book trades most
   *   cells). Pages past `length` are never touched, so unused room costs no RSS.
   * @param days the run's length in days when known (0: not said)
   */
  constructor(readonly dates: readonly string[], readonly dayOffset: number, readonly tickers: readonly string[], capacity = 1024, readonly days = 0) {
    const c = Math.max(16, Math.min(capacity, MAX_INITIAL_CAPACITY));
    const share = c >= SHARE_MIN ? onShared : null, sh = share !== null;
    if (share) onShared = null;
    this.day = column(Int32Array, c, sh); this.ticker = column(Int32Array, c, sh);
    this.quantity = column(Float64Array, c, sh); this.price = column(Float64Array, c, sh); this.notional = column(Float64Array, c, sh);
    this.commission = column(Float64Array, c, sh); this.slippage = column(Float64Array, c, sh);
    this.reason = column(Uint8Array, c, sh); this.sector = column(Int32Array, c, sh);
    if (share) {
      this.sharedRows = c;
      share(this);
    }
  }

  push(d: number, j: number, quantity: number, price: number, notional: number, commission: number, slippage: number, reason: TradeReason, sector: string | null): void {
    this.pushCoded(d, j, quantity, price, notional, commission, slippage, reasonCode(reason), sector === null ? -1 : this.sectorCode(sector));
  }

  /** push() with the reason and sector already coded (reasonCode, sectorCode): the ledger's hot path. */
  pushCoded(d: number, j: number, quantity: number, price: number, notional: number, commission: number, slippage: number, reason: number, sector: number): void {
    if (this.length === this.day.length) this.resize(this.length * 2);
    const k = this.length++;
    this.day[k] = d; this.ticker[k] = j; this.quantity[k] = quantity; this.price[k] = price;
    this.notional[k] = notional; this.commission[k] = commission; this.slippage[k] = slippage;
    this.reason[k] = reason;
    this.sector[k] = sector;
  }

  /** Index of a sector label; the labels are few, so a short identity scan beats hashing. */
  sectorCode(sector: string): number {
    const list = this.sectors;
    for (let i = 0; i < list.length && i < 16; i++) if (list[i] === sector) return i;
    let s = this.sectorIndex.get(sector);
    if (s === undefined) { s = list.length; list.push(sector); this.sectorIndex.set(sector, s); }
    return s;
  }

  reasonOf(k: number): TradeReason { return TRADE_REASONS[this.reason[k]]; }

  /** Trade k as the public object (same fields, same order as the engine always built). */
  get(k: number): Trade {
    const s = this.sector[k];
    return {
      date: this.dates[this.dayOffset + this.day[k]], ticker: this.tickers[this.ticker[k]], quantity: this.quantity[k], price: this.price[k],
      notional: this.notional[k], commission: this.commission[k], slippage: this.slippage[k], reason: TRADE_REASONS[this.reason[k]],
      sector: s >= 0 ? this.sectors[s] : null,
    };
  }

  toArray(): Trade[] {
    const out: Trade[] = new Array(this.length);
    for (let k = 0; k < this.length; k++) out[k] = this.get(k);
    return out;
  }

  /** Makes room for at least `n` trades (doubling), keeping those logged. */
  grow(n: number): void {
    let c = this.day.length;
    while (c < n) c *= 2;
    if (c !== this.day.length) this.resize(c);
  }

  private resize(n: number): void {
    this.sharedRows = Math.min(this.sharedRows, this.length);
    const grow = <A extends Int32Array | Float64Array | Uint8Array>(a: A, make: (n: number) => A): A => {
      const b = make(n);
      b.set(a.subarray(0, Math.min(this.length, n)));
      return b;
    };
    this.day = grow(this.day, (m) => new Int32Array(m));
    this.ticker = grow(this.ticker, (m) => new Int32Array(m));
    this.quantity = grow(this.quantity, (m) => new Float64Array(m));
    this.price = grow(this.price, (m) => new Float64Array(m));
    this.notional = grow(this.notional, (m) => new Float64Array(m));
    this.commission = grow(this.commission, (m) => new Float64Array(m));
    this.slippage = grow(this.slippage, (m) => new Float64Array(m));
    this.reason = grow(this.reason, (m) => new Uint8Array(m));
    this.sector = grow(this.sector, (m) => new Int32Array(m));
  }
}

/**
 * Makes `holder.trades` a lazily built Trade[] backed by `log`, and sets `holder.tradeLog`
 * until then. Once built, the array replaces the log (tradeLog becomes undefined), so
 * readers that prefer the columns fall back to the array and see any edits made to it.
 */
export function attachTradeLog(holder: { trades: Trade[]; tradeLog?: TradeLog }, log: TradeLog): void {
  holder.tradeLog = log;
  const settle = (value: Trade[]): void => {
    Object.defineProperty(holder, 'trades', { value, writable: true, enumerable: true, configurable: true });
    holder.tradeLog = undefined;
  };
  Object.defineProperty(holder, 'trades', {
    enumerable: true,
    configurable: true,
    get(): Trade[] { const arr = log.toArray(); settle(arr); return arr; },
    set(value: Trade[]) { settle(value); },
  });
}

// Replays a run's trades day by day into the per-day, per-sector P&L inputs of the
// attribution and hedge-effectiveness figures. Everything is close to close: a day's
// P&L is what yesterday's closing positions earned from yesterday's to today's carried
// price (the engine values a ticker without a price at its last known price), and
// today's trades cost only their commission and slippage (they fill at the close).
// Typed arrays throughout; a day touches only the held tickers and the hedge ETFs.
import { GroupsByDay, type RunRecord } from '../results/runRecord';
import { TRADE_REASONS } from '../results/tradeReasons';

const SECTOR_HEDGE = TRADE_REASONS.indexOf('sector_hedge'),
  BETA_HEDGE = TRADE_REASONS.indexOf('beta_hedge');

/** Which book a trade reason belongs to. */
const STOCK = 0,
  SECTOR = 1,
  BETA = 2;

export interface DailyPnl {
  days: number;
  groups: string[];
  /** [g * days + d]: P&L of group g's stocks on day d (positions of d - 1's close). */
  sectorStockPnl: Float64Array;
  /** [g * days + d]: what group g's ETF earned on the same stock dollars (0 without an ETF price). */
  sectorEtfPart: Float64Array;
  /** [g * days + d]: gross stock value of group g at d - 1's close. */
  sectorGrossPrev: Float64Array;
  /** [g * days + d]: P&L of group g's ETF hedge position. */
  sectorHedgePnl: Float64Array;
  /** [g * days + d]: end-of-day net and gross stock value, and hedge value, of group g. */
  sectorNet: Float64Array;
  sectorGross: Float64Array;
  sectorHedgeValue: Float64Array;
  /** End-of-day long and short (negative) stock value, stock book only. */
  stockLong: Float64Array;
  stockShort: Float64Array;
  /** Per day, the whole book. */
  stockPnl: Float64Array;
  /** Gross stock value of the whole book at d - 1's close. */
  stockGrossPrev: Float64Array;
  sectorHedge: Float64Array;
  betaHedge: Float64Array;
  stockCosts: Float64Array;
  hedgeCosts: Float64Array;
  borrow: Float64Array;
  interest: Float64Array;
  /** Equity change of the day (equity[d] - equity[d - 1], initial cash before day 0). */
  equityChange: Float64Array;
}

/** Book of each TRADE_REASONS code (the trade log's reason column indexes that list). */
const BOOK_OF_CODE = Uint8Array.from(TRADE_REASONS, (r) => bookOf(r));

function bookOf(reason: string): number {
  return reason === TRADE_REASONS[SECTOR_HEDGE] ? SECTOR : reason === TRADE_REASONS[BETA_HEDGE] ? BETA : STOCK;
}

/** The trades as the replay reads them: day, ticker, quantity, reason code (an index of TRADE_REASONS) and the two cost columns. */
interface TradeColumns {
  count: number;
  day: Int32Array;
  ticker: Int32Array;
  quantity: Float64Array;
  reason: Uint8Array;
  commission: Float64Array;
  slippage: Float64Array;
}

/** The trade log's own columns while the Trade[] has not been built (reading rec.trades builds it), else columns of the array. */
function tradeColumns(rec: RunRecord): TradeColumns {
  const log = rec.tradeLog ?? null;
  if (log) {
    const { length: count, day, ticker, quantity, reason, commission, slippage } = log;
    return { count, day, ticker, quantity, reason, commission, slippage };
  }
  const count = rec.trades.length;
  const quantity = new Float64Array(count),
    reason = new Uint8Array(count),
    commission = new Float64Array(count),
    slippage = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    const t = rec.trades[k];
    quantity[k] = t.quantity;
    // An unknown reason books as the first one, a stock trade (as bookOf does).
    reason[k] = Math.max(0, TRADE_REASONS.indexOf(t.reason));
    commission[k] = t.commission;
    slippage[k] = t.slippage;
  }
  return { count, day: rec.tradeDay, ticker: rec.tradeTicker, quantity, reason, commission, slippage };
}

export interface ReplayOptions {
  /**
   * false: the end-of-day value series (sectorNet, sectorGross, sectorHedgeValue, stockLong,
   * stockShort: the panel's exposure charts) are not computed by this replay but on first
   * read, by a second replay. The terminal summary and the --out files never read them
   * (W1: about a quarter of the replay's time).
   */
  exposures?: boolean;
}

/**
 * The replay's running state. Each day is a few small functions over it (below), not one
 * big loop body: V8 optimises a small function after a few calls, while a single large
 * function ran interpreted until its on-stack replacement compiled (~40 ms) and fell back
 * to the interpreter on each branch that had not run before (W1: 150 ms cold, 60 warm).
 */
interface Replay {
  readonly T: number;
  readonly G: number;
  readonly cols: Float64Array[];
  readonly groupOf: Int32Array;
  /** Stock, sector hedge and beta hedge shares of each ticker after the last replayed close. */
  readonly S: Float64Array;
  readonly E: Float64Array;
  readonly B: Float64Array;
  /** Carried price of each followed ticker today and the day before. */
  readonly px: Float64Array;
  readonly prevPx: Float64Array;
  readonly held: Uint8Array;
  /** Held tickers in the order they were first held (the order of the sums below). */
  readonly heldList: Int32Array;
  nHeld: number;
  /** Each group's ETF (-1: none), whose carried price is followed every day (held or not). */
  readonly etfOf: Int32Array;
  readonly watched: Int32Array;
  readonly isWatched: Uint8Array;
  readonly etfRet: Float64Array;
  readonly hedgeSh: Float64Array;
  readonly tc: TradeColumns;
  /** The next trade to apply. */
  k: number;
  readonly out: DailyPnl;
}

/** Today's carried prices of the watched ETFs, and each group's ETF return. */
function carryEtfs(r: Replay, t: number): void {
  const { watched, cols, px, prevPx, etfOf, etfRet, G } = r;
  for (let w = 0; w < watched.length; w++) {
    const j = watched[w];
    prevPx[j] = px[j];
    const p = cols[j][t];
    if (p > 0) px[j] = p;
  }
  for (let g = 0; g < G; g++) {
    const e = etfOf[g];
    etfRet[g] = e >= 0 && prevPx[e] > 0 && px[e] > 0 ? px[e] / prevPx[e] - 1 : NaN;
  }
}

/** 1. What yesterday's positions earned on day d (price column index t). */
function earn(r: Replay, d: number, t: number): void {
  const { cols, px, prevPx, isWatched, heldList, nHeld, S, E, B, groupOf, etfRet, T, out } = r;
  const sectorStockPnl = out.sectorStockPnl,
    sectorGrossPrev = out.sectorGrossPrev,
    sectorEtfPart = out.sectorEtfPart;
  let stockPnl = 0,
    grossPrev = 0,
    sectorHedge = 0,
    betaHedge = 0;
  for (let h = 0; h < nHeld; h++) {
    const j = heldList[h];
    // Today's carried price of a held ticker (the watched ETFs' are already in px).
    if (!isWatched[j]) {
      prevPx[j] = px[j];
      const p = cols[j][t];
      if (p > 0) px[j] = p;
    }
    const dp = px[j] - prevPx[j];
    const s = S[j];
    if (s !== 0) {
      const pnl = s * dp;
      stockPnl += pnl;
      const gross = Math.abs(s) * prevPx[j];
      grossPrev += gross;
      const g = groupOf[j];
      if (g >= 0) {
        const at = g * T + d;
        sectorStockPnl[at] += pnl;
        sectorGrossPrev[at] += gross;
        const ret = etfRet[g];
        if (ret === ret) sectorEtfPart[at] += s * prevPx[j] * ret;
      }
    }
    if (E[j] !== 0) sectorHedge += E[j] * dp;
    if (B[j] !== 0) betaHedge += B[j] * dp;
  }
  out.stockPnl[d] = stockPnl;
  out.stockGrossPrev[d] = grossPrev;
  out.sectorHedge[d] = sectorHedge;
  out.betaHedge[d] = betaHedge;
}

/** Each group's ETF hedge P&L on day d > 0 (the shares it held at d - 1's close). */
function hedgePnl(r: Replay, d: number): void {
  const { etfOf, hedgeSh, px, prevPx, G, T } = r;
  const sectorHedgePnl = r.out.sectorHedgePnl;
  for (let g = 0; g < G; g++) {
    const e = etfOf[g],
      h = hedgeSh[g * T + d - 1];
    if (e >= 0 && h !== 0) sectorHedgePnl[g * T + d] = h * (px[e] - prevPx[e]);
  }
}

/** 2. Day d's trades: their costs, then the closing positions. */
function trade(r: Replay, d: number, t: number): void {
  const { S, E, B, held, heldList, isWatched, px, cols, tc } = r;
  const count = tc.count,
    tDay = tc.day,
    tTicker = tc.ticker,
    tQty = tc.quantity,
    tReason = tc.reason,
    com = tc.commission,
    slip = tc.slippage;
  let sc = 0,
    hc = 0,
    k = r.k,
    nHeld = r.nHeld;
  for (; k < count && tDay[k] === d; k++) {
    const j = tTicker[k],
      b = BOOK_OF_CODE[tReason[k]],
      q = tQty[k];
    if (b === STOCK) {
      S[j] += q;
      sc += com[k] + slip[k];
    } else {
      if (b === SECTOR) E[j] += q;
      else B[j] += q;
      hc += com[k] + slip[k];
    }
    // A ticker trades only at a close, so its carried price is today's.
    if (!held[j]) {
      held[j] = 1;
      heldList[nHeld++] = j;
      if (!isWatched[j]) px[j] = cols[j][t];
    }
  }
  r.out.stockCosts[d] = sc;
  r.out.hedgeCosts[d] = hc;
  // Tickers no longer held by any book leave the list, which keeps its order (a day loops over held names only).
  if (k > r.k) {
    let m = 0;
    for (let h = 0; h < nHeld; h++) {
      const j = heldList[h];
      if (S[j] !== 0 || E[j] !== 0 || B[j] !== 0) heldList[m++] = j;
      else held[j] = 0;
    }
    nHeld = m;
  }
  r.k = k;
  r.nHeld = nHeld;
}

/** 3. End-of-day stock and sector values of day d (for the exposure charts). */
function values(r: Replay, d: number): void {
  const { heldList, nHeld, S, px, groupOf, etfOf, hedgeSh, G, T, out } = r;
  const sectorNet = out.sectorNet,
    sectorGross = out.sectorGross,
    sectorHedgeValue = out.sectorHedgeValue;
  let long = 0,
    short = 0;
  for (let h = 0; h < nHeld; h++) {
    const j = heldList[h];
    const s = S[j];
    if (s === 0) continue;
    const v = s * px[j];
    if (v > 0) long += v;
    else short += v;
    const g = groupOf[j];
    if (g < 0) continue;
    sectorNet[g * T + d] += v;
    sectorGross[g * T + d] += Math.abs(v);
  }
  out.stockLong[d] = long;
  out.stockShort[d] = short;
  for (let g = 0; g < G; g++) {
    const e = etfOf[g];
    if (e >= 0) sectorHedgeValue[g * T + d] = hedgeSh[g * T + d] * px[e];
  }
}

/**
 * Per-day P&L inputs from a run record. `rec.sectorHedgeShares` (each group's ETF hedge
 * shares at each close, as the engine sized them) splits an ETF that hedges several groups.
 * One pass over the days; each day touches the held tickers (a compact Int32Array list),
 * the watched ETFs and that day's trades. The arithmetic and its order are those of the
 * first version of this function, so the figures are bit-identical.
 */
export function replayDailyPnl(rec: RunRecord, opts: ReplayOptions = {}): DailyPnl {
  const exposures = opts.exposures ?? true;
  const T = rec.dates.length,
    G = rec.groups.length,
    table = rec.table,
    N = table.tickers.length;
  const cols = table.columns;
  // The end-of-day values (step 3), unless read on demand (see ReplayOptions).
  const series = (n: number) => new Float64Array(exposures ? n : 0);
  const out: DailyPnl = {
    days: T,
    groups: rec.groups,
    sectorStockPnl: new Float64Array(G * T),
    sectorEtfPart: new Float64Array(G * T),
    sectorGrossPrev: new Float64Array(G * T),
    sectorHedgePnl: new Float64Array(G * T),
    sectorNet: series(G * T),
    sectorGross: series(G * T),
    sectorHedgeValue: series(G * T),
    stockLong: series(T),
    stockShort: series(T),
    stockPnl: new Float64Array(T),
    stockGrossPrev: new Float64Array(T),
    sectorHedge: new Float64Array(T),
    betaHedge: new Float64Array(T),
    stockCosts: new Float64Array(T),
    hedgeCosts: new Float64Array(T),
    borrow: new Float64Array(T),
    interest: new Float64Array(T),
    equityChange: new Float64Array(T),
  };
  const etfOf = new Int32Array(G).fill(-1);
  for (let g = 0; g < G; g++) {
    const e = rec.groupEtf[g];
    const j = e ? table.index.get(e) : undefined;
    if (j !== undefined) etfOf[g] = j;
  }
  const watched = Int32Array.from(new Set(Array.from(etfOf).filter((j) => j >= 0)));
  const isWatched = new Uint8Array(N);
  for (const j of watched) isWatched[j] = 1;
  // A point-in-time mapping: a day's P&L books under each ticker's group at the close before
  // it (when the hedge was sized), its trades and end-of-day values under the day's own.
  const groups = new GroupsByDay(rec);
  const r: Replay = {
    T,
    G,
    cols,
    groupOf: groups.groupOf,
    S: new Float64Array(N),
    E: new Float64Array(N),
    B: new Float64Array(N),
    px: new Float64Array(N).fill(NaN),
    prevPx: new Float64Array(N).fill(NaN),
    held: new Uint8Array(N),
    heldList: new Int32Array(N),
    nHeld: 0,
    etfOf,
    watched,
    isWatched,
    etfRet: new Float64Array(G),
    hedgeSh: rec.sectorHedgeShares,
    tc: tradeColumns(rec),
    k: 0,
    out,
  };
  // Carried prices of the watched ETFs before the run starts.
  for (const j of watched)
    for (let t = rec.i0 - 1; t >= 0; t--)
      if (cols[j][t] > 0) {
        r.px[j] = cols[j][t];
        break;
      }
  const equity = rec.equity,
    equityChange = out.equityChange,
    dayInterest = rec.dayInterest,
    dayBorrow = rec.dayBorrow;
  let prevEquity = rec.options.initial_cash;
  for (let d = 0; d < T; d++) {
    const t = rec.i0 + d;
    carryEtfs(r, t);
    earn(r, d, t);
    groups.advance(t);
    if (d > 0) hedgePnl(r, d);
    // The ledger's own accruals (per-name borrow rates and borrow files included).
    out.interest[d] = dayInterest[d];
    out.borrow[d] = dayBorrow[d];
    trade(r, d, t);
    equityChange[d] = equity[d] - prevEquity;
    prevEquity = equity[d];
    if (exposures) values(r, d);
  }
  if (!exposures) {
    // Read on demand: one full replay gives all five (the same figures as in one pass).
    let full: DailyPnl | null = null;
    for (const k of EXPOSURE_KEYS) Object.defineProperty(out, k, { enumerable: true, get: () => (full ??= replayDailyPnl(rec))[k] });
  }
  return out;
}

const EXPOSURE_KEYS = ['sectorNet', 'sectorGross', 'sectorHedgeValue', 'stockLong', 'stockShort'] as const;

// The ledger (zipline's finance/ledger.py): positions by book, carried prices, cash, the
// unhedged shadow book, costs and the trade log. Positions and prices are Float64Arrays
// indexed by ticker, so marking and valuing the book are plain passes over the tickers.
import { TradeLog, reasonCode } from '../results/tradeLog';
import type { PriceTable, TradeReason } from '../types';
import { BacktestError } from './errors';
import type { HedgeGroups } from './hedgeGroups';
import type { CostSpec, ResolvedOptions } from './options';
import type { BorrowBook } from './borrow';
import type { WarningLog } from './warnings';

export const STOCK = 0,
  SECTOR = 1,
  BETA = 2;
export type Book = typeof STOCK | typeof SECTOR | typeof BETA;

export interface RunCosts {
  stockCommission: number;
  stockSlippage: number;
  hedgeCommission: number;
  hedgeSlippage: number;
  borrow: number;
  interest: number;
}

/**
 * All costs 0, each field a double from the start: a field made from the literal 0 is a small
 * integer to V8, and the first fractional cost changed the object's hidden class, which
 * deoptimised the code already reading it (mark, on the first day with a borrow cost).
 */
function zeroCosts(): RunCosts {
  const c: RunCosts = { stockCommission: 0.5, stockSlippage: 0.5, hedgeCommission: 0.5, hedgeSlippage: 0.5, borrow: 0.5, interest: 0.5 };
  c.stockCommission = c.stockSlippage = c.hedgeCommission = c.hedgeSlippage = c.borrow = c.interest = 0;
  return c;
}

export class Ledger {
  // Number fields start as numbers (not declared bare): a class field without an initializer is
  // defined as undefined first, which makes V8 type it "any", so every loop summing from
  // this.cash kept its running sum boxed (a heap number per name per pass: ~40 MB a W1 run).
  readonly n: number = 0;
  private readonly cols: Float64Array[];
  /** Last known price of each ticker (carried forward over missing days; NaN before the first). */
  readonly px: Float64Array;
  /** Today's closes, gathered once by mark() (NaN = no price): the columns are column-major, so
   * reading cols[j][t] across thousands of tickers misses cache and TLB on every access. */
  private close: Float64Array;
  private closeDay = -1;
  /** The previous marked day's closes (the rows swap each day), for the rolling betas' returns. */
  private prevClose: Float64Array;
  private prevCloseDay = -1;
  /** Shares by book: stocks, sector-hedge ETFs, beta hedge. */
  readonly stockSh: Float64Array;
  readonly etfSh: Float64Array;
  readonly betaSh: Float64Array;
  /** Days each ticker was held and valued at a carried-forward price. */
  readonly carried: Int32Array;
  cash = 0;
  /** Cash of the same stock trades without any hedge (the unhedged equity curve). */
  unhedgedCash = 0;
  readonly costs: RunCosts = zeroCosts();
  /** Today's cash interest and borrow cost (the recorder keeps them for the daily attribution). */
  dayInterest = 0;
  dayBorrow = 0;
  /** The run's trades (an empty log after releaseLog()). */
  log: TradeLog;

  /** The trade log's code of each group's name (-2: not coded yet). */
  private readonly groupCode: Int32Array;

  /**
   * @param borrow borrow rates and availability by name and day; null when no short pays
   *   borrow (all rates 0 and no borrow_file)
   * @param days the run's length, to size the trade log (a daily book trades most (day, name) cells)
   */
  constructor(
    private readonly o: ResolvedOptions,
    private readonly table: PriceTable,
    i0: number,
    private readonly groups: HedgeGroups,
    readonly borrow: BorrowBook | null = null,
    days = 1,
  ) {
    const n = (this.n = table.tickers.length);
    this.cols = table.columns;
    this.log = new TradeLog(table.dates, i0, table.tickers, days * n + 1024, days);
    this.groupCode = new Int32Array(groups.names.length).fill(-2);
    this.px = new Float64Array(n).fill(NaN);
    this.close = new Float64Array(n).fill(NaN);
    this.prevClose = new Float64Array(n).fill(NaN);
    this.stockSh = new Float64Array(n);
    this.etfSh = new Float64Array(n);
    this.betaSh = new Float64Array(n);
    this.carried = new Int32Array(n);
    this.cash = o.initial_cash;
    this.unhedgedCash = o.initial_cash;
  }

  /** Step 1: prices carried forward, interest on cash, borrow on shorts. */
  mark(t: number, accrue: boolean): void {
    const o = this.o,
      n = this.n,
      px = this.px;
    const prev = this.close;
    this.close = this.prevClose;
    this.prevClose = prev;
    this.prevCloseDay = this.closeDay;
    const close = this.close,
      cols = this.cols,
      stockSh = this.stockSh,
      etfSh = this.etfSh,
      betaSh = this.betaSh,
      carried = this.carried;
    // Every access runs on every name: a load reached only on a missing price had no type
    // feedback, and V8 deoptimised mark() at each such name (~140 times a W1 run).
    for (let j = 0; j < n; j++) {
      const p = cols[j][t];
      close[j] = p;
      const held = stockSh[j] !== 0 || etfSh[j] !== 0 || betaSh[j] !== 0;
      carried[j] += p > 0 || !held ? 0 : 1;
      if (p > 0) px[j] = p;
    }
    this.closeDay = t;
    // The borrow rows dated up to today are in force from today's accrual on.
    this.borrow?.advance(t);
    this.dayInterest = 0;
    this.dayBorrow = 0;
    if (!accrue) return;
    if (o.cash_rate_annual !== 0) {
      const i = (this.cash * o.cash_rate_annual) / 252;
      this.cash += i;
      this.costs.interest += i;
      this.dayInterest = i;
      this.unhedgedCash += (this.unhedgedCash * o.cash_rate_annual) / 252;
    }
    if (this.borrow) {
      const b = this.borrow.accrue(this.stockSh, this.etfSh, this.betaSh, px);
      this.cash -= b.total;
      this.costs.borrow += b.total;
      this.dayBorrow = b.total;
      this.unhedgedCash -= b.stocks;
    }
  }

  /** After the run, once the record holds the trade log: an empty one in its place (Simulation's keepShapes keeps the ledger). */
  releaseLog(): void {
    this.log = new TradeLog(this.table.dates, 0, this.table.tickers, 16);
  }

  /** A stock target after today's borrow limit (a short beyond the available shares is cut). */
  capShort(j: number, target: number, t: number, warnings: WarningLog): number {
    return this.borrow && this.borrow.limited ? this.borrow.capShort(j, target, this.table.dates[t], warnings) : target;
  }

  /** cash + sum(shares * carried price). */
  equity(): number {
    let v = this.cash;
    // Nothing traded yet, nothing held: the sum is cash. Returning here also keeps V8 from
    // optimising the loop on the empty book of the first days (its held branch would have no
    // type feedback, and the first held day deoptimised it).
    if (this.log.length === 0) return v;
    const n = this.n,
      px = this.px;
    for (let j = 0; j < n; j++) {
      const sh = this.stockSh[j] + this.etfSh[j] + this.betaSh[j];
      if (sh !== 0) v += sh * px[j];
    }
    return v;
  }

  tradable(j: number, t: number): boolean {
    return this.closeOf(j, t) > 0;
  }

  /** cols[j][t], from the gathered row when t is the day being marked. */
  closeOf(j: number, t: number): number {
    return t === this.closeDay ? this.close[j] : this.cols[j][t];
  }

  /** Executes one trade at today's close with the book's costs. */
  trade(j: number, q: number, book: Book, reason: TradeReason, t: number, d: number, sector?: string): void {
    this.tradeCoded(j, q, book, reasonCode(reason), t, d, sector);
  }

  /**
   * trade() with the reason already coded (reasonCode): the stock loop's hot path. The fill
   * and commission are costs.ts's fillPrice and commissionFor, inlined with the book's cost
   * constants read once (the same operations in the same order, so the same doubles).
   */
  tradeCoded(j: number, q: number, book: Book, reason: number, t: number, d: number, sector?: string): void {
    if (q === 0) return;
    const c: CostSpec = book === STOCK ? this.o.stock_costs : this.o.etf_costs;
    const close = t === this.closeDay ? this.close[j] : this.cols[j][t];
    const slip = c.slippage_bps / 10_000;
    const fill = q > 0 ? close * (1 + slip) : close * (1 - slip);
    const notional = q * fill;
    const aq = Math.abs(q);
    const commission = Math.max((aq * fill * c.commission_bps) / 10_000 + aq * c.commission_per_share, c.min_commission);
    const slippage = Math.abs(q * (fill - close));
    this.cash -= notional + commission;
    const costs = this.costs;
    if (book === STOCK) {
      this.stockSh[j] += q;
      this.unhedgedCash -= notional + commission;
      costs.stockCommission += commission;
      costs.stockSlippage += slippage;
    } else {
      if (book === SECTOR) this.etfSh[j] += q;
      else this.betaSh[j] += q;
      costs.hedgeCommission += commission;
      costs.hedgeSlippage += slippage;
    }
    const g = this.groups.groupOf[j];
    let code = -1;
    if (sector !== undefined) code = this.log.sectorCode(sector);
    else if (g >= 0) {
      code = this.groupCode[g];
      if (code === -2) code = this.groupCode[g] = this.log.sectorCode(this.groups.names[g]);
    }
    this.log.pushCoded(d, j, q, fill, notional, commission, slippage, reason, code);
  }

  /** Today's closes as gathered by mark(t) (NaN = no price), or null when t is not the marked day. */
  closesOf(t: number): Float64Array | null {
    return t === this.closeDay ? this.close : null;
  }

  /** Day t's closes when t is the day before the marked one (mark keeps one previous row), else null. */
  prevClosesOf(t: number): Float64Array | null {
    return t === this.prevCloseDay && t >= 0 ? this.prevClose : null;
  }

  /** Room for `more` trades in the log, so a batch can write its columns directly. */
  private reserve(more: number): void {
    const log = this.log;
    if (log.length + more > log.day.length) log.grow(log.length + more);
  }

  /**
   * Step 5 as one pass: every stock whose target differs from its shares and that has a
   * price today trades to it (tradeCoded for each, in ticker order: the same operations on
   * the same doubles), with the cost constants, cash and cost sums kept in locals and each
   * trade written straight into the log's columns. With `sumGroups`, the same pass leaves
   * HedgeGroups.sums() of the traded stock book in groups.sv / sg and returns its gross
   * (step 6 starts from them); otherwise returns -1.
   */
  tradeStocks(target: Float64Array, t: number, d: number, reason: number, sumGroups = false): number {
    const n = this.n,
      close = this.closesOf(t);
    if (!close) {
      for (let j = 0; j < n; j++) {
        const q = target[j] - this.stockSh[j];
        if (q !== 0 && this.tradable(j, t)) this.tradeCoded(j, q, STOCK, reason, t, d);
      }
      // With a NaN basis, sums() returns the gross (0 when nothing is held).
      return sumGroups ? this.groups.sums(this.stockSh, this.px, NaN) : -1;
    }
    this.reserve(n);
    const c = this.o.stock_costs,
      slip = c.slippage_bps / 10_000,
      bps = c.commission_bps,
      perShare = c.commission_per_share,
      minCommission = c.min_commission;
    const stockSh = this.stockSh,
      groupOf = this.groups.groupOf,
      groupCode = this.groupCode,
      log = this.log,
      costs = this.costs;
    const lDay = log.day,
      lTicker = log.ticker,
      lQty = log.quantity,
      lPrice = log.price,
      lNotional = log.notional,
      lCommission = log.commission,
      lSlippage = log.slippage,
      lReason = log.reason,
      lSector = log.sector;
    let cash = this.cash,
      unhedgedCash = this.unhedgedCash,
      commissions = costs.stockCommission,
      slippages = costs.stockSlippage,
      k = log.length;
    // HedgeGroups.sums() of the book after the trades, as that pass sums them (see sums).
    const sv = this.groups.sv,
      sg = this.groups.sg,
      carriedPx = this.px;
    let gross = 0;
    if (sumGroups) {
      sv.fill(0);
      sg.fill(0);
    }
    for (let j = 0; j < n; j++) {
      const q = target[j] - stockSh[j];
      const px = close[j];
      const g = groupOf[j];
      if (q !== 0 && px > 0) {
        // q / |q| is exactly +1 or -1 and 1 + -slip is 1 - slip: tradeCoded's fill without a
        // branch on the trade's sign (random across names: it mispredicted about half the time).
        const aq = Math.abs(q);
        const fill = px * (1 + slip * (q / aq));
        const notional = q * fill;
        const commission = Math.max((aq * fill * bps) / 10_000 + aq * perShare, minCommission);
        const slippage = Math.abs(q * (fill - px));
        cash -= notional + commission;
        stockSh[j] += q;
        unhedgedCash -= notional + commission;
        commissions += commission;
        slippages += slippage;
        let code = -1;
        if (g >= 0) {
          code = groupCode[g];
          if (code === -2) code = groupCode[g] = log.sectorCode(this.groups.names[g]);
        }
        lDay[k] = d;
        lTicker[k] = j;
        lQty[k] = q;
        lPrice[k] = fill;
        lNotional[k] = notional;
        lCommission[k] = commission;
        lSlippage[k] = slippage;
        lReason[k] = reason;
        lSector[k] = code;
        k++;
      }
      // This name's share of HedgeGroups.sums() of the book after its trade (traded or not).
      if (sumGroups) {
        const sh = stockSh[j];
        if (sh !== 0) {
          const v = sh * carriedPx[j];
          gross += Math.abs(v);
          if (g >= 0) {
            sv[g] += v;
            sg[g] += Math.abs(v);
          }
        }
      }
    }
    log.length = k;
    this.cash = cash;
    this.unhedgedCash = unhedgedCash;
    costs.stockCommission = commissions;
    costs.stockSlippage = slippages;
    return sumGroups ? gross : -1;
  }

  /**
   * Equity overflowed (an absurd price, usually a unit or exponent slip in data that did not
   * come through the CSV loader's bound): stop rather than return NaN results next to
   * finite metrics. Names the held ticker with the largest price as the likely cause.
   */
  failNonFinite(t: number): never {
    const date = this.table.dates[t],
      px = this.px;
    let worst = -1;
    for (let j = 0; j < this.n; j++) {
      const sh = this.stockSh[j] + this.etfSh[j] + this.betaSh[j];
      if (sh === 0) continue;
      if (worst < 0 || !Number.isFinite(px[j]) || px[j] > px[worst]) worst = j;
    }
    const cause =
      worst >= 0
        ? `; the largest price held that day is ${this.table.tickers[worst]} at ${px[worst]}${this.cols[worst][t] > 0 ? '' : ' (carried forward)'}`
        : `; cash is ${this.cash}`;
    throw new BacktestError('non-finite-equity', `Equity became non-finite on ${date}${cause}.`, {
      fix: `check the prices of ${worst >= 0 ? this.table.tickers[worst] : 'the held tickers'} around ${date} in ${this.table.file} (a unit or exponent slip?).`,
    });
  }
}

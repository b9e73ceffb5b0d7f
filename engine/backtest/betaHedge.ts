// The beta-hedge step (step 7), after the sector hedge so the ETFs' betas count: dollar
// beta of the stock book and of the whole book from rolling betas against the instrument,
// then a trade in the instrument when the book is outside the beta tolerance.
import { RollingBeta } from '../hedging/rollingBeta';
import { roundHalfAwayFromZero } from '../hedging/rounding';
import type { PriceTable } from '../types';
import { BETA, type Ledger } from './ledger';
import type { ResolvedOptions } from './options';
import { noPrice, shortBetaHistory } from './runWarnings';
import type { CloseValues } from './recorder';
import type { WarningLog } from './warnings';

export class BetaHedge {
  private readonly rb: RollingBeta;
  private readonly betas: Float64Array;
  /** Day index for which betas[j] was computed (-1: never). */
  private readonly betaDay: Int32Array;
  /** The instrument's ticker index (a number field from the start: see Ledger.cash). */
  private readonly instr: number = -1;

  /** `instr`: the beta instrument's ticker index (it has a price column). */
  constructor(
    private readonly o: ResolvedOptions,
    private readonly table: PriceTable,
    private readonly ledger: Ledger,
    private readonly warnings: WarningLog,
    instr: number,
  ) {
    this.instr = instr;
    this.rb = new RollingBeta(table.columns, table.columns[instr], o.beta_lookback_days);
    this.betas = new Float64Array(ledger.n).fill(1);
    this.betaDay = new Int32Array(ledger.n).fill(-1);
  }

  /**
   * Step 7 on day t (index d of the run): records the book's beta before and after hedging,
   * and leaves step 9's close values of the final book in `close`.
   */
  step(t: number, d: number, rebalance: boolean, out: { preBeta: Float64Array; postBeta: Float64Array }, close: CloseValues): void {
    this.close = close;
    const o = this.o,
      L = this.ledger,
      instr = this.instr,
      date = this.table.dates[t];
    this.rb.advance(t, L.prevClosesOf(t - 1), L.closesOf(t));
    // Equity and the two dollar betas in one pass over the book (with the close values unless
    // a hedge trade is sure to follow: a rebalance day re-trades any book with a dollar beta).
    this.measure(date, t, true, !(o.enable_beta_hedge && rebalance));
    let equity = this.equity,
      post = this.post;
    out.preBeta[d] = equity !== 0 ? this.pre / equity : NaN;
    if (o.enable_beta_hedge && (post !== 0 || L.betaSh[instr] !== 0)) {
      const current = equity !== 0 ? post / equity : 0;
      if (rebalance || Math.abs(current - o.target_beta) > o.beta_hedge_tolerance) {
        if (L.tradable(instr, t)) {
          const p = L.px[instr];
          const others = L.stockSh[instr] + L.etfSh[instr];
          const nonInstr = post - (others + L.betaSh[instr]) * p;
          // A band trigger with hedge_band_mode "edge" goes back only to target_beta +/- tolerance.
          const goal =
            rebalance || o.hedge_band_mode !== 'edge'
              ? o.target_beta
              : current > o.target_beta
                ? o.target_beta + o.beta_hedge_tolerance
                : o.target_beta - o.beta_hedge_tolerance;
          const want = roundHalfAwayFromZero((goal * equity - nonInstr) / p);
          L.trade(instr, want - others - L.betaSh[instr], BETA, 'beta_hedge', t, d);
        } else noPrice(this.warnings, this.table.tickers[instr], date, 'beta hedge');
        this.measure(date, t, false, true);
        equity = this.equity;
        post = this.post;
      }
    }
    out.postBeta[d] = equity !== 0 ? post / equity : NaN;
  }

  /** What measure() found: equity (cash + sum of shares x carried price) and the dollar betas. */
  private equity = 0;
  private pre = 0;
  private post = 0;
  private close: CloseValues | null = null;
  /** Tickers whose short-history warning waits for the end of the pass (see measure). */
  private readonly deferred: number[] = [];

  /**
   * One pass over the book: equity (as Ledger.equity() sums it), the dollar beta of the stock
   * book (`withPre`) and of every position, each summed in ticker order as its own pass would.
   * Each ticker's beta is computed once a day. A missing beta is warned about in the order of
   * the separate passes: the stock book's names first, then the hedges' (deferred). The same
   * pass sums step 9's close values (Recorder.day's sums, in its order) into `close`.
   */
  private measure(date: string, day: number, withPre: boolean, withClose: boolean): void {
    const L = this.ledger,
      stockSh = L.stockSh,
      etfSh = L.etfSh,
      betaSh = L.betaSh,
      px = L.px,
      betas = this.betas,
      betaDay = this.betaDay,
      n = L.n;
    let v = L.cash,
      pre = 0,
      post = 0,
      long = 0,
      short = 0,
      stock = 0,
      hedge = 0;
    const deferred = this.deferred;
    deferred.length = 0;
    for (let j = 0; j < n; j++) {
      const s = stockSh[j],
        es = etfSh[j],
        bs = betaSh[j];
      const h = es + bs;
      // Nothing held: no value, and no beta needed (sh below is 0 too).
      if (s === 0 && h === 0) continue;
      const p = px[j];
      if (withClose) {
        const bv = (s + h) * p;
        if (bv > 0) long += bv;
        else short += bv;
        stock += s * p;
        hedge += h * p;
      }
      const sh = s + es + bs;
      if (sh === 0 && (s === 0 || !withPre)) continue;
      if (betaDay[j] !== day) {
        let b = 1;
        if (j !== this.instr) {
          b = this.rb.beta(j);
          if (Number.isNaN(b)) {
            b = 1;
            if (this.o.enable_beta_hedge) {
              if (withPre && s !== 0) this.warnShort(j, date);
              else deferred.push(j);
            }
          }
        }
        betas[j] = b;
        betaDay[j] = day;
      }
      if (withPre && s !== 0) pre += betas[j] * s * p;
      if (sh !== 0) {
        v += sh * p;
        post += betas[j] * sh * p;
      }
    }
    for (let k = 0; k < deferred.length; k++) this.warnShort(deferred[k], date);
    this.equity = v;
    this.pre = pre;
    this.post = post;
    const close = this.close;
    if (close && withClose) {
      close.long = long;
      close.short = short;
      close.stock = stock;
      close.hedge = hedge;
      close.t = day;
    }
  }

  private warnShort(j: number, date: string): void {
    shortBetaHistory(
      this.warnings,
      this.table.tickers[j],
      date,
      this.o.beta_lookback_days,
      this.rb.observations(j),
      this.o.beta_hedge_instrument,
    );
  }
}

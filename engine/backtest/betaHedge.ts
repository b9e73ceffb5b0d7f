// The beta-hedge step (step 7), after the sector hedge so the ETFs' betas count: dollar
// beta of the stock book and of the whole book from rolling betas against the instrument,
// then a trade in the instrument when the book is outside the beta tolerance.
import { MIN_BETA_OBSERVATIONS, RollingBeta } from '../hedging/rollingBeta';
import { roundHalfAwayFromZero } from '../hedging/rounding';
import type { PriceTable } from '../types';
import { BETA, type Ledger } from './ledger';
import type { ResolvedOptions } from './options';
import { noPrice, shortBetaHistory } from './runWarnings';
import type { CloseValues } from './recorder';
import type { WarningLog } from './warnings';

/**
 * 1 as a double held in memory, for the beta a name without one takes in measure(): with the
 * literal 1 (a small integer to V8) on that path, the optimised pass kept its beta as a tagged
 * value and boxed every computed beta (~19 MB of heap numbers a W1 run).
 */
const ONE = new Float64Array([1]);

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
    this.warnJ = new Int32Array(ledger.n);
    this.warnLater = new Uint8Array(ledger.n);
    this.shortRepeats = new Int32Array(ledger.n + 1).fill(-1);
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
    if (this.nWarn > 0) this.warnShort(date);
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
        if (this.nWarn > 0) this.warnShort(date);
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
  /** Tickers short of beta history found by a measure() pass, and whether each is a hedge's (warned after the stock book's). */
  private readonly warnJ: Int32Array;
  private readonly warnLater: Uint8Array;
  /** How many of warnJ the last pass filled. */
  private nWarn = 0;

  /**
   * One pass over the book: equity (as Ledger.equity() sums it), the dollar beta of the stock
   * book (`withPre`) and of every position, each summed in ticker order as its own pass would.
   * Each ticker's beta is computed once a day. A missing beta is warned about in the order of
   * the separate passes: the stock book's names first, then the hedges'; both after the pass.
   * The same pass sums step 9's close values (Recorder.day's sums, in its order) into `close`.
   */
  private measure(date: string, day: number, withPre: boolean, withClose: boolean): void {
    const L = this.ledger,
      stockSh = L.stockSh,
      etfSh = L.etfSh,
      betaSh = L.betaSh,
      px = L.px,
      betas = this.betas,
      betaDay = this.betaDay,
      rb = this.rb,
      instr = this.instr,
      warn = this.o.enable_beta_hedge,
      warnJ = this.warnJ,
      warnLater = this.warnLater,
      n = L.n;
    let v = L.cash,
      pre = 0,
      post = 0,
      long = 0,
      short = 0,
      stock = 0,
      hedge = 0,
      nWarn = 0;
    // Nothing traded yet, nothing held: the pass would skip every name (the sums stay 0). Not
    // looping on those first days also keeps V8 from optimising the pass before any held name
    // gave its branch type feedback (it was deoptimised on the first held day).
    const n1 = L.log.length === 0 ? 0 : n;
    for (let j = 0; j < n1; j++) {
      const s = stockSh[j],
        es = etfSh[j],
        bs = betaSh[j];
      const h = es + bs;
      // Nothing held: no value, and no beta needed (sh below is 0 too).
      if (s === 0 && h === 0) continue;
      const p = px[j];
      if (withClose) {
        // long += bv when bv > 0, else short += bv, without a branch on the position's sign
        // (random across names): (bv +/- |bv|) / 2 is bv or 0 exactly, and adding 0 to
        // either sum (never -0) leaves it as it was.
        const bv = (s + h) * p,
          abv = Math.abs(bv);
        long += (bv + abv) * 0.5;
        short += (bv - abv) * 0.5;
        stock += s * p;
        hedge += h * p;
      }
      const sh = s + es + bs;
      if (sh === 0 && (s === 0 || !withPre)) continue;
      if (betaDay[j] !== day) {
        let b = 1;
        if (j !== instr) {
          b = rb.beta(j);
          // Every name is noted and counted only when its beta is missing: no branch reached
          // only on a name's first short-history day (W1: day ~730, long after V8 optimised
          // this pass, which it deoptimised there and left unoptimised for ~50 passes).
          const missing = b !== b;
          warnLater[nWarn] = withPre && s !== 0 ? 0 : 1;
          warnJ[nWarn] = j;
          nWarn += missing && warn ? 1 : 0;
          if (missing) b = ONE[0];
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
    this.nWarn = nWarn;
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

  /**
   * The last measure() pass's warnings (step calls it right after the pass): the stock book's
   * names, then the hedges'. Only a warning's first day goes to the log (its place in the
   * list); later days are counted (finishWarnings), so a W1 run builds a few keys instead of
   * ~17k. One path for both keys, and outside measure(): a rarely reached call or branch has
   * no type feedback in optimised code, and V8 deoptimised the pass on such hits.
   */
  private warnShort(date: string): void {
    const nWarn = this.nWarn,
      warnJ = this.warnJ,
      warnLater = this.warnLater,
      repeats = this.shortRepeats,
      counts = this.rb.counts,
      n = this.ledger.n;
    for (let later = 0; later < 2; later++)
      for (let k = 0; k < nWarn; k++) {
        if (warnLater[k] !== later) continue;
        const j = warnJ[k];
        // shortBetaHistory's two keys: the instrument's (enough returns: a flat instrument) or the ticker's.
        const r = counts[j] >= MIN_BETA_OBSERVATIONS ? n : j;
        if (repeats[r] < 0) this.firstShort(j, date);
        repeats[r]++;
      }
  }

  private firstShort(j: number, date: string): void {
    shortBetaHistory(
      this.warnings,
      this.table.tickers[j],
      date,
      this.o.beta_lookback_days,
      this.rb.observations(j),
      this.o.beta_hedge_instrument,
    );
  }

  /**
   * Days after the first of each short-history warning: [j] for ticker j's, [n] for the flat
   * instrument's (-1: not warned yet). Added to the log's counts at the end of the run.
   */
  private readonly shortRepeats: Int32Array;

  /** Adds the counted repeats to the run's warnings (before the record is finished). */
  finishWarnings(): void {
    const tickers = this.table.tickers,
      repeats = this.shortRepeats,
      n = tickers.length;
    for (let j = 0; j < n; j++) if (repeats[j] > 0) this.warnings.bump(`short-beta-history:${tickers[j]}`, repeats[j]);
    if (repeats[n] > 0) this.warnings.bump(`flat-instrument:${this.o.beta_hedge_instrument}`, repeats[n]);
  }
}

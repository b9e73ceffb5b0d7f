// The beta-hedge step (step 7), after the sector hedge so the ETFs' betas count: dollar
// beta of the stock book and of the whole book from rolling betas against the instrument,
// then a trade in the instrument when the book is outside the beta tolerance.
import { RollingBeta } from '../hedging/rollingBeta';
import { roundHalfAwayFromZero } from '../hedging/rounding';
import type { PriceTable } from '../types';
import { BETA, type Ledger } from './ledger';
import type { ResolvedOptions } from './options';
import { noPrice, shortBetaHistory } from './runWarnings';
import type { WarningLog } from './warnings';

export class BetaHedge {
  private readonly rb: RollingBeta;
  private readonly betas: Float64Array;
  /** Day index for which betas[j] was computed (-1: never). */
  private readonly betaDay: Int32Array;

  /** `instr`: the beta instrument's ticker index (it has a price column). */
  constructor(
    private readonly o: ResolvedOptions,
    private readonly table: PriceTable,
    private readonly ledger: Ledger,
    private readonly warnings: WarningLog,
    private readonly instr: number,
  ) {
    this.rb = new RollingBeta(table.columns, table.columns[instr], o.beta_lookback_days);
    this.betas = new Float64Array(ledger.n).fill(1);
    this.betaDay = new Int32Array(ledger.n).fill(-1);
  }

  /** Step 7 on day t (index d of the run): records the book's beta before and after hedging. */
  step(t: number, d: number, rebalance: boolean, out: { preBeta: Float64Array; postBeta: Float64Array }): void {
    const o = this.o,
      L = this.ledger,
      instr = this.instr,
      date = this.table.dates[t];
    this.rb.advance(t);
    let equity = L.equity();
    const pre = this.dollarBeta(true, date, t);
    let post = this.dollarBeta(false, date, t);
    out.preBeta[d] = equity !== 0 ? pre / equity : NaN;
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
        equity = L.equity();
        post = this.dollarBeta(false, date, t);
      }
    }
    out.postBeta[d] = equity !== 0 ? post / equity : NaN;
  }

  /** Dollar beta of the stock book only (`stocksOnly`), or of every position. */
  private dollarBeta(stocksOnly: boolean, date: string, day: number): number {
    const L = this.ledger,
      stockSh = L.stockSh,
      etfSh = L.etfSh,
      betaSh = L.betaSh,
      px = L.px;
    let D = 0;
    for (let j = 0; j < L.n; j++) {
      const sh = stocksOnly ? stockSh[j] : stockSh[j] + etfSh[j] + betaSh[j];
      if (sh === 0) continue;
      // Each ticker's beta is computed once a day (this is called up to three times).
      if (this.betaDay[j] !== day) {
        let b = 1;
        if (j !== this.instr) {
          b = this.rb.beta(j);
          if (Number.isNaN(b)) {
            b = 1;
            if (this.o.enable_beta_hedge)
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
        this.betas[j] = b;
        this.betaDay[j] = day;
      }
      D += this.betas[j] * sh * px[j];
    }
    return D;
  }
}

// Steps 2-3 and 5 of the day: target shares from the active weights or signals at today's
// equity, and the stock trades that move the book to them.
import { roundHalfAwayFromZero } from '../hedging/rounding';
import { reasonCode } from '../results/tradeLog';
import type { PriceTable, TradeReason } from '../types';
import type { HedgeGroups } from './hedgeGroups';
import type { Ledger } from './ledger';
import type { ResolvedOptions } from './options';
import { noPrice, unmappedTicker } from './runWarnings';
import type { WarningLog } from './warnings';

export class TargetShares {
  /** Target shares by ticker (the proportional method adjusts them before they trade). */
  readonly target: Float64Array;

  constructor(
    private readonly o: ResolvedOptions,
    private readonly table: PriceTable,
    private readonly ledger: Ledger,
    private readonly groups: HedgeGroups,
    private readonly warnings: WarningLog,
  ) {
    this.target = new Float64Array(ledger.n);
    this.weights = new Float64Array(ledger.n);
  }

  /** Scratch for today's weights (a vector holds at most one entry per ticker). */
  private readonly weights: Float64Array;

  /** Steps 2-3: target shares from today's vector (`a`) at today's equity. */
  size(a: { tickers: Int32Array; values: Float64Array }, t: number, equity: number): void {
    const o = this.o,
      L = this.ledger,
      target = this.target,
      stockSh = L.stockSh;
    const len = a.values.length;
    const w = len <= this.weights.length ? this.weights : new Float64Array(len);
    w.set(a.values);
    if (o.use_case === 2) {
      if (o.demean_signals && len) {
        let m = 0;
        for (let k = 0; k < len; k++) m += w[k];
        m /= len;
        for (let k = 0; k < len; k++) w[k] -= m;
      }
      let s = 0;
      for (let k = 0; k < len; k++) s += Math.abs(w[k]);
      for (let k = 0; k < len; k++) w[k] = s > 0 ? (w[k] / s) * o.gross_leverage : 0;
    }
    // Tickers not in today's vector go to 0; a ticker without a price today keeps its shares.
    target.fill(0);
    const n = L.n,
      tickers = a.tickers,
      groupOf = this.groups.groupOf,
      held = o.use_case === 4;
    const closes = L.closesOf(t) ?? this.table.columns.map((c) => c[t]);
    for (let j = 0; j < n; j++) if (stockSh[j] !== 0 && !(closes[j] > 0)) target[j] = stockSh[j];
    for (let k = 0; k < tickers.length; k++) {
      const j = tickers[k];
      const close = closes[j];
      if (!(close > 0)) {
        target[j] = stockSh[j];
        if (w[k] !== 0) noPrice(this.warnings, this.table.tickers[j], this.table.dates[t], 'rebalance');
        continue;
      }
      // Use case 4 holds the given shares as they are (another system's book, fractions included).
      const want = held ? w[k] : roundHalfAwayFromZero((w[k] * equity) / close);
      target[j] = want;
      if (want !== 0 && groupOf[j] < 0) unmappedTicker(this.warnings, this.table.tickers[j], o.hedge_group_column);
    }
  }

  /** Step 5: trade every stock whose target differs from its shares (priced today). */
  trade(t: number, d: number, reason: TradeReason): void {
    const L = this.ledger,
      target = this.target;
    // A short beyond today's borrowable shares is cut to them (borrow_file available_shares).
    if (L.borrow?.limited) for (let j = 0; j < L.n; j++) if (target[j] < 0) target[j] = L.capShort(j, target[j], t, this.warnings);
    L.tradeStocks(target, t, d, reasonCode(reason));
  }
}

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
  }

  /**
   * Steps 2-3: target shares from today's vector (`a`) at today's equity. Signals (use case 2)
   * are demeaned (demean_signals) and scaled to gross_leverage: w_k = ((v_k - mean) / sum|v - mean|) * gross.
   * Three passes: the mean, the sum of magnitudes, then each ticker's weight and shares
   * (the weight computed where it is used, the same operations as a weights vector would hold).
   */
  size(a: { tickers: Int32Array; values: Float64Array }, t: number, equity: number): void {
    const o = this.o,
      L = this.ledger,
      target = this.target,
      stockSh = L.stockSh,
      values = a.values;
    const len = values.length;
    const signals = o.use_case === 2;
    let m = 0,
      s = 0;
    const demean = signals && o.demean_signals && len > 0;
    if (demean) {
      for (let k = 0; k < len; k++) m += values[k];
      m /= len;
    }
    if (signals) {
      if (demean) for (let k = 0; k < len; k++) s += Math.abs(values[k] - m);
      else for (let k = 0; k < len; k++) s += Math.abs(values[k]);
    }
    const gross = o.gross_leverage;
    // Tickers not in today's vector go to 0; a ticker without a price today keeps its shares.
    const n = L.n,
      tickers = a.tickers,
      groupOf = this.groups.groupOf,
      held = o.use_case === 4;
    const closes = L.closesOf(t) ?? this.table.columns.map((c) => c[t]);
    // Both tests on every name: a close read only for a held name had no type feedback when
    // V8 optimised this on the first stock day (nothing held yet), and it deoptimised later.
    for (let j = 0; j < n; j++) {
      const sh = stockSh[j],
        priced = closes[j] > 0;
      target[j] = sh !== 0 && !priced ? sh : 0;
    }
    for (let k = 0; k < tickers.length; k++) {
      const j = tickers[k];
      const close = closes[j];
      const wk = !signals ? values[k] : s > 0 ? ((demean ? values[k] - m : values[k]) / s) * gross : 0;
      if (!(close > 0)) {
        target[j] = stockSh[j];
        if (wk !== 0) noPrice(this.warnings, this.table.tickers[j], this.table.dates[t], 'rebalance');
        continue;
      }
      // Use case 4 holds the given shares as they are (another system's book, fractions included).
      const want = held ? wk : roundHalfAwayFromZero((wk * equity) / close);
      target[j] = want;
      if (want !== 0 && groupOf[j] < 0) unmappedTicker(this.warnings, this.table.tickers[j], o.hedge_group_column);
    }
  }

  /**
   * Step 5: trade every stock whose target differs from its shares (priced today). With
   * `sumGroups`, also step 6's group sums of the traded book (Ledger.tradeStocks); returns
   * their gross, or -1.
   */
  trade(t: number, d: number, reason: TradeReason, sumGroups = false): number {
    const L = this.ledger,
      target = this.target;
    // A short beyond today's borrowable shares is cut to them (borrow_file available_shares).
    if (L.borrow?.limited) for (let j = 0; j < L.n; j++) if (target[j] < 0) target[j] = L.capShort(j, target[j], t, this.warnings);
    return L.tradeStocks(target, t, d, reasonCode(reason), sumGroups);
  }
}

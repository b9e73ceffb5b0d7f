// Residual sector P&L: each day, the change in value of every hedged sector book (its
// stocks plus its ETF hedge, as held at the previous close) as a fraction of the previous
// day's basis. Its variance is what a hedge ratio tries to minimise, so two runs (or a
// beta-ratio run and the dollar hedge it shadows) can be compared on it.

export class SectorResidual {
  /** [g * days + d]: hedged P&L of group g on day d / basis of day d-1 (NaN: not measured). */
  readonly pnl: Float64Array;
  /** The same with the shadow hedge shares (the dollar ratio in a beta-ratio run), or null. */
  readonly shadowPnl: Float64Array | null;
  /** Shadow ETF shares per group, set by the sector-hedge step when it re-hedges. */
  readonly shadowSh: Float64Array | null;
  private readonly lastPx: Float64Array;
  private readonly stockPart: Float64Array;
  private readonly gross: Float64Array;
  private prevBasis = 0;
  private started = false;
  /** Number fields from the start (see Ledger.cash). */
  private readonly groups: number = 0;
  private readonly days: number = 0;

  constructor(groups: number, days: number, tickers: number, shadow: boolean) {
    this.groups = groups;
    this.days = days;
    this.pnl = new Float64Array(groups * days).fill(NaN);
    this.shadowPnl = shadow ? new Float64Array(groups * days).fill(NaN) : null;
    this.shadowSh = shadow ? new Float64Array(groups) : null;
    this.lastPx = new Float64Array(tickers).fill(NaN);
    this.stockPart = new Float64Array(groups);
    this.gross = new Float64Array(groups);
  }

  /**
   * Day d, after marking (px = today's carried prices) and before anything trades or a
   * ticker changes group: the positions are still the previous close's.
   */
  measure(d: number, stockSh: Float64Array, groupOf: Int32Array, hedgeSh: Float64Array, etfIdx: Int32Array, px: Float64Array): void {
    const G = this.groups,
      T = this.days,
      last = this.lastPx;
    if (this.started && this.prevBasis > 0) {
      this.stockPart.fill(0);
      this.gross.fill(0);
      for (let j = 0; j < stockSh.length; j++) {
        const sh = stockSh[j],
          g = groupOf[j];
        if (sh === 0 || g < 0) continue;
        this.stockPart[g] += sh * (px[j] - last[j]);
        this.gross[g] += Math.abs(sh * last[j]);
      }
      for (let g = 0; g < G; g++) {
        if (!(this.gross[g] > 0)) continue;
        const e = etfIdx[g];
        const dp = e >= 0 && last[e] > 0 ? px[e] - last[e] : 0;
        this.pnl[g * T + d] = (this.stockPart[g] + hedgeSh[g] * dp) / this.prevBasis;
        if (this.shadowPnl) this.shadowPnl[g * T + d] = (this.stockPart[g] + this.shadowSh![g] * dp) / this.prevBasis;
      }
    }
    last.set(px);
    this.started = true;
  }

  /** The day's basis, once known (the next day's P&L is a fraction of it). */
  closeDay(basis: number): void {
    this.prevBasis = basis;
  }
}

/** Annualised sample variance (ddof 1, x 252) of the finite values of each group's row; NaN with fewer than 2. */
export function residualVariances(pnl: Float64Array, groups: number, days: number): Float64Array {
  const out = new Float64Array(groups).fill(NaN);
  for (let g = 0; g < groups; g++) {
    let n = 0,
      s = 0;
    for (let d = 0; d < days; d++) {
      const x = pnl[g * days + d];
      if (x === x) {
        n++;
        s += x;
      }
    }
    if (n < 2) continue;
    const mean = s / n;
    let ss = 0;
    for (let d = 0; d < days; d++) {
      const x = pnl[g * days + d];
      if (x === x) ss += (x - mean) * (x - mean);
    }
    out[g] = (ss / (n - 1)) * 252;
  }
  return out;
}

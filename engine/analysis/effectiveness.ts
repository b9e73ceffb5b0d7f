// Hedge effectiveness (docs/analytics.md): how much of a basket's daily P&L its hedge
// offset. Both are measured as P&L over the basket's gross stock value at the previous
// close, on the days the basket was held:
//   basket return b_d = basket P&L / gross_{d-1},  hedge return h_d = hedge P&L / gross_{d-1}
//   tracking_error     = std(b + h, ddof 1) * sqrt(252)   (what the hedge left over; 0 = perfect)
//   correlation        = corr(b, h)                       (-1 = the hedge mirrors the basket)
//   variance_reduction = 1 - var(b + h) / var(b)          (1 = all variance removed, < 0 = added)
import type { DailyPnl } from './replay';

export interface Effectiveness {
  /** Days measured (held at the previous close). */
  days: number;
  /** std(b) * sqrt(252): the basket without its hedge. */
  basket_volatility: number;
  /** std(h) * sqrt(252). */
  hedge_volatility: number;
  tracking_error: number;
  correlation: number;
  variance_reduction: number;
}

export interface HedgeEffectiveness {
  /** One entry per hedge group with stocks held on at least one day. */
  sectors: Record<string, Effectiveness & { etf: string | null }>;
  /** All stocks against all sector-ETF hedges. */
  book: Effectiveness;
  /** Stocks and sector hedges against the beta-hedge position; null without a beta hedge. */
  beta: (Effectiveness & { instrument: string }) | null;
}

/** The figures for basket P&L `b` and hedge P&L `h` over denominators `den` (entries from..to-1). */
export function effectiveness(
  b: ArrayLike<number>,
  h: ArrayLike<number>,
  den: ArrayLike<number>,
  from = 0,
  to = den.length,
): Effectiveness {
  let n = 0,
    sb = 0,
    sh = 0;
  for (let d = from; d < to; d++)
    if (den[d] > 0) {
      n++;
      sb += b[d] / den[d];
      sh += h[d] / den[d];
    }
  const mb = sb / n,
    mh = sh / n;
  let vb = 0,
    vh = 0,
    cov = 0;
  for (let d = from; d < to; d++) {
    if (!(den[d] > 0)) continue;
    const x = b[d] / den[d] - mb,
      y = h[d] / den[d] - mh;
    vb += x * x;
    vh += y * y;
    cov += x * y;
  }
  // var(b + h) = var(b) + var(h) + 2 cov(b, h); sums of squares share the n - 1 divisor.
  const vr = vb + vh + 2 * cov;
  const ok = n >= 2;
  const ann = (ss: number) => (ok ? Math.sqrt(Math.max(ss, 0) / (n - 1)) * Math.sqrt(252) : NaN);
  return {
    days: n,
    basket_volatility: ann(vb),
    hedge_volatility: ann(vh),
    tracking_error: ann(vr),
    correlation: ok && vb > 0 && vh > 0 ? cov / Math.sqrt(vb * vh) : NaN,
    variance_reduction: ok && vb > 0 ? 1 - Math.max(vr, 0) / vb : NaN,
  };
}

/** Per sector, for the whole book, and for the beta hedge; day 0 has no previous close. */
export function hedgeEffectiveness(p: DailyPnl, groupEtf: (string | null)[], betaInstrument: string | null): HedgeEffectiveness {
  const T = p.days;
  const sectors: HedgeEffectiveness['sectors'] = {};
  p.groups.forEach((name, g) => {
    const at = g * T;
    const den = p.sectorGrossPrev.subarray(at, at + T);
    let held = false;
    for (let d = 1; d < T && !held; d++) held = den[d] > 0;
    if (!held) return;
    sectors[name] = {
      etf: groupEtf[g],
      ...effectiveness(p.sectorStockPnl.subarray(at, at + T), p.sectorHedgePnl.subarray(at, at + T), den, 1),
    };
  });
  const book = effectiveness(p.stockPnl, p.sectorHedge, p.stockGrossPrev, 1);
  let beta: HedgeEffectiveness['beta'] = null;
  if (betaInstrument !== null) {
    const rest = new Float64Array(T);
    for (let d = 0; d < T; d++) rest[d] = p.stockPnl[d] + p.sectorHedge[d];
    beta = { instrument: betaInstrument, ...effectiveness(rest, p.betaHedge, p.stockGrossPrev, 1) };
  }
  return { sectors, book, beta };
}

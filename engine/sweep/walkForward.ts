// Walk-forward windows over trading days, and the metrics of the stitched out-of-sample
// equity (test windows chained: each starts from the equity the previous one ended with).
import { annualReturn, annualVolatility, calmarRatio, maxDrawdown, sharpeRatio, sortinoRatio } from '../metrics/stats';
import type { WalkForwardSpec } from './spec';

export interface Window {
  index: number;
  trainStart: string;
  trainEnd: string;
  testStart: string;
  testEnd: string;
}

/**
 * Rolling windows over `dates` (the run's trading days): train days [s, s+train), test days
 * right after, s moving by step. Only whole windows; throws when not even one fits.
 */
export function walkForwardWindows(dates: string[], wf: WalkForwardSpec): Window[] {
  const out: Window[] = [];
  for (let s = 0; s + wf.trainDays + wf.testDays <= dates.length; s += wf.stepDays) {
    const t0 = s + wf.trainDays;
    out.push({
      index: out.length,
      trainStart: dates[s],
      trainEnd: dates[t0 - 1],
      testStart: dates[t0],
      testEnd: dates[t0 + wf.testDays - 1],
    });
  }
  if (!out.length) {
    throw new Error(
      `walk_forward needs train_days + test_days = ${wf.trainDays + wf.testDays} trading days, but the run has ${dates.length}; shorten the windows or widen start_date/end_date.`,
    );
  }
  return out;
}

export interface StitchedDay {
  date: string;
  equity: number;
  window: number;
  variantId: string;
}

/** Metrics of the stitched equity (daily returns against the previous day, the first against initial cash). */
export function stitchedMetrics(days: StitchedDay[], initialCash: number, riskFreeRate: number): Record<string, number | null> {
  const r = new Float64Array(days.length);
  let prev = initialCash;
  for (let i = 0; i < days.length; i++) {
    r[i] = prev > 0 ? days[i].equity / prev - 1 : NaN;
    prev = days[i].equity;
  }
  const fin = (x: number) => (Number.isFinite(x) ? x : null);
  return {
    total_return: days.length ? fin(days[days.length - 1].equity / initialCash - 1) : null,
    cagr: fin(annualReturn(r)),
    annual_volatility: fin(annualVolatility(r)),
    sharpe_ratio: fin(sharpeRatio(r, riskFreeRate / 252)),
    sortino_ratio: fin(sortinoRatio(r, 0)),
    max_drawdown: fin(maxDrawdown(r)),
    calmar_ratio: fin(calmarRatio(r)),
  };
}

// Performance statistics with empyrical's conventions (quantopian/empyrical@40f61b4f,
// reproduced against ../shared/data/empyrical-oracle/cases.json):
// - mean/std/downside skip NaN observations; std is the sample std (ddof = 1);
// - annual return / CAGR count every observation (NaN included) for the number of
//   years and treat a NaN return as 0 in the compounded product;
// - max drawdown is a negative fraction from the running peak, the start included.
// Inputs are plain arrays or typed arrays of simple (not log) period returns.

export type Returns = ArrayLike<number>;
/** A constant or a per-period series (same length as the returns). */
export type RateLike = number | ArrayLike<number>;
export type Period = 'daily' | 'weekly' | 'monthly' | 'quarterly' | 'yearly';

export const ANNUALIZATION_FACTORS: Readonly<Record<Period, number>> = {
  daily: 252,
  weekly: 52,
  monthly: 12,
  quarterly: 4,
  yearly: 1,
};

export interface PeriodOptions {
  period?: Period;
  /** Overrides `period` (periods per year). */
  annualization?: number;
}

export function annualizationFactor(opts: PeriodOptions = {}): number {
  if (opts.annualization !== undefined) return opts.annualization;
  return ANNUALIZATION_FACTORS[opts.period ?? 'daily'];
}

function rateAt(rate: RateLike, i: number): number {
  return typeof rate === 'number' ? rate : rate[i];
}

/** r - rate, element-wise (a series rate is aligned by position). */
function adjusted(returns: Returns, rate: RateLike): Float64Array {
  const out = new Float64Array(returns.length);
  for (let i = 0; i < returns.length; i++) out[i] = returns[i] - rateAt(rate, i);
  return out;
}

/** Mean over non-NaN values; NaN when there are none. */
export function nanMean(x: Returns): number {
  let s = 0,
    n = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (!Number.isNaN(v)) {
      s += v;
      n++;
    }
  }
  return n ? s / n : NaN;
}

/** Standard deviation over non-NaN values with `ddof` (1 = sample). */
export function nanStd(x: Returns, ddof = 1): number {
  const m = nanMean(x);
  let ss = 0,
    n = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (!Number.isNaN(v)) {
      ss += (v - m) * (v - m);
      n++;
    }
  }
  return n - ddof > 0 ? Math.sqrt(ss / (n - ddof)) : NaN;
}

/** Compounded return of the whole series, NaN treated as 0: prod(1 + r) - 1. */
export function cumReturnsFinal(returns: Returns, startingValue = 0): number {
  if (returns.length === 0) return NaN;
  let p = 1;
  for (let i = 0; i < returns.length; i++) {
    const v = returns[i];
    if (!Number.isNaN(v)) p *= 1 + v;
  }
  return startingValue === 0 ? p - 1 : p * startingValue;
}

/** Compound annual growth rate: prod(1 + r) ** (ann / len) - 1; len counts NaNs. */
export function annualReturn(returns: Returns, opts: PeriodOptions = {}): number {
  if (returns.length < 1) return NaN;
  const ann = annualizationFactor(opts);
  const ending = cumReturnsFinal(returns, 1);
  return Math.pow(ending, ann / returns.length) - 1;
}

/** Alias of {@link annualReturn} (empyrical's `cagr`). */
export const cagr = annualReturn;

/** Sample std (ddof 1, NaN skipped) * ann ** (1 / 2). */
export function annualVolatility(returns: Returns, opts: PeriodOptions = {}): number {
  if (returns.length < 2) return NaN;
  return nanStd(returns, 1) * Math.sqrt(annualizationFactor(opts));
}

/** mean(r - rf) / std(r - rf, ddof 1) * sqrt(ann); rf a constant or a series. */
export function sharpeRatio(returns: Returns, riskFree: RateLike = 0, opts: PeriodOptions = {}): number {
  if (returns.length < 2) return NaN;
  const adj = adjusted(returns, riskFree);
  return (nanMean(adj) / nanStd(adj, 1)) * Math.sqrt(annualizationFactor(opts));
}

/** sqrt(mean(min(r - required, 0) ^ 2)) * sqrt(ann), mean over every non-NaN observation. */
export function downsideRisk(returns: Returns, requiredReturn: RateLike = 0, opts: PeriodOptions = {}): number {
  if (returns.length < 1) return NaN;
  const adj = adjusted(returns, requiredReturn);
  for (let i = 0; i < adj.length; i++) {
    const d = Math.min(adj[i], 0);
    adj[i] = d * d;
  }
  return Math.sqrt(nanMean(adj)) * Math.sqrt(annualizationFactor(opts));
}

/** mean(r - required) * ann / downside risk (+Infinity when there is no downside). */
export function sortinoRatio(returns: Returns, requiredReturn: RateLike = 0, opts: PeriodOptions = {}): number {
  if (returns.length < 2) return NaN;
  const ann = annualizationFactor(opts);
  const avg = nanMean(adjusted(returns, requiredReturn)) * ann;
  return avg / downsideRisk(returns, requiredReturn, opts);
}

/** Worst peak-to-trough loss of the compounded series (a negative fraction, 0 if none). */
export function maxDrawdown(returns: Returns): number {
  if (returns.length < 1) return NaN;
  let cum = 1,
    peak = 1,
    worst = 0;
  for (let i = 0; i < returns.length; i++) {
    const v = returns[i];
    if (!Number.isNaN(v)) cum *= 1 + v;
    if (cum > peak) peak = cum;
    const dd = (cum - peak) / peak;
    if (dd < worst) worst = dd;
  }
  return worst;
}

/** Annual return / |max drawdown|; NaN when there is no drawdown or the ratio is infinite. */
export function calmarRatio(returns: Returns, opts: PeriodOptions = {}): number {
  const mdd = maxDrawdown(returns);
  if (!(mdd < 0)) return NaN;
  const r = annualReturn(returns, opts) / Math.abs(mdd);
  return Number.isFinite(r) ? r : NaN;
}

/** Indices where both series are non-NaN. */
function pairedIndices(a: Returns, b: Returns): number[] {
  const n = Math.min(a.length, b.length);
  const idx: number[] = [];
  for (let i = 0; i < n; i++) if (!Number.isNaN(a[i]) && !Number.isNaN(b[i])) idx.push(i);
  return idx;
}

/**
 * Beta of `returns` to `factorReturns`: population cov / var on the pairs where both
 * are present. empyrical accepts a risk-free rate here but does not apply it; neither do we.
 */
export function beta(returns: Returns, factorReturns: Returns): number {
  const idx = pairedIndices(returns, factorReturns);
  if (idx.length < 2) return NaN;
  let mr = 0,
    mb = 0;
  for (const i of idx) {
    mr += returns[i];
    mb += factorReturns[i];
  }
  mr /= idx.length;
  mb /= idx.length;
  let cov = 0,
    v = 0;
  for (const i of idx) {
    const db = factorReturns[i] - mb;
    cov += db * (returns[i] - mr);
    v += db * db;
  }
  return v === 0 ? NaN : cov / v;
}

/** Annualised alpha, compounded: (1 + mean(r - rf - beta * (b - rf))) ** ann - 1. */
export function alpha(
  returns: Returns,
  factorReturns: Returns,
  riskFree: RateLike = 0,
  opts: PeriodOptions = {},
  knownBeta?: number,
): number {
  const b = knownBeta ?? beta(returns, factorReturns);
  const idx = pairedIndices(returns, factorReturns);
  if (idx.length < 2 || Number.isNaN(b)) return NaN;
  let s = 0;
  for (const i of idx) {
    const rf = rateAt(riskFree, i);
    s += returns[i] - rf - b * (factorReturns[i] - rf);
  }
  return Math.pow(1 + s / idx.length, annualizationFactor(opts)) - 1;
}

/** [alpha, beta] as empyrical's `alpha_beta`. */
export function alphaBeta(returns: Returns, factorReturns: Returns, riskFree: RateLike = 0, opts: PeriodOptions = {}): [number, number] {
  const b = beta(returns, factorReturns);
  return [alpha(returns, factorReturns, riskFree, opts, b), b];
}

/**
 * Omega ratio: sum of gains over sum of losses around the threshold
 * (1 + required) ** (1 / ann) - 1, after subtracting the risk-free rate.
 */
export function omegaRatio(returns: Returns, riskFree = 0, requiredReturn = 0, annualization = 252): number {
  if (returns.length < 2 || requiredReturn <= -1) return NaN;
  const threshold = annualization === 1 ? requiredReturn : Math.pow(1 + requiredReturn, 1 / annualization) - 1;
  let up = 0,
    down = 0;
  for (let i = 0; i < returns.length; i++) {
    const v = returns[i] - riskFree - threshold;
    if (Number.isNaN(v)) continue;
    if (v > 0) up += v;
    else down -= v;
  }
  return down > 0 ? up / down : NaN;
}

/** R^2 of a linear fit of cumulative log returns against time (NaN observations dropped). */
export function stabilityOfTimeseries(returns: Returns): number {
  const y: number[] = [];
  let c = 0;
  for (let i = 0; i < returns.length; i++) {
    const v = returns[i];
    if (Number.isNaN(v)) continue;
    c += Math.log1p(v);
    y.push(c);
  }
  const n = y.length;
  if (n < 2) return NaN;
  const mx = (n - 1) / 2;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0,
    sxx = 0,
    syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = i - mx,
      dy = y[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return syy === 0 ? NaN : (sxy * sxy) / (sxx * syy);
}

/** Linear-interpolated percentile (numpy's default) of the sorted values. */
function percentile(sorted: number[], q: number): number {
  const pos = (q / 100) * (sorted.length - 1);
  const lo = Math.floor(pos),
    hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** |95th percentile| / |5th percentile| of the non-NaN returns. */
export function tailRatio(returns: Returns): number {
  const v: number[] = [];
  for (let i = 0; i < returns.length; i++) if (!Number.isNaN(returns[i])) v.push(returns[i]);
  if (v.length < 1) return NaN;
  v.sort((a, b) => a - b);
  return Math.abs(percentile(v, 95)) / Math.abs(percentile(v, 5));
}

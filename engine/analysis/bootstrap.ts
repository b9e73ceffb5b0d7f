// Confidence intervals by the stationary block bootstrap (Politis & Romano 1994): a
// resampled path is a run of blocks of consecutive days with geometric lengths of mean
// `blockDays`, each starting at a uniformly drawn day, wrapping past the end. Blocks keep
// the short-range dependence of daily returns (volatility clusters, drawdowns) that an
// i.i.d. resample would destroy. The generator is seeded (pure-rand's xoroshiro128+), so
// the same seed, samples and block length give the same intervals on every machine.
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import { annualReturn, annualVolatility, maxDrawdown, sharpeRatio } from '../metrics/stats';

export interface BootstrapOptions {
  seed: number;
  samples: number;
  /** Mean block length in trading days (1 = the i.i.d. bootstrap). */
  blockDays: number;
  /** Daily risk-free rate for the Sharpe ratios. */
  riskFreeDaily?: number;
  /** Two-sided coverage, default 0.95. */
  level?: number;
}

export interface Interval {
  estimate: number;
  lower: number;
  upper: number;
}

export interface ConfidenceIntervals {
  level: number;
  method: 'stationary block bootstrap';
  seed: number;
  samples: number;
  block_days: number;
  sharpe_ratio: Interval;
  cagr: Interval;
  annual_volatility: Interval;
  max_drawdown: Interval;
  /** Sharpe of the hedged book minus that of the unhedged book, resampled on the same days. */
  sharpe_difference: Interval;
}

/**
 * Fills `out` with one stationary-bootstrap index path over n days. A block's length is
 * drawn once, geometric with mean `blockDays` (the same law as ending the block with
 * probability 1 / blockDays after each day), so the generator runs once per block.
 */
export function stationaryIndices(n: number, blockDays: number, rng: RandomGenerator, out: Int32Array): void {
  const logStay = Math.log(1 - 1 / blockDays);
  let k = 0;
  while (k < out.length) {
    let i = uniformInt(rng, 0, n - 1);
    // P(length >= m) = (1 - p)^(m - 1); blockDays 1 gives length 1.
    const u = 1 - uniformFloat64(rng);
    const len = logStay === 0 ? out.length : logStay === -Infinity ? 1 : Math.floor(Math.log(u) / logStay) + 1;
    for (let m = 0; m < len && k < out.length; m++) {
      out[k++] = i;
      i = i + 1 === n ? 0 : i + 1;
    }
  }
}

/** What bootstrapPaths needs: the paths depend on the days, the seed, the samples and the block length only. */
export type PathOptions = Pick<BootstrapOptions, 'seed' | 'samples' | 'blockDays'>;

/**
 * Every sample's index path over n days, sample s at [s * n, (s + 1) * n): the paths
 * confidenceIntervals draws for the same days and options. They need no return, so a run
 * can have them drawn on another thread while it simulates (jobs/sideThread.ts).
 */
export function bootstrapPaths(n: number, opts: PathOptions, out = new Int32Array(n * opts.samples)): Int32Array {
  const rng = xoroshiro128plus(opts.seed);
  for (let s = 0; s < opts.samples && n > 0; s++) stationaryIndices(n, opts.blockDays, rng, out.subarray(s * n, (s + 1) * n));
  return out;
}

/** confidenceIntervals' arrays: the statistics by sample, the path's values and the two return series. */
interface Samples {
  readonly sharpe: Float64Array;
  readonly cagr: Float64Array;
  readonly vol: Float64Array;
  readonly mdd: Float64Array;
  readonly diff: Float64Array;
  readonly a: Float64Array;
  readonly u: Float64Array;
  readonly r: Float64Array;
  readonly un: Float64Array;
  readonly rf: number;
}

/**
 * Sample s's statistics from its index path. A function of its own, called once per
 * sample: V8 optimises it after a few calls, where one loop over every sample ran in the
 * interpreter until its on-stack replacement compiled.
 */
function sampleStats(st: Samples, s: number, idx: Int32Array): void {
  const { a, u, r, un, rf } = st;
  const n = idx.length;
  const ann = Math.sqrt(252);
  // One pass for the compounded path (CAGR, drawdown) and both means, one for both spreads;
  // each sum runs over k in order, as the separate passes it replaces did.
  let sum = 0,
    cum = 1,
    peak = 1,
    worst = 0,
    sumU = 0;
  for (let k = 0; k < n; k++) {
    const i = idx[k];
    const v = r[i],
      w = un[i];
    a[k] = v;
    u[k] = w;
    sum += v;
    sumU += w;
    cum *= 1 + v;
    if (cum > peak) peak = cum;
    else {
      const dd = (cum - peak) / peak;
      if (dd < worst) worst = dd;
    }
  }
  const m = sum / n,
    mU = sumU / n;
  let ss = 0,
    ssU = 0;
  for (let k = 0; k < n; k++) {
    const e = a[k] - m;
    ss += e * e;
    const eU = u[k] - mU;
    ssU += eU * eU;
  }
  const sd = Math.sqrt(ss / (n - 1)),
    sdU = Math.sqrt(ssU / (n - 1));
  const sharpe = ((m - rf) / sd) * ann;
  st.sharpe[s] = sharpe;
  st.cagr[s] = Math.pow(cum, 252 / n) - 1;
  st.vol[s] = sd * ann;
  st.mdd[s] = worst;
  // The unhedged book's Sharpe on the same resampled days (mean excess / sample std * sqrt 252).
  st.diff[s] = sharpe - ((mU - rf) / sdU) * ann;
}

/** numpy's default (linear) percentile of the finite values, q in [0, 100]. */
export function percentile(values: Float64Array, q: number): number {
  const v = values.filter((x) => Number.isFinite(x)).sort();
  if (!v.length) return NaN;
  const pos = (q / 100) * (v.length - 1),
    lo = Math.floor(pos),
    hi = Math.ceil(pos);
  return v[lo] + (v[hi] - v[lo]) * (pos - lo);
}

/**
 * 95 % (or `level`) percentile intervals of Sharpe, CAGR, volatility and max drawdown of
 * `returns`, and of the Sharpe difference to `unhedged` (same length, same days). `paths`:
 * bootstrapPaths of these days and options, drawn ahead (another length is ignored).
 */
export function confidenceIntervals(
  returns: ArrayLike<number>,
  unhedged: ArrayLike<number>,
  opts: BootstrapOptions,
  paths: Int32Array | null = null,
): ConfidenceIntervals {
  // Resampled paths are finite by construction: the engine stops on a non-finite equity.
  const n = returns.length,
    S = opts.samples,
    rf = opts.riskFreeDaily ?? 0,
    level = opts.level ?? 0.95;
  const sharpe = new Float64Array(S),
    cagr = new Float64Array(S),
    vol = new Float64Array(S),
    mdd = new Float64Array(S),
    diff = new Float64Array(S);
  const a = new Float64Array(n),
    u = new Float64Array(n);
  const r = Float64Array.from(returns),
    un = Float64Array.from(unhedged);
  const st: Samples = { sharpe, cagr, vol, mdd, diff, a, u, r, un, rf };
  // The paths drawn ahead (bootstrapPaths) are the ones drawn here: the same generator in the same order.
  const drawn = paths && paths.length === S * n ? paths : null;
  const idx = new Int32Array(drawn ? 0 : n);
  const rng = xoroshiro128plus(opts.seed);
  for (let s = 0; s < S && n > 0; s++) {
    if (drawn) sampleStats(st, s, drawn.subarray(s * n, (s + 1) * n));
    else {
      stationaryIndices(n, opts.blockDays, rng, idx);
      sampleStats(st, s, idx);
    }
  }
  const lo = ((1 - level) / 2) * 100,
    hi = 100 - lo;
  const iv = (estimate: number, xs: Float64Array): Interval => ({ estimate, lower: percentile(xs, lo), upper: percentile(xs, hi) });
  const est = sharpeRatio(returns, rf);
  return {
    level,
    method: 'stationary block bootstrap',
    seed: opts.seed,
    samples: S,
    block_days: opts.blockDays,
    sharpe_ratio: iv(est, sharpe),
    cagr: iv(annualReturn(returns), cagr),
    annual_volatility: iv(annualVolatility(returns), vol),
    max_drawdown: iv(maxDrawdown(returns), mdd),
    sharpe_difference: iv(est - sharpeRatio(unhedged, rf), diff),
  };
}

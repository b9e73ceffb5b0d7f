// What the hedge did (docs/analytics.md): hedge effectiveness, P&L attribution and
// bootstrap confidence intervals of one run, from its record.
import type { RunRecord } from '../results/runRecord';
import { attributionTotals, dailyAttribution, type AttributionTotals, type DailyAttribution } from './attribution';
import { confidenceIntervals, type BootstrapOptions, type ConfidenceIntervals } from './bootstrap';
import { hedgeEffectiveness, type HedgeEffectiveness } from './effectiveness';
import { replayDailyPnl, type DailyPnl } from './replay';
import { annualReturn, annualVolatility, maxDrawdown, sharpeRatio } from '../metrics/stats';

export * from './attribution';
export * from './bootstrap';
export * from './effectiveness';
export * from './json';
export * from './replay';

export interface RunAnalysis {
  daily: DailyPnl;
  attribution: DailyAttribution;
  attributionTotals: AttributionTotals;
  hedgeEffectiveness: HedgeEffectiveness;
  /** null when bootstrap_samples is 0. */
  confidenceIntervals: ConfidenceIntervals | null;
  /** The same stock trades without any hedge (use case 4: the book as given). */
  unhedged: UnhedgedMetrics;
}

export interface UnhedgedMetrics {
  total_return: number;
  cagr: number;
  annual_volatility: number;
  sharpe_ratio: number;
  max_drawdown: number;
}

/** Daily returns of an equity series starting from `initial` (day 0 against the initial cash). */
export function returnsOf(equity: ArrayLike<number>, initial: number): Float64Array {
  const out = new Float64Array(equity.length);
  let prev = initial;
  for (let d = 0; d < equity.length; d++) {
    out[d] = prev !== 0 ? equity[d] / prev - 1 : 0;
    prev = equity[d];
  }
  return out;
}

/** What confidenceIntervals needs of a run: plain numbers, so it can run on another thread. */
export interface BootstrapRequest {
  returns: Float64Array;
  unhedged: Float64Array;
  options: BootstrapOptions;
}

/** The bootstrap of a run, or null when it has none (bootstrap_samples 0, or a single day). */
export function bootstrapRequest(rec: RunRecord): BootstrapRequest | null {
  const o = rec.options;
  if (!(o.bootstrap_samples > 0 && rec.dates.length > 1)) return null;
  return {
    returns: Float64Array.from(rec.dailyReturn),
    unhedged: returnsOf(rec.unhedgedEquity, o.initial_cash),
    options: {
      seed: o.bootstrap_seed,
      samples: o.bootstrap_samples,
      blockDays: o.bootstrap_block_days,
      riskFreeDaily: o.risk_free_rate / 252,
    },
  };
}

export interface AnalyseOptions {
  /**
   * The run's confidence intervals when computed elsewhere (jobs/sideThread.ts: on another
   * thread, from bootstrapRequest), asked for last so the replay runs meanwhile.
   */
  confidenceIntervals?: () => ConfidenceIntervals | null;
  /** false: the daily exposure series are replayed on first read (ReplayOptions), not with the rest. */
  exposures?: boolean;
}

export function analyseRun(rec: RunRecord, opts: AnalyseOptions = {}): RunAnalysis {
  const o = rec.options;
  const daily = replayDailyPnl(rec, { exposures: opts.exposures });
  const attribution = dailyAttribution(daily);
  const betaInstrument = o.enable_beta_hedge && rec.table.index.has(o.beta_hedge_instrument) ? o.beta_hedge_instrument : null;
  const unhedged = returnsOf(rec.unhedgedEquity, o.initial_cash);
  const T = rec.dates.length;
  const hedge = hedgeEffectiveness(daily, rec.groupEtf, betaInstrument);
  const ci = opts.confidenceIntervals ? opts.confidenceIntervals() : runConfidenceIntervals(rec);
  return {
    daily,
    attribution,
    attributionTotals: attributionTotals(attribution),
    hedgeEffectiveness: hedge,
    confidenceIntervals: ci,
    unhedged: {
      total_return: T ? rec.unhedgedEquity[T - 1] / o.initial_cash - 1 : NaN,
      cagr: annualReturn(unhedged),
      annual_volatility: annualVolatility(unhedged),
      sharpe_ratio: sharpeRatio(unhedged, o.risk_free_rate / 252),
      max_drawdown: maxDrawdown(unhedged),
    },
  };
}

/** The run's bootstrap confidence intervals, computed on this thread. */
export function runConfidenceIntervals(rec: RunRecord): ConfidenceIntervals | null {
  const req = bootstrapRequest(rec);
  return req ? confidenceIntervals(req.returns, req.unhedged, req.options) : null;
}

// What the hedge did (docs/analytics.md): hedge effectiveness, P&L attribution and
// bootstrap confidence intervals of one run, from its record.
import type { RunRecord } from '../results/runRecord';
import { attributionTotals, dailyAttribution, type AttributionTotals, type DailyAttribution } from './attribution';
import { confidenceIntervals, type ConfidenceIntervals } from './bootstrap';
import { hedgeEffectiveness, type HedgeEffectiveness } from './effectiveness';
import { replayDailyPnl, type DailyPnl } from './replay';

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
}

/** Daily returns of an equity series starting from `initial` (day 0 against the initial cash). */
export function returnsOf(equity: ArrayLike<number>, initial: number): Float64Array {
  const out = new Float64Array(equity.length);
  let prev = initial;
  for (let d = 0; d < equity.length; d++) { out[d] = prev !== 0 ? equity[d] / prev - 1 : 0; prev = equity[d]; }
  return out;
}

export function analyseRun(rec: RunRecord): RunAnalysis {
  const o = rec.options;
  const daily = replayDailyPnl(rec);
  const attribution = dailyAttribution(daily);
  const betaInstrument = o.enable_beta_hedge && rec.table.index.has(o.beta_hedge_instrument) ? o.beta_hedge_instrument : null;
  const ci = o.bootstrap_samples > 0 && rec.dates.length > 1
    ? confidenceIntervals(rec.dailyReturn, returnsOf(rec.unhedgedEquity, o.initial_cash), {
      seed: o.bootstrap_seed, samples: o.bootstrap_samples, blockDays: o.bootstrap_block_days, riskFreeDaily: o.risk_free_rate / 252,
    })
    : null;
  return {
    daily, attribution,
    attributionTotals: attributionTotals(attribution),
    hedgeEffectiveness: hedgeEffectiveness(daily, rec.groupEtf, betaInstrument),
    confidenceIntervals: ci,
  };
}

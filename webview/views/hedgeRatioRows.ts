// Compare view rows for the sector hedge ratio: each run's residual sector variance under the
// dollar and the beta (regression) ratio, and which left less (docs/hedging.md). Only shown
// when some run has an ETF sector hedge.
import type { Metrics, ResultsJson } from '../../engine/types';
import { fmtPct } from '../../common/format';
import { perf } from './invalidMetrics';

type Row = [string, (r: ResultsJson) => string, string?];

const fin = (x: number | null | undefined): number => (typeof x === 'number' && Number.isFinite(x) ? x : NaN);

/** Residual variance shown as the residual volatility it implies: 0.0016 -> "4.00%". */
function vol(x: number | null | undefined): string {
  const v = fin(x);
  return Number.isFinite(v) ? fmtPct(Math.sqrt(Math.max(0, v))) : '—';
}

function lower(m: Metrics): string {
  const d = fin(m.residualSectorVarianceDollar),
    b = fin(m.residualSectorVarianceBeta);
  return Number.isFinite(d) && Number.isFinite(b) ? (b < d ? 'beta' : 'dollar') : '—';
}

export function hedgeRatioRows(runs: { results: ResultsJson }[]): Row[] {
  if (!runs.some((r) => r.results.metrics.residualSectorVariance !== undefined)) return [];
  const hint =
    "Residual sector volatility: sqrt of the annualised variance of each hedged sector book's daily P&L / basis, summed over sectors; the ratio the run does not trade is sized on the same days for comparison";
  return [
    ['Residual sector vol, dollar ratio', (r) => perf(r.metrics, () => vol(r.metrics.residualSectorVarianceDollar)), hint],
    ['Residual sector vol, beta ratio', (r) => perf(r.metrics, () => vol(r.metrics.residualSectorVarianceBeta)), hint],
    [
      'Less residual sector variance',
      (r) => perf(r.metrics, () => lower(r.metrics)),
      'The sector hedge ratio that left the hedged sector books less variance',
    ],
  ];
}

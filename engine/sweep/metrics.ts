// The metrics a sweep ranks by and writes: the flat numbers of metrics.json, total costs
// flattened. `-name` ranks ascending.
import type { Metrics } from '../types';

export const METRIC_COLUMNS = [
  'total_return',
  'cagr',
  'annual_volatility',
  'sharpe_ratio',
  'sortino_ratio',
  'max_drawdown',
  'calmar_ratio',
  'turnover',
  'realised_beta',
  'mean_abs_exposure_error',
  'trade_count',
  'hedge_trade_count',
  'total_costs_stocks',
  'total_costs_hedges',
  'total_costs_borrow',
  'total_costs',
] as const;

export type MetricName = (typeof METRIC_COLUMNS)[number];
/** A metric's value; null where metrics.json writes null (not finite). */
export type FlatMetrics = Record<MetricName, number | null>;

export interface MetricSpec {
  metric: MetricName;
  /** True for the default (higher is better); false for `-metric`. */
  descending: boolean;
  /** As written, e.g. `-max_drawdown`. */
  text: string;
}

export function parseMetricSpec(text: string): MetricSpec {
  const descending = !text.startsWith('-');
  const metric = (descending ? text : text.slice(1)) as MetricName;
  if (!METRIC_COLUMNS.includes(metric)) throw new Error(`unknown metric "${text}"; use one of ${METRIC_COLUMNS.join(', ')}`);
  return { metric, descending, text };
}

const fin = (x: number): number | null => (Number.isFinite(x) ? x : null);

export function flattenMetrics(m: Metrics): FlatMetrics {
  return {
    total_return: fin(m.totalReturn),
    cagr: fin(m.cagr),
    annual_volatility: fin(m.annualVolatility),
    sharpe_ratio: fin(m.sharpeRatio),
    sortino_ratio: fin(m.sortinoRatio),
    max_drawdown: fin(m.maxDrawdown),
    calmar_ratio: fin(m.calmarRatio),
    turnover: fin(m.turnover),
    realised_beta: fin(m.realisedBeta),
    mean_abs_exposure_error: fin(m.meanAbsExposureError),
    trade_count: m.tradeCount,
    hedge_trade_count: m.hedgeTradeCount,
    total_costs_stocks: fin(m.totalCosts.stocks),
    total_costs_hedges: fin(m.totalCosts.hedges),
    total_costs_borrow: fin(m.totalCosts.borrow),
    total_costs: fin(m.totalCosts.total),
  };
}

/** Compares two scores for ranking: better first; missing (null) last. */
export function compareScores(a: number | null | undefined, b: number | null | undefined, spec: MetricSpec): number {
  const an = a === null || a === undefined,
    bn = b === null || b === undefined;
  if (an || bn) return an === bn ? 0 : an ? 1 : -1;
  return spec.descending ? b - a : a - b;
}

/** Index of the best score (first on ties), or -1 when none has one. */
export function bestIndex(scores: (number | null)[], spec: MetricSpec): number {
  let best = -1;
  for (let i = 0; i < scores.length; i++) {
    if (scores[i] === null) continue;
    if (best < 0 || compareScores(scores[i], scores[best], spec) < 0) best = i;
  }
  return best;
}

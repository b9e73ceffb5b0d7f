// The analysis in its on-disk and panel forms: metrics.json's `hedge_effectiveness`,
// `attribution` and `confidence_intervals`, attribution.csv's rows, and ResultsJson's
// `analysis` (daily series for the panel's charts). NaN becomes null in both JSON forms.
import type { RunRecord } from '../results/runRecord';
import { ATTRIBUTION_PARTS, type AttributionPart, type AttributionTotals } from './attribution';
import type { ConfidenceIntervals } from './bootstrap';
import type { Effectiveness } from './effectiveness';
import type { RunAnalysis, UnhedgedMetrics } from './index';

/**
 * `hedge_effectiveness`: one entry per held hedge group (by name), plus `whole_book` (all
 * stocks against all sector hedges) and `beta_hedge` (null without one).
 */
export interface HedgeEffectivenessJson {
  [sector: string]: (Effectiveness & { etf?: string | null; instrument?: string }) | null;
  whole_book: Effectiveness;
  beta_hedge: (Effectiveness & { instrument: string }) | null;
}

export interface AnalysisJson {
  hedgeEffectiveness: HedgeEffectivenessJson;
  attribution: {
    /** Per part, one value per date. */
    daily: Record<AttributionPart, number[]>;
    /** Per date: the parts' sum, and the equity change it explains (attribution.csv's last columns). */
    total?: number[];
    equityChange?: number[];
    totals: AttributionTotals;
  };
  confidenceIntervals: ConfidenceIntervals | null;
  /** The same stock trades without any hedge (use case 4: the book as given). */
  unhedged: UnhedgedMetrics;
  exposure: {
    /** Per hedge group (order of `sectors`), end-of-day net stock value, net after its ETF hedge, and gross stock value. */
    sectorNet: number[][];
    sectorNetHedged: number[][];
    sectorGross: number[][];
    /** End-of-day long and short (negative) stock value. */
    stockLong: number[];
    stockShort: number[];
  };
}

/** AnalysisJson without its daily series: what a terminal summary shows (BacktestResults.analysisSummaryJSON). */
export interface AnalysisSummaryJson {
  hedgeEffectiveness: HedgeEffectivenessJson;
  attribution: AttributionTotals;
  confidenceIntervals: ConfidenceIntervals | null;
  unhedged: UnhedgedMetrics;
}

export const ATTRIBUTION_CSV_COLUMNS = ['date', ...ATTRIBUTION_PARTS, 'total', 'equity_change'] as const;

export function hedgeEffectivenessJson(a: RunAnalysis): HedgeEffectivenessJson {
  const he = a.hedgeEffectiveness;
  return { ...he.sectors, whole_book: he.book, beta_hedge: he.beta };
}

/** The three metrics.json sections. */
export function analysisMetrics(a: RunAnalysis): Record<string, unknown> {
  return {
    hedge_effectiveness: hedgeEffectivenessJson(a),
    attribution: a.attributionTotals,
    confidence_intervals: a.confidenceIntervals,
    unhedged: a.unhedged,
  };
}

/**
 * The same sections from a ResultsJson's `analysis` (the extension's Export): keep in step
 * with analysisMetrics (test/client/export-matches-out.test.ts compares the bytes).
 */
export function analysisMetricsOfJson(j: AnalysisJson): Record<string, unknown> {
  return {
    hedge_effectiveness: j.hedgeEffectiveness,
    attribution: j.attribution.totals,
    confidence_intervals: j.confidenceIntervals,
    unhedged: j.unhedged,
  };
}

export function analysisJson(a: RunAnalysis, rec: RunRecord): AnalysisJson {
  const T = rec.dates.length,
    p = a.daily;
  const arr = (x: Float64Array) => Array.from(x);
  const perGroup = (x: Float64Array) => rec.groups.map((_, g) => arr(x.subarray(g * T, (g + 1) * T)));
  const hedged = new Float64Array(p.sectorNet.length);
  for (let k = 0; k < hedged.length; k++) hedged[k] = p.sectorNet[k] + p.sectorHedgeValue[k];
  const daily = Object.fromEntries(ATTRIBUTION_PARTS.map((k) => [k, arr(a.attribution.parts[k])])) as Record<AttributionPart, number[]>;
  return {
    hedgeEffectiveness: hedgeEffectivenessJson(a),
    attribution: { daily, total: arr(a.attribution.total), equityChange: arr(a.attribution.equityChange), totals: a.attributionTotals },
    confidenceIntervals: a.confidenceIntervals,
    unhedged: a.unhedged,
    exposure: {
      sectorNet: perGroup(p.sectorNet),
      sectorNetHedged: perGroup(hedged),
      sectorGross: perGroup(p.sectorGross),
      stockLong: arr(p.stockLong),
      stockShort: arr(p.stockShort),
    },
  };
}

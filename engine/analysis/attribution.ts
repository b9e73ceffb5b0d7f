// Daily P&L attribution (docs/analytics.md): each day's equity change split into
// stock-specific, sector, sector hedge, beta hedge, costs, borrow and cash interest.
// The parts are computed independently of the equity curve, so their sum matching the
// day's equity change is a check of the accounting, not a plug.
import type { DailyPnl } from './replay';

export const ATTRIBUTION_PARTS = ['stock_specific', 'sector', 'sector_hedge', 'beta_hedge', 'costs', 'borrow', 'interest'] as const;
export type AttributionPart = (typeof ATTRIBUTION_PARTS)[number];

export interface DailyAttribution {
  /** One Float64Array per part, indexed by day; costs and borrow are negative (they lower equity). */
  parts: Record<AttributionPart, Float64Array>;
  /** Sum of the parts per day. */
  total: Float64Array;
  /** The day's equity change from the equity curve. */
  equityChange: Float64Array;
}

export interface AttributionTotals extends Record<AttributionPart, number> {
  /** sector_hedge + beta_hedge. */
  hedge: number;
  total: number;
  equity_change: number;
  /** Largest relativeResidual of any day (the identity's check; ~1e-13 in practice). */
  max_relative_residual: number;
}

export function dailyAttribution(p: DailyPnl): DailyAttribution {
  const T = p.days,
    G = p.groups.length;
  const sector = new Float64Array(T);
  for (let g = 0; g < G; g++) for (let d = 0; d < T; d++) sector[d] += p.sectorEtfPart[g * T + d];
  const parts: Record<AttributionPart, Float64Array> = {
    stock_specific: new Float64Array(T),
    sector,
    sector_hedge: p.sectorHedge.slice(),
    beta_hedge: p.betaHedge.slice(),
    costs: new Float64Array(T),
    borrow: new Float64Array(T),
    interest: p.interest.slice(),
  };
  const total = new Float64Array(T);
  for (let d = 0; d < T; d++) {
    parts.stock_specific[d] = p.stockPnl[d] - sector[d];
    parts.costs[d] = -(p.stockCosts[d] + p.hedgeCosts[d]);
    parts.borrow[d] = -p.borrow[d];
    let s = 0;
    for (const k of ATTRIBUTION_PARTS) s += parts[k][d];
    total[d] = s;
  }
  return { parts, total, equityChange: p.equityChange };
}

/**
 * |sum of parts - equity change| of day d, relative to the day's P&L flows: the larger of
 * |equity change| and the sum of the parts' absolute values. (The equity change is a
 * difference of two equity-sized numbers, so on a quiet day its own size is no scale for
 * rounding: a $10 M book carries ~1e-8 of rounding in each equity value.)
 */
export function relativeResidual(a: DailyAttribution, d: number): number {
  let flows = Math.abs(a.equityChange[d]);
  let abs = 0;
  for (const k of ATTRIBUTION_PARTS) abs += Math.abs(a.parts[k][d]);
  if (abs > flows) flows = abs;
  const diff = Math.abs(a.total[d] - a.equityChange[d]);
  return diff === 0 ? 0 : diff / flows;
}

export function attributionTotals(a: DailyAttribution): AttributionTotals {
  const sums = {} as Record<AttributionPart, number>;
  for (const k of ATTRIBUTION_PARTS) {
    let s = 0;
    for (const v of a.parts[k]) s += v;
    sums[k] = s;
  }
  let total = 0,
    change = 0,
    worst = 0;
  for (let d = 0; d < a.total.length; d++) {
    total += a.total[d];
    change += a.equityChange[d];
    const r = relativeResidual(a, d);
    if (r > worst) worst = r;
  }
  return { ...sums, hedge: sums.sector_hedge + sums.beta_hedge, total, equity_change: change, max_relative_residual: worst };
}

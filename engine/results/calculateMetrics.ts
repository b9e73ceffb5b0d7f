// Run metrics with the spec's definitions (engine/metrics: empyrical conventions).
import { annualReturn, annualVolatility, beta, calmarRatio, maxDrawdown, sharpeRatio, sortinoRatio } from '../metrics/stats';
import type { Metrics } from '../types';
import type { RunRecord } from './runRecord';
import { HEDGE_TRADE_REASONS } from './tradeLog';
import { logTotals } from './logTotals';
import { residualVariances } from '../backtest/sectorResidual';

/** Daily returns of the beta instrument over the run (NaN where either close is missing). */
export function instrumentReturns(rec: RunRecord): Float64Array {
  const j = rec.table.index.get(rec.options.beta_hedge_instrument);
  const out = new Float64Array(rec.dates.length).fill(NaN);
  if (j === undefined) return out;
  const c = rec.table.columns[j];
  for (let t = Math.max(rec.i0, 1); t <= rec.i1; t++) {
    if (c[t] > 0 && c[t - 1] > 0) out[t - rec.i0] = c[t] / c[t - 1] - 1;
  }
  return out;
}

export function calculateMetrics(rec: RunRecord): Metrics {
  const r = rec.dailyReturn, T = r.length, o = rec.options;
  let traded = 0, hedgeTrades = 0, tradeCount: number;
  const log = rec.tradeLog;
  if (log) {
    // The columns, without building a Trade object per trade (see tradeLog.ts).
    ({ traded, hedgeTrades } = logTotals(log));
    tradeCount = log.length;
  } else {
    for (const tr of rec.trades) {
      traded += Math.abs(tr.notional);
      if (HEDGE_TRADE_REASONS.has(tr.reason)) hedgeTrades++;
    }
    tradeCount = rec.trades.length;
  }
  let meanEquity = 0;
  for (let d = 0; d < T; d++) meanEquity += rec.equity[d];
  meanEquity /= T;
  // Mean |post-hedge - target| over (day, sector) pairs where the sector was held.
  let errSum = 0, errN = 0;
  const G = rec.groups.length;
  for (let g = 0; g < G; g++) {
    for (let d = 0; d < T; d++) {
      const k = g * T + d;
      if (rec.basis[d] > 0 && rec.preExposure[k] !== 0) { errSum += Math.abs(rec.postExposure[k] - rec.targetExposure[k]); errN++; }
    }
  }
  const c = rec.costs;
  const stocks = c.stockCommission + c.stockSlippage;
  const hedges = c.hedgeCommission + c.hedgeSlippage;
  const extra: Partial<Metrics> = {};
  if (rec.bandTriggers) extra.bandTriggers = Object.fromEntries(rec.groups.map((g, k) => [g, rec.bandTriggers![k]]));
  if (rec.borrowByName) extra.borrowByName = rec.borrowByName;
  if (rec.sectorPnl) {
    const v = residualVariances(rec.sectorPnl, G, T);
    const by: Record<string, number> = {};
    let sum = 0, any = false;
    rec.groups.forEach((g, k) => { if (v[k] === v[k]) { by[g] = v[k]; sum += v[k]; any = true; } });
    extra.residualSectorVariance = any ? sum : NaN;
    extra.residualSectorVarianceBySector = by;
    let shadow: number | undefined;
    if (rec.shadowPnl) {
      const s = residualVariances(rec.shadowPnl, G, T);
      let total = 0, n = 0;
      for (let k = 0; k < G; k++) if (s[k] === s[k]) { total += s[k]; n++; }
      shadow = n ? total : NaN;
    }
    const beta = o.sector_hedge_ratio === 'beta';
    extra.residualSectorVarianceDollar = beta ? shadow ?? NaN : extra.residualSectorVariance;
    if (beta) extra.residualSectorVarianceBeta = extra.residualSectorVariance;
    else if (shadow !== undefined) extra.residualSectorVarianceBeta = shadow;
  }
  const metrics: Metrics = {
    totalReturn: rec.equity[T - 1] / o.initial_cash - 1,
    cagr: annualReturn(r),
    annualVolatility: annualVolatility(r),
    sharpeRatio: sharpeRatio(r, o.risk_free_rate / 252),
    sortinoRatio: sortinoRatio(r, 0),
    maxDrawdown: maxDrawdown(r),
    calmarRatio: calmarRatio(r),
    // Traded notional over mean equity: not defined (never negative) when equity averaged zero or less.
    turnover: meanEquity > 0 ? ((traded / meanEquity) * 252) / T : NaN,
    totalCosts: { stocks, hedges, borrow: c.borrow, total: stocks + hedges + c.borrow },
    realisedBeta: beta(r, instrumentReturns(rec)),
    meanAbsExposureError: errN ? errSum / errN : 0,
    tradeCount,
    hedgeTradeCount: hedgeTrades,
    ...extra,
  };
  return rec.insolvency ? invalidated(metrics, rec.insolvency) : metrics;
}

/** Performance metrics of a run whose equity reached zero or below mean nothing: NaN, with the reason. */
const RETURN_BASED: readonly (keyof Metrics)[] = ['totalReturn', 'cagr', 'annualVolatility', 'sharpeRatio', 'sortinoRatio', 'maxDrawdown', 'calmarRatio', 'turnover', 'realisedBeta', 'meanAbsExposureError', 'residualSectorVariance', 'residualSectorVarianceDollar', 'residualSectorVarianceBeta'];

function invalidated(m: Metrics, why: { code: string; date: string; message: string }): Metrics {
  const out = { ...m } as Record<string, unknown>;
  for (const k of RETURN_BASED) if (out[k] !== undefined) out[k] = NaN;
  if (m.residualSectorVarianceBySector) out.residualSectorVarianceBySector = Object.fromEntries(Object.keys(m.residualSectorVarianceBySector).map((g) => [g, NaN]));
  out.invalid = { code: why.code, date: why.date, message: why.message };
  return out as unknown as Metrics;
}

/** Metrics under the snake_case names used in metrics.json. */
export function metricsSnakeCase(m: Metrics): Record<string, unknown> {
  return {
    // false: equity reached zero or below (on_bankruptcy "continue"); every metric is null.
    metrics_valid: !m.invalid,
    ...(m.invalid ? { metrics_invalid: { code: m.invalid.code, date: m.invalid.date, message: m.invalid.message } } : {}),
    total_return: m.totalReturn,
    cagr: m.cagr,
    annual_volatility: m.annualVolatility,
    sharpe_ratio: m.sharpeRatio,
    sortino_ratio: m.sortinoRatio,
    max_drawdown: m.maxDrawdown,
    calmar_ratio: m.calmarRatio,
    turnover: m.turnover,
    total_costs: { stocks: m.totalCosts.stocks, hedges: m.totalCosts.hedges, borrow: m.totalCosts.borrow, total: m.totalCosts.total },
    realised_beta: m.realisedBeta,
    mean_abs_exposure_error: m.meanAbsExposureError,
    trade_count: m.tradeCount,
    hedge_trade_count: m.hedgeTradeCount,
    ...(m.bandTriggers ? { band_triggers: m.bandTriggers } : {}),
    ...(m.borrowByName ? { borrow_by_name: m.borrowByName } : {}),
    ...(m.residualSectorVariance !== undefined ? {
      residual_sector_variance: m.residualSectorVariance,
      residual_sector_variance_dollar: m.residualSectorVarianceDollar,
      ...(m.residualSectorVarianceBeta !== undefined ? { residual_sector_variance_beta: m.residualSectorVarianceBeta } : {}),
      residual_sector_variance_by_sector: m.residualSectorVarianceBySector,
    } : {}),
  };
}

// The simulation's floor for the no-hedge job: one fused loop per day over the same price
// matrix and the same scheduled signal vectors, doing the whole job (mark with carried
// prices, borrow, equity, size the targets from the demeaned and normalised signals, trade
// with fill price, commission and slippage) and nothing else: no exposures, no warnings,
// no per-step passes, trades only counted and summed. It reproduces the engine's final
// equity and trade count for the no-hedge config (checked by the caller), so the ratio
// engine / floor is what the engine's structure costs over the arithmetic itself.
import type { PriceTable } from '../engine/types';
import type { ResolvedOptions } from '../engine/backtest/options';
import type { TargetSchedule } from '../engine/backtest/inputs';
import { commissionFor, fillPrice } from '../engine/backtest/costs';

export interface FusedResult {
  finalEquity: number;
  trades: number;
  seconds: number;
  cpuSeconds: number;
}

function roundHalfAway(x: number): number {
  const r = Math.round(Math.abs(x));
  return x < 0 && r !== 0 ? -r : r;
}

export function fusedNoHedgeRun(
  o: ResolvedOptions,
  table: PriceTable,
  schedule: TargetSchedule,
  i0: number,
  i1: number,
): { finalEquity: number; trades: number } {
  const n = table.tickers.length,
    cols = table.columns;
  const px = new Float64Array(n).fill(NaN),
    sh = new Float64Array(n),
    close = new Float64Array(n),
    target = new Float64Array(n);
  const w = new Float64Array(n);
  const c = o.stock_costs,
    daily = o.rebalance_frequency === 'daily';
  let cash = o.initial_cash,
    trades = 0;
  let active: { tickers: Int32Array; values: Float64Array } | null = null;
  for (let t = i0; t <= i1; t++) {
    // Mark: carried prices, short value for borrow, equity, in one pass.
    let shortValue = 0,
      value = 0;
    for (let j = 0; j < n; j++) {
      const p = cols[j][t];
      close[j] = p;
      if (p > 0) px[j] = p;
      const s = sh[j];
      if (s !== 0) {
        const v = s * px[j];
        value += v;
        if (s < 0) shortValue -= v;
      }
    }
    if (t > i0 && o.cash_rate_annual !== 0) cash += (cash * o.cash_rate_annual) / 252;
    if (t > i0 && o.borrow_rate_annual !== 0) cash -= (shortValue * o.borrow_rate_annual) / 252;
    const equity = cash + value;
    const due = schedule.byDay.get(t);
    if (due) active = due;
    if (active && (daily || due)) {
      // Size: demean, normalise to gross leverage, shares at today's equity; then trade.
      const a = active,
        m = a.values.length;
      let mean = 0,
        gross = 0;
      if (o.demean_signals && m) {
        for (let k = 0; k < m; k++) mean += a.values[k];
        mean /= m;
      }
      for (let k = 0; k < m; k++) {
        const v = a.values[k] - (o.demean_signals ? mean : 0);
        w[k] = v;
        gross += Math.abs(v);
      }
      target.fill(0);
      for (let j = 0; j < n; j++) if (sh[j] !== 0 && !(close[j] > 0)) target[j] = sh[j];
      for (let k = 0; k < m; k++) {
        const j = a.tickers[k];
        if (!(close[j] > 0)) {
          target[j] = sh[j];
          continue;
        }
        target[j] = roundHalfAway(((gross > 0 ? (w[k] / gross) * o.gross_leverage : 0) * equity) / close[j]);
      }
      for (let j = 0; j < n; j++) {
        const q = target[j] - sh[j];
        if (q === 0 || !(close[j] > 0)) continue;
        const fill = fillPrice(close[j], q, c),
          notional = q * fill;
        cash -= notional + commissionFor(q, fill, c);
        sh[j] += q;
        trades++;
      }
    }
  }
  // The day's closing equity, as the recorder sums it.
  let long = 0,
    short = 0;
  for (let j = 0; j < n; j++) {
    if (sh[j] === 0) continue;
    const v = sh[j] * px[j];
    if (v > 0) long += v;
    else short += v;
  }
  return { finalEquity: cash + long + short, trades };
}

/** Fastest of `runs` passes (after a warm-up), as the returns floor is measured. */
export function measureFused(
  o: ResolvedOptions,
  table: PriceTable,
  schedule: TargetSchedule,
  i0: number,
  i1: number,
  runs = 5,
): FusedResult {
  let r = fusedNoHedgeRun(o, table, schedule, i0, i1);
  let best = Infinity,
    bestCpu = Infinity;
  for (let k = 0; k < runs; k++) {
    const t0 = performance.now(),
      c0 = process.cpuUsage();
    r = fusedNoHedgeRun(o, table, schedule, i0, i1);
    const c = process.cpuUsage(c0);
    best = Math.min(best, (performance.now() - t0) / 1000);
    bestCpu = Math.min(bestCpu, (c.user + c.system) / 1e6);
  }
  return { ...r, seconds: best, cpuSeconds: bestCpu };
}

// Return analytics a quant looks for, computed from the run's daily series (pure, no DOM,
// unit-tested in node): drawdown from the running peak, calendar-month returns, rolling
// beta and Sharpe, and each trade's position after it.
import type { ResultsJson, Trade } from '../engine/types';

/** Days in the rolling windows (one quarter of trading days). */
export const ROLLING_DAYS = 63;

/** Equity / running peak − 1 per day (0 at a new high, negative below it). */
export function drawdown(equity: readonly number[]): number[] {
  const out = new Array<number>(equity.length);
  let peak = -Infinity;
  for (let i = 0; i < equity.length; i++) {
    const e = equity[i];
    if (e > peak) peak = e;
    out[i] = peak > 0 ? e / peak - 1 : 0;
  }
  return out;
}

export interface MonthlyReturns {
  years: number[];
  /** [year row][month 0-11]: compounded return of the days in that month, null without days. */
  cells: (number | null)[][];
  /** Compounded return of each year's days in the run. */
  yearTotals: number[];
}

/** Compounds daily returns by calendar month (a month's first day counts its own return). */
export function monthlyReturns(dates: readonly string[], dailyReturn: readonly number[]): MonthlyReturns {
  const byYear = new Map<number, { cells: (number | null)[]; total: number }>();
  // The first day's return is 0 by definition (no previous equity), so it adds nothing.
  for (let i = 0; i < dates.length; i++) {
    const y = Number(dates[i].slice(0, 4)),
      m = Number(dates[i].slice(5, 7)) - 1;
    let row = byYear.get(y);
    if (!row) byYear.set(y, (row = { cells: new Array(12).fill(null), total: 1 }));
    const r = Number.isFinite(dailyReturn[i]) ? dailyReturn[i] : 0;
    row.cells[m] = ((row.cells[m] ?? 0) + 1) * (1 + r) - 1;
    row.total *= 1 + r;
  }
  const years = [...byYear.keys()].sort((a, b) => a - b);
  return { years, cells: years.map((y) => byYear.get(y)!.cells), yearTotals: years.map((y) => byYear.get(y)!.total - 1) };
}

/** Daily returns of the rebased benchmark (null where it or the day before has no price). */
export function benchmarkReturns(benchmark: readonly (number | null)[]): (number | null)[] {
  return benchmark.map((b, i) => {
    const p = i > 0 ? benchmark[i - 1] : null;
    return b === null || p === null || !p ? null : b / p - 1;
  });
}

/**
 * Beta of the book's daily returns to the benchmark's over the last `window` days (both
 * present), ending on each day; null until the window has `window` paired days.
 */
export function rollingBeta(ret: readonly number[], bench: readonly (number | null)[], window = ROLLING_DAYS): (number | null)[] {
  const out: (number | null)[] = new Array(ret.length).fill(null);
  for (let i = window; i < ret.length; i++) {
    let n = 0,
      sx = 0,
      sy = 0,
      sxx = 0,
      sxy = 0;
    for (let k = i - window + 1; k <= i; k++) {
      const x = bench[k];
      if (x === null || !Number.isFinite(ret[k])) continue;
      n++;
      sx += x;
      sy += ret[k];
      sxx += x * x;
      sxy += x * ret[k];
    }
    if (n < window) continue;
    const vx = sxx - (sx * sx) / n;
    out[i] = vx > 0 ? (sxy - (sx * sy) / n) / vx : null;
  }
  return out;
}

/** Annualised Sharpe ratio (risk-free 0, ddof 1, √252) of the last `window` daily returns. */
export function rollingSharpe(ret: readonly number[], window = ROLLING_DAYS): (number | null)[] {
  const out: (number | null)[] = new Array(ret.length).fill(null);
  // Day 0 has no return (no previous equity), so the first full window ends on day `window`.
  for (let i = window; i < ret.length; i++) {
    let s = 0,
      ss = 0;
    for (let k = i - window + 1; k <= i; k++) {
      s += ret[k];
      ss += ret[k] * ret[k];
    }
    const mean = s / window;
    const v = (ss - window * mean * mean) / (window - 1);
    out[i] = v > 1e-18 ? (mean / Math.sqrt(v)) * Math.sqrt(252) : null;
  }
  return out;
}

/** Each trade's shares held of its ticker right after it (trades in the order they happened). */
export function positionsAfterTrades(trades: readonly Trade[]): Float64Array {
  const held = new Map<string, number>();
  const out = new Float64Array(trades.length);
  for (let i = 0; i < trades.length; i++) {
    const t = trades[i];
    const v = (held.get(t.ticker) ?? 0) + t.quantity;
    // Rounding residue of fractional fills must not show as a tiny leftover position.
    const clean = Math.abs(v) < 1e-9 ? 0 : v;
    held.set(t.ticker, clean);
    out[i] = clean;
  }
  return out;
}

/** The series the Returns tab draws, for one run. */
export function returnsAnalytics(d: ResultsJson) {
  const bench = benchmarkReturns(d.series.benchmark);
  return {
    drawdown: drawdown(d.series.equity),
    unhedgedDrawdown: drawdown(d.series.unhedgedEquity),
    monthly: monthlyReturns(d.dates, d.series.dailyReturn),
    beta: rollingBeta(d.series.dailyReturn, bench),
    sharpe: rollingSharpe(d.series.dailyReturn),
  };
}

// Run warnings about the data itself (not about one day's trading): likely price typos
// inside the run's window, and a beta the OLS cannot estimate because the instrument's
// price never moves. Kept out of the day loop so the loop stays about trading.
import type { PriceTable } from '../types';
import type { WarningLog } from './warnings';
import { describeAnomaly, findPriceAnomalies, MIN_PLAUSIBLE_PRICE, SPIKE_FACTOR } from '../data/priceAnomalies';
import { sample } from '../data/prices';
import { MIN_BETA_OBSERVATIONS } from '../hedging/rollingBeta';

/** One warning per ticker with a one-day 10x jump that reverts, or a price below 1e-6, inside days i0..i1. */
export function addPriceAnomalyWarnings(warnings: WarningLog, table: PriceTable, i0: number, i1: number): void {
  const from = table.dates[i0], to = table.dates[i1];
  const found = (table.quality.anomalies ?? findPriceAnomalies(table)).filter((a) => a.date >= from && a.date <= to);
  const byTicker = new Map<string, typeof found>();
  for (const a of found) { const l = byTicker.get(a.ticker); if (l) l.push(a); else byTicker.set(a.ticker, [a]); }
  for (const [ticker, list] of byTicker) {
    const spike = list.some((a) => a.kind === 'spike');
    warnings.add(`price-typo:${ticker}`, () => ({
      code: spike ? 'price-spike' : 'tiny-price', ticker, date: list[0].date, count: list.length,
      message: spike
        ? `${ticker}'s price jumps ${SPIKE_FACTOR}x or more for one day and back (${sample(list.map(describeAnomaly), 2)}): almost always a typo in ${table.file}; every metric of this run depends on it.`
        : `${ticker} has a price below ${MIN_PLAUSIBLE_PRICE} (${sample(list.map(describeAnomaly), 2)}): almost always a unit slip in ${table.file}.`,
    }));
  }
}

/**
 * The reason a ticker's beta is unknown today: too little history, or an instrument whose
 * returns have no variance in the window (a constant price), where OLS has no slope.
 */
export function addUnknownBetaWarning(warnings: WarningLog, ticker: string, instrument: string, date: string, lookback: number, observations: number): void {
  if (observations >= MIN_BETA_OBSERVATIONS) {
    warnings.add(`flat-instrument:${instrument}`, () => ({
      code: 'flat-beta-instrument', ticker: instrument, date,
      message: `beta_hedge_instrument ${instrument}'s price does not move in the ${lookback}-day beta window on ${date} (zero variance), so no beta can be estimated; every stock's beta is taken as 1 (see count of days).`,
    }));
    return;
  }
  warnings.add(`short-beta-history:${ticker}`, () => ({ code: 'short-beta-history', ticker, date, message: `${ticker} has fewer than ${MIN_BETA_OBSERVATIONS} daily returns in the ${lookback}-day beta window on ${date}; its beta is taken as 1 (see count of days).` }));
}

/**
 * The proportional method scales a sector's positions towards its target; a sector held
 * only long (or only short) can reach a target such as 0 only by closing every position.
 */
export function warnProportionalClosed(warnings: WarningLog, sector: string, date: string, target: number, long: boolean): void {
  warnings.add(`proportional-closed:${sector}`, () => ({
    code: 'proportional-closed', sector, date,
    message: `${sector} is held only ${long ? 'long' : 'short'}, so the proportional method can reach its target ${target} only by closing every ${sector} position (first on ${date}; see count of days). Use "sector_hedge_method": "etf" to keep the positions and hedge with an ETF, or hold both long and short names in ${sector}.`,
  }));
}

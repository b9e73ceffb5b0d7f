// The warnings catalogue of a run: every warning the day loop can record, its key (one
// entry per key, repeats counted), code and wording, in one place. docs/errors.md lists
// the codes; test/reliability/error-catalogue.test.ts checks that it lists all of them.
import type { PriceTable } from '../types';
import type { WarningLog } from './warnings';
import { describeAnomaly, findPriceAnomalies, MIN_PLAUSIBLE_PRICE, SPIKE_FACTOR } from '../data/priceAnomalies';
import { sample } from '../data/prices';
import { MIN_BETA_OBSERVATIONS } from '../hedging/rollingBeta';

export function unknownSector(
  warnings: WarningLog,
  sector: string,
  mappingFile: string,
  column: string,
  alt: { column: string } | undefined,
): void {
  warnings.add(`unknown-sector:${sector}`, () => ({
    code: 'unknown-sector',
    sector,
    message: `sector_target_exposures names "${sector}", which no ticker in ${mappingFile} has (column "${column}"); it is ignored.${alt ? ` "${sector}" is a value of the "${alt.column}" column: set "hedge_group_column": "${alt.column}" to hedge by ${alt.column}.` : ''}`,
  }));
}

/** ETF mapping keys that are groups of another column (the guide's industry example without hedge_group_column). */
export function hedgeGroupColumn(
  warnings: WarningLog,
  other: { column: string; matched: string[] },
  column: string,
  mappingFile: string,
): void {
  warnings.add('hedge-group-column', () => ({
    code: 'hedge-group-column',
    message: `sector_etf_mapping names ${other.matched.map((k) => `"${k}"`).join(', ')}, which are not "${column}" values in ${mappingFile} but values of its "${other.column}" column, so ${other.matched.length === 1 ? 'that entry has' : 'those entries have'} no stocks. Set "hedge_group_column": "${other.column}" to hedge by ${other.column}.`,
  }));
}

export function missingInstrument(warnings: WarningLog, instrument: string, priceFile: string, betaHedge: boolean): void {
  warnings.add('missing-instrument', () => ({
    code: 'missing-instrument',
    ticker: instrument,
    message: `beta_hedge_instrument ${instrument} has no column in ${priceFile}; ${betaHedge ? 'no beta hedge is placed' : 'market variables are NaN'}.`,
  }));
}

export function lookAhead(warnings: WarningLog): void {
  warnings.add('look-ahead', () => ({
    code: 'look-ahead',
    message:
      'execution_delay_days is 0: each signal trades at the close of its own date, which assumes it was known before that close (look-ahead).',
  }));
}

/** `what`: "orders input (x.csv) has no orders" or "weights input (x.csv) has no rows". */
export function inputNoRows(warnings: WarningLog, what: string): void {
  warnings.add('input-no-rows', () => ({ code: 'input-no-rows', message: `The ${what}: nothing is traded.` }));
}

export function noTrades(warnings: WarningLog, first: string, last: string): void {
  // When the proportional method closed one-sided sectors, that is the cause, not the inputs.
  const closed = warnings
    .list()
    .filter((w) => w.code === 'proportional-closed')
    .map((w) => w.sector ?? '');
  warnings.add('no-trades', () => ({
    code: 'no-trades',
    message: closed.length
      ? `No trade happened between ${first} and ${last}: the proportional method closed every position of ${closed.join(', ')} (see the proportional-closed warning), so nothing was held.`
      : `No trade happened between ${first} and ${last}: check the inputs' dates and tickers against the price file and the run's dates.`,
  }));
}

/**
 * The proportional method scales a sector's positions towards its target; a sector held
 * only long (or only short) can reach a target such as 0 only by closing every position.
 */
export function proportionalClosed(warnings: WarningLog, sector: string, date: string, target: number, long: boolean): void {
  warnings.add(`proportional-closed:${sector}`, () => ({
    code: 'proportional-closed',
    sector,
    date,
    message: `${sector} is held only ${long ? 'long' : 'short'}, so the proportional method can reach its target ${target} only by closing every ${sector} position (first on ${date}; see count of days). Use "sector_hedge_method": "etf" to keep the positions and hedge with an ETF, or hold both long and short names in ${sector}.`,
  }));
}

/** One warning per ticker with a one-day 10x jump that reverts, or a price below 1e-6, inside days i0..i1. */
export function priceAnomalies(warnings: WarningLog, table: PriceTable, i0: number, i1: number): void {
  const from = table.dates[i0],
    to = table.dates[i1];
  const found = (table.quality.anomalies ?? findPriceAnomalies(table)).filter((a) => a.date >= from && a.date <= to);
  const byTicker = new Map<string, typeof found>();
  for (const a of found) {
    const l = byTicker.get(a.ticker);
    if (l) l.push(a);
    else byTicker.set(a.ticker, [a]);
  }
  for (const [ticker, list] of byTicker) {
    const spike = list.some((a) => a.kind === 'spike');
    warnings.add(`price-typo:${ticker}`, () => ({
      code: spike ? 'price-spike' : 'tiny-price',
      ticker,
      date: list[0].date,
      count: list.length,
      message: spike
        ? `${ticker}'s price jumps ${SPIKE_FACTOR}x or more for one day and back (${sample(list.map(describeAnomaly), 2)}): almost always a typo in ${table.file}; every metric of this run depends on it.`
        : `${ticker} has a price below ${MIN_PLAUSIBLE_PRICE} (${sample(list.map(describeAnomaly), 2)}): almost always a unit slip in ${table.file}.`,
    }));
  }
}

export function noPrice(warnings: WarningLog, ticker: string, date: string, what: string): void {
  warnings.add(`no-price:${ticker}`, () => ({
    code: 'no-price-no-trade',
    ticker,
    date,
    message: `${ticker} has no price on ${date}, so its ${what} could not trade that day (first such day; see count).`,
  }));
}

export function unmappedTicker(warnings: WarningLog, ticker: string, column: string): void {
  warnings.add(`unmapped-ticker:${ticker}`, () => ({
    code: 'unmapped-ticker',
    ticker,
    message: `${ticker} has no ${column} in the sector mapping; its exposure is not hedged.`,
  }));
}

/** A held group without a tradable ETF: none mapped, or the mapped one has no price column. */
export function unhedgedSector(warnings: WarningLog, sector: string, etf: string | null, date: string, priceFile: string): void {
  warnings.add(`unhedged-sector:${sector}`, () => ({
    code: etf ? 'etf-missing' : 'unhedged-sector',
    sector,
    ticker: etf ?? undefined,
    date,
    message: etf
      ? `${sector}'s ETF ${etf} has no column in ${priceFile}; ${sector} stays unhedged.`
      : `${sector} has no ETF in sector_etf_mapping; it stays unhedged.`,
  }));
}

/** The group's ETF `e` has no price on day `t` (it may not have started trading yet). */
export function etfNoPrice(warnings: WarningLog, sector: string, table: PriceTable, e: number, t: number): void {
  const etf = table.tickers[e],
    date = table.dates[t];
  warnings.add(`etf-no-price:${sector}`, () => ({
    code: 'etf-no-price',
    sector,
    ticker: etf,
    date,
    message: `${etf} (ETF of ${sector}) has no price on ${date}${table.firstIndex[e] > t ? ` (it starts on ${table.dates[table.firstIndex[e]] ?? 'no date'})` : ''}; ${sector} stays unhedged on such days (see count).`,
  }));
}

/**
 * A ticker's beta is unknown today: too little history, or (with enough observations) an
 * instrument whose returns have no variance in the window (a constant price): OLS has no slope.
 */
export function shortBetaHistory(
  warnings: WarningLog,
  ticker: string,
  date: string,
  lookbackDays: number,
  observations = 0,
  instrument = '',
): void {
  if (observations >= MIN_BETA_OBSERVATIONS) {
    warnings.add(`flat-instrument:${instrument}`, () => ({
      code: 'flat-beta-instrument',
      ticker: instrument,
      date,
      message: `beta_hedge_instrument ${instrument}'s price does not move in the ${lookbackDays}-day beta window on ${date} (zero variance), so no beta can be estimated; every stock's beta is taken as 1 (see count of days).`,
    }));
    return;
  }
  warnings.add(`short-beta-history:${ticker}`, () => ({
    code: 'short-beta-history',
    ticker,
    date,
    message: `${ticker} has fewer than 20 daily returns in the ${lookbackDays}-day beta window on ${date}; its beta is taken as 1 (see count of days).`,
  }));
}

export function carriedPrice(warnings: WarningLog, ticker: string, days: number): void {
  warnings.add(`carried:${ticker}`, () => ({
    code: 'carried-price',
    ticker,
    count: days,
    message: `${ticker} was held on ${days} day(s) without a price and valued at its last known price.`,
  }));
}

export function shortSectorBetaHistory(warnings: WarningLog, ticker: string, etf: string, date: string, lookbackDays: number): void {
  warnings.add(`short-sector-beta-history:${ticker}`, () => ({
    code: 'short-sector-beta-history',
    ticker,
    date,
    message: `${ticker} has fewer than 20 daily returns against ${etf} in the ${lookbackDays}-day window of sector_hedge_ratio "beta" on ${date}; its beta to ${etf} is taken as 1 (see count of days).`,
  }));
}

/** A one-sided sector whose target has the other sign: the proportional method closes it rather than flip signs. */
export function proportionalUnreachable(warnings: WarningLog, sector: string, date: string, target: number): void {
  warnings.add(`proportional-unreachable:${sector}`, () => ({
    code: 'proportional-unreachable',
    sector,
    date,
    message: `${sector} cannot reach its target of ${target} of the basis on ${date} without turning longs into shorts (or back): it holds only one side, so the proportional method closed it, the nearest exposure it can reach (first such day; see count).`,
  }));
}

/** Weights/signals whose effective day falls before the run's first day: they trade on day one. */
export function inputBeforeStart(warnings: WarningLog, kind: string, count: number, latest: string, first: string): void {
  warnings.add('input-before-start', () => ({
    code: 'input-before-start',
    date: latest,
    count,
    message: `${count} ${kind} date(s) take effect before the run's first day ${first} (start_date); the latest, ${latest}, trades on ${first} (earlier ones are superseded).`,
  }));
}

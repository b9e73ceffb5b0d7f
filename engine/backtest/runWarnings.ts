// The warnings catalogue of a run: every warning the day loop can record, its key (one
// entry per key, repeats counted), code and wording, in one place. docs/errors.md lists
// the codes; test/reliability/error-catalogue.test.ts checks that it lists all of them.
import type { PriceTable } from '../types';
import type { WarningLog } from './warnings';

export function unknownSector(warnings: WarningLog, sector: string, mappingFile: string, column: string, alt: { column: string } | undefined): void {
  warnings.add(`unknown-sector:${sector}`, () => ({ code: 'unknown-sector', sector, message: `sector_target_exposures names "${sector}", which no ticker in ${mappingFile} has (column "${column}"); it is ignored.${alt ? ` "${sector}" is a value of the "${alt.column}" column: set "hedge_group_column": "${alt.column}" to hedge by ${alt.column}.` : ''}` }));
}

/** ETF mapping keys that are groups of another column (the guide's industry example without hedge_group_column). */
export function hedgeGroupColumn(warnings: WarningLog, other: { column: string; matched: string[] }, column: string, mappingFile: string): void {
  warnings.add('hedge-group-column', () => ({
    code: 'hedge-group-column',
    message: `sector_etf_mapping names ${other.matched.map((k) => `"${k}"`).join(', ')}, which are not "${column}" values in ${mappingFile} but values of its "${other.column}" column, so ${other.matched.length === 1 ? 'that entry has' : 'those entries have'} no stocks. Set "hedge_group_column": "${other.column}" to hedge by ${other.column}.`,
  }));
}

export function missingInstrument(warnings: WarningLog, instrument: string, priceFile: string, betaHedge: boolean): void {
  warnings.add('missing-instrument', () => ({ code: 'missing-instrument', ticker: instrument, message: `beta_hedge_instrument ${instrument} has no column in ${priceFile}; ${betaHedge ? 'no beta hedge is placed' : 'market variables are NaN'}.` }));
}

export function lookAhead(warnings: WarningLog): void {
  warnings.add('look-ahead', () => ({ code: 'look-ahead', message: 'execution_delay_days is 0: each signal trades at the close of its own date, which assumes it was known before that close (look-ahead).' }));
}

/** `what`: "orders input (x.csv) has no orders" or "weights input (x.csv) has no rows". */
export function inputNoRows(warnings: WarningLog, what: string): void {
  warnings.add('input-no-rows', () => ({ code: 'input-no-rows', message: `The ${what}: nothing is traded.` }));
}

export function noTrades(warnings: WarningLog, first: string, last: string): void {
  warnings.add('no-trades', () => ({ code: 'no-trades', message: `No trade happened between ${first} and ${last}: check the inputs' dates and tickers against the price file and the run's dates.` }));
}

export function noPrice(warnings: WarningLog, ticker: string, date: string, what: string): void {
  warnings.add(`no-price:${ticker}`, () => ({ code: 'no-price-no-trade', ticker, date, message: `${ticker} has no price on ${date}, so its ${what} could not trade that day (first such day; see count).` }));
}

export function unmappedTicker(warnings: WarningLog, ticker: string, column: string): void {
  warnings.add(`unmapped-ticker:${ticker}`, () => ({ code: 'unmapped-ticker', ticker, message: `${ticker} has no ${column} in the sector mapping; its exposure is not hedged.` }));
}

/** A held group without a tradable ETF: none mapped, or the mapped one has no price column. */
export function unhedgedSector(warnings: WarningLog, sector: string, etf: string | null, date: string, priceFile: string): void {
  warnings.add(`unhedged-sector:${sector}`, () => ({
    code: etf ? 'etf-missing' : 'unhedged-sector', sector, ticker: etf ?? undefined, date,
    message: etf ? `${sector}'s ETF ${etf} has no column in ${priceFile}; ${sector} stays unhedged.` : `${sector} has no ETF in sector_etf_mapping; it stays unhedged.`,
  }));
}

/** The group's ETF `e` has no price on day `t` (it may not have started trading yet). */
export function etfNoPrice(warnings: WarningLog, sector: string, table: PriceTable, e: number, t: number): void {
  const etf = table.tickers[e], date = table.dates[t];
  warnings.add(`etf-no-price:${sector}`, () => ({
    code: 'etf-no-price', sector, ticker: etf, date,
    message: `${etf} (ETF of ${sector}) has no price on ${date}${table.firstIndex[e] > t ? ` (it starts on ${table.dates[table.firstIndex[e]] ?? 'no date'})` : ''}; ${sector} stays unhedged on such days (see count).`,
  }));
}

export function shortBetaHistory(warnings: WarningLog, ticker: string, date: string, lookbackDays: number): void {
  warnings.add(`short-beta-history:${ticker}`, () => ({ code: 'short-beta-history', ticker, date, message: `${ticker} has fewer than 20 daily returns in the ${lookbackDays}-day beta window on ${date}; its beta is taken as 1 (see count of days).` }));
}

export function carriedPrice(warnings: WarningLog, ticker: string, days: number): void {
  warnings.add(`carried:${ticker}`, () => ({ code: 'carried-price', ticker, count: days, message: `${ticker} was held on ${days} day(s) without a price and valued at its last known price.` }));
}

export function shortSectorBetaHistory(warnings: WarningLog, ticker: string, etf: string, date: string, lookbackDays: number): void {
  warnings.add(`short-sector-beta-history:${ticker}`, () => ({ code: 'short-sector-beta-history', ticker, date, message: `${ticker} has fewer than 20 daily returns against ${etf} in the ${lookbackDays}-day window of sector_hedge_ratio "beta" on ${date}; its beta to ${etf} is taken as 1 (see count of days).` }));
}

/** A one-sided sector whose target has the other sign: the proportional method closes it rather than flip signs. */
export function proportionalUnreachable(warnings: WarningLog, sector: string, date: string, target: number): void {
  warnings.add(`proportional-unreachable:${sector}`, () => ({
    code: 'proportional-unreachable', sector, date,
    message: `${sector} cannot reach its target of ${target} of the basis on ${date} without turning longs into shorts (or back): it holds only one side, so the proportional method closed it, the nearest exposure it can reach (first such day; see count).`,
  }));
}

/** Weights/signals whose effective day falls before the run's first day: they trade on day one. */
export function inputBeforeStart(warnings: WarningLog, kind: string, count: number, latest: string, first: string): void {
  warnings.add('input-before-start', () => ({
    code: 'input-before-start', date: latest, count,
    message: `${count} ${kind} date(s) take effect before the run's first day ${first} (start_date); the latest, ${latest}, trades on ${first} (earlier ones are superseded).`,
  }));
}

// Read-only questions about loaded data that several features ask: the hedge groups
// of the mapping, a ticker's coverage, which tickers are ETFs.
import type { PriceTable, SectorMapping } from '../../engine/types';
import { defaultOf } from '../../engine/config/schema';
import { readyValue, type DataAccess } from './dataAccess';
import { stringValue, type ConfigModel } from './configModel';
import { defaultEtfMapping } from './schemaInfo';

export interface GroupInfo {
  name: string;
  tickers: string[];
  firstLine: number;
}

export interface TickerInfo {
  ticker: string;
  firstDate: string | undefined;
  lastDate: string | undefined;
  lastPrice: number | undefined;
  /** Empty cells between the ticker's first and last price. */
  missingDays: number;
}

export interface DataView {
  model: ConfigModel;
  prices: PriceTable | undefined;
  mapping: SectorMapping | undefined;
  groupColumn: string;
  /** Hedge groups in file order. */
  groups: Map<string, GroupInfo>;
  /** The config's sector_etf_mapping, or the default SPDR table. */
  etfMapping: Record<string, string>;
}

export function buildDataView(model: ConfigModel, data: DataAccess): DataView {
  const prices = readyValue(data.prices(model.paths.prices, model.paths.valueColumns.prices));
  const mapping = readyValue(data.mapping(model.paths.sectorMapping));
  const groupColumn = stringValue(model, 'hedge_group_column', 'sector');
  const groups = new Map<string, GroupInfo>();
  if (mapping) {
    for (const row of mapping.rows) {
      const g = row.values[groupColumn];
      if (!g) continue;
      let info = groups.get(g);
      if (!info) {
        info = { name: g, tickers: [], firstLine: row.line };
        groups.set(g, info);
      }
      // A point-in-time mapping may list a ticker in a group more than once.
      if (!mapping.history || !info.tickers.includes(row.ticker)) info.tickers.push(row.ticker);
    }
  }
  const given = model.value.sector_etf_mapping;
  const etfMapping =
    given && typeof given === 'object' && !Array.isArray(given)
      ? (Object.fromEntries(Object.entries(given as Record<string, unknown>).filter(([, v]) => typeof v === 'string')) as Record<
          string,
          string
        >)
      : defaultEtfMapping();
  return { model, prices, mapping, groupColumn, groups, etfMapping };
}

export function tickerInfo(prices: PriceTable, ticker: string): TickerInfo | undefined {
  const j = prices.index.get(ticker);
  if (j === undefined) return undefined;
  const first = prices.firstIndex[j];
  const last = prices.lastIndex[j];
  const col = prices.columns[j];
  let missing = 0;
  if (first >= 0) for (let i = first; i <= last; i++) if (Number.isNaN(col[i])) missing++;
  return {
    ticker,
    firstDate: first >= 0 ? prices.dates[first] : undefined,
    lastDate: last >= 0 ? prices.dates[last] : undefined,
    lastPrice: last >= 0 ? col[last] : undefined,
    missingDays: missing,
  };
}

/**
 * ETFs and instruments are the price columns the sector mapping does not classify as
 * stocks; without a mapping, the tickers of the ETF mapping and the beta instrument.
 */
export function isEtfLike(view: DataView, ticker: string): boolean {
  if (view.mapping) return !view.mapping.byTicker.has(ticker);
  return (
    Object.values(view.etfMapping).includes(ticker) ||
    ticker === stringValue(view.model, 'beta_hedge_instrument', defaultOf('beta_hedge_instrument'))
  );
}

/** The hedge group of a ticker in the mapping (undefined when unmapped; point-in-time: the latest row's). */
export function groupOf(view: DataView, ticker: string): string | undefined {
  return view.mapping?.byTicker.get(ticker)?.values[view.groupColumn];
}

/** 1234567.891 -> "1,234,567.89" (toFixed + grouping; Intl is slow for thousands of items). */
function grouped(n: number, digits: number): string {
  const [int, frac] = Math.abs(n).toFixed(digits).split('.');
  const withCommas = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (n < 0 ? '-' : '') + withCommas + (frac ? `.${frac}` : '');
}

export function formatMoney(n: number): string {
  const s = grouped(n, 0);
  return s.startsWith('-') ? `-$${s.slice(1)}` : `$${s}`;
}

export function formatPrice(n: number): string {
  return grouped(n, 2);
}

// Well-known hedge ETFs per group (the guide's SPDR, Vanguard and tech-industry tables),
// used to suggest alternatives that have data when a mapped ETF has none; built from the
// tables of engine/hedging/mappings.ts (SPDR first, as the schema's default).
import { defaultOf } from '../config/schema';
import { DEFAULT_SECTOR_ETF_MAPPING, TECH_INDUSTRY_ETF_MAPPING, VANGUARD_SECTOR_ETF_MAPPING } from '../hedging/mappings';

export const KNOWN_GROUP_ETFS: Readonly<Record<string, readonly string[]>> = Object.freeze(
  Object.fromEntries([
    ...Object.entries(DEFAULT_SECTOR_ETF_MAPPING).map(([sector, etf]) => [
      sector,
      [etf, ...(VANGUARD_SECTOR_ETF_MAPPING[sector] ? [VANGUARD_SECTOR_ETF_MAPPING[sector]] : [])],
    ]),
    ...Object.entries(TECH_INDUSTRY_ETF_MAPPING).map(([industry, etf]) => [industry, [etf]]),
  ]),
);

/** Broad-market tickers that make sense as a beta instrument, best (the schema's default) first. */
export const MARKET_INSTRUMENTS: readonly string[] = [defaultOf('beta_hedge_instrument'), 'IVV', 'VOO', 'VTI', 'QQQ', 'IWM', 'DIA'];

// Sector -> hedge ETF tables from the guide.
import { defaultOf } from '../config/schema';

/**
 * The 11 SPDR sector ETFs (the guide's "Default Sector ETF Mapping"): the schema's default
 * of `sector_etf_mapping`, the one table of them.
 */
export const DEFAULT_SECTOR_ETF_MAPPING: Readonly<Record<string, string>> = Object.freeze(defaultOf('sector_etf_mapping'));

/** The guide's Vanguard sector ETF table. */
export const VANGUARD_SECTOR_ETF_MAPPING: Readonly<Record<string, string>> = Object.freeze({
  Technology: 'VGT',
  Healthcare: 'VHT',
  Financials: 'VFH',
  Energy: 'VDE',
  'Consumer Discretionary': 'VCR',
  'Consumer Staples': 'VDC',
  Industrials: 'VIS',
  Materials: 'VAW',
  'Real Estate': 'VNQ',
  Utilities: 'VPU',
  'Communication Services': 'VOX',
});

/** The guide's tech industry ETFs; used with `hedge_group_column: "industry"`. */
export const TECH_INDUSTRY_ETF_MAPPING: Readonly<Record<string, string>> = Object.freeze({
  Software: 'IGV',
  Semiconductors: 'SOXX',
  Internet: 'FDN',
  Cybersecurity: 'HACK',
});

// The sample universe: stocks per sector (industry, market cap, first price), the sector
// factors, and the hedge ETFs with their basket rules.
import { DEFAULT_SECTOR_ETF_MAPPING, TECH_INDUSTRY_ETF_MAPPING, VANGUARD_SECTOR_ETF_MAPPING } from '../../engine/hedging/mappings';
import { defaultOf } from '../../engine/config/schema';

export const DEFAULT_SEED = 20190102;
export const FIRST_DATE = '2019-01-02';
export const LAST_DATE = '2023-12-29';

export interface StockDef {
  ticker: string;
  sector: string;
  industry: string;
  capBn: number;
  price: number;
}

/** ticker, industry, market cap ($bn) and first price, per sector. */
export const UNIVERSE: Record<string, [string, string, number, number][]> = {
  Technology: [
    ['MSFT', 'Software', 780, 101],
    ['ORCL', 'Software', 160, 45],
    ['ADBE', 'Software', 110, 224],
    ['CRM', 'Software', 105, 137],
    ['NVDA', 'Semiconductors', 90, 34],
    ['AMD', 'Semiconductors', 20, 18.8],
    ['INTC', 'Semiconductors', 210, 47],
    ['AVGO', 'Semiconductors', 100, 25],
    ['SHOP', 'Internet', 16, 14],
    ['EBAY', 'Internet', 28, 29],
    ['AKAM', 'Internet', 10, 61],
    ['GDDY', 'Internet', 12, 66],
    ['PANW', 'Cybersecurity', 18, 63],
    ['FTNT', 'Cybersecurity', 12, 14],
    ['CHKP', 'Cybersecurity', 16, 103],
    ['ZS', 'Cybersecurity', 5, 39],
  ],
  Healthcare: [
    ['JNJ', 'Pharmaceuticals', 345, 128],
    ['PFE', 'Pharmaceuticals', 240, 42],
    ['MRK', 'Pharmaceuticals', 195, 75],
    ['UNH', 'Managed Health Care', 240, 243],
    ['AMGN', 'Biotechnology', 125, 193],
  ],
  Financials: [
    ['JPM', 'Banks', 330, 99],
    ['BAC', 'Banks', 250, 25],
    ['WFC', 'Banks', 220, 47],
    ['GS', 'Capital Markets', 65, 173],
    ['CB', 'Insurance', 60, 129],
  ],
  Energy: [
    ['XOM', 'Integrated Oil & Gas', 290, 69],
    ['CVX', 'Integrated Oil & Gas', 210, 109],
    ['COP', 'Exploration & Production', 75, 63],
    ['EOG', 'Exploration & Production', 50, 88],
  ],
  'Consumer Discretionary': [
    ['AMZN', 'Internet Retail', 740, 76],
    ['TSLA', 'Automobiles', 55, 21],
    ['MCD', 'Restaurants', 135, 177],
    ['HD', 'Home Improvement Retail', 190, 172],
  ],
  'Consumer Staples': [
    ['PG', 'Household Products', 230, 92],
    ['CL', 'Household Products', 50, 60],
    ['KO', 'Beverages', 200, 47],
    ['PEP', 'Beverages', 155, 110],
  ],
  Industrials: [
    ['BA', 'Aerospace & Defense', 190, 323],
    ['LMT', 'Aerospace & Defense', 75, 262],
    ['CAT', 'Machinery', 75, 127],
    ['HON', 'Industrial Conglomerates', 100, 132],
    ['UNP', 'Railroads', 100, 138],
  ],
  Materials: [
    ['LIN', 'Chemicals', 85, 156],
    ['APD', 'Chemicals', 35, 160],
    ['NEM', 'Metals & Mining', 28, 35],
    ['FCX', 'Metals & Mining', 15, 10.5],
  ],
  'Real Estate': [
    ['AMT', 'Specialized REITs', 70, 158],
    ['CCI', 'Specialized REITs', 45, 104],
    ['PLD', 'Industrial REITs', 40, 58],
    ['SPG', 'Retail REITs', 52, 168],
  ],
  Utilities: [
    ['NEE', 'Electric Utilities', 83, 43],
    ['DUK', 'Electric Utilities', 63, 86],
    ['SO', 'Electric Utilities', 46, 44],
    ['D', 'Multi-Utilities', 57, 71],
  ],
  'Communication Services': [
    ['GOOGL', 'Interactive Media & Services', 730, 52],
    ['META', 'Interactive Media & Services', 380, 135],
    ['NFLX', 'Entertainment', 120, 267],
    ['DIS', 'Entertainment', 165, 109],
    ['VZ', 'Telecommunications', 235, 56],
  ],
};

/** Market beta, sector-factor daily vol and annual drift per sector. */
export const SECTOR_PARAMS: Record<string, { beta: number; vol: number; drift: number }> = {
  Technology: { beta: 1.2, vol: 0.006, drift: 0.06 },
  Healthcare: { beta: 0.8, vol: 0.005, drift: 0.02 },
  Financials: { beta: 1.1, vol: 0.007, drift: 0.0 },
  Energy: { beta: 1.1, vol: 0.012, drift: 0.02 },
  'Consumer Discretionary': { beta: 1.1, vol: 0.006, drift: 0.02 },
  'Consumer Staples': { beta: 0.6, vol: 0.004, drift: 0.0 },
  Industrials: { beta: 1.05, vol: 0.005, drift: 0.01 },
  Materials: { beta: 1.05, vol: 0.006, drift: 0.0 },
  'Real Estate': { beta: 0.8, vol: 0.007, drift: -0.02 },
  Utilities: { beta: 0.5, vol: 0.006, drift: 0.0 },
  'Communication Services': { beta: 1.0, vol: 0.006, drift: 0.0 },
};

/** ETF definitions: which hedge group it tracks, first price, weighting and tracking noise. */
export interface EtfDef {
  ticker: string;
  column: 'sector' | 'industry' | 'all';
  group: string;
  price: number;
  weighting: 'cap' | 'capped25' | 'equal';
  trackingVol: number;
  expenseRatio: number;
}
/** First price of each sector's SPDR and Vanguard ETF; the tickers are the guide's tables (engine/hedging/mappings.ts). */
const SPDR_PRICE: Record<string, number> = {
  Technology: 64,
  Healthcare: 87,
  Financials: 24,
  Energy: 58,
  'Consumer Discretionary': 100,
  'Consumer Staples': 51,
  Industrials: 65,
  Materials: 51,
  'Real Estate': 31,
  Utilities: 53,
  'Communication Services': 44,
};
const VANGUARD_PRICE: Record<string, number> = {
  Technology: 166,
  Healthcare: 160,
  Financials: 60,
  Energy: 85,
  'Consumer Discretionary': 150,
  'Consumer Staples': 135,
  Industrials: 120,
  Materials: 115,
  'Real Estate': 73,
  Utilities: 120,
  'Communication Services': 75,
};
const TECH = TECH_INDUSTRY_ETF_MAPPING;
export const ETFS: EtfDef[] = [
  ...Object.entries(DEFAULT_SECTOR_ETF_MAPPING).map(([group, ticker]): EtfDef => ({
    ticker,
    column: 'sector',
    group,
    price: SPDR_PRICE[group],
    weighting: 'capped25',
    trackingVol: 0.0004,
    expenseRatio: 0.001,
  })),
  ...Object.entries(VANGUARD_SECTOR_ETF_MAPPING).map(([group, ticker]): EtfDef => ({
    ticker,
    column: 'sector',
    group,
    price: VANGUARD_PRICE[group],
    weighting: 'cap',
    trackingVol: 0.0005,
    expenseRatio: 0.001,
  })),
  { ticker: TECH.Software, column: 'industry', group: 'Software', price: 185, weighting: 'cap', trackingVol: 0.0012, expenseRatio: 0.0041 },
  {
    ticker: TECH.Semiconductors,
    column: 'industry',
    group: 'Semiconductors',
    price: 165,
    weighting: 'cap',
    trackingVol: 0.0012,
    expenseRatio: 0.0035,
  },
  { ticker: TECH.Internet, column: 'industry', group: 'Internet', price: 120, weighting: 'cap', trackingVol: 0.0012, expenseRatio: 0.0051 },
  {
    ticker: TECH.Cybersecurity,
    column: 'industry',
    group: 'Cybersecurity',
    price: 34,
    weighting: 'equal',
    trackingVol: 0.0015,
    expenseRatio: 0.006,
  },
  {
    ticker: defaultOf('beta_hedge_instrument'),
    column: 'all',
    group: '',
    price: 250,
    weighting: 'cap',
    trackingVol: 0.0002,
    expenseRatio: 0.0009,
  },
];

/** First trading date of ETFs that list part-way through the sample (empty cells before). */
export const LISTINGS: Record<string, string> = { XLC: '2020-06-18' };

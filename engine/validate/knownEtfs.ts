// Well-known hedge ETFs per group (the guide's SPDR, Vanguard and tech-industry tables),
// used to suggest alternatives that have data when a mapped ETF has none.
export const KNOWN_GROUP_ETFS: Readonly<Record<string, readonly string[]>> = {
  'Technology': ['XLK', 'VGT'],
  'Healthcare': ['XLV', 'VHT'],
  'Financials': ['XLF', 'VFH'],
  'Energy': ['XLE', 'VDE'],
  'Consumer Discretionary': ['XLY', 'VCR'],
  'Consumer Staples': ['XLP', 'VDC'],
  'Industrials': ['XLI', 'VIS'],
  'Materials': ['XLB', 'VAW'],
  'Real Estate': ['XLRE', 'VNQ'],
  'Utilities': ['XLU', 'VPU'],
  'Communication Services': ['XLC', 'VOX'],
  'Software': ['IGV'],
  'Semiconductors': ['SOXX'],
  'Internet': ['FDN'],
  'Cybersecurity': ['HACK'],
};

/** Broad-market tickers that make sense as a beta instrument, best first. */
export const MARKET_INSTRUMENTS: readonly string[] = ['SPY', 'IVV', 'VOO', 'VTI', 'QQQ', 'IWM', 'DIA'];

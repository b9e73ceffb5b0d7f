// Seeded generator of the synthetic sample data in sample_data/ (`npm run gen:sample`).
//
// Prices come from a factor model: every stock's daily return is
//   alpha + beta * market + loading * sector + industry + idiosyncratic,
// the market has GARCH(1,1) volatility plus two stress regimes (a 2020-style crash and
// a 2022-style bear market) so volatility-based dynamic targets have something to react
// to. Every ETF is a basket of its members' returns (cap-weighted; SPDRs capped at 25%
// per name, HACK equal-weighted) plus small daily tracking noise and its expense ratio,
// so an ETF hedge carries real tracking error. SPY is the cap-weighted market of all
// stocks. XLC lists part-way through (empty cells before LISTINGS.XLC).
//
// Deterministic: a seeded PRNG (sfc32) and Marsaglia's polar method, no Math.random;
// running it twice gives byte-identical files. Usage:
//   tsx scripts/generate-sample-data.ts [--out DIR] [--seed N]
import { mkdirSync, writeFileSync } from 'node:fs';
import { writeLongPricesParquet } from './prices-parquet';
import path from 'node:path';

export const DEFAULT_SEED = 20190102;
export const FIRST_DATE = '2019-01-02';
export const LAST_DATE = '2023-12-29';

interface StockDef { ticker: string; sector: string; industry: string; capBn: number; price: number }

/** ticker, industry, market cap ($bn) and first price, per sector. */
const UNIVERSE: Record<string, [string, string, number, number][]> = {
  Technology: [
    ['MSFT', 'Software', 780, 101], ['ORCL', 'Software', 160, 45], ['ADBE', 'Software', 110, 224], ['CRM', 'Software', 105, 137],
    ['NVDA', 'Semiconductors', 90, 34], ['AMD', 'Semiconductors', 20, 18.8], ['INTC', 'Semiconductors', 210, 47], ['AVGO', 'Semiconductors', 100, 25],
    ['SHOP', 'Internet', 16, 14], ['EBAY', 'Internet', 28, 29], ['AKAM', 'Internet', 10, 61], ['GDDY', 'Internet', 12, 66],
    ['PANW', 'Cybersecurity', 18, 63], ['FTNT', 'Cybersecurity', 12, 14], ['CHKP', 'Cybersecurity', 16, 103], ['ZS', 'Cybersecurity', 5, 39],
  ],
  Healthcare: [
    ['JNJ', 'Pharmaceuticals', 345, 128], ['PFE', 'Pharmaceuticals', 240, 42], ['MRK', 'Pharmaceuticals', 195, 75],
    ['UNH', 'Managed Health Care', 240, 243], ['AMGN', 'Biotechnology', 125, 193],
  ],
  Financials: [
    ['JPM', 'Banks', 330, 99], ['BAC', 'Banks', 250, 25], ['WFC', 'Banks', 220, 47],
    ['GS', 'Capital Markets', 65, 173], ['CB', 'Insurance', 60, 129],
  ],
  Energy: [
    ['XOM', 'Integrated Oil & Gas', 290, 69], ['CVX', 'Integrated Oil & Gas', 210, 109],
    ['COP', 'Exploration & Production', 75, 63], ['EOG', 'Exploration & Production', 50, 88],
  ],
  'Consumer Discretionary': [
    ['AMZN', 'Internet Retail', 740, 76], ['TSLA', 'Automobiles', 55, 21], ['MCD', 'Restaurants', 135, 177],
    ['HD', 'Home Improvement Retail', 190, 172],
  ],
  'Consumer Staples': [
    ['PG', 'Household Products', 230, 92], ['CL', 'Household Products', 50, 60],
    ['KO', 'Beverages', 200, 47], ['PEP', 'Beverages', 155, 110],
  ],
  Industrials: [
    ['BA', 'Aerospace & Defense', 190, 323], ['LMT', 'Aerospace & Defense', 75, 262],
    ['CAT', 'Machinery', 75, 127], ['HON', 'Industrial Conglomerates', 100, 132], ['UNP', 'Railroads', 100, 138],
  ],
  Materials: [
    ['LIN', 'Chemicals', 85, 156], ['APD', 'Chemicals', 35, 160],
    ['NEM', 'Metals & Mining', 28, 35], ['FCX', 'Metals & Mining', 15, 10.5],
  ],
  'Real Estate': [
    ['AMT', 'Specialized REITs', 70, 158], ['CCI', 'Specialized REITs', 45, 104],
    ['PLD', 'Industrial REITs', 40, 58], ['SPG', 'Retail REITs', 52, 168],
  ],
  Utilities: [
    ['NEE', 'Electric Utilities', 83, 43], ['DUK', 'Electric Utilities', 63, 86],
    ['SO', 'Electric Utilities', 46, 44], ['D', 'Multi-Utilities', 57, 71],
  ],
  'Communication Services': [
    ['GOOGL', 'Interactive Media & Services', 730, 52], ['META', 'Interactive Media & Services', 380, 135],
    ['NFLX', 'Entertainment', 120, 267], ['DIS', 'Entertainment', 165, 109], ['VZ', 'Telecommunications', 235, 56],
  ],
};

/** Market beta, sector-factor daily vol and annual drift per sector. */
const SECTOR_PARAMS: Record<string, { beta: number; vol: number; drift: number }> = {
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
interface EtfDef {
  ticker: string;
  column: 'sector' | 'industry' | 'all';
  group: string;
  price: number;
  weighting: 'cap' | 'capped25' | 'equal';
  trackingVol: number;
  expenseRatio: number;
}
const SPDR: [string, string, number][] = [
  ['XLK', 'Technology', 64], ['XLV', 'Healthcare', 87], ['XLF', 'Financials', 24], ['XLE', 'Energy', 58],
  ['XLY', 'Consumer Discretionary', 100], ['XLP', 'Consumer Staples', 51], ['XLI', 'Industrials', 65],
  ['XLB', 'Materials', 51], ['XLRE', 'Real Estate', 31], ['XLU', 'Utilities', 53], ['XLC', 'Communication Services', 44],
];
const VANGUARD: [string, string, number][] = [
  ['VGT', 'Technology', 166], ['VHT', 'Healthcare', 160], ['VFH', 'Financials', 60], ['VDE', 'Energy', 85],
  ['VCR', 'Consumer Discretionary', 150], ['VDC', 'Consumer Staples', 135], ['VIS', 'Industrials', 120],
  ['VAW', 'Materials', 115], ['VNQ', 'Real Estate', 73], ['VPU', 'Utilities', 120], ['VOX', 'Communication Services', 75],
];
const ETFS: EtfDef[] = [
  ...SPDR.map(([ticker, group, price]): EtfDef => ({ ticker, column: 'sector', group, price, weighting: 'capped25', trackingVol: 0.0004, expenseRatio: 0.001 })),
  ...VANGUARD.map(([ticker, group, price]): EtfDef => ({ ticker, column: 'sector', group, price, weighting: 'cap', trackingVol: 0.0005, expenseRatio: 0.001 })),
  { ticker: 'IGV', column: 'industry', group: 'Software', price: 185, weighting: 'cap', trackingVol: 0.0012, expenseRatio: 0.0041 },
  { ticker: 'SOXX', column: 'industry', group: 'Semiconductors', price: 165, weighting: 'cap', trackingVol: 0.0012, expenseRatio: 0.0035 },
  { ticker: 'FDN', column: 'industry', group: 'Internet', price: 120, weighting: 'cap', trackingVol: 0.0012, expenseRatio: 0.0051 },
  { ticker: 'HACK', column: 'industry', group: 'Cybersecurity', price: 34, weighting: 'equal', trackingVol: 0.0015, expenseRatio: 0.006 },
  { ticker: 'SPY', column: 'all', group: '', price: 250, weighting: 'cap', trackingVol: 0.0002, expenseRatio: 0.0009 },
];

/** First trading date of ETFs that list part-way through the sample (empty cells before). */
export const LISTINGS: Record<string, string> = { XLC: '2020-06-18' };

// ---------------------------------------------------------------- random numbers

/** sfc32: small, fast, well-tested 32-bit generator; seeded through splitmix32. */
export function createRng(seed: number): { uniform(): number; normal(): number } {
  let s = seed >>> 0;
  const split = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = split(), b = split(), c = split(), d = split();
  const uniform = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
  for (let i = 0; i < 12; i++) uniform();
  let spare: number | null = null;
  // Marsaglia polar method: needs only log and sqrt (no trig), reproducible across platforms.
  const normal = (): number => {
    if (spare !== null) { const v = spare; spare = null; return v; }
    for (;;) {
      const u = 2 * uniform() - 1, v = 2 * uniform() - 1;
      const q = u * u + v * v;
      if (q > 0 && q < 1) {
        const f = Math.sqrt((-2 * Math.log(q)) / q);
        spare = v * f;
        return u * f;
      }
    }
  };
  return { uniform, normal };
}

// ---------------------------------------------------------------- calendar

function iso(y: number, m: number, d: number): string {
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
function weekday(y: number, m: number, d: number): number { return new Date(Date.UTC(y, m - 1, d)).getUTCDay(); }
function nthWeekday(y: number, m: number, dow: number, n: number): string {
  const first = weekday(y, m, 1);
  return iso(y, m, 1 + ((dow - first + 7) % 7) + 7 * (n - 1));
}
function lastWeekday(y: number, m: number, dow: number): string {
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const last = weekday(y, m, days);
  return iso(y, m, days - ((last - dow + 7) % 7));
}
/** A fixed-date holiday falling on a weekend is observed on the nearest weekday. */
function observed(y: number, m: number, d: number): string {
  const t = new Date(Date.UTC(y, m - 1, d));
  const w = t.getUTCDay();
  if (w === 6) t.setUTCDate(d - 1); else if (w === 0) t.setUTCDate(d + 1);
  return t.toISOString().slice(0, 10);
}
function easter(y: number): Date {
  // Anonymous Gregorian algorithm.
  const a = y % 19, b = Math.floor(y / 100), c = y % 100, d = Math.floor(b / 4), e = b % 4;
  const f = Math.floor((b + 8) / 25), g = Math.floor((b - f + 1) / 3), h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4), k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7, m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31), day = ((h + l - 7 * m + 114) % 31) + 1;
  return new Date(Date.UTC(y, month - 1, day));
}
/** NYSE full-day holidays (the usual ones; enough for realistic 252-day years). */
function nyseHolidays(y: number): Set<string> {
  const goodFriday = easter(y);
  goodFriday.setUTCDate(goodFriday.getUTCDate() - 2);
  const h = [
    observed(y, 1, 1), nthWeekday(y, 1, 1, 3), nthWeekday(y, 2, 1, 3), goodFriday.toISOString().slice(0, 10),
    lastWeekday(y, 5, 1), observed(y, 7, 4), nthWeekday(y, 9, 1, 1), nthWeekday(y, 11, 4, 4), observed(y, 12, 25),
  ];
  if (y >= 2022) h.push(observed(y, 6, 19));
  if (y === 2018) h.push('2018-12-05');
  return new Set(h);
}
export function tradingDays(first: string, last: string): string[] {
  const out: string[] = [];
  const t = new Date(`${first}T00:00:00Z`);
  const end = new Date(`${last}T00:00:00Z`);
  let year = -1;
  let holidays = new Set<string>();
  while (t <= end) {
    if (t.getUTCFullYear() !== year) { year = t.getUTCFullYear(); holidays = nyseHolidays(year); }
    const w = t.getUTCDay();
    const s = t.toISOString().slice(0, 10);
    if (w !== 0 && w !== 6 && !holidays.has(s)) out.push(s);
    t.setUTCDate(t.getUTCDate() + 1);
  }
  return out;
}

// ---------------------------------------------------------------- price model

/** Stress regimes of the market factor (2008 only matters to the long benchmark workloads). */
export function stressRegime(date: string): { drift: number; volMult: number } {
  if (date >= '2008-09-15' && date <= '2008-11-20') return { drift: -0.004, volMult: 3.0 };
  if (date >= '2020-02-24' && date <= '2020-03-23') return { drift: -0.011, volMult: 3.2 };
  if (date >= '2020-03-24' && date <= '2020-05-29') return { drift: 0.0045, volMult: 2.2 };
  if (date >= '2022-01-03' && date <= '2022-10-12') return { drift: -0.0012, volMult: 1.5 };
  return { drift: 0, volMult: 1 };
}

/**
 * The market factor, one day per call: GARCH(1,1) shocks around a 1%-a-day long-run
 * volatility, scaled by the day's stress regime. Draws one normal per call.
 */
export function createMarketFactor(rng: { normal(): number }): (date: string) => { market: number; volMult: number } {
  const longVar = 0.0095 * 0.0095, gA = 0.08, gB = 0.9;
  let variance = longVar, lastShock = 0;
  return (date) => {
    variance = longVar * (1 - gA - gB) + gA * lastShock * lastShock + gB * variance;
    const regime = stressRegime(date);
    const shock = Math.sqrt(variance) * rng.normal();
    lastShock = shock;
    return { market: 0.0002 + regime.drift + shock * regime.volMult, volMult: regime.volMult };
  };
}

/** Weights of members under an ETF's rule: cap-weighted, capped at 25% per name, or equal. */
export function basketWeights(caps: number[], weighting: EtfDef['weighting']): number[] {
  const n = caps.length;
  if (weighting === 'equal') return caps.map(() => 1 / n);
  const total = caps.reduce((a, b) => a + b, 0);
  let w = caps.map((c) => c / total);
  if (weighting === 'capped25' && n * 0.25 >= 1) {
    // Cap at 25% and spread the excess pro rata over the uncapped names until stable.
    for (let pass = 0; pass < n; pass++) {
      const capped = w.map((x) => x >= 0.25 - 1e-12);
      const excess = w.reduce((a, x) => a + Math.max(0, x - 0.25), 0);
      if (excess <= 1e-12) break;
      const freeTotal = w.reduce((a, x, i) => a + (capped[i] ? 0 : x), 0);
      w = w.map((x, i) => (capped[i] ? 0.25 : x + (excess * x) / freeTotal));
    }
  }
  return w;
}

export interface SampleData {
  dates: string[];
  stocks: StockDef[];
  etfs: EtfDef[];
  /** prices[ticker][i]; NaN before listing. */
  prices: Map<string, Float64Array>;
  /** Each stock's idiosyncratic daily return (for the signals' alpha component). */
  idio: Float64Array[];
}

export function simulate(seed: number = DEFAULT_SEED): SampleData {
  const rng = createRng(seed);
  const dates = tradingDays(FIRST_DATE, LAST_DATE);
  const T = dates.length;
  const stocks: StockDef[] = [];
  for (const [sector, list] of Object.entries(UNIVERSE)) {
    for (const [ticker, industry, capBn, price] of list) stocks.push({ ticker, sector, industry, capBn, price });
  }
  const sectors = Object.keys(UNIVERSE);
  const industries = [...new Set(stocks.map((s) => s.industry))];

  // Per-stock loadings, drawn once in a fixed order.
  const beta = stocks.map((s) => SECTOR_PARAMS[s.sector].beta * (0.8 + 0.4 * rng.uniform()));
  const sectorLoading = stocks.map(() => 0.8 + 0.4 * rng.uniform());
  const idioVol = stocks.map(() => 0.007 + 0.008 * rng.uniform());
  const alpha = stocks.map((s) => (SECTOR_PARAMS[s.sector].drift + 0.05 * rng.normal()) / 252);
  const industryVol = industries.map((ind) => (stocks.some((s) => s.industry === ind && s.sector === 'Technology') ? 0.006 : 0.003));

  const stockPx = stocks.map((s) => { const a = new Float64Array(T); a[0] = s.price; return a; });
  const returns = stocks.map(() => new Float64Array(T));
  const idio = stocks.map(() => new Float64Array(T));
  const marketFactor = createMarketFactor(rng);
  for (let t = 1; t < T; t++) {
    const { market, volMult } = marketFactor(dates[t]);
    const sectorF = sectors.map((s) => SECTOR_PARAMS[s].vol * rng.normal() * Math.sqrt(volMult));
    const industryF = industries.map((_, k) => industryVol[k] * rng.normal());
    for (let i = 0; i < stocks.length; i++) {
      const s = stocks[i];
      idio[i][t] = idioVol[i] * rng.normal() * Math.sqrt(volMult);
      const r = alpha[i] + beta[i] * market
        + sectorLoading[i] * sectorF[sectors.indexOf(s.sector)]
        + industryF[industries.indexOf(s.industry)]
        + idio[i][t];
      const clipped = Math.min(0.5, Math.max(-0.4, r));
      returns[i][t] = clipped;
      stockPx[i][t] = stockPx[i][t - 1] * (1 + clipped);
    }
  }

  const prices = new Map<string, Float64Array>();
  stocks.forEach((s, i) => prices.set(s.ticker, stockPx[i]));
  for (const etf of ETFS) {
    const members = stocks.map((s, i) => ({ s, i })).filter(({ s }) =>
      etf.column === 'all' || (etf.column === 'sector' ? s.sector === etf.group : s.industry === etf.group));
    const px = new Float64Array(T);
    px[0] = etf.price;
    for (let t = 1; t < T; t++) {
      // Weights from yesterday's market caps (caps move with prices).
      const caps = members.map(({ s, i }) => s.capBn * (stockPx[i][t - 1] / s.price));
      const w = basketWeights(caps, etf.weighting);
      let r = 0;
      members.forEach(({ i }, k) => { r += w[k] * returns[i][t]; });
      r += etf.trackingVol * rng.normal() - etf.expenseRatio / 252;
      px[t] = px[t - 1] * (1 + r);
    }
    const listing = LISTINGS[etf.ticker];
    if (listing) for (let t = 0; t < T && dates[t] < listing; t++) px[t] = NaN;
    prices.set(etf.ticker, px);
  }
  return { dates, stocks, etfs: ETFS, prices, idio };
}

// ---------------------------------------------------------------- signals, weights, orders

/** Week-to-week persistence of the signals' noise term (higher = less turnover). */
const NOISE_AR = 0.95;
/** Weight of the forward-looking idiosyncratic component in the signals. */
const ALPHA_WEIGHT = 0.05;

export interface SignalRow { date: string; ticker: string; value: number }

/** Last trading day of each week, from the first with 63 days of history. */
function weekEnds(dates: string[], from: number): number[] {
  const out: number[] = [];
  const weekOf = (d: string): number => Math.floor((Date.parse(`${d}T00:00:00Z`) / 86400000 + 3) / 7);
  for (let t = from; t < dates.length; t++) {
    if (t === dates.length - 1 || weekOf(dates[t + 1]) !== weekOf(dates[t])) out.push(t);
  }
  return out;
}

/**
 * Weekly signals: cross-sectional z-score of 63-day momentum (skipping the last week),
 * a persistent noise term, and a weak "alpha": the z-score of each stock's idiosyncratic
 * return over the next week (standing in for a real forecasting model, a weak one:
 * IC of a few percent). Stock-specific, so hedging sector risk keeps it. Each sector
 * holds both longs and shorts while the book keeps sector tilts for the hedge to remove.
 */
export function makeSignals(data: SampleData, seed: number = DEFAULT_SEED): SignalRow[] {
  const rng = createRng(seed ^ 0x5eed);
  const { dates, stocks, prices, idio } = data;
  const zscore = (x: number[]): number[] => {
    const m = x.reduce((a, b) => a + b, 0) / x.length;
    const sd = Math.sqrt(x.reduce((a, b) => a + (b - m) ** 2, 0) / (x.length - 1)) || 1;
    return x.map((v) => (v - m) / sd);
  };
  const noise = new Float64Array(stocks.length);
  for (let i = 0; i < noise.length; i++) noise[i] = rng.normal();
  const rows: SignalRow[] = [];
  for (const t of weekEnds(dates, 63)) {
    const mom = zscore(stocks.map((s) => { const p = prices.get(s.ticker)!; return p[t - 5] / p[t - 63] - 1; }));
    // Idiosyncratic return from the next close (when the signal trades) over five days.
    const ahead = zscore(idio.map((x) => { let a = 0; for (let k = t + 2; k <= Math.min(t + 6, dates.length - 1); k++) a += x[k]; return a; }));
    for (let i = 0; i < noise.length; i++) noise[i] = NOISE_AR * noise[i] + Math.sqrt(1 - NOISE_AR * NOISE_AR) * rng.normal();
    const sig = stocks.map((_, i) => 0.4 * mom[i] + 0.8 * noise[i] + ALPHA_WEIGHT * ahead[i]);
    // Guarantee a long and a short in every sector: flip the weakest name of a one-sided sector.
    for (const sector of new Set(stocks.map((s) => s.sector))) {
      const idx = stocks.map((s, i) => (s.sector === sector ? i : -1)).filter((i) => i >= 0);
      const pos = idx.filter((i) => sig[i] > 0).length;
      if (pos === 0 || pos === idx.length) {
        const weakest = idx.reduce((a, b) => (Math.abs(sig[b]) < Math.abs(sig[a]) ? b : a));
        sig[weakest] = -sig[weakest];
      }
    }
    stocks.forEach((s, i) => {
      let v = Math.round(sig[i] * 10000) / 10000;
      if (v === 0) v = sig[i] >= 0 ? 0.0001 : -0.0001;
      rows.push({ date: dates[t], ticker: s.ticker, value: v });
    });
  }
  return rows;
}

/** Use case 1: month-end target weights for two names per sector (sum of |w| = 1), 2022-2023. */
export function makeWeights(data: SampleData, signals: SignalRow[]): SignalRow[] {
  const chosen = new Set<string>();
  for (const sector of Object.keys(UNIVERSE)) {
    const names = data.stocks.filter((s) => s.sector === sector).map((s) => s.ticker);
    chosen.add(names[0]);
    chosen.add(names[names.length - 1]);
  }
  const byDate = new Map<string, SignalRow[]>();
  for (const r of signals) if (chosen.has(r.ticker)) (byDate.get(r.date) ?? byDate.set(r.date, []).get(r.date)!).push(r);
  const rows: SignalRow[] = [];
  const signalDates = [...byDate.keys()];
  for (let k = 0; k < signalDates.length; k++) {
    const d = signalDates[k];
    const next = signalDates[k + 1];
    const monthEnd = !next || next.slice(0, 7) !== d.slice(0, 7);
    if (d < '2022-01-01' || !monthEnd) continue;
    const group = byDate.get(d)!;
    const gross = group.reduce((a, r) => a + Math.abs(r.value), 0);
    for (const r of group) rows.push({ date: d, ticker: r.ticker, value: Math.round((r.value / gross) * 10000) / 10000 });
  }
  return rows;
}

/** Use case 3: quarterly orders in 2023 moving 16 names to about +/-$400k each. */
export function makeOrders(data: SampleData): SignalRow[] {
  const book: [string, number][] = [
    ['MSFT', 1], ['NVDA', 1], ['PANW', 1], ['INTC', -1], ['EBAY', -1], ['JNJ', 1], ['PFE', -1], ['JPM', 1],
    ['WFC', -1], ['XOM', 1], ['COP', -1], ['AMZN', 1], ['TSLA', -1], ['PG', 1], ['GOOGL', 1], ['VZ', -1],
  ];
  const quarterStarts = ['2023-01-03', '2023-04-03', '2023-07-03', '2023-10-02'];
  const held = new Map<string, number>();
  const rows: SignalRow[] = [];
  quarterStarts.forEach((d, q) => {
    const t = data.dates.indexOf(d);
    if (t < 0) throw new Error(`orders: ${d} is not a trading day`);
    for (const [ticker, side] of book) {
      // Rotate the sign of one name a quarter so the orders include reversals.
      const flip = book.findIndex(([x]) => x === ticker) % 4 === q ? -1 : 1;
      const target = Math.round((side * flip * 400000) / data.prices.get(ticker)![t]);
      const qty = target - (held.get(ticker) ?? 0);
      if (qty !== 0) rows.push({ date: d, ticker, value: qty });
      held.set(ticker, target);
    }
  });
  return rows;
}

/**
 * Use case 4: another system's book, the shares held at each Friday's close of 2022-2023
 * (the weekly signals times $400k over the close, whole shares; names at 0 left out).
 */
export function makePositions(data: SampleData, signals: SignalRow[]): SignalRow[] {
  const index = new Map(data.dates.map((d, t) => [d, t]));
  const rows: SignalRow[] = [];
  for (const r of signals) {
    if (r.date < '2022-01-01' || r.date > '2023-12-31') continue;
    const shares = Math.round((r.value * 400000) / data.prices.get(r.ticker)![index.get(r.date)!]);
    if (shares !== 0) rows.push({ date: r.date, ticker: r.ticker, value: shares });
  }
  return rows;
}

// ---------------------------------------------------------------- CSV output

function fmt(x: number): string {
  if (Number.isNaN(x)) return '';
  const s = x.toFixed(4);
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

export function renderFiles(seed: number = DEFAULT_SEED): Record<string, string> {
  const data = simulate(seed);
  const tickers = [...data.stocks.map((s) => s.ticker), ...data.etfs.map((e) => e.ticker)];
  const cols = tickers.map((t) => data.prices.get(t)!);
  const priceLines = ['date,' + tickers.join(',')];
  data.dates.forEach((d, i) => {
    const cells = cols.map((c) => {
      const v = c[i];
      if (!Number.isNaN(v) && !(v > 0)) throw new Error(`non-positive price ${v} on ${d}`);
      return fmt(v);
    });
    priceLines.push(d + ',' + cells.join(','));
  });
  const q = (s: string): string => (/[",]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const mappingLines = ['ticker,sector,industry', ...data.stocks.map((s) => `${s.ticker},${q(s.sector)},${q(s.industry)}`)];
  const signals = makeSignals(data, seed);
  const weights = makeWeights(data, signals);
  const orders = makeOrders(data);
  const techTickers = new Set(data.stocks.filter((s) => s.sector === 'Technology').map((s) => s.ticker));
  const long = (header: string, rows: SignalRow[]): string =>
    [header, ...rows.map((r) => `${r.date},${r.ticker},${fmt(r.value)}`)].join('\n') + '\n';
  return {
    'prices.csv': priceLines.join('\n') + '\n',
    'sector_mapping.csv': mappingLines.join('\n') + '\n',
    'signals.csv': long('date,ticker,signal', signals),
    // The technology names only, for the industry-level example (every group has an ETF).
    'signals_tech.csv': long('date,ticker,signal', signals.filter((r) => techTickers.has(r.ticker))),
    'weights.csv': long('date,ticker,weight', weights),
    'orders.csv': long('date,ticker,quantity', orders),
    'positions.csv': long('date,ticker,shares', makePositions(data, signals)),
  };
}

export function writeSampleData(outDir: string, seed: number = DEFAULT_SEED): string[] {
  mkdirSync(outDir, { recursive: true });
  const files = renderFiles(seed);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(outDir, name), text);
  // The same prices as a long Parquet file (date, ticker, close), for the Parquet sample config.
  writeLongPricesParquet(files['prices.csv'], path.join(outDir, 'prices.parquet'));
  return [...Object.keys(files), 'prices.parquet'].map((n) => path.join(outDir, n));
}

function main(argv: string[]): void {
  let out = path.resolve(__dirname, '..', 'sample_data');
  let seed = DEFAULT_SEED;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') out = path.resolve(argv[++i] ?? out);
    else if (argv[i] === '--seed') seed = Number(argv[++i]);
    else if (argv[i] === '--help' || argv[i] === '-h') {
      console.log('usage: tsx scripts/generate-sample-data.ts [--out DIR] [--seed N]');
      return;
    } else throw new Error(`unknown argument ${argv[i]}`);
  }
  if (!Number.isInteger(seed)) throw new Error('--seed must be an integer');
  for (const f of writeSampleData(out, seed)) console.log(`wrote ${path.relative(process.cwd(), f) || f}`);
}

if (require.main === module) main(process.argv.slice(2));

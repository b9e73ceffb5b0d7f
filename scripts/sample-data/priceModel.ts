// The factor model of the prices: market (GARCH + stress regimes), sector, industry and
// idiosyncratic returns per stock; each ETF a basket of its members.
import { createRng } from './rng';
import { tradingDays } from './calendar';
import { DEFAULT_SEED, ETFS, FIRST_DATE, LAST_DATE, LISTINGS, SECTOR_PARAMS, UNIVERSE, type EtfDef, type StockDef } from './universe';

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
  const longVar = 0.0095 * 0.0095,
    gA = 0.08,
    gB = 0.9;
  let variance = longVar,
    lastShock = 0;
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

  const stockPx = stocks.map((s) => {
    const a = new Float64Array(T);
    a[0] = s.price;
    return a;
  });
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
      const r =
        alpha[i] +
        beta[i] * market +
        sectorLoading[i] * sectorF[sectors.indexOf(s.sector)] +
        industryF[industries.indexOf(s.industry)] +
        idio[i][t];
      const clipped = Math.min(0.5, Math.max(-0.4, r));
      returns[i][t] = clipped;
      stockPx[i][t] = stockPx[i][t - 1] * (1 + clipped);
    }
  }

  const prices = new Map<string, Float64Array>();
  stocks.forEach((s, i) => prices.set(s.ticker, stockPx[i]));
  for (const etf of ETFS) {
    const members = stocks
      .map((s, i) => ({ s, i }))
      .filter(({ s }) => etf.column === 'all' || (etf.column === 'sector' ? s.sector === etf.group : s.industry === etf.group));
    const px = new Float64Array(T);
    px[0] = etf.price;
    for (let t = 1; t < T; t++) {
      // Weights from yesterday's market caps (caps move with prices).
      const caps = members.map(({ s, i }) => s.capBn * (stockPx[i][t - 1] / s.price));
      const w = basketWeights(caps, etf.weighting);
      let r = 0;
      members.forEach(({ i }, k) => {
        r += w[k] * returns[i][t];
      });
      r += etf.trackingVol * rng.normal() - etf.expenseRatio / 252;
      px[t] = px[t - 1] * (1 + r);
    }
    const listing = LISTINGS[etf.ticker];
    if (listing) for (let t = 0; t < T && dates[t] < listing; t++) px[t] = NaN;
    prices.set(etf.ticker, px);
  }
  return { dates, stocks, etfs: ETFS, prices, idio };
}

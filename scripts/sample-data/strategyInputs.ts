// The strategies' inputs: weekly signals, month-end weights, quarterly orders, a weekly book.
import { createRng } from './rng';
import type { SampleData } from './priceModel';
import { DEFAULT_SEED, UNIVERSE } from './universe';

/** Week-to-week persistence of the signals' noise term (higher = less turnover). */
const NOISE_AR = 0.95;
/** Weight of the forward-looking idiosyncratic component in the signals. */
const ALPHA_WEIGHT = 0.05;

export interface SignalRow {
  date: string;
  ticker: string;
  value: number;
}

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
    const mom = zscore(
      stocks.map((s) => {
        const p = prices.get(s.ticker)!;
        return p[t - 5] / p[t - 63] - 1;
      }),
    );
    // Idiosyncratic return from the next close (when the signal trades) over five days.
    const ahead = zscore(
      idio.map((x) => {
        let a = 0;
        for (let k = t + 2; k <= Math.min(t + 6, dates.length - 1); k++) a += x[k];
        return a;
      }),
    );
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
    ['MSFT', 1],
    ['NVDA', 1],
    ['PANW', 1],
    ['INTC', -1],
    ['EBAY', -1],
    ['JNJ', 1],
    ['PFE', -1],
    ['JPM', 1],
    ['WFC', -1],
    ['XOM', 1],
    ['COP', -1],
    ['AMZN', 1],
    ['TSLA', -1],
    ['PG', 1],
    ['GOOGL', 1],
    ['VZ', -1],
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

// The sample files as text (CSV) and on disk (plus the long Parquet prices).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { writeLongPricesParquet } from '../prices-parquet';
import { simulate } from './priceModel';
import { makeOrders, makePositions, makeSignals, makeWeights, type SignalRow } from './strategyInputs';
import { DEFAULT_SEED } from './universe';

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
    'signals_tech.csv': long(
      'date,ticker,signal',
      signals.filter((r) => techTickers.has(r.ticker)),
    ),
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

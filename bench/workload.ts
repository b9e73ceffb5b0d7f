// Benchmark workloads (W1, W2, quick): the sample-data generator's factor model scaled up
// to thousands of synthetic stocks. Each stock's daily return is
//   alpha + beta * market + loading * sector + industry + idiosyncratic
// with the generator's GARCH(1,1) market, its seeded PRNG and NYSE calendar, and its
// capped cap-weighted baskets for the 11 SPDR sector ETFs and SPY. Some stocks list late
// or delist early (empty cells), as in a real survivorship-free universe. Signals are
// daily and wide (same shape as the prices): momentum z-score + persistent noise.
//
// Generated into os.tmpdir() and cached by parameters (W2 is ~300 MB of CSV), never
// committed. Deterministic for a given parameter set.
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_SECTOR_ETF_MAPPING } from '../engine/hedging/mappings';
import { basketWeights, createMarketFactor, createRng, tradingDays } from '../scripts/generate-sample-data';

export interface WorkloadParams {
  name: string;
  stocks: number;
  firstDate: string;
  lastDate: string;
  seed: number;
  initialCash: number;
  /** Write positions.csv with --out (opt-in for very large runs). */
  writePositions: boolean;
}

export const WORKLOADS: Record<string, WorkloadParams> = {
  W1: {
    name: 'W1',
    stocks: 500,
    firstDate: '2014-01-02',
    lastDate: '2023-12-29',
    seed: 101,
    initialCash: 100_000_000,
    writePositions: true,
  },
  W2: {
    name: 'W2',
    stocks: 3000,
    firstDate: '2004-01-02',
    lastDate: '2023-12-29',
    seed: 202,
    initialCash: 1_000_000_000,
    writePositions: false,
  },
  Q1: { name: 'Q1', stocks: 60, firstDate: '2021-01-04', lastDate: '2023-12-29', seed: 303, initialCash: 10_000_000, writePositions: true },
  Q2: {
    name: 'Q2',
    stocks: 150,
    firstDate: '2020-01-02',
    lastDate: '2023-12-29',
    seed: 404,
    initialCash: 20_000_000,
    writePositions: false,
  },
};

/** Bumped whenever the generated files change, so stale caches are not reused. */
const FORMAT_VERSION = 1;

/** Per-sector model: market beta, sector-factor daily vol, annual drift. The sectors and their ETFs are the one SPDR list. */
const SECTOR_MODEL: Readonly<Record<string, readonly [number, number, number]>> = {
  Technology: [1.2, 0.006, 0.06],
  Healthcare: [0.8, 0.005, 0.02],
  Financials: [1.1, 0.007, 0],
  Energy: [1.1, 0.012, 0.02],
  'Consumer Discretionary': [1.1, 0.006, 0.02],
  'Consumer Staples': [0.6, 0.004, 0],
  Industrials: [1.05, 0.005, 0.01],
  Materials: [1.05, 0.006, 0],
  'Real Estate': [0.8, 0.007, -0.02],
  Utilities: [0.5, 0.006, 0],
  'Communication Services': [1.0, 0.006, 0],
};
// sector, SPDR ETF (engine/hedging/mappings.ts, the schema's default), market beta, sector-factor daily vol, annual drift
const SECTORS: [string, string, number, number, number][] = Object.entries(DEFAULT_SECTOR_ETF_MAPPING).map(([sector, etf]) => {
  const m = SECTOR_MODEL[sector];
  if (!m)
    throw new Error(
      `bench/workload.ts: no model parameters for sector "${sector}" of the default sector_etf_mapping; add it to SECTOR_MODEL`,
    );
  return [sector, etf, m[0], m[1], m[2]];
});
const INDUSTRIES_PER_SECTOR = 3;

export interface WorkloadFiles {
  dir: string;
  config: string;
  prices: string;
  mapping: string;
  signals: string;
  days: number;
  /** Price columns (stocks + ETFs + SPY). */
  names: number;
  stocks: number;
  /** Seconds spent generating (0 when served from the cache). */
  generatedSeconds: number;
}

function cacheDir(p: WorkloadParams): string {
  const key = `${p.name}-v${FORMAT_VERSION}-${p.stocks}-${p.firstDate}-${p.lastDate}-${p.seed}-${p.initialCash}-${p.writePositions ? 'pos' : 'nopos'}`;
  return path.join(tmpdir(), 'sector-hedge-bench', key);
}

/** The workload's files, generated on first use and cached under os.tmpdir(). */
export function ensureWorkload(p: WorkloadParams): WorkloadFiles {
  const dir = cacheDir(p);
  const marker = path.join(dir, 'complete.json');
  if (existsSync(marker)) {
    const info = JSON.parse(readFileSync(marker, 'utf8')) as WorkloadFiles;
    return { ...info, generatedSeconds: 0 };
  }
  const t0 = performance.now();
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const info = generateInto(tmp, p);
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  const files: WorkloadFiles = {
    dir,
    config: path.join(dir, 'bench.backtest.jsonc'),
    prices: path.join(dir, 'prices.csv'),
    mapping: path.join(dir, 'sector_mapping.csv'),
    signals: path.join(dir, 'signals.csv'),
    days: info.days,
    names: info.names,
    stocks: p.stocks,
    generatedSeconds: (performance.now() - t0) / 1000,
  };
  writeFileSync(marker, JSON.stringify(files, null, 2));
  return files;
}

/** Cell text: 4 decimals without trailing zeros, empty for NaN (the sample files' format). */
function fmt(x: number): string {
  if (x !== x) return '';
  const s = x.toFixed(4);
  let end = s.length;
  while (s.charCodeAt(end - 1) === 48) end--;
  if (s.charCodeAt(end - 1) === 46) end--;
  return end === s.length ? s : s.slice(0, end);
}

/** Buffered line writer (a W2 file is ~150 MB; never one giant string). */
class LineWriter {
  private readonly fd: number;
  private parts: string[] = [];
  private size = 0;
  constructor(file: string) {
    this.fd = openSync(file, 'w');
  }
  line(s: string): void {
    this.parts.push(s);
    this.size += s.length + 1;
    if (this.size > 4 << 20) this.flush();
  }
  close(): void {
    this.flush();
    closeSync(this.fd);
  }
  private flush(): void {
    if (this.parts.length) writeSync(this.fd, this.parts.join('\n') + '\n');
    this.parts = [];
    this.size = 0;
  }
}

function generateInto(dir: string, p: WorkloadParams): { days: number; names: number } {
  const rng = createRng(p.seed);
  const dates = tradingDays(p.firstDate, p.lastDate);
  const T = dates.length,
    N = p.stocks,
    S = SECTORS.length;
  const width = String(N).length;
  const tickers = Array.from({ length: N }, (_, i) => `S${String(i + 1).padStart(width, '0')}`);
  const sector = new Int32Array(N),
    industry = new Int32Array(N);
  const beta = new Float64Array(N),
    loading = new Float64Array(N),
    idioVol = new Float64Array(N),
    alpha = new Float64Array(N);
  const cap = new Float64Array(N),
    px0 = new Float64Array(N);
  const first = new Int32Array(N),
    last = new Int32Array(N).fill(T - 1);
  for (let i = 0; i < N; i++) {
    const s = i % S;
    sector[i] = s;
    industry[i] = s * INDUSTRIES_PER_SECTOR + Math.floor(rng.uniform() * INDUSTRIES_PER_SECTOR);
    beta[i] = SECTORS[s][2] * (0.8 + 0.4 * rng.uniform());
    loading[i] = 0.8 + 0.4 * rng.uniform();
    idioVol[i] = 0.007 + 0.008 * rng.uniform();
    alpha[i] = (SECTORS[s][4] + 0.05 * rng.normal()) / 252;
    cap[i] = Math.exp(2 + 1.5 * rng.normal());
    px0[i] = 10 + 190 * rng.uniform();
    // ~6% list part-way through, ~4% delist part-way through.
    const u = rng.uniform();
    if (u < 0.06) first[i] = Math.floor(rng.uniform() * T * 0.8);
    else if (u < 0.1) last[i] = Math.floor(T * 0.2 + rng.uniform() * T * 0.8);
  }
  const indVol = Float64Array.from({ length: S * INDUSTRIES_PER_SECTOR }, (_, k) =>
    Math.floor(k / INDUSTRIES_PER_SECTOR) === 0 ? 0.006 : 0.003,
  );

  // Stock prices, row-major by day [t * N + i] (NaN outside a stock's listed life).
  const px = new Float64Array(T * N).fill(NaN);
  const ret = new Float64Array(T * N);
  const marketFactor = createMarketFactor(rng);
  const sectorF = new Float64Array(S),
    industryF = new Float64Array(indVol.length);
  for (let i = 0; i < N; i++) if (first[i] === 0) px[i] = px0[i];
  for (let t = 1; t < T; t++) {
    const { market, volMult } = marketFactor(dates[t]);
    const sv = Math.sqrt(volMult);
    for (let s = 0; s < S; s++) sectorF[s] = SECTORS[s][3] * rng.normal() * sv;
    for (let k = 0; k < industryF.length; k++) industryF[k] = indVol[k] * rng.normal();
    const row = t * N,
      prev = row - N;
    for (let i = 0; i < N; i++) {
      const r = alpha[i] + beta[i] * market + loading[i] * sectorF[sector[i]] + industryF[industry[i]] + idioVol[i] * rng.normal() * sv;
      const clipped = Math.min(0.5, Math.max(-0.4, r));
      if (t < first[i] || t > last[i]) continue;
      if (t === first[i]) {
        px[row + i] = px0[i];
        continue;
      }
      ret[row + i] = clipped;
      px[row + i] = px[prev + i] * (1 + clipped);
    }
  }

  // ETFs: capped (SPDR) or plain (SPY) cap-weighted baskets of listed members, weights from
  // yesterday's caps, plus tracking noise and the expense ratio. XLC lists in mid-2018.
  const etfNames = [...SECTORS.map((s) => s[1]), 'SPY'];
  const etfPx = etfNames.map(() => new Float64Array(T).fill(NaN));
  const xlcListing = dates.findIndex((d) => d >= '2018-06-19');
  for (let e = 0; e < etfNames.length; e++) {
    const isSpy = e === S;
    const members: number[] = [];
    for (let i = 0; i < N; i++) if (isSpy || sector[i] === e) members.push(i);
    const start = etfNames[e] === 'XLC' && xlcListing > 0 ? xlcListing : 0;
    const out = etfPx[e];
    out[start] = isSpy ? 250 : 30 + 10 * e;
    const caps: number[] = [],
      idx: number[] = [];
    for (let t = start + 1; t < T; t++) {
      caps.length = 0;
      idx.length = 0;
      const prev = (t - 1) * N,
        row = t * N;
      for (const i of members) {
        if (!(px[prev + i] > 0) || !(px[row + i] > 0)) continue;
        caps.push(cap[i] * (px[prev + i] / px0[i]));
        idx.push(i);
      }
      const w = basketWeights(caps, isSpy ? 'cap' : 'capped25');
      let r = 0;
      for (let k = 0; k < idx.length; k++) r += w[k] * ret[row + idx[k]];
      r += (isSpy ? 0.0002 : 0.0004) * rng.normal() - 0.001 / 252;
      out[t] = out[t - 1] * (1 + r);
    }
  }

  const pw = new LineWriter(path.join(dir, 'prices.csv'));
  pw.line(['date', ...tickers, ...etfNames].join(','));
  const cells: string[] = new Array(N + etfNames.length + 1);
  for (let t = 0; t < T; t++) {
    cells[0] = dates[t];
    const row = t * N;
    for (let i = 0; i < N; i++) cells[i + 1] = fmt(px[row + i]);
    for (let e = 0; e < etfNames.length; e++) cells[N + 1 + e] = fmt(etfPx[e][t]);
    pw.line(cells.join(','));
  }
  pw.close();

  const mw = new LineWriter(path.join(dir, 'sector_mapping.csv'));
  mw.line('ticker,sector,industry');
  for (let i = 0; i < N; i++)
    mw.line(`${tickers[i]},${SECTORS[sector[i]][0]},${SECTORS[sector[i]][0]} ${1 + (industry[i] % INDUSTRIES_PER_SECTOR)}`);
  mw.close();

  writeSignals(dir, dates, tickers, px, p.seed);
  writeConfig(dir, p);
  return { days: T, names: N + etfNames.length };
}

/**
 * Daily signals, wide CSV: 0.4 * z(63-day momentum skipping the last week) + 0.8 * a
 * persistent AR(1) noise term, as in the sample generator's weekly signals. Empty for a
 * stock without 63 days of history that day.
 */
function writeSignals(dir: string, dates: string[], tickers: string[], px: Float64Array, seed: number): void {
  const rng = createRng(seed ^ 0x5eed);
  const T = dates.length,
    N = tickers.length,
    AR = 0.98,
    innov = Math.sqrt(1 - AR * AR);
  const noise = new Float64Array(N);
  for (let i = 0; i < N; i++) noise[i] = rng.normal();
  const mom = new Float64Array(N);
  const sw = new LineWriter(path.join(dir, 'signals.csv'));
  sw.line(['date', ...tickers].join(','));
  const cells: string[] = new Array(N + 1);
  for (let t = 63; t < T; t++) {
    let sum = 0,
      sum2 = 0,
      k = 0;
    for (let i = 0; i < N; i++) {
      noise[i] = AR * noise[i] + innov * rng.normal();
      const a = px[(t - 63) * N + i],
        b = px[(t - 5) * N + i],
        c = px[t * N + i];
      const m = a > 0 && b > 0 && c > 0 ? b / a - 1 : NaN;
      mom[i] = m;
      if (m === m) {
        sum += m;
        sum2 += m * m;
        k++;
      }
    }
    if (k < 2) continue;
    const mean = sum / k,
      sd = Math.sqrt(Math.max(0, (sum2 - k * mean * mean) / (k - 1))) || 1;
    cells[0] = dates[t];
    for (let i = 0; i < N; i++) {
      const m = mom[i];
      if (m !== m) {
        cells[i + 1] = '';
        continue;
      }
      let v = Math.round(((0.4 * (m - mean)) / sd + 0.8 * noise[i]) * 10000) / 10000;
      if (v === 0) v = 0.0001;
      cells[i + 1] = String(v);
    }
    sw.line(cells.join(','));
  }
  sw.close();
}

function writeConfig(dir: string, p: WorkloadParams): void {
  const config = {
    name: `bench ${p.name}: ${p.stocks} stocks, daily signals, ETF sector + beta hedge`,
    initial_cash: p.initialCash,
    data_dir: '.',
    use_case: 2,
    inputs: { signals: 'signals.csv' },
    rebalance_frequency: 'daily',
    demean_signals: true,
    enable_sector_hedge: true,
    sector_hedge_method: 'etf',
    sector_target_exposures: {},
    enable_beta_hedge: true,
    beta_hedge_instrument: 'SPY',
    target_beta: 0,
    beta_lookback_days: 126,
    stock_costs: { commission_bps: 5, slippage_bps: 5 },
    etf_costs: { commission_bps: 1, slippage_bps: 1 },
    borrow_rate_annual: 0.005,
    write_positions: p.writePositions,
  };
  writeFileSync(
    path.join(dir, 'bench.backtest.jsonc'),
    `// Generated by bench/workload.ts (${p.name}); not committed.\n${JSON.stringify(config, null, 2)}\n`,
  );
}

// The committed sample data: reproducible from its seeded generator, shaped as the guide
// needs, and every sample config runs and ends with sector exposures near their targets.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeSampleData } from '../../scripts/generate-sample-data';
import { BacktestConfig } from '../../engine/config';
import { DataManager } from '../../engine/data';
import { Backtester } from '../../engine/backtest';
import type { ResultsJson } from '../../engine/types';

const SAMPLES = path.resolve(__dirname, '..', '..', 'sample_data');
const CONFIGS = path.join(SAMPLES, 'configs');
const SECTORS = [
  'Technology',
  'Healthcare',
  'Financials',
  'Energy',
  'Consumer Discretionary',
  'Consumer Staples',
  'Industrials',
  'Materials',
  'Real Estate',
  'Utilities',
  'Communication Services',
];
const ETFS = [
  'XLK',
  'XLV',
  'XLF',
  'XLE',
  'XLY',
  'XLP',
  'XLI',
  'XLB',
  'XLRE',
  'XLU',
  'XLC',
  'VGT',
  'VHT',
  'VFH',
  'VDE',
  'VCR',
  'VDC',
  'VIS',
  'VAW',
  'VNQ',
  'VPU',
  'VOX',
  'IGV',
  'SOXX',
  'FDN',
  'HACK',
  'SPY',
];

function run(configFile: string): ResultsJson {
  const config = BacktestConfig.fromFile(configFile);
  return new Backtester(config, config.createDataManager()).run().toJSON() as ResultsJson;
}

describe('sample data generator', () => {
  it('regenerates the committed files byte for byte', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'samples-'));
    const written = writeSampleData(dir);
    assert.ok(written.length >= 5);
    for (const file of written) {
      const name = path.basename(file);
      assert.ok(
        readFileSync(file).equals(readFileSync(path.join(SAMPLES, name))),
        `${name} differs from the generator's output: run npm run gen:sample`,
      );
    }
  });

  it("has the guide's universe: 11 sectors, tech industries, all ETFs, XLC listing late", () => {
    const dm = new DataManager(SAMPLES);
    const prices = dm.loadPrices();
    const mapping = dm.loadSectorMapping();
    assert.equal(mapping.rows.length, 60);
    assert.deepEqual([...new Set(mapping.rows.map((r) => r.values.sector))].sort(), [...SECTORS].sort());
    const techIndustries = new Set(mapping.rows.filter((r) => r.values.sector === 'Technology').map((r) => r.values.industry));
    assert.deepEqual([...techIndustries].sort(), ['Cybersecurity', 'Internet', 'Semiconductors', 'Software']);
    for (const t of ETFS) assert.ok(prices.index.has(t), `${t} has prices`);
    assert.ok(prices.dates.length > 1200 && prices.dates[0] === '2019-01-02' && prices.dates.at(-1) === '2023-12-29');
    const xlc = prices.index.get('XLC')!;
    assert.equal(prices.dates[prices.firstIndex[xlc]], '2020-06-18');
    for (let j = 0; j < prices.tickers.length; j++) {
      const col = prices.columns[j];
      for (let i = prices.firstIndex[j]; i < col.length; i++) assert.ok(col[i] > 0, `${prices.tickers[j]} ${prices.dates[i]}`);
    }
  });

  it('each ETF tracks its sector with some tracking error, not perfectly', () => {
    const prices = new DataManager(SAMPLES).loadPrices();
    const ret = (t: string) => {
      const c = prices.columns[prices.index.get(t)!];
      return Array.from(c.subarray(1), (v, i) => v / c[i] - 1);
    };
    const xlk = ret('XLK'),
      vgt = ret('VGT');
    const diff = xlk.map((r, i) => r - vgt[i]);
    const sd = Math.sqrt(diff.reduce((a, d) => a + d * d, 0) / diff.length) * Math.sqrt(252);
    assert.ok(sd > 0.005 && sd < 0.2, `XLK vs VGT tracking difference ${sd}`);
  });

  it('signals hold longs and shorts in every sector on every date', () => {
    const dm = new DataManager(SAMPLES);
    const mapping = dm.loadSectorMapping();
    const signals = dm.loadSignals(path.join(SAMPLES, 'signals.csv'));
    assert.ok(signals.size > 200);
    for (const [date, day] of signals) {
      for (const sector of SECTORS) {
        const v = [...day].filter(([t]) => mapping.byTicker.get(t)?.values.sector === sector).map(([, x]) => x);
        assert.ok(v.some((x) => x > 0) && v.some((x) => x < 0), `${sector} on ${date}`);
      }
    }
  });
});

describe('sample configs', () => {
  const files = readdirSync(CONFIGS)
    .filter((f) => f.endsWith('.backtest.jsonc'))
    .sort();

  it('cover every guide example', () => {
    for (const name of [
      'neutral-etf',
      'proportional',
      'tactical-tilt',
      'vanguard',
      'tech-industry',
      'beta-sector',
      'dynamic-targets',
      'weights',
      'orders',
    ]) {
      assert.ok(files.includes(`${name}.backtest.jsonc`), name);
    }
  });

  for (const file of files) {
    it(`${file} runs and ends with each hedged sector near its target`, () => {
      const r = run(path.join(CONFIGS, file));
      assert.ok(r.trades.length > 0);
      assert.ok(r.series.equity.every((e) => Number.isFinite(e) && e > 0));
      const last = r.dates.length - 1;
      const hedged = r.sectors.filter(
        (s) => Number.isFinite(s.postHedge[last]) && (s.etf !== null || r.meta.hedgeMethod === 'proportional'),
      );
      assert.ok(hedged.length > 0, 'some sector is hedged');
      for (const s of hedged) {
        const err = Math.abs(s.postHedge[last] - s.target[last]);
        // Within the re-hedge tolerance (plus rounding to whole shares).
        assert.ok(err <= s.tolerance + 0.005, `${s.name}: post-hedge ${s.postHedge[last]} vs target ${s.target[last]}`);
      }
      // The hedge has real work to do: some sector starts well away from its target.
      const maxPre = Math.max(
        ...r.sectors.map((s) => Math.max(...s.preHedge.map((p, i) => Math.abs(p - s.target[i])).filter(Number.isFinite))),
      );
      assert.ok(maxPre > 0.05, `pre-hedge exposures already at target (max gap ${maxPre})`);
    });
  }

  it('tactical tilt ends Technology near +15% and dynamic targets switch with volatility', () => {
    const tilt = run(path.join(CONFIGS, 'tactical-tilt.backtest.jsonc'));
    const tech = tilt.sectors.find((s) => s.name === 'Technology')!;
    assert.equal(tech.target.at(-1), 0.15);
    assert.ok(Math.abs(tech.postHedge.at(-1)! - 0.15) <= tech.tolerance + 0.005);
    const dyn = run(path.join(CONFIGS, 'dynamic-targets.backtest.jsonc'));
    const targets = new Set(dyn.sectors.find((s) => s.name === 'Technology')!.target.filter(Number.isFinite));
    assert.ok(targets.has(0) && targets.has(0.05), `Technology targets seen: ${[...targets]}`);
  });
});

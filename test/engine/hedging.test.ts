// SectorHedger used on its own, as in the guide's API reference, with the spec's
// corrections of the guide's two errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  SectorHedger,
  DEFAULT_SECTOR_ETF_MAPPING,
  VANGUARD_SECTOR_ETF_MAPPING,
  TECH_INDUSTRY_ETF_MAPPING,
  roundHalfAwayFromZero,
  RollingBeta,
  MIN_BETA_OBSERVATIONS,
} from '../../engine/hedging';

test('guide API example: AAPL 1000 @ 150 + MSFT 500 @ 300 hedged with XLK @ 145 gives XLK -2069 (not -3448)', () => {
  const hedger = new SectorHedger({
    target_exposures: { Technology: 0.0, Healthcare: 0.0 },
    hedge_method: 'etf',
    sector_etf_mapping: { Technology: 'XLK', Healthcare: 'XLV' },
  });
  const etfHedges = hedger.calculateHedgeEtf({
    positions: { AAPL: 1000, MSFT: 500 },
    prices: { AAPL: 150, MSFT: 300, XLK: 145 },
    sector_mapping: { AAPL: 'Technology', MSFT: 'Technology' },
  });
  // Technology = 150,000 + 150,000 = 300,000; 300,000 / 145 = 2068.97 -> 2069 short.
  assert.deepEqual(etfHedges, { XLK: -2069 });
});

test('guide worked example: $500k tech and $300k healthcare -> XLK -3333, XLV -2500 (short, not long)', () => {
  const hedger = new SectorHedger({ target_exposures: {}, hedge_method: 'etf' });
  const r = hedger.calculateHedgeEtfDetailed({
    positions: { AAPL: 1000, MSFT: 1000, JNJ: 2000 },
    prices: { AAPL: 200, MSFT: 300, JNJ: 150, XLK: 150, XLV: 120 },
    sector_mapping: { AAPL: 'Technology', MSFT: 'Technology', JNJ: 'Healthcare' },
    portfolio_value: 1_000_000,
  });
  assert.deepEqual(r.hedges, { XLK: -3333, XLV: -2500 });
  // Net sector value after the hedge is within one ETF share of neutral.
  for (const s of r.sectors) {
    const etfPrice = s.etf === 'XLK' ? 150 : 120;
    assert.ok(Math.abs(s.stockValue + s.etfShares * etfPrice) <= etfPrice, s.sector);
  }
});

test('a tactical tilt hedges to the target fraction of gross notional', () => {
  const hedger = new SectorHedger({ target_exposures: { Technology: 0.15 } });
  // gross = 1,000,000 of tech alone; target value = 150,000; hedge = -850,000 / 100.
  const h = hedger.calculateHedgeEtf({
    positions: { AAPL: 10_000 },
    prices: { AAPL: 100, XLK: 100 },
    sector_mapping: { AAPL: 'Technology' },
  });
  assert.deepEqual(h, { XLK: -8500 });
});

test('camelCase options and Map inputs work too; short books give long ETF hedges', () => {
  const hedger = new SectorHedger({ targetExposures: { Energy: 0 }, sectorEtfMapping: { Energy: 'XLE' } });
  const h = hedger.calculateHedgeEtf({
    positions: new Map([['XOM', -300]]),
    prices: new Map([
      ['XOM', 100],
      ['XLE', 80],
    ]),
    sectorMapping: new Map([['XOM', 'Energy']]),
  });
  assert.deepEqual(h, { XLE: 375 });
});

test('several sectors mapped to one ETF add up; unmapped sector and missing ETF price stay unhedged with a warning', () => {
  const hedger = new SectorHedger({ sector_etf_mapping: { Software: 'XLK', Semiconductors: 'XLK', Energy: 'XLE' } });
  const r = hedger.calculateHedgeEtfDetailed({
    positions: { MSFT: 100, NVDA: 100, XOM: 100, PFE: 100 },
    prices: { MSFT: 100, NVDA: 50, XOM: 10, PFE: 20, XLK: 100 },
    sector_mapping: { MSFT: 'Software', NVDA: 'Semiconductors', XOM: 'Energy', PFE: 'Healthcare' },
  });
  assert.deepEqual(r.hedges, { XLK: -150 });
  assert.equal(r.sectors.find((s) => s.sector === 'Energy')!.unhedgedReason, 'no-etf-price');
  assert.equal(r.sectors.find((s) => s.sector === 'Healthcare')!.unhedgedReason, 'no-etf-mapping');
  assert.equal(r.warnings.length, 2);
});

test('proportional method closes an all-long sector with a neutral target and leaves a balanced one alone', () => {
  const hedger = new SectorHedger({ hedge_method: 'proportional' });
  const out = hedger.calculateHedgeProportional({
    positions: { AAPL: 100, MSFT: 50, JPM: 100, BAC: -200 },
    prices: { AAPL: 150, MSFT: 300, JPM: 100, BAC: 50 },
    sector_mapping: { AAPL: 'Technology', MSFT: 'Technology', JPM: 'Financials', BAC: 'Financials' },
  });
  assert.deepEqual(out, { AAPL: 0, MSFT: 0, JPM: 100, BAC: -200 });
});

test('proportional method moves each position by -(E - T*basis) * |w| / G', () => {
  const hedger = new SectorHedger({ target_exposures: { Technology: 0 } });
  // AAPL +30,000, MSFT -10,000: E = 20,000, G = 40,000.
  // AAPL moves -20,000 * 30/40 = -15,000 -> 15,000 (150 sh); MSFT moves -20,000 * 10/40 = -5,000 -> -15,000 (-150 sh).
  const out = hedger.calculateHedgeProportional({
    positions: { AAPL: 300, MSFT: -100 },
    prices: { AAPL: 100, MSFT: 100 },
    sector_mapping: { AAPL: 'Technology', MSFT: 'Technology' },
  });
  assert.deepEqual(out, { AAPL: 150, MSFT: -150 });
});

test('mappings: SPDR default has the 11 sectors of the guide, Vanguard and tech-industry tables', () => {
  assert.equal(Object.keys(DEFAULT_SECTOR_ETF_MAPPING).length, 11);
  assert.equal(DEFAULT_SECTOR_ETF_MAPPING['Communication Services'], 'XLC');
  assert.equal(DEFAULT_SECTOR_ETF_MAPPING['Real Estate'], 'XLRE');
  assert.equal(VANGUARD_SECTOR_ETF_MAPPING.Technology, 'VGT');
  assert.equal(VANGUARD_SECTOR_ETF_MAPPING['Communication Services'], 'VOX');
  assert.deepEqual(TECH_INDUSTRY_ETF_MAPPING, { Software: 'IGV', Semiconductors: 'SOXX', Internet: 'FDN', Cybersecurity: 'HACK' });
});

test('whole shares round half away from zero', () => {
  assert.equal(roundHalfAwayFromZero(2.5), 3);
  assert.equal(roundHalfAwayFromZero(-2.5), -3);
  assert.equal(roundHalfAwayFromZero(-2068.97), -2069);
  assert.equal(roundHalfAwayFromZero(3333.33), 3333);
  assert.ok(Object.is(roundHalfAwayFromZero(-0.4), 0));
});

test('rolling beta matches a direct OLS over the trailing window and needs 20 returns', () => {
  // Deterministic pseudo-random walk; y = 1.5 * x + noise.
  let seed = 7;
  const rnd = () => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647 - 0.5;
  };
  const T = 400,
    L = 60;
  const x = new Float64Array(T),
    y = new Float64Array(T),
    z = new Float64Array(T).fill(NaN);
  x[0] = 100;
  y[0] = 50;
  for (let t = 1; t < T; t++) {
    const rx = rnd() * 0.02;
    x[t] = x[t - 1] * (1 + rx);
    y[t] = y[t - 1] * (1 + 1.5 * rx + rnd() * 0.01);
  }
  for (let t = 300; t < T; t++) z[t] = 10 + t * 0.01; // a late starter
  const rb = new RollingBeta([y, z], x, L);
  for (let t = 0; t < T; t++) {
    rb.advance(t);
    if (t < MIN_BETA_OBSERVATIONS) {
      assert.ok(Number.isNaN(rb.beta(0)));
      continue;
    }
    const xs: number[] = [],
      ys: number[] = [];
    for (let d = Math.max(1, t - L + 1); d <= t; d++) {
      xs.push(x[d] / x[d - 1] - 1);
      ys.push(y[d] / y[d - 1] - 1);
    }
    const mx = xs.reduce((a, b) => a + b) / xs.length,
      my = ys.reduce((a, b) => a + b) / ys.length;
    let sxy = 0,
      sxx = 0;
    xs.forEach((v, i) => {
      sxy += (v - mx) * (ys[i] - my);
      sxx += (v - mx) ** 2;
    });
    assert.ok(Math.abs(rb.beta(0) - sxy / sxx) < 1e-9, `t=${t}`);
  }
  assert.ok(Math.abs(rb.beta(0) - 1.5) < 0.3);
  // z has 99 returns by the end, of which the last L = 60 are in the window.
  assert.equal(rb.observations(1), L);
  rb.advance(310);
  assert.ok(Number.isNaN(rb.beta(1)), 'only 10 returns: beta unknown');
});

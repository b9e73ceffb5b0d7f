// BacktestResults: the JSON form validated against schemas/results.schema.json, and the
// --out files written whole or not at all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Ajv from 'ajv';
import { Backtester } from '../../engine/backtest';
import { ENGINE_VERSION } from '../../engine/results';
import { syntheticMarket, memoryData } from '../fixtures/sim/tables';

const schema = JSON.parse(readFileSync(path.resolve(__dirname, '../../schemas/results.schema.json'), 'utf8'));

function sampleRun(extra: object = {}) {
  const mkt = syntheticMarket({ stocks: 20, days: 200, seed: 17, lateEtf: { etf: 'XLU', startDay: 50 } });
  return new Backtester(
    {
      name: 'results test',
      initial_cash: 1_000_000,
      use_case: 2,
      inputs: { signals: mkt.signals },
      start_date: mkt.table.dates[30],
      enable_sector_hedge: true,
      sector_etf_mapping: mkt.etfs,
      enable_beta_hedge: true,
      stock_costs: { commission_bps: 5, slippage_bps: 5 },
      etf_costs: { commission_bps: 1 },
      borrow_rate_annual: 0.01,
      ...extra,
    },
    memoryData(mkt.table, mkt.mapping),
  ).run();
}

function csv(file: string): string[][] {
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(','));
}

test('toJSON() validates against schemas/results.schema.json and survives a JSON round trip', () => {
  const ajv = new Ajv({ allErrors: true });
  const validate = ajv.compile(schema);
  for (const res of [sampleRun(), sampleRun({ write_positions: false, enable_sector_hedge: false })]) {
    const json = res.toJSON();
    const ok = validate(json);
    assert.ok(ok, JSON.stringify(validate.errors?.slice(0, 5), null, 1));
    assert.deepEqual(JSON.parse(JSON.stringify(json)), json, 'no NaN or Infinity left in the JSON form');
    assert.equal(json.dates.length, json.series.equity.length);
    assert.equal(json.series.unhedgedEquity.length, json.dates.length);
    assert.equal(json.series.benchmark[0], 1_000_000, 'benchmark rebased to initial cash');
    assert.equal(json.meta.engineVersion, ENGINE_VERSION);
    const counts = Object.values(json.tradeCounts).reduce((a, b) => a + b, 0);
    assert.equal(counts, json.trades.length);
  }
  const json = sampleRun().toJSON();
  assert.ok(json.positions && json.positions.length === json.dates.length);
  assert.ok(json.sectors.some((s) => s.name === 'Utilities' && s.etf === 'XLU'));
  assert.equal(sampleRun({ write_positions: false }).toJSON().positions, null);
  // A broken document is rejected: the schema is not vacuous.
  assert.equal(validate({ ...json, trades: [{ ...json.trades[0], reason: 'gift' }] }), false);
});

test('writeOutFiles writes the spec files with the spec columns; metrics.json has snake_case names and run metadata', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sim-out-'));
  try {
    const res = sampleRun();
    const out = path.join(dir, 'run');
    res.writeOutFiles(out);
    assert.deepEqual(readdirSync(out).sort(), [
      'attribution.csv',
      'beta.csv',
      'equity.csv',
      'exposures.csv',
      'metrics.json',
      'positions.csv',
      'trades.csv',
    ]);
    const eq = csv(path.join(out, 'equity.csv'));
    assert.deepEqual(eq[0], ['date', 'equity', 'cash', 'long_value', 'short_value', 'stock_value', 'hedge_value', 'daily_return']);
    assert.equal(eq.length - 1, res.getDates().length);
    assert.equal(Number(eq.at(-1)![1]), res.getEquityCurve().at(-1)!.equity, 'full precision');
    const tr = csv(path.join(out, 'trades.csv'));
    assert.deepEqual(tr[0], ['date', 'ticker', 'quantity', 'price', 'notional', 'commission', 'slippage', 'reason']);
    assert.equal(tr.length - 1, res.getTrades().length);
    assert.ok(tr.slice(1).every((r) => ['rebalance', 'sector_hedge', 'beta_hedge', 'proportional', 'order'].includes(r[7])));
    assert.deepEqual(csv(path.join(out, 'positions.csv'))[0], ['date', 'ticker', 'shares', 'price', 'value']);
    assert.deepEqual(csv(path.join(out, 'exposures.csv'))[0], ['date', 'sector', 'pre_hedge', 'post_hedge', 'target']);
    assert.deepEqual(csv(path.join(out, 'beta.csv'))[0], ['date', 'pre_hedge_beta', 'post_hedge_beta']);
    const m = JSON.parse(readFileSync(path.join(out, 'metrics.json'), 'utf8'));
    for (const k of [
      'total_return',
      'cagr',
      'annual_volatility',
      'sharpe_ratio',
      'sortino_ratio',
      'max_drawdown',
      'calmar_ratio',
      'turnover',
      'total_costs',
      'realised_beta',
      'mean_abs_exposure_error',
    ]) {
      assert.ok(k in m, k);
    }
    assert.deepEqual(Object.keys(m.total_costs), ['stocks', 'hedges', 'borrow', 'total']);
    assert.equal(m.sharpe_ratio, res.calculateMetrics().sharpeRatio);
    assert.equal(m.run.engine_version, ENGINE_VERSION);
    assert.equal(m.run.data_range.first, '2020-01-01');
    assert.equal(m.run.start_date, res.getDates()[0]);
    assert.ok('config_path' in m.run);
    assert.ok(m.warnings.some((w: { code: string }) => w.code === 'etf-no-price'));

    // A file the run did not write is never deleted: the folder is refused and the file kept (issue 13).
    writeFileSync(path.join(out, 'stale.txt'), 'old');
    assert.throws(() => res.writeOutFiles(out, { write_positions: false }), /already holds other files \(stale\.txt\)/);
    assert.equal(readFileSync(path.join(out, 'stale.txt'), 'utf8'), 'old');
    rmSync(path.join(out, 'stale.txt'));
    // Opt out of positions.csv; an existing folder of ours is replaced whole; no temp folders stay behind.
    res.writeOutFiles(out, { write_positions: false });
    assert.deepEqual(readdirSync(out).sort(), ['attribution.csv', 'beta.csv', 'equity.csv', 'exposures.csv', 'metrics.json', 'trades.csv']);
    assert.deepEqual(readdirSync(dir), ['run']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a crash while writing leaves nothing half-written', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sim-crash-'));
  try {
    const res = sampleRun();
    // Corrupt one trade so writing trades.csv throws midway.
    (res.record.trades as unknown[]).splice(3, 0, null);
    assert.throws(() => res.writeOutFiles(path.join(dir, 'run')));
    assert.deepEqual(readdirSync(dir), [], 'no target folder and no temp folder');
    assert.ok(!existsSync(path.join(dir, 'run')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('calculateMetrics: turnover, cost split, realised beta and exposure error are consistent with the run', () => {
  const res = sampleRun();
  const m = res.calculateMetrics();
  const eq = res.getEquityCurve();
  const traded = res.getTrades().reduce((s, t) => s + Math.abs(t.notional), 0);
  const meanEq = eq.reduce((s, e) => s + e.equity, 0) / eq.length;
  assert.ok(Math.abs(m.turnover - ((traded / meanEq) * 252) / eq.length) < 1e-9);
  const hedgeCosts = res.getHedgeTrades().reduce((s, t) => s + t.commission + t.slippage, 0);
  assert.ok(Math.abs(m.totalCosts.hedges - hedgeCosts) < 1e-9);
  const allCosts = res.getTrades().reduce((s, t) => s + t.commission + t.slippage, 0);
  assert.ok(Math.abs(m.totalCosts.stocks + m.totalCosts.hedges - allCosts) < 1e-9);
  assert.ok(Math.abs(m.totalCosts.total - (allCosts + m.totalCosts.borrow)) < 1e-9);
  assert.ok(Math.abs(m.totalReturn - (eq.at(-1)!.equity / 1_000_000 - 1)) < 1e-12);
  assert.ok(Math.abs(m.realisedBeta) < 0.3, `beta-hedged book: realised beta ${m.realisedBeta}`);
  assert.ok(m.meanAbsExposureError > 0 && m.meanAbsExposureError < 0.05, String(m.meanAbsExposureError));
  assert.ok(m.maxDrawdown <= 0);
  assert.equal(m.tradeCount, res.getTrades().length);
});

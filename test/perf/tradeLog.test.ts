// The simulation records trades as columns (engine/results/tradeLog.ts) and builds the
// Trade[] only when asked. Everything read from the columns (metrics, trade counts,
// trades.csv, positions.csv, toJSON) must equal what the Trade[] path gives: the same run
// is read once from the columns and once after forcing the array (record.trades).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Backtester } from '../../engine/backtest';
import { syntheticMarket, memoryData } from '../fixtures/sim/tables';

function run(extra: object = {}) {
  const mkt = syntheticMarket({ stocks: 24, days: 220, seed: 61, lateEtf: { etf: 'XLU', startDay: 40 } });
  return new Backtester(
    {
      name: 'trade log',
      initial_cash: 2_000_000,
      use_case: 2,
      inputs: { signals: mkt.signals },
      rebalance_frequency: 'daily',
      enable_sector_hedge: true,
      sector_etf_mapping: mkt.etfs,
      enable_beta_hedge: true,
      stock_costs: { commission_bps: 5, slippage_bps: 5, min_commission: 1 },
      etf_costs: { commission_bps: 1, slippage_bps: 2 },
      ...extra,
    },
    memoryData(mkt.table, mkt.mapping),
  ).run();
}

function outFiles(res: ReturnType<typeof run>): Record<string, string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'perf-tradelog-'));
  try {
    const files = res.writeOutFiles(path.join(dir, 'out'));
    return Object.fromEntries(files.filter((f) => !f.endsWith('metrics.json')).map((f) => [path.basename(f), readFileSync(f, 'utf8')]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('columns and Trade[] give the same metrics, counts, JSON and --out files', () => {
  const columns = run();
  assert.ok(columns.record.tradeLog, 'a fresh run keeps its trades as columns');
  const fromColumns = {
    metrics: columns.calculateMetrics(),
    counts: columns.tradeCounts(),
    files: outFiles(columns),
    json: columns.toJSON(),
  };
  assert.ok(columns.record.tradeLog, 'reading metrics, counts, files and JSON does not build the Trade[]');

  const objects = run();
  const trades = objects.record.trades; // builds the array; from here on it is the source
  assert.equal(objects.record.tradeLog, undefined);
  assert.ok(trades.length > 500, `a daily-rebalanced book trades a lot (${trades.length})`);
  assert.ok(trades.some((t) => t.reason === 'sector_hedge') && trades.some((t) => t.reason === 'beta_hedge'));
  assert.deepEqual(fromColumns.metrics, objects.calculateMetrics());
  assert.deepEqual(fromColumns.counts, objects.tradeCounts());
  assert.deepEqual(fromColumns.files, outFiles(objects));
  const { meta: m1, ...rest1 } = fromColumns.json;
  const { meta: m2, ...rest2 } = objects.toJSON();
  assert.deepEqual(rest1, rest2);
  assert.deepEqual({ ...m1, generatedAt: '' }, { ...m2, generatedAt: '' });
  assert.deepEqual(columns.getTrades(), trades, 'getTrades() builds the same objects');
});

test('edits to record.trades are what later readers see', () => {
  const res = run();
  const trades = res.record.trades;
  const n = trades.length;
  trades.pop();
  assert.equal(res.calculateMetrics().tradeCount, n - 1);
  assert.equal(res.getTrades().length, n - 1);
});

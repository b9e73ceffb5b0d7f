// What the hedge did, as a CLI user sees it: the summary's hedge effectiveness, attribution
// and confidence intervals, attribution.csv adding up to equity.csv, metrics.json's sections,
// and the intervals reproducible from bootstrap_seed.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SAMPLES, cli, config, ensureBuilt, tempDir } from './helpers';

function csv(file: string): { header: string[]; rows: string[][] } {
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
  return { header: lines[0].split(','), rows: lines.slice(1).map((l) => l.split(',')) };
}

/** neutral-etf with extra keys, written to a temp folder (data paths made absolute). */
function variant(extra: Record<string, unknown>): string {
  const dir = tempDir('cli-analysis-cfg');
  const file = path.join(dir, 'v.backtest.jsonc');
  writeFileSync(
    file,
    JSON.stringify({
      name: 'variant',
      initial_cash: 10_000_000,
      start_date: '2019-04-01',
      end_date: '2021-12-31',
      data_dir: SAMPLES,
      use_case: 2,
      inputs: { signals: path.join(SAMPLES, 'signals.csv') },
      enable_sector_hedge: true,
      sector_hedge_method: 'etf',
      stock_costs: { commission_bps: 5 },
      ...extra,
    }),
  );
  return file;
}

describe('backtest run: hedge analytics', () => {
  before(() => ensureBuilt());

  it('summary shows hedge effectiveness per sector, the attribution and the 95% intervals', () => {
    const r = cli(['run', config('beta-sector')]);
    assert.equal(r.code, 0, r.stderr);
    for (const s of [
      'Hedge effectiveness',
      'tracking error',
      'variance removed',
      'Technology (XLK)',
      'Whole book (all sector hedges)',
      'Beta hedge (SPY)',
      'P&L attribution:',
      'Stock-specific',
      'Sector hedges',
      'Cash interest',
      'Total (= equity change)',
      '95% confidence intervals (stationary block bootstrap: 1000 samples, 10-day mean blocks, seed 1)',
      'Sharpe hedged - unhedged',
    ]) {
      assert.ok(r.stdout.includes(s), `summary shows "${s}":\n${r.stdout}`);
    }
    assert.match(r.stdout, /Sharpe ratio\s+-?\d+\.\d\d\s+\[-?\d+\.\d\d, -?\d+\.\d\d\]/);
  });

  it('attribution.csv adds up to equity.csv every day; metrics.json carries the three sections', () => {
    const out = path.join(tempDir('cli-analysis'), 'r');
    const r = cli(['run', config('beta-sector'), '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    const a = csv(path.join(out, 'attribution.csv'));
    const e = csv(path.join(out, 'equity.csv'));
    assert.equal(a.rows.length, e.rows.length);
    const metrics = JSON.parse(readFileSync(path.join(out, 'metrics.json'), 'utf8'));
    let prev = metrics.run.initial_cash;
    a.rows.forEach((row, d) => {
      assert.equal(row[0], e.rows[d][0]);
      const parts = row.slice(1, 8).map(Number);
      const equity = Number(e.rows[d][1]);
      const flows = parts.reduce((x, y) => x + Math.abs(y), 0) || 1;
      assert.ok(Math.abs(parts.reduce((x, y) => x + y, 0) - (equity - prev)) <= 1e-9 * flows, `${row[0]}: ${row.join(',')}`);
      prev = equity;
    });
    const t = metrics.attribution;
    assert.ok(Math.abs(t.total - (metrics.run.final_equity - metrics.run.initial_cash)) < 1e-6 * metrics.run.initial_cash);
    assert.ok(t.beta_hedge !== 0 && t.sector_hedge !== 0);
    const he = metrics.hedge_effectiveness;
    assert.equal(he.Technology.etf, 'XLK');
    for (const k of ['tracking_error', 'correlation', 'variance_reduction']) assert.equal(typeof he.Technology[k], 'number', k);
    assert.equal(he.beta_hedge.instrument, 'SPY');
    assert.equal(typeof he.whole_book.variance_reduction, 'number');
    const ci = metrics.confidence_intervals;
    assert.deepEqual([ci.seed, ci.samples, ci.block_days, ci.level], [1, 1000, 10, 0.95]);
    for (const k of ['sharpe_ratio', 'cagr', 'annual_volatility', 'max_drawdown', 'sharpe_difference']) {
      assert.ok(ci[k].lower <= ci[k].estimate && ci[k].estimate <= ci[k].upper, `${k} ${JSON.stringify(ci[k])}`);
    }
    assert.equal(ci.sharpe_ratio.estimate, metrics.sharpe_ratio);
  });

  it('the intervals are reproducible from bootstrap_seed and move with it; bootstrap_samples 0 turns them off', () => {
    const ci = (file: string) => {
      const r = cli(['run', file, '--json']);
      assert.equal(r.code, 0, r.stderr);
      return JSON.parse(r.stdout).analysis.confidenceIntervals;
    };
    const a = ci(variant({ bootstrap_seed: 7, bootstrap_samples: 300 }));
    assert.deepEqual(ci(variant({ bootstrap_seed: 7, bootstrap_samples: 300 })), a);
    const b = ci(variant({ bootstrap_seed: 8, bootstrap_samples: 300 }));
    assert.equal(b.sharpe_ratio.estimate, a.sharpe_ratio.estimate);
    assert.notEqual(b.sharpe_ratio.lower, a.sharpe_ratio.lower);
    assert.equal(ci(variant({ bootstrap_samples: 0 })), null);
  });

  it('use case 4 (positions): the sample book from elsewhere is hedged and shown beside the book as given', () => {
    const r = cli(['run', config('positions'), '--json']);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.equal(j.meta.useCase, 4);
    assert.ok(j.tradeCounts.rebalance > 0 && j.tradeCounts.sector_hedge > 0 && j.tradeCounts.beta_hedge > 0, JSON.stringify(j.tradeCounts));
    // The hedges take most of the book's volatility out.
    assert.ok(j.metrics.annualVolatility < j.analysis.unhedged.annual_volatility, JSON.stringify(j.analysis.unhedged));
    const text = cli(['run', config('positions')]).stdout;
    assert.match(text, /The book hedged, and as given:\n\s+hedged\s+as given/);
    assert.match(text, /Sharpe ratio\s+-?\d+\.\d\d\s+-?\d+\.\d\d\n/);
  });
});

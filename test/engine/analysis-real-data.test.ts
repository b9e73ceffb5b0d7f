// The attribution identity on real S&P 500 prices (../shared/data/real-sp500-2016-2021;
// skipped when absent): on every day of a five-year ETF- and beta-hedged long/short run
// with costs, slippage, borrow and cash interest, stock-specific + sector + hedges +
// costs + borrow + interest equals the day's equity change to 1e-9 relative (to the day's
// P&L flows, see relativeResidual).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Backtester } from '../../engine/backtest';
import { DataManager } from '../../engine/data';
import { relativeResidual } from '../../engine/analysis';
import type { DatedValues, PriceTable } from '../../engine/types';

// BACKTEST_SHARED_DIR points a git worktree (whose ../shared is not the project's) at the data.
const DIR = path.join(process.env.BACKTEST_SHARED_DIR ?? path.resolve(__dirname, '../../../shared'), 'data/real-sp500-2016-2021');
const present = existsSync(path.join(DIR, 'prices.csv')) && existsSync(path.join(DIR, 'sector_mapping.csv'));
const skip = present ? false : `absent: ${DIR}`;

/** Weekly 20-day reversal signals over the mapped stocks (a deterministic long/short strategy). */
function reversalSignals(table: PriceTable, stocks: string[]): DatedValues {
  const out: DatedValues = new Map();
  for (let t = 20; t < table.dates.length; t += 5) {
    const row = new Map<string, number>();
    for (const s of stocks) {
      const c = table.columns[table.index.get(s)!];
      if (c[t] > 0 && c[t - 20] > 0) row.set(s, 1 - c[t] / c[t - 20]);
    }
    out.set(table.dates[t], row);
  }
  return out;
}

for (const method of ['etf', 'proportional'] as const) {
  test(`real S&P 500 data (${method} hedge + beta hedge): the attribution adds up to the equity change every day`, { skip }, () => {
    const dm = new DataManager(DIR);
    const table = dm.loadPrices();
    const stocks = dm.loadSectorMapping().rows.map((r) => r.ticker);
    const res = new Backtester(
      {
        initial_cash: 10_000_000,
        use_case: 2,
        inputs: { signals: reversalSignals(table, stocks) },
        demean_signals: true,
        enable_sector_hedge: true,
        sector_hedge_method: method,
        enable_beta_hedge: true,
        stock_costs: { commission_bps: 5, slippage_bps: 5, commission_per_share: 0.005, min_commission: 1 },
        etf_costs: { commission_bps: 1, slippage_bps: 2 },
        borrow_rate_annual: 0.01,
        cash_rate_annual: 0.02,
        bootstrap_samples: 200,
        // ETFs cheaper to borrow, and (ETF method) hedges sized by the holdings' betas to their ETF.
        etf_borrow_rate_annual: 0.003,
        ...(method === 'etf' ? { sector_hedge_ratio: 'beta' } : {}),
      },
      dm,
    ).run();
    const rec = res.record;
    const { attribution: a, attributionTotals: totals, hedgeEffectiveness: he, confidenceIntervals: ci } = res.analyse();
    const T = rec.dates.length;
    assert.ok(T > 1200, String(T));
    let worst = 0,
      worstDay = '';
    for (let d = 0; d < T; d++) {
      const r = relativeResidual(a, d);
      if (r > worst) {
        worst = r;
        worstDay = rec.dates[d];
      }
    }
    assert.ok(worst <= 1e-9, `worst relative residual ${worst} on ${worstDay}`);
    assert.equal(totals.max_relative_residual, worst);
    // Every part took part: a test that could pass with a part missing would prove nothing.
    for (const k of ['stock_specific', 'sector', 'costs', 'borrow', 'interest', 'beta_hedge'] as const) assert.notEqual(totals[k], 0, k);
    if (method === 'etf') {
      assert.notEqual(totals.sector_hedge, 0);
      // The sector ETFs remove most of the sector variance of each held sector.
      const vr = Object.values(he.sectors).map((s) => s.variance_reduction);
      assert.ok(vr.length >= 10, String(vr.length));
      assert.ok(he.book.variance_reduction > 0, JSON.stringify(he.book));
    } else assert.equal(totals.sector_hedge, 0);
    assert.ok(
      ci && ci.sharpe_ratio.lower < ci.sharpe_ratio.estimate && ci.sharpe_ratio.estimate < ci.sharpe_ratio.upper,
      JSON.stringify(ci),
    );
  });
}

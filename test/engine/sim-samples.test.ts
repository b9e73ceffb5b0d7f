// Every sample config (one per guide example) runs through BacktestConfig + DataManager +
// Backtester, keeps the accounting identity and, when it hedges, hedges.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { BacktestConfig } from '../../engine/config';
import { Backtester } from '../../engine/backtest';

const DIR = path.resolve(__dirname, '../../sample_data/configs');
const configs = existsSync(DIR)
  ? readdirSync(DIR)
      .filter((f) => f.endsWith('.backtest.jsonc'))
      .sort()
  : [];

test('the guide examples each have a sample config', { skip: configs.length ? false : 'no sample_data/configs yet' }, () => {
  for (const name of ['neutral-etf', 'proportional', 'tactical-tilt', 'vanguard', 'tech-industry', 'beta-sector', 'dynamic-targets']) {
    assert.ok(configs.includes(`${name}.backtest.jsonc`), name);
  }
});

for (const file of configs) {
  test(`sample config ${file} runs and balances every day`, () => {
    const config = BacktestConfig.fromFile(path.join(DIR, file));
    const res = new Backtester(config, config.createDataManager()).run();
    const eq = res.getEquityCurve();
    const pos = res.getPositionHistory();
    eq.forEach((e, d) => {
      const held = pos[d].rows.reduce((s, p) => s + p.value, 0);
      assert.ok(Math.abs(e.cash + held - e.equity) <= 1e-9 * Math.abs(e.equity), `${file} ${e.date}`);
    });
    const c = config as unknown as {
      enable_sector_hedge: boolean;
      sector_hedge_method: string;
      enable_beta_hedge: boolean;
      sector_hedge_tolerance: number;
    };
    const m = res.calculateMetrics();
    assert.ok(m.tradeCount > 0, 'trades');
    assert.ok(Number.isFinite(m.sharpeRatio));
    if (c.enable_sector_hedge && c.sector_hedge_method === 'etf')
      assert.ok(
        res.getHedgeTrades().some((t) => t.reason === 'sector_hedge'),
        'sector hedges',
      );
    if (c.enable_sector_hedge && c.sector_hedge_method === 'proportional')
      assert.ok(res.getTrades().some((t) => t.reason === 'proportional' || t.reason === 'rebalance'));
    if (c.enable_beta_hedge)
      assert.ok(
        res.getHedgeTrades().some((t) => t.reason === 'beta_hedge'),
        'beta hedges',
      );
    if (c.enable_sector_hedge) assert.ok(m.meanAbsExposureError <= c.sector_hedge_tolerance, `exposure error ${m.meanAbsExposureError}`);
    assert.equal(res.toJSON().meta.configPath, path.join(DIR, file));
  });
}

// The sweep worker's task: its trade counts (one typed-array pass over the trade log) are the
// results' own, and it reports the thread CPU the bench's overhead is computed from.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { BacktestConfig } from '../../engine/config';
import { Backtester } from '../../engine/backtest';
import { countTrades, runSweepTask } from '../../cli/sweep/task';

const ROOT = path.resolve(__dirname, '..', '..');
const BASE = path.join(ROOT, 'sample_data', 'configs', 'neutral-etf.backtest.jsonc');

test('the sweep task counts trades per reason exactly as the results do', () => {
  for (const overrides of [{}, { sector_hedge_method: 'proportional' as const, enable_beta_hedge: true, target_beta: 0.3 }]) {
    const config = BacktestConfig.fromFile(BASE);
    const c = new BacktestConfig({ ...config.toJSON(), ...overrides }, { configPath: BASE });
    const results = new Backtester(c, c.createDataManager()).run();
    const counts = countTrades(results);
    assert.deepEqual(counts, results.tradeCounts());
    assert.ok(Object.values(counts).reduce((a, b) => a + b, 0) > 100, 'a run with trades');
  }
});

test(
  'a task reports the simulation, load and thread CPU it used (Linux)',
  { skip: process.platform !== 'linux' && 'thread CPU is read from /proc' },
  () => {
    const config = BacktestConfig.fromFile(BASE).toJSON();
    const r = runSweepTask({
      config,
      basePath: BASE,
      cancel: new SharedArrayBuffer(4),
      window: { start: '2021-01-04', end: '2021-06-30' },
    });
    assert.ok(r.ok, JSON.stringify(r));
    if (!r.ok) return;
    assert.ok(r.cpu.simMs > 0 && r.cpu.taskMs >= r.cpu.simMs + r.cpu.loadMs, JSON.stringify(r.cpu));
    assert.ok(r.cpu.threadMs >= r.cpu.startMs + r.cpu.taskMs - 1e-6, JSON.stringify(r.cpu));
    assert.equal(
      Object.values(r.tradeCounts).reduce((a, b) => a + b, 0),
      r.metrics.trade_count,
      'the counts add up to the trade count',
    );
  },
);

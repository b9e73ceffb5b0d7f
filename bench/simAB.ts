// A/B of the simulation on loaded tables: W1's tables loaded once per engine bundle, then
// `run()` timed by CPU with the bundles interleaved (A B A B ...), and every RunRecord field
// and trade-log column of several W1 variants hashed for each bundle.
//   node --expose-gc --import tsx bench/simAB.ts W1_DIR A/engine.js B/engine.js [--runs N] [--only full,nohedge] [--no-hash]
// Prints the median and best CPU per variant and bundle, the load average, and whether the
// hashes agree (the bundles must give bit-identical results).
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type * as Engine from '../engine';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const k = args.indexOf(name);
  return k >= 0 ? args[k + 1] : undefined;
};
const [dir, ...bundles] = args.filter((a, k) => !a.startsWith('--') && args[k - 1] !== '--runs' && args[k - 1] !== '--only');
const runs = Number(flag('--runs') ?? 7);
const only = flag('--only')?.split(',');
const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e3;
};

/** The W1 variants: the full config and the ones earlier commits hashed. */
const VARIANTS: Record<string, Record<string, unknown>> = {
  full: {},
  nohedge: { enable_sector_hedge: false, enable_beta_hedge: false },
  proportional: { sector_hedge_method: 'proportional' },
  propnav: { sector_hedge_method: 'proportional', exposure_basis: 'nav' },
  etfnav: { exposure_basis: 'nav', hedge_rebalance_frequency: 'weekly' },
  betaratio: { sector_hedge_ratio: 'beta' },
  weeklyedge: { rebalance_frequency: 'weekly', hedge_band_mode: 'edge', sector_hedge_tolerance: 0.01, beta_hedge_tolerance: 0.05 },
  cashrange: { cash_rate_annual: 0.03, start_date: '2016-03-01', end_date: '2021-06-30' },
};

function hashRecord(rec: Record<string, unknown>): string {
  const h = createHash('sha256');
  const log = rec.tradeLog as Record<string, unknown> & { length: number };
  for (const key of Object.keys(rec).sort()) {
    if (key === 'trades' || key === 'table' || key === 'tradeLog') continue;
    h.update(key);
    const v = rec[key];
    if (ArrayBuffer.isView(v)) h.update(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
    else h.update(JSON.stringify(v) ?? 'undefined');
  }
  for (const c of ['day', 'ticker', 'quantity', 'price', 'notional', 'commission', 'slippage', 'reason', 'sector']) {
    const a = (log[c] as Float64Array).subarray(0, log.length);
    h.update(c);
    h.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  }
  h.update(JSON.stringify(log.sectors));
  return h.digest('hex').slice(0, 16);
}

interface Side {
  name: string;
  engine: typeof Engine;
  tables: Engine.LoadedTables;
  base: Engine.BacktestConfig;
}

const sides: Side[] = bundles.map((b) => {
  const engine = require(path.resolve(b)) as typeof Engine;
  const tables = new engine.LoadedTables();
  const base = engine.BacktestConfig.fromFile(path.join(dir, 'bench.backtest.jsonc'));
  new engine.Backtester(base, base.createDataManager(tables)).run(); // loads the tables
  return { name: b, engine, tables, base };
});

const runOnce = (s: Side, v: string): { ms: number; rec: Record<string, unknown> } => {
  const cfg = s.base.with(VARIANTS[v] as never);
  gc();
  const c0 = cpu();
  const res = new s.engine.Backtester(cfg, cfg.createDataManager(s.tables)).run();
  return { ms: cpu() - c0, rec: res.record as unknown as Record<string, unknown> };
};

const names = Object.keys(VARIANTS).filter((v) => !only || only.includes(v));
if (!args.includes('--no-hash')) {
  for (const v of names) {
    const hs = sides.map((s) => hashRecord(runOnce(s, v).rec));
    console.log(`hash ${v.padEnd(13)} ${hs.join(' ')} ${hs.every((x) => x === hs[0]) ? 'same' : 'DIFFERENT'}`);
  }
}
const timed = only ?? ['full', 'nohedge'];
for (const v of timed) {
  const ms: number[][] = sides.map(() => []);
  const l0 = os.loadavg()[0];
  for (let k = 0; k < runs; k++) for (let i = 0; i < sides.length; i++) ms[i].push(runOnce(sides[i], v).ms);
  const l1 = os.loadavg()[0];
  const med = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1];
  for (let i = 0; i < sides.length; i++)
    console.log(
      `${v.padEnd(8)} ${sides[i].name.padEnd(40)} median ${med(ms[i]).toFixed(0)} ms, best ${Math.min(...ms[i]).toFixed(0)} ms CPU (runs: ${ms[i].map((x) => x.toFixed(0)).join(' ')}) load ${l0.toFixed(1)}-${l1.toFixed(1)}`,
    );
}

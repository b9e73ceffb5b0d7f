import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import os from 'node:os';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { BacktestConfig, ConfigError, backtestSchema, levenshtein, nearest, resolveConfigPaths } from '../../engine/config';

const ROOT = path.resolve(__dirname, '../..');

function issuesOf(fn: () => unknown): ConfigError['issues'] {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof ConfigError, String(e));
    return e.issues;
  }
  assert.fail('expected a ConfigError');
}

test("defaults come from the schema: the guide's keys, SPDR mapping, zero costs", () => {
  const c = new BacktestConfig({});
  assert.equal(c.initial_cash, 10_000_000);
  assert.equal(c.use_case, 2);
  assert.equal(c.enable_sector_hedge, false);
  assert.equal(c.sector_hedge_method, 'etf');
  assert.equal(c.beta_hedge_instrument, 'SPY');
  assert.equal(c.target_beta, 0);
  assert.equal(c.beta_lookback_days, 126);
  assert.equal(c.sector_hedge_tolerance, 0.02);
  assert.equal(c.beta_hedge_tolerance, 0.05);
  assert.equal(c.execution_delay_days, 1);
  assert.equal(c.exposure_basis, 'gross');
  assert.equal(c.hedge_group_column, 'sector');
  assert.equal(c.write_positions, true);
  assert.deepEqual(c.stock_costs, { commission_bps: 0, commission_per_share: 0, min_commission: 0, slippage_bps: 0 });
  assert.equal(Object.keys(c.sector_etf_mapping).length, 11);
  assert.equal(c.sector_etf_mapping['Communication Services'], 'XLC');
  assert.equal(c.start_date, undefined);
  // Defaults are copies: changing one config does not change the next.
  c.sector_etf_mapping.Technology = 'VGT';
  assert.equal(new BacktestConfig({}).sector_etf_mapping.Technology, 'XLK');
});

test('every schema key has a description, a hover text and (except optional ones) a default', () => {
  const optional = new Set(['$schema', 'start_date', 'end_date']);
  for (const [key, node] of Object.entries(backtestSchema.properties!)) {
    assert.ok(typeof node.description === 'string' && node.description.length > 20, `${key} description`);
    assert.ok(typeof node.markdownDescription === 'string', `${key} markdownDescription`);
    if (!optional.has(key)) assert.notEqual(node.default, undefined, `${key} default`);
  }
  assert.equal(backtestSchema.additionalProperties, false);
});

test('use_case accepts 1|2|3|4 or weights|signals|orders|positions; partial costs are completed', () => {
  assert.equal(new BacktestConfig({ use_case: 'weights' }).use_case, 1);
  assert.equal(new BacktestConfig({ use_case: 'orders' }).use_case, 3);
  assert.equal(new BacktestConfig({ use_case: 'positions' }).use_case, 4);
  assert.equal(new BacktestConfig({ use_case: 2 }).use_case, 2);
  const c = new BacktestConfig({ etf_costs: { commission_bps: 1 } });
  assert.deepEqual(c.etf_costs, { commission_bps: 1, commission_per_share: 0, min_commission: 0, slippage_bps: 0 });
  assert.equal(issuesOf(() => new BacktestConfig({ use_case: 5 as never }))[0].path, 'use_case');
});

test('unknown keys name the nearest valid key, at any depth', () => {
  const [i] = issuesOf(() => new BacktestConfig({ enable_beta_hedg: true } as never));
  assert.equal(i.path, 'enable_beta_hedg');
  assert.equal(i.code, 'unknown-key');
  assert.match(i.message, /Did you mean "enable_beta_hedge"\?/);
  const [j] = issuesOf(() => new BacktestConfig({ stock_costs: { slipage_bps: 1 } } as never));
  assert.equal(j.path, 'stock_costs.slipage_bps');
  assert.match(j.message, /"slippage_bps"/);
});

test('wrong types, enums and ranges are all reported with their JSON paths', () => {
  const issues = issuesOf(
    () =>
      new BacktestConfig({
        initial_cash: 'lots' as never,
        sector_hedge_method: 'etfs' as never,
        target_beta: 9,
        sector_target_exposures: { Technology: 1.5 },
      }),
  );
  const byPath = Object.fromEntries(issues.map((i) => [i.path, i]));
  assert.equal(byPath.initial_cash.message, 'initial_cash: Incorrect type. Expected "number", got "lots".');
  assert.match(byPath.sector_hedge_method.message, /Did you mean "etf"/);
  assert.equal(byPath.target_beta.message, 'target_beta: 9 is out of range; it must be at most 3.');
  assert.equal(byPath['sector_target_exposures.Technology'].code, 'target-out-of-range');
});

test('dates: calendar check and order; expressions compiled at config time', () => {
  assert.equal(issuesOf(() => new BacktestConfig({ start_date: '2023-02-29' }))[0].code, 'invalid-date');
  assert.equal(issuesOf(() => new BacktestConfig({ start_date: '2023-06-01', end_date: '2023-01-01' }))[0].code, 'dates-reversed');
  const [e] = issuesOf(() => new BacktestConfig({ sector_target_exposures: { Technology: 'market_vol > 0.25 ? 0 : 0.05' } }));
  assert.equal(e.code, 'expression-invalid');
  assert.match(e.message, /market_vol_21d/);
  assert.equal(
    new BacktestConfig({ sector_target_exposures: { Technology: 'market_vol_21d > 0.25 ? 0 : 0.05' } }).sector_target_exposures.Technology,
    'market_vol_21d > 0.25 ? 0 : 0.05',
  );
});

test('fromFile: JSONC with comments and trailing commas; paths relative to the config', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cfg-'));
  const file = path.join(dir, 'a.backtest.jsonc');
  writeFileSync(file, '// c\n{\n  "data_dir": "../data", // here\n  "prices_file": "p.csv",\n  "inputs": { "signals": "sig/s.csv" },\n}\n');
  const c = BacktestConfig.fromFile(file);
  assert.equal(c.configPath, file);
  assert.equal(c.pricesPath, path.resolve(dir, '../data/p.csv'));
  assert.equal(c.sectorMappingPath, path.resolve(dir, '../data/sector_mapping.csv'));
  assert.equal(c.input, path.join(dir, 'sig/s.csv'));
  assert.equal(c.resolvePath('x.csv'), path.join(dir, 'x.csv'));
  assert.deepEqual(resolveConfigPaths({ data_dir: 'd', sector_mapping_file: '/abs/m.csv' }, file).sectorMapping, '/abs/m.csv');
});

test('fromFile: errors name file:line:col and the JSON path', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cfg-'));
  const file = path.join(dir, 'b.backtest.jsonc');
  writeFileSync(file, '{\n  "initial_cash": 1000,\n  "sector_target_exposures": { "Technology": 2 },\n  "enable_sector_hedg": true\n}\n');
  const issues = issuesOf(() => BacktestConfig.fromFile(file));
  const unknown = issues.find((i) => i.code === 'unknown-key')!;
  assert.deepEqual([unknown.file, unknown.line, unknown.column], [file, 4, 3]);
  assert.match(unknown.message, /"enable_sector_hedge"/);
  const range = issues.find((i) => i.code === 'target-out-of-range')!;
  assert.deepEqual([range.line, range.column, range.path], [3, 46, 'sector_target_exposures.Technology']);
  writeFileSync(file, '{ "initial_cash": 1000 "name": "x" }');
  const [syntax] = issuesOf(() => BacktestConfig.fromFile(file));
  assert.deepEqual([syntax.code, syntax.line, syntax.column], ['syntax-error', 1, 24]);
  assert.match(String(issuesOf(() => BacktestConfig.fromFile(path.join(dir, 'none.jsonc')))[0].message), /not found/);
});

test('with() returns a validated copy; toJSON round-trips', () => {
  const c = new BacktestConfig({ enable_sector_hedge: true, sector_target_exposures: { Energy: 0.05 } });
  const p = c.with({ sector_hedge_method: 'proportional' });
  assert.equal(p.sector_hedge_method, 'proportional');
  assert.equal(p.sector_target_exposures.Energy, 0.05);
  assert.deepEqual(new BacktestConfig(c.toJSON() as never).toJSON(), c.toJSON());
});

test('nearest-name suggestions', () => {
  assert.equal(levenshtein('kitten', 'sitting'), 3);
  assert.equal(nearest('Tecnology', ['Healthcare', 'Technology']), 'Technology');
  assert.equal(nearest('Tech', ['Healthcare', 'Technology']), 'Technology');
  assert.equal(nearest('Zzzzzz', ['Healthcare', 'Technology']), undefined);
});

test('every sample config in sample_data/configs loads', () => {
  const dir = path.join(ROOT, 'sample_data/configs');
  let files: string[] = [];
  try {
    files = require('node:fs')
      .readdirSync(dir)
      .filter((f: string) => f.endsWith('.backtest.jsonc'));
  } catch {
    /* sample data not generated yet */
  }
  for (const f of files) assert.doesNotThrow(() => BacktestConfig.fromFile(path.join(dir, f)), f);
});

test('docs/config.md and docs/errors.md are up to date with the schema and codes', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/gen-config-docs.mjs'), '--check'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  assert.match(readFileSync(path.join(ROOT, 'docs/config.md'), 'utf8'), /`sector_target_exposures`/);
});

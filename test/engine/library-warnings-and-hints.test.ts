// The library and the day loop explain themselves: hedge-group hints, empty inputs,
// SectorHedger call forms, library-mode path errors, target warnings, config syntax text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Backtester } from '../../engine/backtest';
import { SectorHedger } from '../../engine/hedging';
import { BacktestConfig, ConfigError } from '../../engine/config';
import { DataError, DataManager } from '../../engine/data';
import { makeMapping, makeTable, memoryData } from '../fixtures/sim/tables';
import { compileExpression } from '../../engine/expressions';

const dates = ['2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05'];
const table = makeTable(dates, {
  MSFT: [100, 101, 102, 103],
  NVDA: [50, 51, 52, 53],
  JNJ: [150, 151, 150, 149],
  IGV: [80, 81, 82, 83],
  SOXX: [90, 91, 92, 93],
  XLK: [100, 101, 102, 103],
  XLV: [40, 41, 40, 39],
});
const mapping = makeMapping([
  ['MSFT', 'Technology', 'Software'],
  ['NVDA', 'Technology', 'Semiconductors'],
  ['JNJ', 'Healthcare', 'Pharma'],
]);
const weights = { '2024-01-01': { MSFT: 0.4, NVDA: 0.3, JNJ: 0.3 } };

test("the guide's industry ETF mapping without hedge_group_column: a run warning names the column", () => {
  const res = new Backtester(
    {
      use_case: 1,
      inputs: { weights },
      enable_sector_hedge: true,
      sector_hedge_method: 'etf',
      sector_etf_mapping: { Software: 'IGV', Semiconductors: 'SOXX' },
      sector_target_exposures: { Software: 0 },
    },
    memoryData(table, mapping),
  ).run();
  const hint = res.getWarnings().find((w) => w.code === 'hedge-group-column');
  assert.ok(hint, JSON.stringify(res.getWarnings()));
  assert.match(hint.message, /"Software", "Semiconductors"/);
  assert.match(hint.message, /Set "hedge_group_column": "industry"/);
  const target = res.getWarnings().find((w) => w.code === 'unknown-sector')!;
  assert.match(target.message, /set "hedge_group_column": "industry"/);
  // With the column set, the same config hedges by industry and the hint is gone.
  const fixed = new Backtester(
    {
      use_case: 1,
      inputs: { weights },
      enable_sector_hedge: true,
      sector_hedge_method: 'etf',
      hedge_group_column: 'industry',
      sector_etf_mapping: { Software: 'IGV', Semiconductors: 'SOXX', Pharma: 'XLV' },
    },
    memoryData(table, mapping),
  ).run();
  assert.ok(!fixed.getWarnings().some((w) => w.code === 'hedge-group-column'));
  assert.ok(fixed.getHedgeTrades().some((t) => t.ticker === 'IGV'));
});

test('inputs with a header but no rows, and a run without trades, are run warnings', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fix-empty-'));
  writeFileSync(path.join(dir, 'signals.csv'), 'date,ticker,signal\n');
  writeFileSync(path.join(dir, 'orders.csv'), 'date,ticker,quantity\n');
  const data = Object.assign(DataManager.fromTables(table, mapping), {});
  const sig = new Backtester({ use_case: 2, inputs: { signals: path.join(dir, 'signals.csv') } }, data).run();
  const codes = sig.getWarnings().map((w) => w.code);
  assert.ok(codes.includes('input-no-rows'), codes.join());
  assert.ok(codes.includes('no-trades'), codes.join());
  assert.match(sig.getWarnings().find((w) => w.code === 'input-no-rows')!.message, /signals input \(signals\.csv\) has no rows/);
  const ord = new Backtester(
    { use_case: 3, inputs: { orders: path.join(dir, 'orders.csv') } },
    DataManager.fromTables(table, mapping),
  ).run();
  assert.ok(ord.getWarnings().some((w) => w.code === 'input-no-rows'));
  // A run that trades has no such warnings.
  const ok = new Backtester({ use_case: 1, inputs: { weights } }, memoryData(table, mapping)).run();
  assert.ok(!ok.getWarnings().some((w) => w.code === 'no-trades' || w.code === 'input-no-rows'));
});

test("SectorHedger accepts the guide's positional form and names the shape otherwise", () => {
  const hedger = new SectorHedger({ target_exposures: { Technology: 0 }, hedge_method: 'etf' });
  const positions = { AAPL: 1000, MSFT: 500 },
    prices = { AAPL: 150, MSFT: 300, XLK: 145 },
    sectors = { AAPL: 'Technology', MSFT: 'Technology' };
  assert.deepEqual(hedger.calculateHedgeEtf(positions, prices, sectors), { XLK: -2069 });
  assert.deepEqual(hedger.calculateHedgeEtf({ positions, prices, sector_mapping: sectors }), { XLK: -2069 });
  const prop = new SectorHedger({ target_exposures: { Technology: 0 }, hedge_method: 'proportional' });
  assert.deepEqual(
    prop.calculateHedgeProportional(positions, prices, sectors),
    prop.calculateHedgeProportional({ positions, prices, sector_mapping: sectors }),
  );
  const call = hedger.calculateHedgeEtf as unknown as (...a: unknown[]) => unknown;
  for (const bad of [[], [positions], [null, prices, sectors], [positions, 'prices', sectors], [{ positions: [1, 2], prices }]]) {
    assert.throws(
      () => call.apply(hedger, bad),
      (e: unknown) =>
        e instanceof TypeError &&
        /expects \(\{ positions, prices, sector_mapping \}\) or \(positions, prices, sector_mapping\)/.test(e.message),
      JSON.stringify(bad),
    );
  }
});

test("library mode: a missing relative input path does not mention a config file's folder", () => {
  const bt = new Backtester({ use_case: 2, inputs: { signals: 'no-such-dir/signals.csv' } }, DataManager.fromTables(table, mapping));
  assert.throws(
    () => bt.run(),
    (e: unknown) => {
      assert.ok(e instanceof DataError);
      assert.equal(e.code, 'file-not-found');
      assert.doesNotMatch(e.message, /config file's folder/);
      assert.match(e.fix ?? '', /working directory/);
      return true;
    },
  );
});

test('a target expression giving Infinity: one clear run warning', () => {
  // days_since_start is 0 on the first day; a constant such as 1/0 is refused at compile time.
  const res = new Backtester(
    {
      use_case: 1,
      inputs: { weights },
      enable_sector_hedge: true,
      sector_target_exposures: { Healthcare: '1/days_since_start' },
    },
    memoryData(table, mapping),
  ).run();
  const w = res.getWarnings().find((x) => x.code === 'bad-target-value')!;
  assert.equal(
    w.message,
    'target of Healthcare ("1/days_since_start") gives Infinity on 2024-01-02, so the previous target (0) was kept; a target must be a finite number.',
  );
  assert.throws(() => compileExpression('1/0'), /always gives Infinity; a target must be a finite number/);
  assert.throws(() => compileExpression('clamp(1, 2)'), /clamp takes three numbers/);
});

test('BacktestConfig.fromText: human syntax messages with a fix; a repeated key points at the last copy', () => {
  const issue = (text: string) => {
    try {
      BacktestConfig.fromText(text, '/x/c.backtest.jsonc');
    } catch (e) {
      assert.ok(e instanceof ConfigError);
      return e;
    }
    throw new Error('no error');
  };
  const comma = issue('{ "initial_cash": 1000 "name": "x" }');
  // The validator's words (as `backtest validate` shows them), the fix also on its own.
  assert.equal(comma.issues[0].message, 'JSON syntax error: Expected comma. Fix: Add a comma after the previous value.');
  assert.equal(comma.fix, 'Add a comma after the previous value.');
  assert.match(issue('').issues[0].message, /^The config file is empty/);
  assert.match(issue('\u0000\u0001PK').issues[0].message, /^This is a binary file/);
  const dup = issue('{ "use_case": 2,\n  "use_case": 5 }').issues[0];
  assert.deepEqual([dup.line, dup.column], [2, 15]);
  assert.match(dup.message, /5/);
});

// The validator as a whole: a clean config, pending data, random text, the sample configs,
// real data, a BOM, and message wording that spans codes (one test per code is in
// validate-codes.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import fc from 'fast-check';
import { validateConfigText, createSyncDataAccess } from '../../engine/validate';
import type { DataAccess } from '../../engine/types';
import { CONFIG, HEDGED, ROOT, SIGNALS, at, only, validate } from './validateHelpers';

test('a correct config has no diagnostics', async () => {
  const text = `{\n  ${HEDGED},\n  "sector_etf_mapping": { "Technology": "XLK", "Healthcare": "XLV" },\n  "sector_target_exposures": { "Technology": 0.05, "Healthcare": 0 }\n}`;
  assert.deepEqual(await validate(text), []);
});

test('pending data: data-aware checks wait, schema checks still run', async () => {
  const pending: DataAccess = {
    prices: () => ({ state: 'pending' }),
    mapping: () => ({ state: 'pending' }),
    datedValues: () => ({ state: 'pending' }),
  };
  const ds = await validate(`{ ${SIGNALS}, "sector_target_exposures": { "Tecnology": 0.1 }, "initial_cas": 1 }`, { data: pending });
  assert.deepEqual(
    ds.map((d) => d.code),
    ['unknown-key'],
  );
});

test('never throws: random text and truncated configs give diagnostics', async () => {
  const base = `{\n  ${HEDGED},\n  "sector_target_exposures": { "Technology": "market_vol_21d > 0.25 ? 0 : 0.05" }\n}`;
  const data = createSyncDataAccess();
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(
        fc.string(),
        fc.integer({ min: 0, max: base.length }).map((n) => base.slice(0, n)),
      ),
      async (text) => {
        const ds = await validateConfigText(text, CONFIG, data);
        assert.ok(Array.isArray(ds));
        assert.ok(
          ds.every((d) => d.code !== 'internal-error'),
          JSON.stringify(ds),
        );
      },
    ),
    { numRuns: 150 },
  );
});

test(
  'sample configs validate without errors; the walkthrough has exactly its seeded mistake',
  { skip: !existsSync(path.join(ROOT, 'sample_data/prices.csv')) },
  async () => {
    const data = createSyncDataAccess();
    const dir = path.join(ROOT, 'sample_data/configs');
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.backtest.jsonc'))) {
      const file = path.join(dir, f);
      const errors = (await validateConfigText(readFileSync(file, 'utf8'), file, data)).filter((d) => d.severity === 'error');
      assert.deepEqual(errors, [], f);
    }
    const fix = path.join(ROOT, 'sample_data/walkthrough/fix-me.backtest.jsonc');
    if (existsSync(fix)) {
      const errors = (await validateConfigText(readFileSync(fix, 'utf8'), fix, data)).filter((d) => d.severity === 'error');
      assert.equal(errors.length, 1);
      assert.equal(errors[0].code, 'unknown-sector');
    }
  },
);

// ../shared sits beside the repository (developers and CI alike).
const REAL_DATA = path.resolve(__dirname, '../../../shared/data/real-sp500-2016-2021');
test(
  'real S&P data: XLC late start reported on a neutral ETF config (skipped when absent)',
  { skip: !existsSync(path.join(REAL_DATA, 'prices.csv')) },
  async () => {
    const cfg = path.join(ROOT, 'test/fixtures/data/real.backtest.jsonc');
    const text = `{ "data_dir": "${path.relative(path.dirname(cfg), REAL_DATA)}", "use_case": 3, "inputs": { "orders": [{ "date": "2016-05-02", "ticker": "GOOGL", "quantity": 10 }] }, "enable_sector_hedge": true }`;
    const ds = await validateConfigText(text, cfg, createSyncDataAccess());
    const cov = only(ds, 'etf-coverage');
    assert.match(cov.message, /XLC has prices only from 2018-/);
    assert.deepEqual(
      ds.filter((d) => d.severity === 'error'),
      [],
    );
  },
);

test('a BOM and a $schema key are accepted, positions unchanged', async () => {
  const text = `\uFEFF{ "$schema": "../../../../schemas/backtest.schema.json", ${SIGNALS}, "initial_cas": 1 }`;
  const d = only(await validate(text), 'unknown-key');
  assert.deepEqual(d.range, at(text, '"initial_cas"'));
});

test('industry names under the sector column: suggest hedge_group_column, with data for the quick fix', async () => {
  const text = `{ ${HEDGED}, "sector_etf_mapping": { "Software": "IGV", "Hardware": "XLK" }, "sector_target_exposures": { "Software": 0 } }`;
  const ds = await validate(text);
  const withHint = ds.filter((d) => d.data?.groupColumn === 'industry');
  assert.deepEqual(withHint.map((d) => d.code).sort(), ['sector-without-stocks', 'sector-without-stocks', 'unknown-sector']);
  for (const d of withHint) assert.match(d.message, /Set "hedge_group_column": "industry"/);
  assert.deepEqual(withHint.find((d) => d.code === 'unknown-sector')!.range, at(text, '"Software"', 1));
});

test('syntax errors use the shared wording with a fix; empty and binary files are errors', async () => {
  const comma = only(await validate('{ "initial_cash": 1000 "name": "x" }'), 'syntax-error');
  assert.equal(comma.message, 'JSON syntax error: Expected comma. Fix: Add a comma after the previous value.');
  assert.match(only(await validate(''), 'syntax-error').message, /^The config file is empty; it must be a JSON object\. Fix: /);
  assert.match(only(await validate('  // nothing yet\n'), 'syntax-error').message, /empty/);
  const bin = only(await validate('PK\u0003\u0004\u0000\u0000'), 'syntax-error');
  assert.match(bin.message, /^This is a binary file/);
  assert.doesNotMatch(bin.message, /[a-z]\.\./);
});

test('a repeated key: messages show the value at the reported position (the last copy)', async () => {
  const text = '{ "use_case": 2,\n  "use_case": 5 }';
  const d = only(await validate(text), 'invalid-value');
  assert.deepEqual(d.range, at(text, '5'));
  assert.match(d.message, /use_case: 5 is not allowed/);
});

// The sweep file: axes expand as documented, every variant is validated before anything
// runs, and variant ids are stable hashes of config + data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, copyFileSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from '../../engine/config';
import { buildVariants, combineAxes, expandAxis, parseSweepText, SweepValidationError, readSweepFile } from '../../engine/sweep';

const ROOT = path.resolve(__dirname, '..', '..');
const CONFIGS = path.join(ROOT, 'sample_data', 'configs');
const at = (name: string) => path.join(CONFIGS, name);

test('a range includes its end within tolerance: -0.1 to 0.1 by 0.05 gives five clean values', () => {
  assert.deepEqual(expandAxis({ from: -0.1, to: 0.1, step: 0.05 }), [-0.1, -0.05, 0, 0.05, 0.1]);
  assert.deepEqual(expandAxis({ from: 0.01, to: 0.03, step: 0.01 }), [0.01, 0.02, 0.03]);
  assert.deepEqual(expandAxis({ from: 60, to: 20, step: 20 }), [60, 40, 20]);
  assert.deepEqual(expandAxis({ from: 0, to: 0.25, step: 0.1 }), [0, 0.1, 0.2]);
});

test('product makes every combination (first axis slowest); zip takes equal-length axes together', () => {
  const axes = [
    { key: 'a', segments: ['a'], values: [1, 2] },
    { key: 'b', segments: ['b'], values: ['x', 'y', 'z'] },
  ];
  assert.deepEqual(
    combineAxes(axes, 'product').map((p) => `${p.a}${p.b}`),
    ['1x', '1y', '1z', '2x', '2y', '2z'],
  );
  const zipped = [
    { key: 'a', segments: ['a'], values: [1, 2] },
    { key: 'b', segments: ['b'], values: ['x', 'y'] },
  ];
  assert.deepEqual(combineAxes(zipped, 'zip'), [
    { a: 1, b: 'x' },
    { a: 2, b: 'y' },
  ]);
});

test('the sample sweep makes 30 variants with dotted keys set in the nested object', async () => {
  const spec = readSweepFile(at('hedge-methods.sweep.jsonc'));
  const variants = await buildVariants(spec);
  assert.equal(variants.length, 30);
  const v = variants.find((x) => x.point['sector_target_exposures.Technology'] === 0.05 && x.point.sector_hedge_method === 'proportional')!;
  assert.equal((v.resolved.sector_target_exposures as Record<string, unknown>).Technology, 0.05);
  assert.equal((v.resolved.sector_target_exposures as Record<string, unknown>).Healthcare, 0, 'the rest of the base map is kept');
  assert.equal(v.resolved.sector_hedge_method, 'proportional');
  assert.equal(new Set(variants.map((x) => x.id)).size, 30, 'ids are distinct');
});

test('an unknown axis key is refused at its line with the nearest valid key', () => {
  const text = '{\n  "base": "neutral-etf.backtest.jsonc",\n  "axes": {\n    "sector_hedge_tolerence": [0.01]\n  }\n}\n';
  assert.throws(
    () => parseSweepText(text, at('x.sweep.jsonc')),
    (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      const i = err.issues[0];
      assert.equal(i.line, 4);
      assert.match(i.message, /Did you mean "sector_hedge_tolerance"/);
      return true;
    },
  );
  assert.throws(
    () => parseSweepText('{"base": "neutral-etf.backtest.jsonc", "axes": {"stock_costs.slipage_bps": [1]}}', at('x.sweep.jsonc')),
    /slippage_bps/,
  );
});

test('zip refuses axes of different lengths, naming each length', () => {
  const text =
    '{"base": "neutral-etf.backtest.jsonc", "combine": "zip", "axes": {"target_beta": [0, 0.5], "beta_lookback_days": [20, 40, 60]}}';
  assert.throws(() => parseSweepText(text, at('x.sweep.jsonc')), /target_beta: 2, beta_lookback_days: 3/);
});

test('invalid variants are refused before any run, each with its axis values and the validator error', async () => {
  const text = JSON.stringify({
    base: 'neutral-etf.backtest.jsonc',
    axes: { sector_hedge_tolerance: [0.02, -0.5], 'sector_target_exposures.Tecnology': [0] },
  });
  const spec = parseSweepText(text, at('x.sweep.jsonc'));
  await assert.rejects(buildVariants(spec), (err: unknown) => {
    assert.ok(err instanceof SweepValidationError);
    assert.equal(err.invalid.length, 2, 'both variants name a sector that is not in the mapping');
    assert.match(err.message, /variant 1 \(sector_hedge_tolerance=-0\.5, sector_target_exposures\.Tecnology=0\)/);
    assert.match(err.message, /sector_hedge_tolerance: .*out of range|sector_hedge_tolerance.*-0\.5/);
    assert.match(err.message, /Tecnology/);
    assert.match(err.message, /nothing was run/);
    return true;
  });
});

test('a variant id depends on the resolved config and the data contents, not on key order or the name', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sweep-id-'));
  for (const f of ['prices.csv', 'sector_mapping.csv', 'signals.csv']) copyFileSync(path.join(ROOT, 'sample_data', f), path.join(dir, f));
  const base = { name: 'a', use_case: 2, inputs: { signals: 'signals.csv' }, start_date: '2020-01-02', end_date: '2020-06-30' };
  const ids = async (b: Record<string, unknown>) =>
    (
      await buildVariants(parseSweepText(JSON.stringify({ base: b, axes: { target_beta: [0, 0.5] } }), path.join(dir, 's.sweep.jsonc')))
    ).map((v) => v.id);
  const first = await ids(base);
  assert.deepEqual(
    await ids({ end_date: base.end_date, start_date: base.start_date, inputs: base.inputs, use_case: 2, name: 'renamed' }),
    first,
  );
  assert.deepEqual(await ids({ ...base, enable_beta_hedge: false }), first, 'a default written out is the same config');
  assert.notDeepEqual(await ids({ ...base, initial_cash: 5e6 }), first);
  writeFileSync(path.join(dir, 'signals.csv'), readFileSync(path.join(dir, 'signals.csv'), 'utf8') + '\n');
  assert.notDeepEqual(await ids(base), first, 'changed data, new ids');
});

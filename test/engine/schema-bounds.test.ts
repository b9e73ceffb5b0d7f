// Issue 13, class 2: every numeric key of the config and sweep schemas has a lower and an
// upper bound, so an absurd value (min_commission 1e300) is an out-of-range error in the
// editor and in `backtest validate` instead of a run with absurd metrics.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createSyncDataAccess, validateConfigText } from '../../engine/validate';

const ROOT = path.resolve(__dirname, '..', '..');
const load = (name: string) => JSON.parse(readFileSync(path.join(ROOT, 'schemas', name), 'utf8')) as unknown;

/** JSON pointers of every schema node typed number or integer, with what bounds it lacks. */
function unbounded(schema: unknown): { at: string; missing: string[] }[] {
  const out: { at: string; missing: string[] }[] = [];
  let numeric = 0;
  const walk = (n: unknown, at: string) => {
    if (Array.isArray(n)) {
      n.forEach((x, i) => walk(x, `${at}/${i}`));
      return;
    }
    if (!n || typeof n !== 'object') return;
    const node = n as Record<string, unknown>;
    const types = Array.isArray(node.type) ? node.type : [node.type];
    if (types.includes('number') || types.includes('integer')) {
      numeric++;
      const missing: string[] = [];
      if (node.minimum === undefined && node.exclusiveMinimum === undefined) missing.push('minimum');
      if (node.maximum === undefined && node.exclusiveMaximum === undefined) missing.push('maximum');
      if (missing.length) out.push({ at, missing });
    }
    for (const [k, v] of Object.entries(node)) if (k !== 'default' && k !== 'defaultSnippets' && k !== 'examples') walk(v, `${at}/${k}`);
  };
  walk(schema, '#');
  assert.ok(numeric >= 5, `found only ${numeric} numeric keys: has the schema changed shape?`);
  return out;
}

test('every numeric key of schemas/backtest.schema.json has a minimum and a maximum', () => {
  assert.deepEqual(unbounded(load('backtest.schema.json')), []);
});

test('every numeric key of schemas/sweep.schema.json has a minimum and a maximum', () => {
  assert.deepEqual(unbounded(load('sweep.schema.json')), []);
});

test('the walker itself finds an unbounded key', () => {
  assert.deepEqual(
    unbounded({
      properties: {
        a: { type: 'number', minimum: 0 },
        b: { type: ['number', 'null'], maximum: 1, exclusiveMinimum: 0 },
        c: { type: 'integer' },
        d: { type: 'integer' },
        e: { type: 'number' },
        f: { type: 'number', minimum: 0, maximum: 1 },
      },
    }),
    [
      { at: '#/properties/a', missing: ['maximum'] },
      { at: '#/properties/c', missing: ['minimum', 'maximum'] },
      { at: '#/properties/d', missing: ['minimum', 'maximum'] },
      { at: '#/properties/e', missing: ['minimum', 'maximum'] },
    ],
  );
});

test('min_commission 1e300 is an out-of-range error at its position', async () => {
  const text = '{\n  "stock_costs": { "min_commission": 1e300 }\n}\n';
  const diags = await validateConfigText(text, path.join(ROOT, 'sample_data', 'configs', 'x.backtest.jsonc'), createSyncDataAccess());
  const d = diags.find((x) => x.code === 'out-of-range');
  assert.ok(d, JSON.stringify(diags));
  assert.equal(d.severity, 'error');
  assert.equal(d.range.start.line, 1, "on the value's line (0-based)");
  assert.match(d.message, /at most 100000|<= 100000/);
});

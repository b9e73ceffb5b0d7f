// New Backtest Config: every sample config, copied into a fresh workspace with the sample
// data, must validate without errors there and keep its comments.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { copySampleData, listTemplates, rewriteTemplate } from '../../client/templates';
import { createSyncDataAccess, validateConfigText } from '../../engine/validate';

const root = path.resolve(__dirname, '..', '..');
const sampleRoot = path.join(root, 'sample_data');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'templates-test-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

test('the templates are the guide\'s sample configs, titled by their names', () => {
  const t = listTemplates(sampleRoot);
  assert.ok(t.length >= 7, `at least the guide's seven examples: ${t.map((x) => x.id).join(', ')}`);
  const neutral = t.find((x) => x.id === 'neutral-etf');
  assert.ok(neutral, 'neutral-etf is offered');
  assert.equal(neutral.title, 'Neutral ETF hedge (SPDR)');
  assert.ok(neutral.description.length > 0);
});

test('every template copied elsewhere validates without errors and keeps its comments', async () => {
  const ws = path.join(tmp, 'ws');
  const dataRoot = path.join(ws, 'sample_data');
  const copied = copySampleData(sampleRoot, dataRoot);
  assert.ok(copied.some((f) => f.endsWith('prices.csv')) && copied.some((f) => f.endsWith('sector_mapping.csv')));
  assert.ok(!existsSync(path.join(dataRoot, 'configs')), 'configs are not copied as data');
  for (const t of listTemplates(sampleRoot)) {
    const dest = path.join(ws, 'mine', 'deeper', `${t.id}.backtest.jsonc`);
    const text = rewriteTemplate(t.file, sampleRoot, dest, dataRoot);
    assert.match(text, /^\/\//, `${t.id}: the leading comment is kept`);
    assert.doesNotMatch(text, /\$schema/, `${t.id}: no $schema pointing back into the extension`);
    mkdirSync(path.dirname(dest), { recursive: true });
    writeFileSync(dest, text);
    const diags = await validateConfigText(text, dest, createSyncDataAccess());
    const errors = diags.filter((d) => d.severity === 'error');
    assert.deepEqual(errors.map((d) => `${d.code}: ${d.message}`), [], `${t.id} validates where it landed`);
  }
  assert.match(readFileSync(path.join(ws, 'mine', 'deeper', 'neutral-etf.backtest.jsonc'), 'utf8'), /"data_dir": "\.\.\/\.\.\/sample_data"/);
});

test('copying sample data never overwrites the user\'s files', () => {
  const dataRoot = path.join(tmp, 'own');
  mkdirSync(dataRoot, { recursive: true });
  writeFileSync(path.join(dataRoot, 'prices.csv'), 'mine');
  const copied = copySampleData(sampleRoot, dataRoot);
  assert.equal(readFileSync(path.join(dataRoot, 'prices.csv'), 'utf8'), 'mine');
  assert.ok(!copied.includes(path.join(dataRoot, 'prices.csv')));
});

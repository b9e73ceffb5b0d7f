// New Backtest Config: every sample config, copied into a fresh workspace with the sample
// data, must validate without errors there and keep its comments.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { copySampleData, listTemplates, rewriteTemplate } from '../../client/templates';
import { inspectOwnData, ownDataConfig } from '../../client/ownDataTemplate';
import { createSyncDataAccess, validateConfigText } from '../../engine/validate';

const root = path.resolve(__dirname, '..', '..');
const sampleRoot = path.join(root, 'sample_data');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'templates-test-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

test("the templates are the guide's sample configs, titled by their names", () => {
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
    assert.deepEqual(
      errors.map((d) => `${d.code}: ${d.message}`),
      [],
      `${t.id} validates where it landed`,
    );
  }
  assert.match(
    readFileSync(path.join(ws, 'mine', 'deeper', 'neutral-etf.backtest.jsonc'), 'utf8'),
    /"data_dir": "\.\.\/\.\.\/sample_data"/,
  );
});

test("copying sample data never overwrites the user's files", () => {
  const dataRoot = path.join(tmp, 'own');
  mkdirSync(dataRoot, { recursive: true });
  writeFileSync(path.join(dataRoot, 'prices.csv'), 'mine');
  const copied = copySampleData(sampleRoot, dataRoot);
  assert.equal(readFileSync(path.join(dataRoot, 'prices.csv'), 'utf8'), 'mine');
  assert.ok(!copied.includes(path.join(dataRoot, 'prices.csv')));
});

test('New Backtest Config from your own data points at your prices.csv and sector_mapping.csv and validates', async () => {
  const own = path.join(tmp, 'own-ws', 'market');
  mkdirSync(own, { recursive: true });
  for (const f of ['prices.csv', 'sector_mapping.csv', 'signals.csv'])
    writeFileSync(path.join(own, f), readFileSync(path.join(sampleRoot, f)));
  const data = inspectOwnData(own);
  assert.ok(data, 'a folder with both files is found');
  const prices = readFileSync(path.join(own, 'prices.csv'), 'utf8').trim().split('\n');
  assert.equal(data.firstDate, prices[1].slice(0, 10));
  assert.equal(data.lastDate, prices.at(-1)!.slice(0, 10));
  assert.ok(data.sectors.includes('Technology') && data.sectors.length >= 5, data.sectors.join(', '));
  assert.equal(data.input?.key, 'signals');
  const dest = path.join(tmp, 'own-ws', 'configs', 'mine.backtest.jsonc');
  const text = ownDataConfig(data, dest);
  assert.match(text, /"data_dir": "\.\.\/market"/);
  assert.match(text, /"signals": "\.\.\/market\/signals\.csv"/);
  mkdirSync(path.dirname(dest), { recursive: true });
  writeFileSync(dest, text);
  const diags = await validateConfigText(text, dest, createSyncDataAccess());
  assert.deepEqual(
    diags.filter((d) => d.severity === 'error').map((d) => `${d.code}: ${d.message}`),
    [],
  );
  assert.equal(existsSync(path.join(tmp, 'own-ws', 'sample_data')), false, 'nothing is copied');
  assert.equal(inspectOwnData(path.join(tmp, 'own-ws', 'configs')), null, 'a folder without the files is not offered');
});

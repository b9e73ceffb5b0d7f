// Export Results builds the CSV files from the results JSON the panel shows; they must be
// the very files `backtest run --out` writes, and survive hostile tickers.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { compareToFiles, resultsToFiles } from '../../client/exportFiles';
import type { CompareJson, ResultsJson } from '../../engine/types';
import { executeRun } from '../../jobs/editorRun';

const root = path.resolve(__dirname, '..', '..');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'export-test-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function runSample(outDir: string | null, kind: 'run' | 'compare' = 'run'): ResultsJson | CompareJson {
  let out: ResultsJson | CompareJson | undefined;
  executeRun({ kind, configPath: path.join(root, 'sample_data', 'configs', 'neutral-etf.backtest.jsonc'), outDir, cancelFlag: new SharedArrayBuffer(4) },
    (m) => { if (m.type === 'done') out = m.results; if (m.type === 'error') throw new Error(m.failure.message); });
  assert.ok(out, 'the sample run finished');
  return out;
}

test('exported CSV files are byte-identical to the engine\'s --out files', () => {
  const outDir = path.join(tmp, 'engine');
  const results = runSample(outDir) as ResultsJson;
  const files = resultsToFiles(results);
  assert.deepEqual(files.map((f) => f.name), ['equity.csv', 'trades.csv', 'positions.csv', 'exposures.csv', 'beta.csv', 'metrics.json']);
  for (const f of files.filter((x) => x.name.endsWith('.csv'))) {
    assert.equal(f.content, readFileSync(path.join(outDir, f.name), 'utf8'), `${f.name} matches the engine's`);
  }
  const metrics = JSON.parse(files.find((f) => f.name === 'metrics.json')!.content);
  assert.equal(metrics.sharpeRatio, results.metrics.sharpeRatio);
});

test('a compare export has one folder per run', () => {
  const cmp = runSample(null, 'compare') as CompareJson;
  const names = compareToFiles(cmp).map((f) => f.name);
  const dirs = [...new Set(names.map((n) => n.split('/')[0]))];
  assert.equal(dirs.length, cmp.runs.length);
  for (const d of dirs) assert.ok(names.includes(`${d}/equity.csv`) && names.includes(`${d}/trades.csv`), d);
  assert.ok(!names.some((n) => n.endsWith('/positions.csv')), 'compare runs carry no positions');
});

test('cells with commas, quotes and formula prefixes are quoted and defused', () => {
  const results = runSample(null) as ResultsJson;
  const t = { ...results.trades[0], ticker: '=HYPERLINK("x"),1', sector: 'A "quoted", sector' };
  const trades = resultsToFiles({ ...results, trades: [t] }).find((f) => f.name === 'trades.csv')!.content.split('\n');
  assert.equal(trades[1].split(',')[0], t.date);
  assert.match(trades[1], /^[^,]+,"'=HYPERLINK\(""x""\),1",/);
});

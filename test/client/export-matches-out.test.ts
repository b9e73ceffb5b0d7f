// Export Results builds the result files from the results JSON the panel shows; they must be
// the very bytes `backtest run --out` and the VS Code run's results folder write (one writer:
// engine/results/resultFiles.ts), and survive hostile tickers.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { compareToFiles, resultsToFiles } from '../../client/exportFiles';
import type { CompareJson, ResultsJson } from '../../engine/types';
import { decodeResults } from '../../common/compact';
import { executeRun, toPosted } from '../../jobs/editorRun';
import { CLI, ensureBuilt } from '../cli/helpers';

const root = path.resolve(__dirname, '..', '..');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'export-test-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function runSample(outDir: string | null, kind: 'run' | 'compare' = 'run'): ResultsJson | CompareJson {
  let out: ResultsJson | CompareJson | undefined;
  executeRun(
    {
      kind,
      configPath: path.join(root, 'sample_data', 'configs', 'neutral-etf.backtest.jsonc'),
      outDir,
      cancelFlag: new SharedArrayBuffer(4),
    },
    (m) => {
      if (m.type === 'done') out = m.results;
      if (m.type === 'error') throw new Error(m.failure.message);
    },
  );
  assert.ok(out, 'the sample run finished');
  return out;
}

test("Export of the panel's results writes byte-identical files to the run's results folder", () => {
  const outDir = path.join(tmp, 'engine');
  const results = runSample(outDir) as ResultsJson;
  // What the panel holds: the worker's compact encoding, decoded.
  const posted = toPosted({ type: 'done', kind: 'run', results, outDir });
  assert.ok(posted.type === 'done' && posted.kind === 'run');
  const shown = decodeResults(posted.results as never);
  const files = resultsToFiles(shown);
  assert.deepEqual(
    files.map((f) => f.name),
    ['equity.csv', 'trades.csv', 'positions.csv', 'exposures.csv', 'beta.csv', 'attribution.csv', 'metrics.json'],
  );
  assert.deepEqual(readdirSync(outDir).sort(), files.map((f) => f.name).sort());
  for (const f of files) assert.equal(f.content, readFileSync(path.join(outDir, f.name), 'utf8'), `${f.name} matches the results folder's`);
  const metrics = JSON.parse(files.find((f) => f.name === 'metrics.json')!.content);
  assert.equal(metrics.sharpe_ratio, results.metrics.sharpeRatio, 'metrics.json is snake_case');
  assert.equal(metrics.run.name, results.meta.name);
  assert.equal(metrics.sharpeRatio, undefined);
});

test('backtest run --out writes the same bytes as the editor run and Export (metrics.json up to its timestamp)', () => {
  ensureBuilt();
  const config = path.join(root, 'sample_data', 'configs', 'neutral-etf.backtest.jsonc');
  const cliOut = path.join(tmp, 'cli');
  const r = spawnSync(process.execPath, [CLI, 'run', config, '--out', cliOut], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const exported = resultsToFiles(runSample(null) as ResultsJson);
  assert.deepEqual(readdirSync(cliOut).sort(), exported.map((f) => f.name).sort());
  const stamp = (s: string) => s.replace(/"generated_at": "[^"]*"/, '"generated_at": "T"');
  for (const f of exported)
    assert.equal(stamp(f.content), stamp(readFileSync(path.join(cliOut, f.name), 'utf8')), `${f.name}: --out and Export agree`);
});

test('a compare export has one folder per run', () => {
  const cmp = runSample(null, 'compare') as CompareJson;
  const names = compareToFiles(cmp).map((f) => f.name);
  const dirs = [...new Set(names.map((n) => n.split('/')[0]))];
  assert.equal(dirs.length, cmp.runs.length);
  for (const d of dirs) assert.ok(names.includes(`${d}/equity.csv`) && names.includes(`${d}/trades.csv`), d);
  assert.ok(!names.some((n) => n.endsWith('/positions.csv')), 'compare runs carry no positions');
});

test('cells with commas, quotes and formula prefixes are quoted and defused, in every CSV', () => {
  const results = runSample(null) as ResultsJson;
  const t = { ...results.trades[0], ticker: '=HYPERLINK("x"),1', sector: 'A "quoted", sector' };
  const sectors = results.sectors.map((s, i) => (i === 0 ? { ...s, name: '@SUM(A1)' } : s));
  const files = resultsToFiles({ ...results, trades: [t], sectors });
  const trades = files.find((f) => f.name === 'trades.csv')!.content.split('\n');
  assert.equal(trades[1].split(',')[0], t.date);
  assert.match(trades[1], /^[^,]+,"'=HYPERLINK\(""x""\),1",/);
  const exposures = files.find((f) => f.name === 'exposures.csv')!.content.split('\n');
  assert.match(exposures[1], /^\d{4}-\d\d-\d\d,'@SUM\(A1\),/);
});

// The path from a finished run to the panel: the worker thread posts its results compact-
// encoded, the extension keeps that form and forwards it as the panel's `results` message,
// and the panel decodes it with common/compact.ts. What the panel shows must be exactly
// the run's ResultsJson, and the (much smaller) message must survive structured cloning.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { decodePanelData, panelConfigPaths, panelDataName, panelMessage, toPanelData, type PanelData } from '../../client/panelData';
import type { CompareJson, ResultsJson } from '../../engine/types';
import type { PostedWorkerMessage, RunKind, WorkerMessage } from '../../common/workerProtocol';
import { executeRun, toPosted } from '../../jobs/editorRun';
import { decodeReportData, encodeResults } from '../../common/compact';

const root = path.resolve(__dirname, '..', '..');
const config = path.join(root, 'sample_data', 'configs', 'neutral-etf.backtest.jsonc');

function runSample(kind: RunKind): Extract<WorkerMessage, { type: 'done' }> {
  let done: Extract<WorkerMessage, { type: 'done' }> | undefined;
  executeRun({ kind, configPath: config, outDir: null, cancelFlag: new SharedArrayBuffer(4) }, (m) => {
    if (m.type === 'error') throw new Error(m.failure.message);
    if (m.type === 'done') done = m;
  });
  assert.ok(done, 'the sample run finished');
  return done;
}

/** Worker thread -> extension host -> webview, each hop a structured clone as in VS Code. */
function throughPanel(done: Extract<WorkerMessage, { type: 'done' }>): { posted: PostedWorkerMessage; shown: unknown; message: unknown } {
  const posted = structuredClone(toPosted(done));
  assert.ok(posted.type === 'done');
  const stored: PanelData = posted.kind === 'run' ? { kind: 'run', data: posted.results } : { kind: 'compare', data: posted.results };
  const message = structuredClone(panelMessage(stored)) as { type: string; encoding?: string; data: unknown };
  // What webview/main.ts does with a results / compare message.
  return { posted, shown: decodeReportData(message.data), message };
}

test('a run reaches the panel compact-encoded and decodes to the same ResultsJson', () => {
  const done = runSample('run');
  assert.ok(done.kind === 'run' && done.results.trades.length > 0 && done.results.positions !== null);
  const { posted, shown, message } = throughPanel(done);
  assert.equal((message as { type: string }).type, 'results');
  assert.equal((message as { encoding?: string }).encoding, 'compact');
  assert.deepEqual(shown, done.results);
  const plainBytes = JSON.stringify(done.results).length,
    postedBytes = JSON.stringify(posted).length;
  assert.ok(postedBytes < plainBytes / 2, `the posted message (${postedBytes} B) is well under the plain JSON (${plainBytes} B)`);
});

test('a comparison reaches the panel compact-encoded and decodes to the same CompareJson', () => {
  const done = runSample('compare');
  assert.ok(done.kind === 'compare' && done.results.runs.length === 3);
  const { shown, message } = throughPanel(done);
  assert.equal((message as { type: string }).type, 'compare');
  assert.deepEqual(shown, done.results);
});

test('stored last results decode for export, and plain ones stored by an earlier version still load', () => {
  const done = runSample('run');
  assert.ok(done.kind === 'run');
  const plain: ResultsJson = done.results;
  // As written to last-results.json and read back.
  const compact = toPanelData(JSON.parse(JSON.stringify({ kind: 'run', data: encodeResults(plain) })));
  assert.ok(compact?.kind === 'run');
  assert.equal(panelDataName(compact), plain.meta.name);
  assert.deepEqual(decodePanelData(compact).data, plain);
  const legacy = toPanelData(JSON.parse(JSON.stringify({ kind: 'run', data: plain })));
  assert.ok(legacy?.kind === 'run' && legacy.data.format === 'compact-results-1', 'a plain stored run is encoded on load');
  assert.deepEqual(decodePanelData(legacy).data, plain);
  const cmp: CompareJson = { schemaVersion: 1, runs: [{ label: 'A', results: { ...plain, positions: null } }] };
  const legacyCompare = toPanelData(JSON.parse(JSON.stringify({ kind: 'compare', data: cmp })));
  assert.ok(legacyCompare?.kind === 'compare');
  assert.deepEqual(decodePanelData(legacyCompare).data, cmp);
  // Garbage or a kind that does not match the data is "nothing stored", not a crash.
  assert.equal(toPanelData({ kind: 'compare', data: plain }), undefined);
  assert.equal(toPanelData({ kind: 'run', data: 3 }), undefined);
  assert.equal(toPanelData(null), undefined);
});

test('the panel may only name the config its results came from (openConfigLine / rerun)', () => {
  const run = runSample('run');
  const posted = toPosted(run);
  assert.ok(posted.type === 'done' && posted.kind === 'run');
  assert.deepEqual(panelConfigPaths({ kind: 'run', data: posted.results }), [config]);
  const cmp = toPosted(runSample('compare'));
  assert.ok(cmp.type === 'done' && cmp.kind === 'compare');
  const paths = panelConfigPaths({ kind: 'compare', data: cmp.results });
  assert.ok(paths.length >= 1 && paths.every((p) => p === config), `compare runs come from the one config: ${paths.join(', ')}`);
  assert.ok(!paths.includes('/etc/passwd'));
});

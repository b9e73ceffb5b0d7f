// Fuzz of the BUILT language server over a real stdio JSON-RPC connection: mutated sample
// configs sent as didOpen/didChange, completion and hover at random offsets. Every request
// must be answered (no JSON-RPC error), every published diagnostic must lie inside the
// document, and at the end the server process must still be alive and answering.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { LspClient } from '../server/lspClient';
import { ensureBuilt } from '../cli/helpers';
import { FuzzStats, fuzzAsync, fuzzRuns, lineLengths, mutatedText } from './fuzzKit';

const ROOT = path.resolve(__dirname, '..', '..');
const CONFIG_DIR = path.join(ROOT, 'sample_data', 'configs');
const SAMPLES = readdirSync(CONFIG_DIR)
  .filter((f) => f.endsWith('.backtest.jsonc'))
  .map((f) => ({ file: path.join(CONFIG_DIR, f), text: readFileSync(path.join(CONFIG_DIR, f), 'utf8') }));
/** A request that takes this long means the server is stuck, not slow. */
const ANSWER_MS = 20_000;

function withDeadline<T>(p: Promise<T>, what: string): Promise<T> {
  return Promise.race([
    p,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what}: no answer in ${ANSWER_MS} ms`)), ANSWER_MS).unref()),
  ]);
}

/** Handler exceptions the server caught and logged (safe() answers null instead of crashing). */
function loggedFailures(client: LspClient): string[] {
  return client.notifications
    .filter((n) => n.method === 'window/logMessage')
    .map((n) => String((n.params as { message?: unknown }).message ?? ''))
    .filter((m) => /^\[[\w ]+\]/.test(m));
}

function assertInside(
  text: string,
  diags: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; code?: unknown }[],
): void {
  const lines = lineLengths(text);
  for (const d of diags) {
    for (const p of [d.range.start, d.range.end]) {
      assert.ok(
        p.line >= 0 && p.line < lines.length && p.character >= 0 && p.character <= lines[p.line],
        `diagnostic ${String(d.code)} at ${JSON.stringify(p)} lies outside the document (${lines.length} lines)`,
      );
    }
  }
}

test('the built server survives mutated documents, completion and hover at random offsets', { timeout: 600_000 }, async (t) => {
  ensureBuilt();
  const stats = new FuzzStats('language server (stdio)');
  const client = await LspClient.start({ useWorker: true });
  // A failed property must not leave the server running: its pipes would keep this test
  // file (and so the whole suite) alive until the CI time limit.
  t.after(() => {
    if (!client.exited) client.child.kill();
  });
  // A fresh URI per reopen: a close publishes an empty, unversioned list that must not be
  // mistaken for the reopened document's diagnostics.
  let docs = 0;
  const nextUri = () => URI.file(path.join(CONFIG_DIR, `fuzz-${++docs}.backtest.jsonc`)).toString();
  let uri = nextUri();
  let opened = false;
  let logSeen = 0;
  const input = fc.record({
    doc: fc.oneof(
      { weight: 9, arbitrary: fc.nat({ max: SAMPLES.length - 1 }).chain((i) => mutatedText(SAMPLES[i].text)) },
      // Structural extremes: deep nesting (the JSON parsers recurse), long strings, many keys.
      {
        weight: 1,
        arbitrary: fc.oneof(
          fc.tuple(fc.constantFrom('[', '{"a":'), fc.integer({ min: 100, max: 20_000 })).map(([o, n]) => `{"inputs": ${o.repeat(n)}`),
          fc.integer({ min: 1000, max: 200_000 }).map((n) => `{"name": "${'x'.repeat(n)}", "data_dir": "..`),
          fc.integer({ min: 10, max: 3000 }).map((n) => `{${Array.from({ length: n }, (_, i) => `"k${i}": [${i}]`).join(',\n')}}`),
        ),
      },
    ),
    offsets: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 3 }),
    reopen: fc.boolean(),
  });
  try {
    await fuzzAsync(stats, input, fuzzRuns(60, 10), async ({ doc, offsets, reopen }) => {
      if (!opened || reopen) {
        if (opened) {
          client.close(uri);
          uri = nextUri();
        }
        client.open(uri, doc);
        opened = true;
      } else {
        client.change(uri, doc);
      }
      const td = TextDocument.create(uri, 'backtest-jsonc', 1, doc);
      for (const f of offsets) {
        const position = td.positionAt(Math.floor(f * doc.length));
        await withDeadline(client.request('textDocument/completion', { textDocument: { uri }, position }), 'completion');
        await withDeadline(client.request('textDocument/hover', { textDocument: { uri }, position }), 'hover');
      }
      const diags = await client.diagnostics(uri);
      assertInside(doc, diags);
      assert.equal(client.exited, false, `server exited:\n${client.stderr}`);
      const logged = loggedFailures(client).slice(logSeen);
      logSeen += logged.length;
      assert.deepEqual(logged, [], `the server caught an exception: ${logged[0]?.slice(0, 500)}`);
    });
  } finally {
    stats.report(t);
  }
  // Still alive and still right: a clean sample gets no errors and a hover answers.
  const clean = SAMPLES.find((s) => s.file.endsWith('neutral-etf.backtest.jsonc')) ?? SAMPLES[0];
  client.change(uri, clean.text);
  const diags = await client.diagnostics(uri, (d) => !d.some((x) => x.severity === 1));
  assert.deepEqual(
    diags.filter((d) => d.severity === 1),
    [],
  );
  const hover = await withDeadline(
    client.request('textDocument/hover', {
      textDocument: { uri },
      position: TextDocument.create(uri, 'x', 1, clean.text).positionAt(clean.text.indexOf('"initial_cash"') + 3),
    }),
    'final hover',
  );
  assert.ok(hover && JSON.stringify(hover).includes('initial_cash'), `hover on initial_cash: ${JSON.stringify(hover)}`);
  assert.equal(client.exited, false);
  assert.deepEqual(loggedFailures(client), []);
  await client.stop();
  assert.equal(stats.failures, 0);
});

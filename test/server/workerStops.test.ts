// A worker thread that dies loses no request (server/host/workerRpc.ts, shared by the loader
// threads and the big-document thread): a data load still answers, parsed on the main
// thread; a big-document request fails with a reason and later ones are served on the main
// thread (handles() turns false).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parsePricesCsv } from '../../engine/data';
import type { PriceTable } from '../../engine/types';
import { WorkerLoader } from '../../server/host/dataLoader';
import { BigDocuments } from '../../server/host/bigDocuments';

const dir = mkdtempSync(path.join(tmpdir(), 'backtest-worker-stops-'));
/** A thread that exits as soon as it starts, before answering anything. */
const EXITS = path.join(dir, 'exits.js');
writeFileSync(EXITS, 'process.exit(3);\n');
/** A thread that throws on the first message it gets. */
const THROWS = path.join(dir, 'throws.js');
writeFileSync(THROWS, "require('node:worker_threads').parentPort.on('message', () => { throw new Error('parser crashed'); });\n");
const PRICES = path.join(dir, 'prices.csv');
const CSV = 'date,AAA,SPY\n2023-01-02,10,400\n2023-01-03,11,401\n';
writeFileSync(PRICES, CSV);

/**
 * The threads are unref'd (they never keep the server alive; its connection does), so a test
 * holds the event loop open itself while it waits for a thread to die.
 */
async function keepingAlive<T>(f: () => Promise<T>): Promise<T> {
  const hold = setInterval(() => undefined, 1 << 30);
  try {
    return await f();
  } finally {
    clearInterval(hold);
  }
}

/** A lost request would wait forever: fail the test instead of hanging (not a timing check; it answers in well under a second). */
const HANG = { timeout: 60_000 };

for (const [name, script] of [
  ['exits at start', EXITS],
  ['throws on the request', THROWS],
  ['cannot be loaded', path.join(dir, 'missing.js')],
] as const) {
  test(`a loader thread that ${name}: the load is answered, parsed on the main thread`, HANG, () =>
    keepingAlive(async () => {
      const loader = new WorkerLoader(script);
      try {
        const [a, b] = await Promise.all([loader.load('prices', PRICES), loader.load('prices', path.join(dir, 'nope.csv'))]);
        assert.ok(a.ok, a.ok ? '' : a.error.message);
        const table = a.value as PriceTable;
        const expected = parsePricesCsv(CSV, PRICES);
        assert.deepEqual(table.tickers, expected.tickers);
        assert.deepEqual(table.dates, expected.dates);
        assert.deepEqual([...table.columns[0]], [10, 11]);
        assert.ok(!b.ok && b.error.code === 'file-not-found', JSON.stringify(b));
        // Later loads go straight to the main thread.
        const c = await loader.load('prices', PRICES);
        assert.ok(c.ok);
      } finally {
        loader.dispose();
      }
    }),
  );
}

test('a big-document thread that dies: the waiting request fails with a reason, then big documents stay on the main thread', HANG, () =>
  keepingAlive(async () => {
    const logs: string[] = [];
    const big = new BigDocuments(
      { script: THROWS, cacheMaxBytes: 1 << 20, useWorker: false, workspaceFolders: [] },
      { dataChanged: () => undefined, status: () => undefined, log: (m) => logs.push(m) },
      10,
    );
    try {
      const doc = TextDocument.create('file:///big.backtest.jsonc', 'jsonc', 1, '{ "initial_cash": 1000000 }');
      assert.equal(big.handles(doc), true, 'over the threshold');
      await assert.rejects(big.diagnostics(doc), /the big-document thread stopped/);
      assert.match(logs.join('\n'), /\[big-document thread\] stopped: .*parser crashed.*; big documents are served on the main thread/s);
      assert.equal(big.handles(doc), false, 'served on the main thread from now on');
      await assert.rejects(big.diagnostics(doc), /the big-document thread is not running/);
    } finally {
      big.dispose();
    }
  }),
);

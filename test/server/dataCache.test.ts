// The server's data cache on its own: cached by path + mtime, pending while loading,
// bounded in bytes (least recently used dropped), and a changed file reloaded.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, utimesSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { URI } from 'vscode-uri';
import { DataCache } from '../../server/host/dataCache';
import { InlineLoader } from '../../server/host/dataLoader';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { BacktestLanguageService } from '../../server/service/languageService';
import { FIXTURE_DATA, positionOf } from './lspClient';

/** A config in `dir/configs/` reading `dir/<dataDir>/`, and a language service over the cache. */
function configDoc(dir: string, dataDir: string) {
  const text = `{\n  "data_dir": "../${dataDir}",\n  "enable_beta_hedge": true,\n  "beta_hedge_instrument": "SP"\n}\n`;
  const doc = TextDocument.create(URI.file(path.join(dir, 'configs', `${dataDir}.backtest.jsonc`)).toString(), 'jsonc', 1, text);
  return { doc, at: positionOf(text, '"SP"', 3) };
}

function setup(maxBytes: number) {
  const dir = mkdtempSync(path.join(tmpdir(), 'backtest-cache-'));
  for (const d of ['a', 'b', 'c']) cpSync(FIXTURE_DATA, path.join(dir, d), { recursive: true });
  let clock = 1_000_000;
  const changes: string[] = [];
  let loads = 0;
  const inner = new InlineLoader();
  const cache = new DataCache({
    loader: {
      load: (k, p) => {
        loads++;
        return inner.load(k, p);
      },
      dispose: () => undefined,
    },
    maxBytes,
    onChange: (p) => changes.push(p),
    watch: false,
    now: () => clock,
  });
  return {
    dir,
    cache,
    changes,
    loads: () => loads,
    tick: (ms: number) => {
      clock += ms;
    },
    /** Resolves once `p` has been reported loaded. */
    loaded: async (p: string) => {
      while (!changes.includes(p)) await new Promise((r) => setTimeout(r, 5));
      changes.length = 0;
    },
    dispose: () => {
      cache.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('data cache', () => {
  it('answers pending, then the parsed table, and parses a file only once', async () => {
    const t = setup(1 << 30);
    const p = path.join(t.dir, 'a', 'prices.csv');
    assert.equal(t.cache.prices(p).state, 'pending');
    assert.equal(t.cache.prices(p).state, 'pending');
    await t.loaded(p);
    const s = t.cache.prices(p);
    assert.equal(s.state, 'ready');
    assert.equal(s.state === 'ready' && s.value.tickers.length, 12);
    t.cache.prices(p);
    assert.equal(t.loads(), 1);
    t.dispose();
  });

  it('reloads a file whose modification time changed', async () => {
    const t = setup(1 << 30);
    const p = path.join(t.dir, 'a', 'sector_mapping.csv');
    t.cache.mapping(p);
    await t.loaded(p);
    writeFileSync(p, readFileSync(p, 'utf8') + 'TSLA,Consumer Discretionary,Autos\n');
    utimesSync(p, new Date(), new Date(Date.now() + 5000));
    assert.equal(t.cache.mapping(p).state, 'pending');
    await t.loaded(p);
    const s = t.cache.mapping(p);
    assert.equal(s.state === 'ready' && s.value.byTicker.get('TSLA')?.values.sector, 'Consumer Discretionary');
    t.dispose();
  });

  it('reports a missing file at once with the reason, without caching it', () => {
    const t = setup(1 << 30);
    const s = t.cache.prices(path.join(t.dir, 'nope', 'prices.csv'));
    assert.equal(s.state, 'error');
    assert.equal(s.state === 'error' && s.error.code, 'file-not-found');
    assert.equal(t.cache.stats().files, 0);
    t.dispose();
  });

  it('stays within its byte budget by dropping the least recently used files', async () => {
    // Each fixture price table is a few KB; a 4 KB budget holds about one.
    const t = setup(4096);
    const files = ['a', 'b', 'c'].map((d) => path.join(t.dir, d, 'prices.csv'));
    for (const f of files) {
      t.cache.prices(f);
      await t.loaded(f);
      t.tick(60_000); // older than the in-use window
    }
    const { bytes, files: count } = t.cache.stats();
    assert.ok(count < 3, `expected eviction, ${count} files cached`);
    assert.ok(bytes <= 4096 || count === 1, `bytes ${bytes}`);
    // The most recent file is still cached; the first one must be parsed again.
    assert.equal(t.cache.prices(files[2]).state, 'ready');
    assert.equal(t.cache.prices(files[0]).state, 'pending');
    t.dispose();
  });

  it('never evicts files in use, so one config larger than the budget cannot thrash', async () => {
    const t = setup(1);
    const prices = path.join(t.dir, 'a', 'prices.csv');
    const mapping = path.join(t.dir, 'a', 'sector_mapping.csv');
    t.cache.prices(prices);
    t.cache.mapping(mapping);
    await t.loaded(prices);
    if (t.cache.mapping(mapping).state === 'pending') await t.loaded(mapping);
    assert.equal(t.cache.prices(prices).state, 'ready');
    assert.equal(t.cache.mapping(mapping).state, 'ready');
    assert.equal(t.loads(), 2);
    t.dispose();
  });

  it('keeps the files of an open document over budget, and reloads an evicted file for completion', async () => {
    const t = setup(1); // every file is over budget: only pins and the in-use window keep anything
    const service = new BacktestLanguageService({ data: t.cache, listDirectory: () => [] });
    const tickers = async (d: { doc: TextDocument; at: { line: number; character: number } }) =>
      (await service.completion(d.doc, d.at)).items.map((i) => i.label);
    const [pa, pb, pc] = ['a', 'b', 'c'].map((d) => path.join(t.dir, d, 'prices.csv'));
    const open = configDoc(t.dir, 'a');
    const closed = configDoc(t.dir, 'b');
    // The open document reads a/; the host pins what validation read.
    t.cache.pin(open.doc.uri, [pa]);
    for (const f of [pa, pb, pc]) {
      t.cache.prices(f);
      await t.loaded(f);
      t.tick(60_000); // long past the in-use window, so only the pin protects a/
    }
    assert.equal(t.cache.prices(pa).state, 'ready', "the open document's prices were evicted");
    assert.equal((await tickers(open)).length, 12);
    // b/ was not pinned and has been evicted: completion answers pending at once and
    // starts the reload; once loaded it offers the tickers again (never empty for good).
    const first = await service.completion(closed.doc, closed.at);
    assert.deepEqual(first.items, []);
    assert.equal(first.isIncomplete, true);
    await t.loaded(pb);
    const again = await tickers(closed);
    assert.equal(again.length, 12);
    assert.ok(again.includes('SPY'));
    // Closing the document releases its files to the budget.
    t.cache.unpin(open.doc.uri);
    t.tick(60_000);
    t.cache.prices(pb);
    assert.equal(t.cache.prices(pa).state, 'pending');
    t.dispose();
  });
});

// One config's huge data file must not delay another config's small one: the loader pool
// sends a load to an idle thread while another is busy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { LoaderPool } from '../../server/host/loaderPool';
import { InlineLoader, type DataLoader, type LoadResult } from '../../server/host/dataLoader';
import { FIXTURE_DATA, SERVER, Workspace } from './lspClient';

test('a load stuck in one loader does not hold up the next one', async () => {
  const release: (() => void)[] = [];
  let made = 0;
  const inline = new InlineLoader();
  const pool = new LoaderPool(() => {
    let stuck = made++ === 0;
    const l: DataLoader = {
      // The first loader's first load is "parsing a 1 GB file": it answers only when released.
      load: (kind, p, col) => {
        if (!stuck) return inline.load(kind, p, col);
        stuck = false;
        return new Promise<LoadResult>((r) => release.push(() => void inline.load(kind, p, col).then(r)));
      },
      dispose: () => undefined,
    };
    return l;
  }, 3);
  const order: string[] = [];
  const big = pool.load('prices', path.join(FIXTURE_DATA, 'prices.csv')).then((r) => {
    order.push('big');
    return r;
  });
  const small = await pool.load('mapping', path.join(FIXTURE_DATA, 'sector_mapping.csv'));
  order.push('small');
  assert.ok(small.ok, 'the mapping loaded');
  assert.equal(pool.threads, 2, 'a second loader was started');
  release.forEach((f) => f());
  assert.ok((await big).ok);
  assert.deepEqual(order, ['small', 'big']);
  // Idle loaders are reused: no third one.
  await pool.load('mapping', path.join(FIXTURE_DATA, 'sector_mapping.csv'));
  assert.equal(pool.threads, 2);
});

test('the pool of worker threads parses like the engine (built server bundle)', async () => {
  const ws = new Workspace();
  const pool = LoaderPool.ofWorkers(SERVER, 2);
  // Loader threads are unref'd (they never keep the server alive); keep this test alive.
  const alive = setInterval(() => undefined, 1000);
  try {
    const bad = path.join(ws.dataDir, 'bad.csv');
    writeFileSync(bad, 'ticker,sector\nAAPL,Tech,extra\n');
    const [a, b] = await Promise.all([pool.load('mapping', path.join(ws.dataDir, 'sector_mapping.csv')), pool.load('mapping', bad)]);
    assert.ok(a.ok && (a.value as { rows: unknown[] }).rows.length > 0);
    assert.ok(!b.ok && /bad\.csv/.test(b.error.file ?? '') && b.error.line === 2, JSON.stringify(b));
  } finally {
    clearInterval(alive);
    pool.dispose();
    ws.dispose();
  }
});

// Smoke check of the benchmark: `node scripts/bench.mjs --quick` (small workloads) must
// print every row of the table with a measured value. Timings are printed, never asserted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ROW_LABELS } from '../../bench/table';

const ROOT = path.resolve(__dirname, '..', '..');

test('npm run bench -- --quick prints the whole table', () => {
  if (!existsSync(path.join(ROOT, 'dist', 'engine.js')) || !existsSync(path.join(ROOT, 'dist', 'server.js'))) {
    const b = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(b.status, 0, b.stderr);
  }
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'bench.mjs'), '--quick'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 15 * 60_000,
  });
  assert.equal(r.status, 0, `bench --quick failed:\n${r.stdout}\n${r.stderr}`);
  const lines = r.stdout.split('\n');
  const header = lines.find((l) => l.startsWith('| Measurement'));
  assert.ok(header?.includes('Q1') && header.includes('Q2') && header.includes('Target'), `table header: ${header}`);
  const chromium = existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium');
  for (const label of ROW_LABELS) {
    const row = lines.find((l) => l.startsWith(`| ${label} `));
    assert.ok(row, `row "${label}" is printed\n${r.stdout}`);
    const cells = row
      .split('|')
      .slice(2, -1)
      .map((c) => c.trim());
    if (label.startsWith('Panel') && !chromium) continue;
    const has = (c: string | undefined) => !!c && !/^(failed|n\/a|skipped)$/.test(c);
    // A row measures the small workload, the large one (Parquet loads), or both.
    assert.ok(has(cells[0]) || has(cells[1]), `row "${label}" has a value: ${row}`);
    if (cells[0] && !label.startsWith('LSP') && !label.startsWith('Panel') && !label.startsWith('Sweep'))
      assert.ok(has(cells[1]), `row "${label}" has a Q2 value: ${row}`);
  }
  assert.match(r.stdout, /\| Simulation \/ floor\s+\| [\d.]+x/, 'the simulation-to-floor ratio is a number');
  const items = /\| LSP completion p50\s+\| [\d.]+ ms \((\d+) items/.exec(r.stdout);
  assert.ok(items && Number(items[1]) > 0, "ticker completion returned the price file's tickers");
});

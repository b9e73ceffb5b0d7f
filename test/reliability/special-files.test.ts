// Issue 13, class 3: every path the CLI opens is checked to be a regular file of a stated
// maximum size before it is read. A FIFO or /dev/zero as the config or as --html never
// hangs or eats memory, a 1 GB file is "too large (limit N)", a symlink loop is named, and
// no message quotes more than ~200 characters of a line (a 50 MB line is not a 50 MB error).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, rmSync, symlinkSync, truncateSync, writeFileSync, cpSync } from 'node:fs';
import path from 'node:path';
import { CLI, SAMPLES, ensureBuilt, tempDir } from '../cli/helpers';
import { readBoundedFile, readTextFile, DataError } from '../../engine/data';

let dir: string;
let config: string;
const STACK_LINE = /^\s+at .+:\d+:\d+\)?$/m;

before(() => {
  ensureBuilt();
  dir = tempDir('special-files');
  cpSync(SAMPLES, path.join(dir, 'sample_data'), { recursive: true });
  config = path.join(dir, 'sample_data', 'configs', 'neutral-etf.backtest.jsonc');
  execFileSync('mkfifo', [path.join(dir, 'fifo')]);
  const big = path.join(dir, 'big.backtest.jsonc');
  closeSync(openSync(big, 'w'));
  truncateSync(big, 1024 ** 3); // sparse: no disk used
  symlinkSync(path.join(dir, 'loop-b'), path.join(dir, 'loop-a'));
  symlinkSync(path.join(dir, 'loop-a'), path.join(dir, 'loop-b'));
});
after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function run(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
  assert.equal(r.signal, null, `backtest ${args.join(' ')} hung`);
  assert.doesNotMatch(r.stderr, STACK_LINE);
  return r;
}

test(
  'a FIFO, /dev/zero, a 1 GB file or a symlink loop as the config: a plain error at once, for validate, run and compare',
  { timeout: 120_000 },
  () => {
    const cases: [string, RegExp][] = [
      [path.join(dir, 'fifo'), /not a regular file \(a pipe, socket or device\)/],
      ['/dev/zero', /not a regular file/],
      [path.join(dir, 'big.backtest.jsonc'), /too large \(1 GB; limit 32 MB\)/],
      [path.join(dir, 'loop-a'), /symbolic link loop/],
    ];
    for (const [file, expected] of cases) {
      for (const cmd of ['validate', 'run', 'compare']) {
        const r = run([cmd, file]);
        assert.equal(r.status, 2, `${cmd} ${file}: ${r.stdout}${r.stderr}`);
        assert.match(r.stderr, expected, `${cmd} ${file}`);
      }
    }
  },
);

test('--html at a FIFO or a device is refused before the run, never opened for reading or writing', { timeout: 60_000 }, () => {
  for (const target of [path.join(dir, 'fifo'), '/dev/zero']) {
    const r = run(['run', config, '--html', target]);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /--html .*not a regular file/);
  }
});

test('data files: a 1 GB price file is too large with the limit named; a symlink loop is named as such', { timeout: 60_000 }, () => {
  const prices = path.join(dir, 'sample_data', 'prices.csv');
  const saved = path.join(dir, 'prices.saved.csv');
  cpSync(prices, saved);
  try {
    rmSync(prices);
    closeSync(openSync(prices, 'w'));
    truncateSync(prices, 1024 ** 3);
    let v = run(['validate', config]);
    assert.equal(v.status, 1);
    assert.match(v.stdout, /prices\.csv: This file is too large \(1 GB; limit 256 MB\)[^\n]*\[data-file-missing\]/);
    const r = run(['run', config, '--force']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /too large \(1 GB; limit 256 MB\)/);
    rmSync(prices);
    symlinkSync(path.join(dir, 'loop-a'), prices);
    v = run(['validate', config]);
    assert.match(v.stdout, /symbolic link loop/);
    assert.doesNotMatch(v.stdout, /check the file permissions/i);
  } finally {
    rmSync(prices, { force: true });
    cpSync(saved, prices);
  }
});

test('a 50 MB line in a data file gives an error of a few hundred characters, in validate and run', { timeout: 120_000 }, () => {
  const d = path.join(dir, 'longline');
  mkdirSync(d);
  writeFileSync(path.join(d, 'prices.csv'), `date,AAA\n2020-01-02,${'9x'.repeat(25 * 1024 * 1024)}\n`);
  writeFileSync(path.join(d, 'sector_mapping.csv'), 'ticker,sector\nAAA,Tech\n');
  const c = path.join(d, 'c.backtest.jsonc');
  writeFileSync(c, JSON.stringify({ data_dir: '.', use_case: 2, inputs: { signals: { '2020-01-02': { AAA: 1 } } } }));
  const v = run(['validate', c]);
  assert.equal(v.status, 1);
  assert.match(v.stdout, /Price "(9x){50}[^"]*… \(52428600 more characters\)" for AAA/, 'the count of what was cut is the real one');
  assert.ok(v.stdout.length < 2000, `validate printed ${v.stdout.length} characters`);
  const r = run(['run', c, '--force']);
  assert.equal(r.status, 2);
  assert.ok(r.stderr.length < 2000, `run printed ${r.stderr.length} characters`);
});

test('readBoundedFile: head reads only the start of a large file; the limit is checked before reading', () => {
  const f = path.join(dir, 'big.backtest.jsonc');
  assert.equal(readBoundedFile(f, { head: 16 }).length, 16);
  assert.throws(
    () => readTextFile(f, { limit: 1024 }),
    (e: unknown) => e instanceof DataError && e.code === 'file-too-large' && /limit 1 KB/.test(e.message),
  );
});

// Issue 13, class 4: `--out` never deletes what it did not write, cleans the temp folders
// of killed runs in its place, and a full disk, a read-only file system, a denied
// permission or a parent that is a file each give a plain message naming the folder.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CLI, SAMPLES, ensureBuilt, tempDir } from '../cli/helpers';
import { describeWriteError } from '../../engine/results/outputFolder';

let dir: string;
let config: string;
const STACK_LINE = /^\s+at .+:\d+:\d+\)?$/m;

before(() => {
  ensureBuilt();
  dir = tempDir('out-targets');
  cpSync(SAMPLES, path.join(dir, 'sample_data'), { recursive: true });
  config = path.join(dir, 'sample_data', 'configs', 'neutral-etf.backtest.jsonc');
});
after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function run(out: string) {
  const r = spawnSync(process.execPath, [CLI, 'run', config, '--out', out], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
  assert.doesNotMatch(r.stderr, STACK_LINE);
  assert.doesNotMatch(r.stderr, /internal error|looks like a bug/);
  return r;
}

test("a sub-folder named trades.csv (holding the user's notes) is refused, and kept with everything in it", { timeout: 120_000 }, () => {
  const out = path.join(dir, 'notes');
  mkdirSync(path.join(out, 'trades.csv'), { recursive: true });
  writeFileSync(path.join(out, 'trades.csv', 'my-notes.txt'), 'do not lose me');
  const r = run(out);
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /holds trades\.csv, which is a folder, not a results file of ours/);
  assert.equal(readFileSync(path.join(out, 'trades.csv', 'my-notes.txt'), 'utf8'), 'do not lose me');
});

test('--out at a symbolic link is refused; the link and its target stay', { timeout: 120_000 }, () => {
  const real = path.join(dir, 'real-results');
  mkdirSync(real);
  writeFileSync(path.join(real, 'keep.txt'), 'keep');
  const link = path.join(dir, 'link-results');
  symlinkSync(real, link);
  const r = run(link);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /is a symbolic link/);
  assert.ok(lstatSync(link).isSymbolicLink());
  assert.equal(readlinkSync(link), real);
  assert.equal(readFileSync(path.join(real, 'keep.txt'), 'utf8'), 'keep');
});

test('a parent that is a file: a plain message naming it, before the run', { timeout: 60_000 }, () => {
  writeFileSync(path.join(dir, 'a-file'), 'x');
  const r = run(path.join(dir, 'a-file', 'sub'));
  assert.equal(r.status, 2);
  assert.match(r.stderr, /Cannot create .*a-file\/sub: .*a-file is a file, not a folder|a part of its path is a file/);
  assert.equal(readFileSync(path.join(dir, 'a-file'), 'utf8'), 'x');
});

test("temp folders of killed runs are cleaned by the next run in that place; a user's file in one is kept", { timeout: 120_000 }, () => {
  const out = path.join(dir, 'res');
  // A dead pid (far above pid_max on Linux): what a SIGKILLed run leaves.
  const stale = path.join(dir, '.res.tmp-99999999-1');
  const staleOld = path.join(dir, '.res.old-99999999-2');
  const foreign = path.join(dir, '.res.tmp-99999999-3');
  for (const d of [stale, staleOld, foreign]) {
    mkdirSync(d);
    writeFileSync(path.join(d, 'equity.csv'), 'date,equity\n');
  }
  writeFileSync(path.join(foreign, 'mine.txt'), 'user data');
  const r = run(out);
  assert.equal(r.status, 0, r.stderr);
  assert.ok(!existsSync(stale) && !existsSync(staleOld), 'stale temp folders are gone');
  assert.equal(readFileSync(path.join(foreign, 'mine.txt'), 'utf8'), 'user data', 'a file we did not write is never deleted');
  assert.ok(existsSync(path.join(out, 'trades.csv')));
  // A second run replaces our folder, leaving no .old or .tmp folder behind.
  assert.equal(run(out).status, 0);
  const left = spawnSync('ls', ['-a', dir], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter((n) => n.startsWith('.res.') && !n.endsWith('-3'));
  assert.deepEqual(left, []);
});

test('ENOSPC, EDQUOT, EROFS, EACCES, ENOTDIR: each a plain cause naming the folder', () => {
  const cases: [string, RegExp][] = [
    ['ENOSPC', /disk is full/],
    ['EDQUOT', /quota/],
    ['EROFS', /read-only/],
    ['EACCES', /permission denied/],
    ['ENOTDIR', /a part of its path is a file/],
  ];
  for (const [code, re] of cases) {
    const e = describeWriteError(Object.assign(new Error(code), { code, path: '/x/y' }), '/x/results');
    assert.ok(e, code);
    assert.match(e.detail, re);
    assert.match(e.detail, /\/x\/results/);
  }
  assert.equal(describeWriteError(new Error('other'), '/x'), undefined);
});

// A small tmpfs shows the real thing (full disk, read-only); needs root and mount rights.
const canMount = process.getuid?.() === 0 && spawnSync('mount', ['--version']).status === 0;
test(
  'a full disk and a read-only file system, for real (tmpfs), leave nothing behind',
  { skip: !canMount && 'needs root and mount', timeout: 120_000 },
  (t) => {
    const mnt = path.join(dir, 'mnt');
    mkdirSync(mnt);
    if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1200k', 'tmpfs', mnt]).status !== 0) {
      t.skip('mount refused in this container');
      return;
    }
    try {
      let r = run(path.join(mnt, 'r'));
      assert.equal(r.status, 2);
      assert.match(r.stderr, /Cannot write the results to .*mnt\/r: the disk is full/);
      assert.deepEqual(spawnSync('ls', ['-A', mnt], { encoding: 'utf8' }).stdout.trim(), '', 'no temp folder left on the full disk');
      assert.equal(spawnSync('mount', ['-o', 'remount,ro', mnt]).status, 0);
      r = run(path.join(mnt, 'r'));
      assert.equal(r.status, 2);
      assert.match(r.stderr, /the file system is read-only/);
    } finally {
      spawnSync('umount', [mnt]);
    }
  },
);

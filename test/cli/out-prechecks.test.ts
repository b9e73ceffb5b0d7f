// Issue 13, class 4: `run --force --out`, `compare --html` and `sweep --out` check where they
// write BEFORE the run, as `run --out` does: a file where a folder goes, a parent that is a
// file, a symbolic link, files we did not write, permission denied (as an unprivileged user)
// and a read-only file system (a tmpfs remounted read-only, where mount is allowed). The
// config behind every case goes bankrupt when it runs, so seeing the folder's error (and not
// "Equity fell to ...") proves the check came first. Nothing of the user's is changed.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { CLI, SAMPLES, STACK_LINE, ensureBuilt, tempDir } from './helpers';

let dir: string;
let config: string;
let sweep: string;

before(() => {
  ensureBuilt();
  dir = tempDir('out-prechecks');
  chmodSync(dir, 0o755); // readable by the unprivileged user of the permission case
  for (const f of ['prices.csv', 'sector_mapping.csv']) copyFileSync(path.join(SAMPLES, f), path.join(dir, f));
  // MSFT at 1,000x for one day: the short below goes bankrupt when the run gets there.
  const rows = readFileSync(path.join(SAMPLES, 'prices.csv'), 'utf8').split('\n');
  const j = rows[0].split(',').indexOf('MSFT');
  writeFileSync(
    path.join(dir, 'prices.csv'),
    rows
      .map((l) => {
        if (!l.startsWith('2023-06-01')) return l;
        const c = l.split(',');
        c[j] = String(Number(c[j]) * 1000);
        return c.join(',');
      })
      .join('\n'),
  );
  config = path.join(dir, 'broke.backtest.jsonc');
  writeFileSync(
    config,
    JSON.stringify({
      initial_cash: 1_000_000,
      start_date: '2023-01-03',
      end_date: '2023-12-29',
      data_dir: '.',
      use_case: 'orders',
      inputs: { orders: [{ date: '2023-01-03', ticker: 'MSFT', quantity: -10000 }] },
      bootstrap_samples: 0,
    }),
  );
  sweep = path.join(dir, 'broke.sweep.jsonc');
  writeFileSync(sweep, JSON.stringify({ base: 'broke.backtest.jsonc', axes: { sector_hedge_tolerance: [0.01, 0.02] } }));
});
after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

type Cmd = 'run --force --out' | 'compare --html' | 'sweep --out';
const argv = (cmd: Cmd, target: string): string[] =>
  cmd === 'run --force --out'
    ? ['run', config, '--force', '--out', target]
    : cmd === 'compare --html'
      ? ['compare', config, '--html', target]
      : ['sweep', sweep, '--out', target];

function refused(cmd: Cmd, target: string, expected: RegExp, asUser?: number) {
  const prefix = asUser === undefined ? [] : ['setpriv', `--reuid=${asUser}`, `--regid=${asUser}`, '--clear-groups'];
  const [exe, ...args] = [...prefix, process.execPath, CLI, ...argv(cmd, target)];
  const r = spawnSync(exe, args, { cwd: dir, encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 2, `${cmd} ${target}: ${r.stdout}\n${r.stderr}`);
  assert.match(r.stderr, expected, cmd);
  assert.doesNotMatch(r.stderr, /Equity fell to|variant .* failed/, `${cmd}: the target is checked before the run`);
  assert.doesNotMatch(r.stderr, STACK_LINE);
  assert.doesNotMatch(r.stderr, /internal error|looks like a bug|cannot mkdir/);
  assert.equal(r.stdout, '', 'nothing ran, so no summary');
}

const CMDS: Cmd[] = ['run --force --out', 'compare --html', 'sweep --out'];

describe('output targets are checked before the run', () => {
  it('the bankrupt config does go bankrupt when nothing stops it first (so the checks below prove their order)', () => {
    const r = spawnSync(process.execPath, [CLI, 'run', config, '--force'], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /Equity fell to .* on 2023-06-01/);
  });

  for (const cmd of CMDS) {
    it(`${cmd}: /proc (a kernel file system, no free blocks) is named as one, not as a full disk`, (t) => {
      if (!existsSync('/proc/self')) return t.skip('no /proc on this system');
      refused(
        cmd,
        `/proc/backtest-${cmd.split(' ')[0]}${cmd === 'compare --html' ? '.html' : ''}`,
        /\/proc is on proc, a kernel file system/,
      );
      const r = spawnSync(process.execPath, [CLI, ...argv(cmd, '/proc/x')], { cwd: dir, encoding: 'utf8' });
      assert.doesNotMatch(r.stderr, /disk is full/);
      assert.match(r.stderr, new RegExp(`Pass ${cmd.split(' ').at(-1)} in your project`), 'the fix names the option used');
    });

    it(`${cmd}: a parent that is a file`, () => {
      const f = path.join(dir, `parent-file-${cmd.split(' ')[0]}`);
      writeFileSync(f, 'x');
      refused(cmd, path.join(f, 'sub'), /Cannot create .*: .* is a file, not a folder|a part of its path is a file/);
      assert.equal(readFileSync(f, 'utf8'), 'x');
    });

    it(`${cmd}: a symbolic link is refused and kept, its target untouched`, () => {
      const real = path.join(dir, `real-${cmd.split(' ')[0]}`);
      mkdirSync(real);
      writeFileSync(path.join(real, 'keep.txt'), 'keep');
      const link = path.join(dir, `link-${cmd.split(' ')[0]}${cmd === 'compare --html' ? '.html' : ''}`);
      symlinkSync(cmd === 'compare --html' ? path.join(real, 'keep.txt') : real, link);
      refused(cmd, link, /is a symbolic link/);
      assert.ok(lstatSync(link).isSymbolicLink());
      assert.deepEqual(readdirSync(real), ['keep.txt']);
      assert.equal(readFileSync(path.join(real, 'keep.txt'), 'utf8'), 'keep');
    });

    it(`${cmd}: a target holding what we did not write (or a file where a folder goes) is refused and kept`, () => {
      const name = `foreign-${cmd.split(' ')[0]}`;
      if (cmd === 'compare --html') {
        const f = path.join(dir, `${name}.html`);
        writeFileSync(f, 'my notes');
        refused(cmd, f, /already exists and is not a backtest report/);
        assert.equal(readFileSync(f, 'utf8'), 'my notes');
        mkdirSync(path.join(dir, `${name}-folder.html`));
        refused(cmd, path.join(dir, `${name}-folder.html`), /is a folder, not a file/);
        return;
      }
      const folder = path.join(dir, name);
      mkdirSync(folder);
      writeFileSync(path.join(folder, 'notes.txt'), 'mine');
      refused(cmd, folder, /already holds (other files|files that are not a sweep's) \(notes\.txt\)/);
      assert.deepEqual(readdirSync(folder), ['notes.txt']);
      const file = path.join(dir, `${name}.file`);
      writeFileSync(file, 'mine');
      refused(cmd, file, /is a file, not a folder/);
      assert.equal(readFileSync(file, 'utf8'), 'mine');
    });
  }
});

const root = process.getuid?.() === 0;
const setpriv = root && spawnSync('setpriv', ['--version']).status === 0;
// A checkout in a private folder (e.g. under `mktemp -d`, mode 700) is not readable by uid 65534.
const nobodyReadsCli =
  setpriv &&
  spawnSync('setpriv', [
    '--reuid=65534',
    '--regid=65534',
    '--clear-groups',
    process.execPath,
    '-e',
    `require('fs').accessSync(${JSON.stringify(CLI)}, 4)`,
  ]).status === 0;
const noUnprivilegedRun = !setpriv
  ? 'needs root (to drop to uid 65534) and setpriv'
  : !nobodyReadsCli && `uid 65534 cannot read ${CLI} (a folder of the checkout is private): clone where others may read`;
describe('permission denied, as an unprivileged user', { skip: noUnprivilegedRun }, () => {
  for (const cmd of CMDS) {
    it(`${cmd}: a folder the user may not write into`, () => {
      const locked = path.join(dir, `locked-${cmd.split(' ')[0]}`);
      mkdirSync(locked);
      chmodSync(locked, 0o555);
      refused(cmd, path.join(locked, cmd === 'compare --html' ? 'r.html' : 'r'), /permission denied \(.*locked-/, 65534);
      assert.deepEqual(readdirSync(locked), []);
    });
  }
});

const canMount = root && spawnSync('mount', ['--version']).status === 0;
describe('a read-only file system', { skip: !canMount && 'needs root and mount' }, () => {
  it('each command names the read-only file system before the run', (t) => {
    const mnt = path.join(dir, 'ro-mnt');
    mkdirSync(mnt);
    if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mnt]).status !== 0) {
      t.skip('mount refused in this container');
      return;
    }
    try {
      assert.equal(spawnSync('mount', ['-o', 'remount,ro', mnt]).status, 0);
      for (const cmd of CMDS) refused(cmd, path.join(mnt, cmd === 'compare --html' ? 'r.html' : 'r'), /the file system is read-only/);
      assert.ok(!existsSync(path.join(mnt, 'r')));
    } finally {
      spawnSync('umount', [mnt]);
    }
  });
});

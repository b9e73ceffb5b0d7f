// Fuzz (issue 13, class 3): every kind of special file in every role the CLI reads or
// writes (sweep files and their base config too), through the built CLI as a subprocess.
// Each case must end within the timeout (no hang on a FIFO), exit non-zero with a short
// plain message that names the path and the cause (no stack trace, no "internal error",
// no "check the file permissions" for a file that is only too large), print under 2 KB,
// keep its memory bounded (never read /dev/zero or a sparse 1 GB file) and leave the
// special file as it was.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  closeSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { ensureBuilt, tempDir } from '../cli/helpers';
import { FuzzStats } from './fuzzKit';
import { NOBODY, canRunAsNobody, runCli, smallConfig, writeSmallData, type CliCase } from './specialFilesKit';

const stats = new FuzzStats('special files');
let dir: string;
let nobodyNote = '';

const KINDS = [
  'fifo',
  'directory',
  'symlink-loop',
  'dangling-symlink',
  'dev-zero',
  'dev-null',
  'long-line',
  'sparse-1gb',
  'unreadable',
] as const;
type Kind = (typeof KINDS)[number];

/** What the message must say for each kind (besides naming the path). */
const CAUSE: Record<Kind, RegExp> = {
  fifo: /not a regular file|is a pipe \(FIFO\), not a folder/,
  directory: /is a folder, not a|already holds other files|File not found/,
  'symlink-loop': /symbolic link loop|is a symbolic link/,
  'dangling-symlink': /symbolic link to .*which does not exist|is a symbolic link/,
  'dev-zero': /not a regular file|is a device, not a folder/,
  'dev-null': /not a regular file|is a device, not a folder/,
  'long-line': /./,
  'sparse-1gb': /too large \(1 GB; limit \d+ MB\)|not a backtest report|is a file, not a folder/,
  unreadable: /[Pp]ermission denied|is a file, not a folder/,
};

type Role = { name: string; key?: string; useCase?: 'signals' | 'weights' | 'orders' | 'positions'; cmd: 'validate' | 'run' | 'sweep' };
const DATA_KEYS = [
  'data_dir',
  'prices_file',
  'sector_mapping_file',
  'borrow_file',
  'inputs.signals',
  'inputs.weights',
  'inputs.orders',
  'inputs.positions',
];
const ROLES: Role[] = [
  { name: 'config', cmd: 'validate' },
  { name: 'config', cmd: 'run' },
  ...DATA_KEYS.flatMap((key): Role[] =>
    (['validate', 'run'] as const).map((cmd) => ({
      name: key,
      key,
      cmd,
      useCase: key.startsWith('inputs.') ? (key.slice(7) as Role['useCase']) : 'signals',
    })),
  ),
  { name: '--html', cmd: 'run', useCase: 'signals' },
  { name: '--out', cmd: 'run', useCase: 'signals' },
  { name: 'config', cmd: 'sweep' }, // the .sweep.jsonc file
  { name: 'sweep base', cmd: 'sweep' },
];

const BASE = (useCase: string) => smallConfig(path.join(dir, 'data'), useCase);

/** The special files of one group (reads share one; --html and --out each get their own). */
function makeKinds(group: string): Record<Kind, string> {
  const d = path.join(dir, group);
  mkdirSync(d);
  const p = (n: string) => path.join(d, n);
  execFileSync('mkfifo', [p('fifo')]);
  mkdirSync(p('directory'));
  writeFileSync(p('directory/keep.txt'), 'the user keeps this');
  symlinkSync(p('loop-b'), p('symlink-loop'));
  symlinkSync(p('symlink-loop'), p('loop-b'));
  symlinkSync(p('gone.csv'), p('dangling-symlink'));
  // One 50 MB line, shaped as a CSV of this role, so the loaders reach the cell.
  writeFileSync(p('long-line'), `date,ticker,signal\n2023-01-03,AAA,${'9x'.repeat(25 * 1024 * 1024)}\n`);
  closeSync(openSync(p('sparse-1gb'), 'w'));
  truncateSync(p('sparse-1gb'), 1024 ** 3);
  writeFileSync(p('unreadable'), 'date,ticker,signal\n2023-01-03,AAA,1\n');
  chmodSync(p('unreadable'), 0o000);
  return {
    fifo: p('fifo'),
    directory: p('directory'),
    'symlink-loop': p('symlink-loop'),
    'dangling-symlink': p('dangling-symlink'),
    'dev-zero': '/dev/zero',
    'dev-null': '/dev/null',
    'long-line': p('long-line'),
    'sparse-1gb': p('sparse-1gb'),
    unreadable: p('unreadable'),
  };
}

/** What must be unchanged after a case: type, size, mode and mtime (never the content of 1 GB). */
function fingerprint(p: string): string {
  if (p.startsWith('/dev/')) return p;
  try {
    const st = lstatSync(p);
    const inside = st.isDirectory() ? readFileSync(path.join(p, 'keep.txt'), 'utf8') : '';
    return `${st.mode}:${st.size}:${st.mtimeMs}:${inside}`;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code ?? 'error';
  }
}

let groups: Record<'read' | '--html' | '--out', Record<Kind, string>>;

before(() => {
  ensureBuilt();
  dir = tempDir('fuzz-special');
  chmodSync(dir, 0o755); // the unreadable cases run as nobody when the suite runs as root
  writeSmallData(path.join(dir, 'data'));
  groups = { read: makeKinds('read'), '--html': makeKinds('html'), '--out': makeKinds('out') };
  if (process.getuid?.() === 0) nobodyNote = canRunAsNobody(dir) ? '' : 'running as root and cannot run the CLI as nobody';
});
after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function caseOf(kind: Kind, role: Role, i: number): CliCase & { target: string } {
  const target = (role.name === '--html' || role.name === '--out' ? groups[role.name] : groups.read)[kind];
  const caseDir = path.join(dir, 'cases', String(i));
  mkdirSync(caseDir, { recursive: true });
  let configFile = target;
  const extra: string[] = [];
  if (role.name === 'sweep base') {
    configFile = path.join(caseDir, 's.sweep.jsonc');
    writeFileSync(configFile, JSON.stringify({ base: target, axes: { gross_leverage: [1, 2] } }));
  } else if (role.name !== 'config') {
    const c: Record<string, unknown> = BASE(role.useCase!);
    if (role.key?.startsWith('inputs.')) c.inputs = { [role.useCase!]: target };
    else if (role.key) c[role.key] = target;
    configFile = path.join(caseDir, 'c.backtest.jsonc');
    writeFileSync(configFile, JSON.stringify(c, null, 2));
    if (role.name === '--html' || role.name === '--out') extra.push(role.name, target);
    else if (role.cmd === 'run') extra.push('--force'); // past validation, into the loaders
  }
  const asNobody = kind === 'unreadable' && process.getuid?.() === 0;
  return {
    label: `${kind} as ${role.name} (${role.cmd})`,
    args: [role.cmd, configFile, ...extra],
    cwd: caseDir,
    uid: asNobody ? NOBODY : undefined,
    target,
  };
}

test(
  'every special file in every role: a plain, short error naming the path and the cause, at once, in bounded memory',
  { timeout: 600_000 },
  async (t) => {
    const cases: (CliCase & { target: string; kind: Kind })[] = [];
    let i = 0;
    for (const kind of KINDS) {
      if (kind === 'unreadable' && nobodyNote) {
        stats.notes.push(`unreadable kind skipped: ${nobodyNote}`);
        continue;
      }
      for (const role of ROLES) cases.push({ ...caseOf(kind, role, i++), kind });
    }
    const problems: string[] = [];
    const queue = [...cases];
    const worker = async () => {
      for (let c = queue.shift(); c; c = queue.shift()) {
        const before = fingerprint(c.target);
        const r = await runCli(c);
        stats.tried++;
        const out = r.stdout + r.stderr;
        // The warnings that data lies outside the workspace name every path; the error itself must.
        const said = out
          .split('\n')
          .filter((l) => !l.includes('[path-outside-workspace]'))
          .join('\n');
        const bad: string[] = [];
        if (r.timedOut) bad.push('hung (killed at the timeout)');
        else if (r.code === 0 || r.code === null) bad.push(`exit ${r.code} ${r.signal ?? ''}`);
        if (!said.includes(c.target)) bad.push('does not name the path');
        if (!CAUSE[c.kind].test(said)) bad.push(`no cause matching ${CAUSE[c.kind]}`);
        if (/^\s+at .+:\d+:\d+\)?$/m.test(out)) bad.push('prints a stack trace');
        if (/internal error|looks like a bug|FATAL ERROR/i.test(out)) bad.push('an internal error');
        if (c.kind === 'sparse-1gb' && /check the file permissions/i.test(out)) bad.push('"check the file permissions" for a large file');
        if (out.length > 2048) bad.push(`printed ${out.length} characters`);
        if (r.maxRssMb !== undefined && r.maxRssMb > 700) bad.push(`used ${r.maxRssMb} MB`);
        if (fingerprint(c.target) !== before) bad.push('changed the special file');
        if (bad.length) {
          stats.failures++;
          problems.push(`${c.label}: ${bad.join('; ')}\n    ${out.trim().split('\n').slice(0, 4).join('\n    ').slice(0, 600)}`);
        }
      }
    };
    await Promise.all([worker(), worker()]);
    stats.report(t);
    assert.deepEqual(problems, [], `${problems.length} of ${cases.length} cases failed:\n${problems.join('\n')}`);
  },
);

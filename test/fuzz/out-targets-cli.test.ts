// Fuzz: --out places that cannot be written, through the built CLI: a read-only results
// folder, a parent that is a file, and a new or existing folder inside a read-only parent,
// at random depths, with random contents, for csv and parquet. Each is refused before the
// run with a plain message naming the folder and the cause, and every file, folder and
// permission in the place is left byte for byte. As root a read-only folder means nothing,
// so the CLI then runs as nobody (the place is handed to nobody).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { chmodSync, chownSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ensureBuilt, tempDir } from '../cli/helpers';
import { RESULT_FILE_NAMES } from '../../engine/results/resultFiles';
import { FuzzStats, fuzzAsync, fuzzRuns } from './fuzzKit';
import { NOBODY, canRunAsNobody, runCli, smallConfig, writeSmallData } from './specialFilesKit';

const stats = new FuzzStats('--out targets (CLI)');
const isRoot = process.getuid?.() === 0;
let dir: string;
let config: string;
let asNobody = false;
let skipReadOnly = '';

before(() => {
  ensureBuilt();
  dir = tempDir('fuzz-out-cli');
  chmodSync(dir, 0o755);
  writeSmallData(path.join(dir, 'data'));
  config = path.join(dir, 'c.backtest.jsonc');
  writeFileSync(config, JSON.stringify(smallConfig(path.join(dir, 'data'))));
  if (isRoot) {
    asNobody = canRunAsNobody(dir);
    if (!asNobody) skipReadOnly = 'running as root and cannot run the CLI as nobody: read-only places mean nothing';
  }
});
after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Every path under `p` with its mode and content (or "dir"): what must not change. */
function snapshot(p: string, out = new Map<string, string>()): Map<string, string> {
  const st = lstatSync(p);
  if (st.isDirectory()) {
    out.set(p, `dir ${st.mode}`);
    for (const n of readdirSync(p)) snapshot(path.join(p, n), out);
  } else out.set(p, `${st.mode} ${readFileSync(p, 'latin1')}`);
  return out;
}

function chownTree(p: string): void {
  chownSync(p, NOBODY, NOBODY);
  if (lstatSync(p).isDirectory()) for (const n of readdirSync(p)) chownTree(path.join(p, n));
}

const LAYOUTS = ['read-only folder', 'parent is a file', 'inside a read-only parent'] as const;
const arb = fc.record({
  layout: fc.constantFrom(...LAYOUTS),
  // What the place holds already: nothing, an earlier run's files, or (for the parents) a sibling of the user's.
  contents: fc.constantFrom('empty', 'ours', 'sibling'),
  depth: fc.integer({ min: 0, max: 2 }),
  format: fc.constantFrom('csv', 'parquet'),
});

let n = 0;
test(
  '--out that cannot be written (read-only, under a file, in a read-only parent): refused, naming the folder and the cause; nothing changes',
  { timeout: 300_000 },
  async (t) => {
    const layouts = skipReadOnly ? LAYOUTS.filter((l) => !l.includes('read-only')) : LAYOUTS;
    if (skipReadOnly) stats.notes.push(`read-only layouts skipped: ${skipReadOnly}`);
    await fuzzAsync(
      stats,
      arb.filter((v) => layouts.includes(v.layout)),
      fuzzRuns(30),
      async (v) => {
        const place = path.join(dir, 'places', String(++n));
        mkdirSync(place, { recursive: true });
        const sub = ['deeper', 'deepest'].slice(0, v.depth);
        let out: string;
        let blocked: string; // the folder or file the message must name
        let cause: RegExp;
        const fill = (folder: string) => {
          if (v.contents === 'ours') for (const f of RESULT_FILE_NAMES) writeFileSync(path.join(folder, f), `earlier ${f}\n`);
        };
        if (v.layout === 'read-only folder') {
          blocked = path.join(place, 'results');
          mkdirSync(blocked);
          fill(blocked);
          out = path.join(blocked, ...sub);
          cause = /read-only|permission denied/i;
        } else if (v.layout === 'parent is a file') {
          blocked = path.join(place, 'results.txt');
          writeFileSync(blocked, 'the user keeps notes here\n');
          out = path.join(blocked, 'run', ...sub);
          cause = /is a file, not a folder/;
        } else {
          blocked = place;
          const existing = path.join(place, 'results');
          if (v.contents !== 'empty') {
            mkdirSync(existing);
            fill(existing);
          }
          // An existing folder is the target itself (a new folder under it would have a writable parent).
          out = v.contents === 'empty' ? path.join(existing, ...sub) : existing;
          cause = /read-only|permission denied/i;
        }
        if (v.contents === 'sibling') writeFileSync(path.join(place, 'notes.txt'), 'a sibling of the user\n');
        if (asNobody) chownTree(place);
        if (v.layout === 'read-only folder') chmodSync(blocked, 0o555);
        if (v.layout === 'inside a read-only parent') chmodSync(place, 0o555);
        const before = snapshot(place);
        const r = await runCli({
          label: JSON.stringify(v),
          args: ['run', config, '--out', out, '--format', v.format],
          cwd: dir,
          uid: asNobody ? NOBODY : undefined,
        });
        const said = r.stdout + r.stderr;
        assert.ok(!r.timedOut, `hung: ${JSON.stringify(v)}`);
        assert.equal(r.code, 2, `${JSON.stringify(v)}: exit ${r.code}\n${said}`);
        assert.match(said, cause, JSON.stringify(v));
        assert.ok(said.includes(blocked) || said.includes(out), `names neither ${blocked} nor ${out}: ${said}`);
        assert.doesNotMatch(said, /^\s+at .+:\d+:\d+\)?$/m);
        assert.doesNotMatch(said, /internal error|looks like a bug/);
        assert.ok(said.length < 2048, `printed ${said.length} characters`);
        const afterSnap = snapshot(place); // a 555 folder can still be listed and read
        chmodSync(place, 0o755); // so that the suite can remove it
        if (v.layout === 'read-only folder') chmodSync(blocked, 0o755);
        assert.deepEqual([...afterSnap], [...before], `the place changed: ${JSON.stringify(v)}`);
      },
    );
    stats.report(t);
  },
);

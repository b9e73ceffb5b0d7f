// Fuzz: random --out targets (a missing folder, an empty one, our files, foreign files,
// sub-folders and links named like our files, links to folders, stale temp folders next
// to it). writeFolderAtomically either refuses with an OutputFolderError or replaces the
// folder; in both cases every entry the run did not write is still there, byte for byte.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeFolderAtomically, RESULT_FILE_NAMES } from '../../engine/results/resultFiles';
import { OutputFolderError } from '../../engine/results/outputFolder';
import { FuzzStats, fuzzRuns, fuzzSync } from './fuzzKit';

const root = mkdtempSync(path.join(os.tmpdir(), 'fuzz-out-'));
after(() => rmSync(root, { recursive: true, force: true }));
const stats = new FuzzStats('--out targets');

type Entry = { name: string; kind: 'file' | 'dir' | 'link' };
const NAMES = [...RESULT_FILE_NAMES, 'notes.txt', 'trades.parquet', '.hidden', 'sub'];
const entry = fc.record({ name: fc.constantFrom(...NAMES), kind: fc.constantFrom<Entry['kind']>('file', 'dir', 'link') });
const layout = fc.record({
  exists: fc.constantFrom('none', 'dir', 'file', 'link'),
  entries: fc.uniqueArray(entry, { selector: (e) => e.name, maxLength: 5 }),
  stale: fc.constantFrom('none', 'ours', 'foreign'),
});

/** Every path under `p` (not following links) with its content: what must survive. */
function snapshot(p: string, out = new Map<string, string>()): Map<string, string> {
  if (!existsSync(p) && !isLink(p)) return out;
  const st = lstatSync(p);
  if (st.isSymbolicLink()) out.set(p, 'link');
  else if (st.isDirectory()) {
    out.set(p, 'dir');
    for (const n of readdirSync(p)) snapshot(path.join(p, n), out);
  } else out.set(p, readFileSync(p, 'utf8'));
  return out;
}
function isLink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

let n = 0;
test('--out never deletes or changes what the run did not write', () => {
  fuzzSync(stats, layout, fuzzRuns(150), (l) => {
    const place = path.join(root, String(++n));
    mkdirSync(place);
    const target = path.join(place, 'out');
    const elsewhere = path.join(place, 'elsewhere');
    mkdirSync(elsewhere);
    writeFileSync(path.join(elsewhere, 'precious.txt'), 'precious');
    if (l.exists === 'file') writeFileSync(target, 'a file');
    if (l.exists === 'link') symlinkSync(elsewhere, target);
    if (l.exists === 'dir') {
      mkdirSync(target);
      for (const e of l.entries) {
        const p = path.join(target, e.name);
        if (e.kind === 'file') writeFileSync(p, `user ${e.name}`);
        else if (e.kind === 'dir') {
          mkdirSync(p);
          writeFileSync(path.join(p, 'inner.txt'), 'inner');
        } else symlinkSync(elsewhere, p);
      }
    }
    if (l.stale !== 'none') {
      const s = path.join(place, '.out.tmp-99999999-1');
      mkdirSync(s);
      writeFileSync(path.join(s, 'equity.csv'), 'x');
      if (l.stale === 'foreign') writeFileSync(path.join(s, 'mine.txt'), 'mine');
    }
    const before = snapshot(place);
    let replaced = false;
    try {
      writeFolderAtomically(target, (tmp) => {
        writeFileSync(path.join(tmp, 'equity.csv'), 'date,equity\n');
        return ['equity.csv'];
      });
      replaced = true;
    } catch (e) {
      assert.ok(e instanceof OutputFolderError, `not a plain refusal: ${String(e)}`);
    }
    const afterSnap = snapshot(place);
    for (const [p, content] of before) {
      // What a run may remove: our regular files in the target (replaced), the target folder itself, our stale temp files.
      const inTarget = p.startsWith(target + path.sep) && !p.slice(target.length + 1).includes(path.sep);
      const ours =
        inTarget && (RESULT_FILE_NAMES as readonly string[]).includes(path.basename(p)) && content !== 'dir' && content !== 'link';
      const staleOurs =
        p.includes('.out.tmp-99999999-1') && (path.basename(p) === 'equity.csv' || (l.stale === 'ours' && p.endsWith('-1')));
      if ((replaced && (ours || p === target)) || staleOurs) continue;
      assert.equal(
        afterSnap.get(p),
        content,
        `${path.relative(place, p)} was ${afterSnap.has(p) ? 'changed' : 'deleted'} (layout ${JSON.stringify(l)})`,
      );
    }
    if (replaced) assert.equal(readFileSync(path.join(target, 'equity.csv'), 'utf8'), 'date,equity\n');
  });
  stats.report();
});

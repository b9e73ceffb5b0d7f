// Safety of an output folder (`--out`, the editor's result folder): what may be replaced,
// what is checked before a run, what a failed write says. The folder is replaced as a
// whole (resultFiles.ts), so nothing may be removed that a run did not write: a sub-folder
// named trades.csv, a link, a file of the user's. Temp folders of killed runs are ours and
// are cleaned by the next run in the same place.
import { accessSync, constants, lstatSync, readdirSync, rmdirSync, rmSync, statfsSync, statSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { entryKind } from '../data/files';

export class OutputFolderError extends Error {
  readonly code: string;
  readonly detail: string;
  readonly fix: string;
  constructor(code: string, detail: string, fix: string) {
    super(`${detail} Fix: ${fix}`);
    this.name = 'OutputFolderError';
    this.code = code;
    this.detail = detail;
    this.fix = fix;
  }
}

/** Less free space than this where the folder goes: refused before the run. */
export const MIN_FREE_BYTES = 1024 * 1024;

/** statfs types of kernel file systems (Linux magic numbers). */
const KERNEL_FS = new Map<number, string>([
  [0x9fa0, 'proc'],
  [0x62656572, 'sysfs'],
  [0x1cd1, 'devpts'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x73636673, 'securityfs'],
]);

const TEMP_NAME = /^\.(.+)\.(tmp|old)-(\d+)-(\d+)$/;

/** The plain cause of a failed write into `dir`. */
export function describeWriteError(err: unknown, dir: string): OutputFolderError | undefined {
  const e = err as NodeJS.ErrnoException;
  const where = typeof e?.path === 'string' ? e.path : dir;
  switch (e?.code) {
    case 'ENOSPC': return new OutputFolderError('out-disk-full', `Cannot write the results to ${dir}: the disk is full (no space left on the device holding ${where}).`, 'Free some space, or pass --out on another disk. Nothing of the previous results was lost.');
    case 'EDQUOT': return new OutputFolderError('out-disk-full', `Cannot write the results to ${dir}: the disk quota is exceeded.`, 'Free some space within your quota, or pass --out elsewhere.');
    case 'EROFS': return new OutputFolderError('out-read-only', `Cannot write the results to ${dir}: the file system is read-only.`, 'Pass --out on a writable disk, e.g. --out results/my-run in your project.');
    case 'EACCES': case 'EPERM': return new OutputFolderError('out-permission', `Cannot write the results to ${dir}: permission denied (${where}).`, 'Choose a folder you may write to, or change its permissions.');
    case 'ENOTDIR': case 'EEXIST': return new OutputFolderError('out-parent-file', `Cannot create ${dir}: a part of its path is a file, not a folder (${where}).`, 'Pass a folder path whose parents are folders.');
    case 'ENAMETOOLONG': return new OutputFolderError('out-name', `Cannot create ${dir}: the path is too long.`, 'Use a shorter --out path.');
    default: return undefined;
  }
}

/** The nearest existing ancestor of `p` (itself when it exists). */
function existingAncestor(p: string): { dir: string; isDir: boolean; kind: string } {
  let cur = p;
  for (;;) {
    try {
      const st = statSync(cur);
      return { dir: cur, isDir: st.isDirectory(), kind: entryKind(st) };
    } catch {
      // Missing, or under a file (ENOTDIR): the part above names what is there.
      const up = path.dirname(cur);
      if (up === cur) return { dir: cur, isDir: true, kind: 'a folder' };
      cur = up;
    }
  }
}

/**
 * Before a run: refuses an --out that is a symbolic link, a folder holding anything that
 * is not a regular file of ours (`ours`: names a run writes), a path under a file, or a
 * place that cannot be written (read-only, permission denied, full), naming the cause.
 */
export function checkOutputFolder(dir: string, ours: readonly string[]): void {
  const target = path.resolve(dir);
  const st = checkOutputPlace(target);
  if (st && st.isDirectory()) {
    const names = readdirSync(target);
    const foreign = names.filter((n) => !ours.includes(n));
    if (foreign.length) {
      throw new OutputFolderError('out-not-ours', `--out ${target} already holds other files (${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', ...' : ''}); the results replace the whole folder.`, 'Use a new or empty folder, e.g. --out results/my-run.');
    }
    for (const name of names) {
      const e = lstatSync(path.join(target, name));
      if (!e.isFile()) {
        throw new OutputFolderError('out-not-ours', `--out ${target} holds ${name}, which is a ${e.isDirectory() ? 'folder' : e.isSymbolicLink() ? 'symbolic link' : 'special file'}, not a results file of ours; the results replace the whole folder.`, 'Use a new or empty folder, e.g. --out results/my-run.');
      }
    }
  }
}

/**
 * The checks of an output place that do not depend on what it holds, before a run: not a
 * symbolic link (it would be replaced, or written through), no parent that is a file, a
 * place that can be written (read-only, permission denied) with some free space. `flag`
 * names the option in messages (`--out`, `--html`). Returns the target's lstat, if it exists.
 */
export function checkOutputPlace(target: string, flag = '--out', what: 'folder' | 'file' = 'folder'): ReturnType<typeof lstatSync> | undefined {
  let st: ReturnType<typeof lstatSync> | undefined;
  try { st = lstatSync(target); } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOTDIR') {
      const anc = existingAncestor(path.dirname(target));
      throw new OutputFolderError('out-parent-file', `Cannot create ${target}: ${anc.isDir ? 'a part of its path' : anc.dir} is ${anc.isDir ? 'a file' : anc.kind}, not a folder.`, 'Pass a path whose parents are folders.');
    }
  }
  if (st?.isSymbolicLink()) {
    throw new OutputFolderError('out-symlink', `${flag} ${target} is a symbolic link; results are never written over or through a link (the ${what} is replaced as a whole, which would replace the link).`, `Pass the ${what} the link points to, or a new ${what} name.`);
  }
  // An existing file target is replaced in its folder; an existing folder target must be a folder.
  const anc = existingAncestor(st && what === 'folder' ? target : path.dirname(target));
  if (!anc.isDir) throw new OutputFolderError('out-parent-file', `Cannot create ${target}: ${anc.dir} is ${anc.kind}, not a folder.`, 'Pass a path whose parents are folders.');
  // The new folder (or file) is created next to the target (in its parent), so that is where writing must work.
  const writeDir = st ? path.dirname(target) : anc.dir;
  try { accessSync(writeDir, constants.W_OK); } catch (e) {
    const d = describeWriteError(e, target);
    if (d) throw d;
  }
  // A folder or file the user made read-only is not replaced behind their back: the rename in a writable parent would succeed.
  if (st) {
    try { accessSync(target, constants.W_OK); } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EACCES' || code === 'EPERM') throw new OutputFolderError('out-permission', `Cannot write the results to ${target}: the ${what} is read-only (permission denied), so it is not replaced.`, `Make it writable (chmod u+w ${target}) to replace it, or pass a new ${what} name.`);
      const d = describeWriteError(e, target);
      if (d) throw d;
    }
  }
  try {
    const fs = statfsSync(writeDir);
    const kernel = KERNEL_FS.get(fs.type);
    // /proc or /sys report no free space: say what they are, not that a disk is full.
    if (kernel) throw new OutputFolderError('out-read-only', `Cannot write the results to ${target}: ${writeDir} is on ${kernel}, a kernel file system that holds no files.`, `Pass ${flag} in your project, e.g. ${flag} ${what === 'file' ? 'results/report.html' : 'results/my-run'}.`);
    if (fs.bavail * fs.bsize < MIN_FREE_BYTES) throw describeWriteError(Object.assign(new Error('ENOSPC'), { code: 'ENOSPC', path: writeDir }), target)!;
  } catch (e) {
    if (e instanceof OutputFolderError) throw e;
  }
  return st;
}

const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch (e) { return (e as NodeJS.ErrnoException).code === 'EPERM'; } };

/**
 * Removes `.NAME.tmp-PID-TIME` / `.NAME.old-PID-TIME` folders next to `target` left by runs
 * that were killed (their process is gone), holding only regular files of ours.
 */
export function cleanStaleTemps(target: string, ours: readonly string[]): string[] {
  const parent = path.dirname(target), base = path.basename(target);
  const removed: string[] = [];
  let names: string[];
  try { names = readdirSync(parent); } catch { return removed; }
  for (const n of names) {
    const m = TEMP_NAME.exec(n);
    if (!m || m[1] !== base || (Number(m[3]) === process.pid) || alive(Number(m[3]))) continue;
    const full = path.join(parent, n);
    if (removeOurFiles(full, ours)) removed.push(full);
  }
  return removed;
}

/** Deletes the regular files named in `ours` inside `dir`, then `dir` if that left it empty. True when it is gone. */
export function removeOurFiles(dir: string, ours: readonly string[]): boolean {
  try {
    const st = lstatSync(dir);
    if (!st.isDirectory()) return false;
    for (const n of readdirSync(dir)) {
      const f = path.join(dir, n);
      if (ours.includes(n) && lstatSync(f).isFile()) unlinkSync(f);
    }
    rmdirSync(dir);
    return true;
  } catch {
    return false;
  }
}

/** rmSync for a folder this process created and filled itself (the temp folder of a failed write). */
export function removeOwnTemp(dir: string): void {
  rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}

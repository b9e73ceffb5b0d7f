// Every file the CLI, the language server and the extension read on a user's behalf goes
// through readBoundedFile: it must be a regular file (a FIFO or /dev/stdin would block
// forever, /dev/zero never ends) of at most a stated size (a 1 GB file would exhaust
// memory before any error), and each failure names its cause (missing, folder, symlink
// loop, permission denied, too large) instead of "check the file permissions".
import { isAscii } from 'node:buffer';
import { closeSync, constants, fstatSync, lstatSync, openSync, readlinkSync, readSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { DataError } from './errors';
import { stripBom } from './csv';
import { quoteData } from '../text/safeText';

const MiB = 1024 * 1024;
/** Largest data file (prices, mapping, signals, weights, orders) read: 256 MiB. */
export const MAX_DATA_FILE_BYTES = 256 * MiB;
/** Largest config read (inline signals for thousands of dates fit in a few MB): 32 MiB. */
export const MAX_CONFIG_FILE_BYTES = 32 * MiB;

/** "256 MB" / "1.5 GB": sizes in messages. */
export function formatBytes(n: number): string {
  if (n >= 1024 * MiB) return `${+(n / (1024 * MiB)).toFixed(1)} GB`;
  if (n >= MiB) return `${+(n / MiB).toFixed(1)} MB`;
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}

/** NUL bytes never occur in a text CSV/JSON; they mark a spreadsheet, archive or UTF-16 export. */
function looksBinary(buf: Buffer): boolean {
  return buf.subarray(0, 8192).includes(0);
}

export interface BoundedReadOptions {
  /** Largest size in bytes (default MAX_DATA_FILE_BYTES). */
  limit?: number;
  /** Read at most this many bytes from the start instead of refusing a larger file (e.g. to sniff a header). */
  head?: number;
  /** Check type and size only; read nothing (returns an empty buffer). */
  checkOnly?: boolean;
  /** What the file is, for fixes ("the CSV file", "the config file"). */
  what?: string;
}

/** What a directory entry is, for messages: "a file", "a pipe (FIFO)", "a device", ... */
export function entryKind(st: Stats): string {
  if (st.isFile()) return 'a file';
  if (st.isDirectory()) return 'a folder';
  if (st.isSymbolicLink()) return 'a symbolic link';
  if (st.isFIFO()) return 'a pipe (FIFO)';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isSocket()) return 'a socket';
  return 'a special file';
}

/** ENOENT through a link: `file` itself, or the deepest part of its path that exists, is a link to nothing. */
function danglingLink(file: string): { link: string; target: string } | undefined {
  for (let cur = path.resolve(file); ;) {
    try {
      if (!lstatSync(cur).isSymbolicLink()) return undefined;
      try {
        statSync(cur);
        return undefined;
      } catch {
        return { link: cur, target: readlinkSync(cur) };
      }
    } catch {
      const up = path.dirname(cur);
      if (up === cur) return undefined;
      cur = up;
    }
  }
}

/** ENOTDIR: the first part of `file`'s path that is not a folder (a data_dir that is a file or a FIFO). */
function nonFolderPart(file: string): { at: string; kind: string } | undefined {
  const parts: string[] = [];
  for (let cur = path.dirname(path.resolve(file)); ; cur = path.dirname(cur)) {
    parts.unshift(cur);
    if (path.dirname(cur) === cur) break;
  }
  for (const at of parts) {
    try {
      const st = statSync(at);
      if (!st.isDirectory()) return { at, kind: entryKind(st) };
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * A folder where a file belongs. A folder named *.parquet is a partitioned dataset (Spark,
 * pyarrow, Hive): its parts are not read one by one, so the fix says how to merge them.
 */
function folderProblem(file: string | undefined, what: string): { detail: string; fix: string } {
  if (file && /\.(parquet|pq)$/i.test(file.replace(/[\\/]+$/, '')))
    return {
      detail: 'This path is a folder (a partitioned Parquet dataset, as Spark or pyarrow write one), not a file.',
      fix: "Merge the parts into one file (each part holds only some rows): DuckDB COPY (SELECT * FROM 'DIR/**/*.parquet') TO 'prices.parquet' (FORMAT parquet), or pandas pd.read_parquet('DIR').to_parquet('prices.parquet'), and point at that file.",
    };
  return { detail: 'This path is a folder, not a file.', fix: `Point at ${what} inside it.` };
}

/** The plain reason for a failed open/stat/read of `file` (given, a dangling link or a non-folder part is named). */
export function describeFsError(e: NodeJS.ErrnoException, what = 'the file', file?: string): { code: string; detail: string; fix: string } {
  const dangling = file && e.code === 'ENOENT' ? danglingLink(file) : undefined;
  if (dangling) {
    const self = path.resolve(file!) === dangling.link;
    return {
      code: 'file-not-found',
      detail: `${self ? 'This path is' : `A part of this path, ${dangling.link}, is`} a symbolic link to "${quoteData(dangling.target)}", which does not exist.`,
      fix: "Point the link at a real file, or use the file's own path.",
    };
  }
  const notFolder = file && e.code === 'ENOTDIR' ? nonFolderPart(file) : undefined;
  if (notFolder) {
    return {
      code: 'file-not-found',
      detail: `A part of this path, ${notFolder.at}, is ${notFolder.kind}, not a folder.`,
      fix: 'Check the folders in the path (data_dir names a folder).',
    };
  }
  switch (e.code) {
    case 'ENOENT':
      return {
        code: 'file-not-found',
        detail: 'File not found.',
        fix: "Check data_dir / the file name in the config (relative paths start at the config file's folder).",
      };
    case 'EISDIR':
      return { code: 'file-unreadable', ...folderProblem(file, what) };
    case 'ELOOP':
      return {
        code: 'file-unreadable',
        detail: 'This path is a symbolic link loop (a link that leads back to itself), not a file.',
        fix: "Point the link at a real file, or use the file's own path.",
      };
    case 'EACCES':
    case 'EPERM':
      return {
        code: 'file-unreadable',
        detail: 'Permission denied: this user may not read the file.',
        fix: "Change the file's permissions (chmod u+r) or run as a user who may read it.",
      };
    case 'ENOTDIR':
      return { code: 'file-not-found', detail: 'A part of this path is a file, not a folder.', fix: 'Check the folders in the path.' };
    case 'ENAMETOOLONG':
      return { code: 'file-not-found', detail: 'The path is too long for the file system.', fix: 'Use a shorter path.' };
    default:
      return {
        code: 'file-unreadable',
        detail: `Cannot read the file (${e.code ?? e.message}).`,
        fix: 'Check that the path names a readable file.',
      };
  }
}

/**
 * The bytes of a regular file of at most `limit` bytes. Opened non-blocking and checked
 * on the open descriptor, so a FIFO swapped in after a stat still cannot block.
 */
export function readBoundedFile(file: string, opts: BoundedReadOptions = {}): Buffer {
  return withBoundedFile(
    file,
    (fd, size) => {
      const want = opts.head !== undefined ? Math.min(size, opts.head) : size;
      // Read what stat promised; a file growing meanwhile is cut at the limit, never read without end.
      const buf = Buffer.allocUnsafe(want);
      let got = 0;
      while (got < want) {
        const n = readSync(fd, buf, got, want - got, got);
        if (n === 0) break;
        got += n;
      }
      return got < want ? buf.subarray(0, got) : buf;
    },
    opts,
  );
}

/**
 * `read(fd, size)` on a regular file of at most `limit` bytes, opened and checked as
 * readBoundedFile does (a big Parquet file is read a window at a time through it). An
 * error of the file system while reading gets the same words as one at the open.
 */
export function withBoundedFile<T>(file: string, read: (fd: number, size: number) => T, opts: BoundedReadOptions = {}): T {
  const limit = opts.limit ?? MAX_DATA_FILE_BYTES;
  const what = opts.what ?? 'the CSV file';
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (err) {
    throw new DataError({ file, ...describeFsError(err as NodeJS.ErrnoException, what, file) });
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new DataError({ code: 'file-unreadable', file, ...folderProblem(file, what) });
    if (!st.isFile())
      throw new DataError({
        code: 'file-unreadable',
        file,
        detail: 'This path is not a regular file (a pipe, socket or device).',
        fix: `Point at ${what} on disk.`,
      });
    if (opts.checkOnly && st.size <= limit) return read(fd, 0);
    if (opts.head === undefined && st.size > limit) {
      throw new DataError({
        code: 'file-too-large',
        file,
        detail: `This file is too large (${formatBytes(st.size)}; limit ${formatBytes(limit)}).`,
        fix: 'Point at the right file, or split the data (e.g. fewer tickers or years per file).',
      });
    }
    return read(fd, st.size);
  } catch (err) {
    if (err instanceof DataError || typeof (err as NodeJS.ErrnoException).code !== 'string') throw err;
    throw new DataError({ file, ...describeFsError(err as NodeJS.ErrnoException, what, file) });
  } finally {
    closeSync(fd);
  }
}

/** UTF-8 text of a bounded regular file (BOM stripped); binary files are refused with the fix. */
export function readTextFile(file: string, opts: BoundedReadOptions = {}): string {
  const buf = readBoundedFile(file, opts);
  if (looksBinary(buf)) {
    throw new DataError({
      code: 'file-unreadable',
      file,
      line: 1,
      column: 1,
      detail: 'This is a binary file (a spreadsheet, archive or UTF-16 text?), not a UTF-8 CSV/JSON text file.',
      fix: /^PAR1/.test(buf.subarray(0, 4).toString('latin1'))
        ? 'This is a Parquet file: give it a .parquet name so it is read as Parquet.'
        : 'Export the data as CSV (UTF-8), e.g. "CSV UTF-8 (Comma delimited)" in a spreadsheet program, or as Parquet (.parquet).',
    });
  }
  // Most data files are plain ASCII: then latin1 gives the same string ~5x faster than
  // UTF-8 decoding (W2's 226 MB of CSV: ~0.2 s); isAscii is one vectorised scan.
  return stripBom(isAscii(buf) ? buf.toString('latin1') : buf.toString('utf8'));
}

/** A file's bytes (a Parquet file); the same refusals, limit and messages as readTextFile. */
export function readBinaryFile(file: string, opts: BoundedReadOptions = {}): Uint8Array {
  return readBoundedFile(file, opts);
}

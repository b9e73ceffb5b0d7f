import { readFileSync, statSync } from 'node:fs';
import { DataError } from './errors';
import { stripBom } from './csv';

/** NUL bytes never occur in a text CSV/JSON; they mark a spreadsheet, archive or UTF-16 export. */
function looksBinary(buf: Buffer): boolean {
  return buf.subarray(0, 8192).includes(0);
}

/** Reads a UTF-8 text file (BOM stripped); a missing or unreadable file is a DataError with the reason. */
export function readTextFile(file: string): string {
  const buf = readRegularFile(file);
  if (looksBinary(buf)) {
    throw new DataError({
      code: 'file-unreadable', file, line: 1, column: 1, detail: 'This is a binary file (a spreadsheet, archive or UTF-16 text?), not a UTF-8 CSV/JSON text file.',
      fix: /^PAR1/.test(buf.subarray(0, 4).toString('latin1'))
        ? 'This is a Parquet file: give it a .parquet name so it is read as Parquet.'
        : 'Export the data as CSV (UTF-8), e.g. "CSV UTF-8 (Comma delimited)" in a spreadsheet program, or as Parquet (.parquet).',
    });
  }
  return stripBom(buf.toString('utf8'));
}

/** A file's bytes (a Parquet file); the same refusals and messages as readTextFile. */
export function readBinaryFile(file: string): Uint8Array {
  return readRegularFile(file);
}

function readRegularFile(file: string): Buffer {
  try {
    const st = statSync(file);
    if (st.isDirectory()) {
      throw new DataError({ code: 'file-unreadable', file, detail: 'This path is a folder, not a file.', fix: 'Point the config at the CSV file inside it.' });
    }
    // A FIFO or a device (/dev/zero, /dev/stdin) would block or never end: refuse before reading.
    if (!st.isFile()) {
      throw new DataError({ code: 'file-unreadable', file, detail: 'This path is not a regular file (a pipe, socket or device).', fix: 'Point the config at a CSV file on disk.' });
    }
    return readFileSync(file);
  } catch (err) {
    if (err instanceof DataError) throw err;
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT') {
      throw new DataError({ code: 'file-not-found', file, detail: 'File not found.', fix: 'Check data_dir / the file name in the config (relative paths start at the config file\'s folder).' });
    }
    throw new DataError({ code: 'file-unreadable', file, detail: `Cannot read the file (${e.code ?? e.message}).`, fix: 'Check the file permissions.' });
  }
}

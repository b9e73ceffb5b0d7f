import { readFileSync, statSync } from 'node:fs';
import { DataError } from './errors';
import { stripBom } from './csv';

/** Reads a UTF-8 text file (BOM stripped); a missing or unreadable file is a DataError with the reason. */
export function readTextFile(file: string): string {
  try {
    if (statSync(file).isDirectory()) {
      throw new DataError({ code: 'file-unreadable', file, detail: 'This path is a folder, not a file.', fix: 'Point the config at the CSV file inside it.' });
    }
    return stripBom(readFileSync(file, 'utf8'));
  } catch (err) {
    if (err instanceof DataError) throw err;
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT') {
      throw new DataError({ code: 'file-not-found', file, detail: 'File not found.', fix: 'Check data_dir / the file name in the config (relative paths start at the config file\'s folder).' });
    }
    throw new DataError({ code: 'file-unreadable', file, detail: `Cannot read the file (${e.code ?? e.message}).`, fix: 'Check the file permissions.' });
  }
}

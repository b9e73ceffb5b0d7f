// The file-system side of the language service's environment (directory listing for
// path completion, text summaries of binary data files), shared by the main thread and
// the big-document thread.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function listDirectory(dir: string): { name: string; isDirectory: boolean }[] | undefined {
  try {
    return readdirSync(dir, { withFileTypes: true }).map((e) => ({ name: e.name, isDirectory: e.isDirectory() }));
  } catch {
    return undefined;
  }
}

/**
 * Writes the text summary of a binary (Parquet) data file for go-to-definition, under the
 * temp folder (never next to the user's data), and returns its path.
 */
export function writeSummary(file: string, kind: string, text: string): string {
  const dir = path.join(os.tmpdir(), 'backtest-language-server', createHash('sha1').update(file).digest('hex').slice(0, 16));
  mkdirSync(dir, { recursive: true });
  const out = path.join(dir, `${path.basename(file)}.${kind}.txt`);
  writeFileSync(out, text);
  return out;
}

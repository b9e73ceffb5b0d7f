// Helpers for the extension-host suite: find the workspace's sample data, wait for
// diagnostics, run the CLI for a reference result.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { BacktestApi } from '../../../client/ctx';

export const EXTENSION_ID = 'sector-hedge.sector-hedge-backtester';

export function workspaceRoot(): string {
  const f = vscode.workspace.workspaceFolders?.[0];
  if (!f) throw new Error('the suite must be launched with a workspace folder (a copy of sample_data)');
  return f.uri.fsPath;
}

export function samplePath(...parts: string[]): string {
  return path.join(workspaceRoot(), 'sample_data', ...parts);
}

export async function activeApi(): Promise<BacktestApi> {
  const ext = vscode.extensions.getExtension<BacktestApi>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not installed in this host`);
  return ext.isActive ? ext.exports : await ext.activate();
}

export async function waitFor<T>(
  what: string,
  fn: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The language server's diagnostics (source `backtest`) for a document. */
export function serverDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'backtest');
}

/** Range of the first occurrence of `needle` in a document (throws when absent). */
export function rangeOf(doc: vscode.TextDocument, needle: string): vscode.Range {
  const i = doc.getText().indexOf(needle);
  if (i < 0) throw new Error(`${needle} not found in ${doc.fileName}`);
  return new vscode.Range(doc.positionAt(i), doc.positionAt(i + needle.length));
}

/** Sectors of the workspace's sample mapping (the `sector` column). */
export function mappingSectors(): string[] {
  const lines = readFileSync(samplePath('sector_mapping.csv'), 'utf8').trim().split(/\r?\n/);
  const header = lines[0].split(',');
  const col = header.indexOf('sector');
  return [
    ...new Set(
      lines
        .slice(1)
        .map((l) => l.split(',')[col])
        .filter(Boolean),
    ),
  ].sort();
}

/** Runs the CLI bundle of the extension under test with the host's own Node. */
export function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
  const cli = path.join(ext.extensionPath, 'dist', 'cli.js');
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run npm run build`);
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cli, ...args],
      { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, maxBuffer: 256 * 1024 * 1024 },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

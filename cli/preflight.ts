// `run` and `compare` check the config with the validator first, so they never silently
// run something `backtest validate` reports errors for (a misspelt sector whose target
// would be dropped, an ETF without prices). `--force` skips the refusal.
import { readConfigText } from '../engine/config';
import path from 'node:path';
import { createSyncDataAccess, validateConfigText } from '../engine/validate';
import type { ConfigDiagnostic, Severity } from '../engine/types';
import { displayPath } from '../jobs/failure';

const ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2, hint: 3 };

/** `file:line:col severity message [code]`, the format of `backtest validate`. */
export function formatDiagnostic(d: ConfigDiagnostic): string {
  return `${displayPath(d.file)}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity} ${d.message} [${d.code}]`;
}

/** The config's own problems first, then by file, position and severity. */
export function sortDiagnostics(diags: ConfigDiagnostic[], configPath: string): ConfigDiagnostic[] {
  return diags.slice().sort((a, b) =>
    (a.file === b.file ? 0 : a.file === configPath ? -1 : b.file === configPath ? 1 : a.file < b.file ? -1 : 1)
    || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character
    || ORDER[a.severity] - ORDER[b.severity]);
}

export async function validateConfigFile(configPath: string): Promise<ConfigDiagnostic[]> {
  const text = readConfigText(configPath);
  // Like the language server's workspace folder: the current directory, when it holds the
  // config, bounds where data may live (a path leaving it gets path-outside-workspace).
  const rel = path.relative(process.cwd(), path.resolve(configPath));
  const workspaceRoot = rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? process.cwd() : undefined;
  return sortDiagnostics(await validateConfigText(text, configPath, createSyncDataAccess(), { workspaceRoot }), configPath);
}

/**
 * Validates the config; with errors, prints them as `validate` does plus the --force hint
 * and returns false (the caller exits 2). Warnings do not block a run.
 */
export async function preflight(configPath: string, command: 'run' | 'compare', stderr: NodeJS.WritableStream): Promise<boolean> {
  const errors = (await validateConfigFile(configPath)).filter((d) => d.severity === 'error');
  if (!errors.length) return true;
  for (const d of errors) stderr.write(formatDiagnostic(d) + '\n');
  stderr.write(`\n${errors.length} error${errors.length === 1 ? '' : 's'} in the config (as \`backtest validate\` reports them); nothing was run.\n`
    + `  fix: correct ${errors.length === 1 ? 'it' : 'them'}, or pass --force to ${command} anyway (the engine then skips or ignores what is wrong).\n`);
  return false;
}

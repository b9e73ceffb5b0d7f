// The validator as `backtest validate`, `run` and `compare` use it: diagnostics sorted for
// the terminal, on a DataAccess the caller may share with the run (see LoadedTables), so
// validating before a run does not parse the data files a second time.
import { readConfigText } from '../engine/config';
import path from 'node:path';
import { createSyncDataAccess, validateConfigText } from '../engine/validate';
import type { ConfigDiagnostic, DataAccess, Severity } from '../engine/types';
import { displayPath } from './failure';

const ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2, hint: 3 };

/** `file:line:col severity message [code]`, the format of `backtest validate`. */
export function formatDiagnostic(d: ConfigDiagnostic): string {
  return `${displayPath(d.file)}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity} ${d.message} [${d.code}]`;
}

/** The config's own problems first, then by file, position and severity. */
export function sortDiagnostics(diags: ConfigDiagnostic[], configPath: string): ConfigDiagnostic[] {
  return diags
    .slice()
    .sort(
      (a, b) =>
        (a.file === b.file ? 0 : a.file === configPath ? -1 : b.file === configPath ? 1 : a.file < b.file ? -1 : 1) ||
        a.range.start.line - b.range.start.line ||
        a.range.start.character - b.range.start.character ||
        ORDER[a.severity] - ORDER[b.severity],
    );
}

export async function validateConfigFile(configPath: string, data: DataAccess = createSyncDataAccess()): Promise<ConfigDiagnostic[]> {
  const text = readConfigText(configPath);
  // Like the language server's workspace folder: the current directory, when it holds the
  // config, bounds where data may live (a path leaving it gets path-outside-workspace).
  const rel = path.relative(process.cwd(), path.resolve(configPath));
  const workspaceRoot = rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? process.cwd() : undefined;
  return sortDiagnostics(await validateConfigText(text, configPath, data, { workspaceRoot }), configPath);
}

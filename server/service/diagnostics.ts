// Diagnostics: the one validation module (engine/validate) turned into LSP
// diagnostics, grouped by the file they point into (the config, or a data file).
import path from 'node:path';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ConfigDiagnostic, Severity } from '../../engine/types';
import { validateConfigText } from '../../engine/validate';
import { DIAGNOSTIC_SOURCE } from '../../common/protocol';
import type { DataAccess } from './dataAccess';
import { configPathOf, fileUri } from './snapshot';
import { parseConfigModel } from './configModel';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toLspDiagnostic(d: ConfigDiagnostic): Diagnostic {
  const data: Record<string, unknown> = { ...(d.data ?? {}) };
  if (d.path !== undefined) data.path = d.path;
  const out: Diagnostic = {
    range: d.range,
    severity: SEVERITY[d.severity] ?? DiagnosticSeverity.Error,
    code: d.code,
    source: DIAGNOSTIC_SOURCE,
    message: d.message,
    data,
  };
  // A bad cell in a data file: link to it (1-based line/column in the data -> 0-based LSP).
  if (typeof data.file === 'string' && typeof data.line === 'number') {
    const line = Math.max(0, data.line - 1);
    const character = typeof data.column === 'number' ? Math.max(0, data.column - 1) : 0;
    out.relatedInformation = [
      {
        location: { uri: fileUri(data.file), range: { start: { line, character }, end: { line, character } } },
        message: `${typeof data.reason === 'string' ? data.reason : 'Here'}`,
      },
    ];
  }
  return out;
}

/** Absolute file path -> diagnostics; the config's own entry is always present (possibly empty). */
export type DiagnosticsByFile = Map<string, Diagnostic[]>;

export async function diagnose(doc: TextDocument, data: DataAccess, workspaceFolders: string[] = []): Promise<DiagnosticsByFile> {
  const configPath = configPathOf(doc.uri);
  const out: DiagnosticsByFile = new Map([[configPath, []]]);
  let found: ConfigDiagnostic[];
  try {
    // The innermost workspace folder holding the config bounds where data may live.
    const root = workspaceFolders
      .filter((f) => configPath.startsWith(f.endsWith(path.sep) ? f : f + path.sep))
      .sort((a, b) => b.length - a.length)[0];
    found = await validateConfigText(doc.getText(), configPath, data, root ? { workspaceRoot: root } : {});
  } catch (e) {
    // Validation must never take the server down; say what happened on line 1.
    found = [
      {
        code: 'internal-error',
        severity: 'error',
        message: `The validator failed on this file: ${e instanceof Error ? e.message : String(e)}. Please report it; the rest of the editor keeps working.`,
        file: configPath,
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      },
    ];
  }
  warmData(doc, configPath, data);
  for (const d of found) {
    const file = d.file || configPath;
    let list = out.get(file);
    if (!list) {
      list = [];
      out.set(file, list);
    }
    list.push(toLspDiagnostic(d));
  }
  return out;
}

/**
 * Asks for the config's data files even when the validator did not need them (e.g. the
 * sector mapping of a config without targets), so completion and hover find them loaded
 * and a change on disk re-validates this document.
 */
function warmData(doc: TextDocument, configPath: string, data: DataAccess): void {
  try {
    const { paths } = parseConfigModel(doc, configPath);
    data.prices(paths.prices, paths.valueColumns.prices);
    data.mapping(paths.sectorMapping);
    // Orders are not dated values; weights and signals are.
    if (paths.inputs.weights) data.datedValues(paths.inputs.weights, paths.valueColumns.weights);
    if (paths.inputs.signals) data.datedValues(paths.inputs.signals, paths.valueColumns.signals);
    if (paths.borrow) data.borrow?.(paths.borrow);
  } catch {
    // Best effort only.
  }
}

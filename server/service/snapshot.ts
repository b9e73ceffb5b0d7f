// Everything a feature needs for one request: the document, its parsed config and a
// view of the data as loaded right now. Built per request; cheap (data is cached).
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import type { DataAccess } from './dataAccess';
import { parseConfigModel, type ConfigModel } from './configModel';
import { buildDataView, type DataView } from './dataView';

/** Directory listing for path completion; undefined when the folder cannot be read. */
export type ListDirectory = (absDir: string) => { name: string; isDirectory: boolean }[] | undefined;

export interface ServiceEnv {
  data: DataAccess;
  listDirectory: ListDirectory;
  /** Workspace folders (absolute paths); data paths outside them get a warning. */
  workspaceFolders?: () => string[];
  /** Writes a text summary of a binary data file (kind: "prices" | "mapping"); returns its path. */
  writeSummary?: (file: string, kind: string, text: string) => string;
}

export interface Snapshot {
  doc: TextDocument;
  model: ConfigModel;
  view: DataView;
  env: ServiceEnv;
}

export function configPathOf(uri: string): string {
  try {
    const u = URI.parse(uri);
    return u.scheme === 'file' ? u.fsPath : u.path;
  } catch {
    return uri;
  }
}

export function fileUri(absPath: string): string {
  return URI.file(absPath).toString();
}

export function takeSnapshot(doc: TextDocument, env: ServiceEnv, data: DataAccess = env.data): Snapshot {
  const model = parseConfigModel(doc, configPathOf(doc.uri));
  return { doc, model, view: buildDataView(model, data), env };
}

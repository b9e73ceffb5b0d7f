// A parsed config document: the jsonc-parser tree plus the values the features need
// (where the data files are, which sectors/tickers the config names). Pure: text in.
import * as jsonc from 'jsonc-parser';
import { resolveConfigPaths, type ResolvedConfigPaths } from '../../engine/config';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Range } from 'vscode-languageserver-types';

/** The engine's own path rules (one source of truth with `backtest run`). */
export type ConfigPaths = ResolvedConfigPaths;
export { resolveConfigPaths };

export interface ConfigModel {
  doc: TextDocument;
  configPath: string;
  root: jsonc.Node | undefined;
  /** The parsed object (best effort on broken text); {} when the root is not an object. */
  value: Record<string, unknown>;
  paths: ConfigPaths;
}

/** The last model, reused while the same document object is at the same version (a 10 MB config parses in about a second). */
let last: { version: number; length: number; model: ConfigModel } | undefined;

export function parseConfigModel(doc: TextDocument, configPath: string): ConfigModel {
  const l = last;
  if (l && l.model.doc === doc && l.model.configPath === configPath && l.version === doc.version && l.length === doc.getText().length)
    return l.model;
  const model = parseModel(doc, configPath);
  last = { version: doc.version, length: doc.getText().length, model };
  return model;
}

function parseModel(doc: TextDocument, configPath: string): ConfigModel {
  const text = doc.getText();
  const root = jsonc.parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  const v = root ? jsonc.getNodeValue(root) : undefined;
  const value = v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  return { doc, configPath, root, value, paths: resolveConfigPaths(value, configPath) };
}

export function nodeRange(doc: TextDocument, node: { offset: number; length: number }): Range {
  return { start: doc.positionAt(node.offset), end: doc.positionAt(node.offset + node.length) };
}

/** The object node at a top-level key, e.g. `sector_target_exposures`. */
export function objectAt(model: ConfigModel, key: string): jsonc.Node | undefined {
  const n = model.root ? jsonc.findNodeAtLocation(model.root, [key]) : undefined;
  return n && n.type === 'object' ? n : undefined;
}

/** Top-level number, or the fallback when absent or not a number. */
export function numberValue(model: ConfigModel, key: string, fallback: number): number {
  const v = model.value[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

export function stringValue(model: ConfigModel, key: string, fallback: string): string {
  const v = model.value[key];
  return typeof v === 'string' && v !== '' ? v : fallback;
}

// A run that fails on a data file (missing, unreadable, bad cell without a line) should
// still point at the config line that named the file: find the string value in the config
// that resolves to that file.
import path from 'node:path';
import { parseTree, type Node } from 'jsonc-parser';
import { offsetToLineColumn } from '../common/jsonLocation';
import type { RunFailure } from '../common/workerProtocol';
import { displayPath } from './failure';

/** 1-based location of the config value naming `file` (relative to the config or its data_dir), or null. */
export function findFileReference(
  configText: string,
  configPath: string,
  file: string,
): { line: number; column: number; path: string } | null {
  const root = parseTree(configText);
  if (!root) return null;
  const configDir = path.dirname(configPath);
  const dataDirNode = root.children?.find((p) => p.children?.[0]?.value === 'data_dir')?.children?.[1];
  const dataDir = typeof dataDirNode?.value === 'string' ? path.resolve(configDir, dataDirNode.value) : configDir;
  const target = path.resolve(file);
  let found: { node: Node; path: string } | null = null;
  const walk = (n: Node, keys: string[]) => {
    if (found) return;
    if (n.type === 'string' && typeof n.value === 'string' && n.value) {
      const v = n.value;
      if ([path.resolve(configDir, v), path.resolve(dataDir, v)].includes(target)) found = { node: n, path: keys.join('.') };
      return;
    }
    if (n.type === 'property' && n.children?.[1]) walk(n.children[1], [...keys, String(n.children[0].value)]);
    else for (const c of n.children ?? []) walk(c, keys);
  };
  walk(root, []);
  if (!found) return null;
  const f = found as { node: Node; path: string };
  return { ...offsetToLineColumn(configText, f.node.offset), path: f.path };
}

/** Adds the config location to a failure about a data file that has no line of its own. */
export function pointAtConfig(failure: RunFailure, configPath: string, configText: string | null): RunFailure {
  if (!configText || failure.line !== undefined || !failure.file || path.resolve(failure.file) === path.resolve(configPath)) return failure;
  const ref = findFileReference(configText, configPath, failure.file);
  if (!ref) return failure;
  // The file's path (as the user would type it), not only its name: which of two prices.csv, which link.
  const named = displayPath(failure.file);
  return {
    ...failure,
    message: failure.message.includes(named) ? failure.message : `${named}: ${failure.message}`,
    file: configPath,
    line: ref.line,
    column: ref.column,
    path: failure.path ?? ref.path,
  };
}

// A parsed .backtest.jsonc document: the jsonc-parser tree plus offset <-> position
// conversion, so validation and the language server locate keys and values the same way.
import * as jsonc from 'jsonc-parser';
import type { Position, Range } from '../types';
import { findValueNode } from '../config/jsonSyntax';

export type JsonPath = (string | number)[];

export interface ConfigDocument {
  readonly text: string;
  /** Root of the tolerant parse (present even with syntax errors, unless the text is empty). */
  readonly root: jsonc.Node | undefined;
  /** The root value when it is an object, else {} (so checks can read keys freely). */
  readonly config: Record<string, unknown>;
  readonly syntaxErrors: jsonc.ParseError[];
  positionAt(offset: number): Position;
  offsetAt(position: Position): number;
  rangeAt(offset: number, length: number): Range;
  nodeRange(node: jsonc.Node): Range;
  /** The value node at a path. */
  valueNode(path: JsonPath): jsonc.Node | undefined;
  /** The key node (the quoted name) of the property at a path. */
  keyNode(path: JsonPath): jsonc.Node | undefined;
  /** Range of the value at `path`, else of the nearest existing ancestor's value, else the first character. */
  valueRangeOrAncestor(path: JsonPath): Range;
  /** Range of the key at `path`, else as valueRangeOrAncestor. */
  keyRangeOrAncestor(path: JsonPath): Range;
  /** JSON path and whether the offset is on a property key (completion, hover). */
  locationAt(offset: number): jsonc.Location;
}

export function parseConfigDocument(rawText: string): ConfigDocument {
  const text = rawText;
  const syntaxErrors: jsonc.ParseError[] = [];
  const root = jsonc.parseTree(text, syntaxErrors, { allowTrailingComma: true, disallowComments: false });
  const value = root ? jsonc.getNodeValue(root) : undefined;
  const config = value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10) lineStarts.push(i + 1);
    else if (ch === 13 && text.charCodeAt(i + 1) !== 10) lineStarts.push(i + 1);
  }
  const positionAt = (offset: number): Position => {
    const o = Math.max(0, Math.min(offset, text.length));
    let lo = 0,
      hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - lineStarts[lo] };
  };
  const offsetAt = (p: Position): number => {
    const start = lineStarts[Math.max(0, Math.min(p.line, lineStarts.length - 1))];
    return Math.min(text.length, start + Math.max(0, p.character));
  };
  const rangeAt = (offset: number, length: number): Range => ({ start: positionAt(offset), end: positionAt(offset + length) });
  const nodeRange = (n: jsonc.Node) => rangeAt(n.offset, n.length);
  // Last-wins for a repeated key, like `config` (getNodeValue) and JSON.parse.
  const valueNode = (path: JsonPath) => findValueNode(root, path);
  const keyNode = (path: JsonPath) => {
    const v = valueNode(path);
    if (v?.parent?.type === 'property') return v.parent.children?.[0];
    // A property with a missing value (`"key":` while typing) has only its key node.
    if (!v && root && path.length) {
      const parent = jsonc.findNodeAtLocation(root, path.slice(0, -1));
      const prop = parent?.children?.find((c) => c.type === 'property' && c.children?.[0]?.value === path[path.length - 1]);
      return prop?.children?.[0];
    }
    return undefined;
  };
  const fallback = (path: JsonPath): Range => {
    for (let k = path.length - 1; k >= 1; k--) {
      const n = valueNode(path.slice(0, k));
      const key = n?.parent?.type === 'property' ? n.parent.children?.[0] : undefined;
      if (key) return nodeRange(key);
    }
    return rangeAt(root ? root.offset : 0, Math.min(1, text.length));
  };
  return {
    text,
    root,
    config,
    syntaxErrors,
    positionAt,
    offsetAt,
    rangeAt,
    nodeRange,
    valueNode,
    keyNode,
    valueRangeOrAncestor: (path) => {
      const n = valueNode(path);
      return n ? nodeRange(n) : fallback(path);
    },
    keyRangeOrAncestor: (path) => {
      const n = keyNode(path);
      return n ? nodeRange(n) : fallback(path);
    },
    locationAt: (offset) => jsonc.getLocation(text, offset),
  };
}

/** The first of several paths that exists, as the range of its value (for anchoring diagnostics on defaults). */
export function firstExistingValueRange(doc: ConfigDocument, paths: JsonPath[]): Range {
  for (const p of paths) {
    const n = doc.valueNode(p);
    if (n) return doc.nodeRange(n);
  }
  return doc.rangeAt(doc.root ? doc.root.offset : 0, Math.min(1, doc.text.length));
}

/** Whether `path` exists in the document (with any value). */
export function hasPath(doc: ConfigDocument, path: JsonPath): boolean {
  return doc.valueNode(path) !== undefined;
}

// Where a JSON path sits in JSONC text (1-based line and column): used to point a failure
// or a panel link at the config key it is about.
import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser';

export function offsetToLineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1,
    lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++)
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  return { line, column: offset - lineStart + 1 };
}

/** Where a JSON path (`a.b.c`, `a/b/0`, or segments) sits in JSONC text: its key, else its nearest ancestor. */
export function locateJsonPath(text: string, jsonPath: string | (string | number)[]): { line: number; column: number } | null {
  const root = parseTree(text);
  if (!root) return null;
  const segs = (Array.isArray(jsonPath) ? jsonPath : jsonPath.replace(/^[$/.]+/, '').split(/[./]|\[(\d+)\]/))
    .filter((s) => s !== undefined && s !== '')
    .map((s) => (typeof s === 'string' && /^\d+$/.test(s) ? Number(s) : s));
  let node: Node | undefined;
  for (let n = segs.length; n >= 0 && !node; n--) node = findNodeAtLocation(root, segs.slice(0, n));
  if (!node) return null;
  const key = node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
  return offsetToLineColumn(text, (key ?? node).offset);
}

// What the cursor is on: a key or value at a JSON path, and the text range a
// completion should replace. Shared by completion, hover and definition.
import * as jsonc from 'jsonc-parser';
import type { Range } from 'vscode-languageserver-types';
import { nodeRange, type ConfigModel } from './configModel';

export interface CompletionSpot {
  path: jsonc.JSONPath;
  isKey: boolean;
  /** The string node being typed, when the cursor is inside one. */
  node: jsonc.Node | undefined;
  /** Range to replace (the whole string incl. quotes, or an empty range at the cursor). */
  replace: Range;
  /** For keys: a colon already follows, so insert the key only. */
  hasColon: boolean;
  /** Text typed so far inside the string (without quotes) or as a bare word, up to the cursor. */
  typed: string;
}

export function completionSpot(model: ConfigModel, offset: number): CompletionSpot {
  const text = model.doc.getText();
  const loc = jsonc.getLocation(text, offset);
  const prev = loc.previousNode;
  const inString = !!prev && prev.type === 'string' && offset > prev.offset && offset <= prev.offset + prev.length;
  const node = inString ? prev : undefined;
  // Outside quotes, a bare word being typed (`Tec|`) is replaced too, so the item's quotes are not appended to it.
  const bare = node ? '' : (/[A-Za-z0-9_.-]*$/.exec(text.slice(Math.max(0, offset - 200), offset))?.[0] ?? '');
  const replace = node
    ? nodeRange(model.doc, node)
    : { start: model.doc.positionAt(offset - bare.length), end: model.doc.positionAt(offset) };
  const after = node ? text.slice(node.offset + node.length) : text.slice(offset);
  const typed = node ? text.slice(node.offset + 1, offset) : bare;
  return { path: loc.path, isKey: loc.isAtPropertyKey, node, replace, hasColon: /^\s*:/.test(after), typed };
}

export interface NodeSpot {
  node: jsonc.Node;
  /** JSON path of the property (for a key) or of the value. */
  path: jsonc.JSONPath;
  isKey: boolean;
}

/** The node under the cursor, and whether it is a property key. */
export function nodeSpot(model: ConfigModel, offset: number): NodeSpot | undefined {
  if (!model.root) return undefined;
  const node = jsonc.findNodeAtOffset(model.root, offset, true);
  if (!node) return undefined;
  const parent = node.parent;
  if (parent?.type === 'property' && parent.children?.[0] === node) {
    // getNodePath of a key node already ends with the key itself.
    return { node, path: jsonc.getNodePath(node), isKey: true };
  }
  return { node, path: jsonc.getNodePath(node), isKey: false };
}

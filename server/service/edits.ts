// Text edits for code actions, built with jsonc-parser's `modify` (which keeps commas
// and indentation right) and reduced to one minimal TextEdit per action.
import * as jsonc from 'jsonc-parser';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextEdit } from 'vscode-languageserver-types';

/** Indentation used by the document (first indented line), for inserted keys. */
export function formattingOf(text: string): jsonc.FormattingOptions {
  const m = /\n([ \t]+)\S/.exec(text);
  const indent = m?.[1] ?? '  ';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return indent.startsWith('\t') ? { insertSpaces: false, tabSize: 1, eol } : { insertSpaces: true, tabSize: indent.length, eol };
}

/** Sets (or with undefined, removes) the value at a JSON path. */
export function modifyText(text: string, path: jsonc.JSONPath, value: unknown): string {
  const edits = jsonc.modify(text, path, value, { formattingOptions: formattingOf(text) });
  return jsonc.applyEdits(text, edits);
}

/** One edit turning `before` into `after`: the span between their common prefix and suffix. */
export function minimalEdit(doc: TextDocument, before: string, after: string): TextEdit {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endB = before.length;
  let endA = after.length;
  while (endB > start && endA > start && before.charCodeAt(endB - 1) === after.charCodeAt(endA - 1)) {
    endB--;
    endA--;
  }
  return { range: { start: doc.positionAt(start), end: doc.positionAt(endB) }, newText: after.slice(start, endA) };
}

// THE validation of a .backtest.jsonc text, shared by the language server, `backtest
// validate` and BacktestConfig.fromText / new BacktestConfig (configTextDiagnostics):
// syntax + schema (JSON language service), then checks the schema cannot express, then
// data-aware checks. Never throws.
import path from 'node:path';
import type { ConfigDiagnostic, DataAccess } from '../types';
import { isIsoDate } from '../data/csv';
import { parseConfigDocument, type ConfigDocument } from './document';
import { schemaDiagnostics } from './schemaDiagnostics';
import { runDataChecks } from './dataChecks';
import { effective } from './checks/context';
import { checkTargetsStatic } from './checks/targets';
import { clip, displaySafe, hasUnsafeChars, MAX_QUOTED_CHARS } from '../text/safeText';

export interface ValidateOptions {
  /** Data paths resolving outside this folder get a `path-outside-workspace` warning. */
  workspaceRoot?: string;
}

function dateChecks(doc: ConfigDocument, file: string, out: ConfigDiagnostic[]): void {
  const c = doc.config;
  for (const key of ['start_date', 'end_date'] as const) {
    const v = c[key];
    const node = doc.valueNode([key]);
    if (
      node &&
      typeof v === 'string' &&
      /^\d{4}-\d{2}-\d{2}$/.test(v) &&
      !isIsoDate(v) &&
      /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(v)
    ) {
      out.push({
        code: 'invalid-date',
        severity: 'error',
        file,
        range: doc.nodeRange(node),
        path: key,
        message: `${key} ${v} is not a calendar date (that month is shorter). Use a real date, YYYY-MM-DD.`,
      });
    }
  }
  const s = c.start_date,
    e = c.end_date;
  const eNode = doc.valueNode(['end_date']);
  if (eNode && typeof s === 'string' && typeof e === 'string' && isIsoDate(s) && isIsoDate(e) && s > e) {
    out.push({
      code: 'dates-reversed',
      severity: 'error',
      file,
      range: doc.nodeRange(eNode),
      path: 'end_date',
      message: `end_date ${e} is before start_date ${s}: the run would have no days. Swap them.`,
      data: { start: s, end: e },
    });
  }
}

/** A config nests 3-4 levels; the JSON parsers recurse, so absurd nesting would overflow the stack. */
export const MAX_CONFIG_NESTING = 100;

/** Offset of the first bracket nested deeper than MAX_CONFIG_NESTING (strings and comments skipped), else -1. */
export function nestingTooDeepAt(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 34 /* " */) {
      for (i++; i < text.length && text.charCodeAt(i) !== 34 && text.charCodeAt(i) !== 10; i++) if (text.charCodeAt(i) === 92) i++;
    } else if (ch === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
      const e = text.indexOf('\n', i);
      i = e < 0 ? text.length : e;
    } else if (ch === 47 && text.charCodeAt(i + 1) === 42 /* * */) {
      const e = text.indexOf('*/', i + 2);
      i = e < 0 ? text.length : e + 1;
    } else if (ch === 123 || ch === 91) {
      if (++depth > MAX_CONFIG_NESTING) return i;
    } else if (ch === 125 || ch === 93) depth = Math.max(0, depth - 1);
  }
  return -1;
}

function compareRange(a: ConfigDiagnostic, b: ConfigDiagnostic): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}

export async function validateConfigText(
  text: string,
  configPath: string,
  data: DataAccess,
  options: ValidateOptions | string = {},
): Promise<ConfigDiagnostic[]> {
  return validateConfigTextSync(text, configPath, data, options);
}

/**
 * The checks of the text alone (syntax, schema, calendar dates, date order, target
 * expressions), reading no file: exactly what BacktestConfig.fromText refuses a config for,
 * in the words, codes and positions `backtest validate` and the editor show.
 */
export function configTextDiagnostics(text: string, configPath: string): ConfigDiagnostic[] {
  return validateConfigTextSync(text, configPath, null);
}

/** The validation; with `data` null only the checks of the text (configTextDiagnostics). */
function validateConfigTextSync(
  text: string,
  configPath: string,
  data: DataAccess | null,
  options: ValidateOptions | string = {},
): ConfigDiagnostic[] {
  const file = path.resolve(configPath);
  const opts: ValidateOptions = typeof options === 'string' ? { workspaceRoot: options } : (options ?? {});
  const out: ConfigDiagnostic[] = [];
  try {
    // A BOM becomes a space: same length, so every offset still matches the editor's text.
    const src = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
    const deep = nestingTooDeepAt(src);
    if (deep >= 0) {
      const before = src.slice(0, deep).split(/\r\n|\r|\n/);
      const start = { line: before.length - 1, character: before[before.length - 1].length };
      return [
        {
          code: 'syntax-error',
          severity: 'error',
          file,
          range: { start, end: { line: start.line, character: start.character + 1 } },
          message: `JSON syntax error: nested deeper than ${MAX_CONFIG_NESTING} levels (a config needs 4 at most); the rest of the file was not checked. Remove the extra brackets.`,
        },
      ];
    }
    const doc = parseConfigDocument(src);
    out.push(...schemaDiagnostics(doc, file));
    if (doc.root?.type === 'object') {
      dateChecks(doc, file, out);
      const ctx = { doc, file, data: data ?? NO_DATA, workspaceRoot: opts.workspaceRoot, out };
      checkTargetsStatic(ctx, effective(doc.config));
      if (data) runDataChecks(ctx, file);
    }
  } catch (err) {
    out.push({
      code: 'internal-error',
      severity: 'error',
      file,
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
      message: `Internal error while validating (the rest of the file was not checked): ${err instanceof Error ? err.message : String(err)}. Please report it.`,
    });
  }
  for (const d of out) d.message = boundedMessage(d.message);
  return out.sort(compareRange);
}

/** The text checks read no data: a DataAccess that is never asked. */
const NO_DATA: DataAccess = new Proxy({} as DataAccess, {
  get: () => {
    throw new Error('the text checks read no data');
  },
});

/** Longest message shown: a message quoting a 50 MB key or line must not be 50 MB in the editor. */
export const MAX_MESSAGE_CHARS = 2000;

/**
 * Every message as shown (editor, CLI): quoted runs over MAX_QUOTED_CHARS clipped, control and
 * bidi characters escaped (data strings reach messages: tickers, keys, cells), and a hard cap.
 */
export function boundedMessage(message: string): string {
  let m = message.length > MAX_QUOTED_CHARS ? clipQuotedRuns(message) : message;
  if (hasUnsafeChars(m)) m = displaySafe(m);
  return m.length > MAX_MESSAGE_CHARS ? clip(m, MAX_MESSAGE_CHARS) : m;
}

/**
 * Each "quoted run" longer than MAX_QUOTED_CHARS clipped, pairing quotes left to right in one
 * pass (a regex over a 50 MB run overflows the stack: "Maximum call stack size exceeded").
 */
function clipQuotedRuns(m: string): string {
  let out = '';
  let at = 0;
  for (;;) {
    const open = m.indexOf('"', at);
    const close = open < 0 ? -1 : m.indexOf('"', open + 1);
    if (close < 0) return out + m.slice(at);
    const inner = m.slice(open + 1, close);
    // A run clipped where it was quoted keeps its own count of what was left out.
    const clipped = inner.length <= MAX_QUOTED_CHARS + 40 && /… \(\d+ more characters\)$/.test(inner);
    out += `${m.slice(at, open)}"${inner.length > MAX_QUOTED_CHARS && !clipped ? clip(inner) : inner}"`;
    at = close + 1;
  }
}

// Syntax and schema diagnostics from vscode-json-languageservice (the JSON language
// service VS Code itself uses), mapped to our stable codes with actionable messages.
import * as jsonc from 'jsonc-parser';
import { getLanguageService, TextDocument, DiagnosticSeverity, type LanguageService, type JSONSchema } from 'vscode-json-languageservice';
import type { ConfigDiagnostic, Severity } from '../types';
import { backtestSchema, keysAt, type SchemaNode } from '../config/schema';
import { nearest } from '../config/nearest';
import { configSyntaxProblems, duplicateKeyNodes, looksBinaryText } from '../config/jsonSyntax';
import type { ConfigDocument, JsonPath } from './document';
import { displaySafeLine, quoteData } from '../text/safeText';

type JsonNode = jsonc.Node;

const serviceHolder: { ls: LanguageService | null } = { ls: null };
function service(): LanguageService {
  return (serviceHolder.ls ??= getLanguageService({}));
}

/** More problems than this in one file are not listed (fixing the first ones reveals the rest). */
export const MAX_SCHEMA_DIAGNOSTICS = 500;

const SEVERITY: Record<number, Severity> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'info',
  [DiagnosticSeverity.Hint]: 'hint',
};

function pathString(path: JsonPath): string {
  return path.map(String).join('.');
}

/** JSON path of the property whose key or value is at `offset`. */
function pathAtOffset(doc: ConfigDocument, offset: number): JsonPath {
  if (!doc.root) return [];
  const node = jsonc.findNodeAtOffset(doc.root, offset, true);
  if (!node) return [];
  if (node.parent?.type === 'property' && node.parent.children?.[0] === node) {
    // On a key: the path of that property.
    return [...jsonc.getNodePath(node.parent.parent!), String(node.value)];
  }
  return jsonc.getNodePath(node);
}

/**
 * The schema with every local `$ref` merged in, as the JSON language service's schema
 * service resolves it (the referenced definition's keys are copied over the node's own).
 * Done once, so validation can call the service's synchronous validator directly: the same
 * checks and words as `doValidation`, without its promise, so BacktestConfig.fromText (a
 * synchronous API) goes through this very module.
 */
function resolveSchema(root: SchemaNode): JSONSchema {
  const copy = JSON.parse(JSON.stringify(root)) as Record<string, unknown>;
  const definitions = (copy.definitions ?? {}) as Record<string, Record<string, unknown>>;
  const DATA_KEYS = new Set(['default', 'enum', 'const', 'examples', 'defaultSnippets']);
  const visit = (node: unknown, depth: number): void => {
    if (!node || typeof node !== 'object' || depth > 64) return;
    if (Array.isArray(node)) {
      for (const n of node) visit(n, depth + 1);
      return;
    }
    const n = node as Record<string, unknown>;
    const seen = new Set<string>();
    while (typeof n.$ref === 'string') {
      const ref = n.$ref;
      delete n.$ref;
      if (seen.has(ref)) break;
      seen.add(ref);
      const section = definitions[ref.replace(/^#\/definitions\//, '')];
      if (section)
        for (const [k, v] of Object.entries(JSON.parse(JSON.stringify(section)) as Record<string, unknown>))
          if (k !== 'id' && k !== '$id') n[k] = v;
    }
    for (const [k, v] of Object.entries(n)) if (!DATA_KEYS.has(k)) visit(v, depth + 1);
  };
  visit(copy, 0);
  return copy as JSONSchema;
}

const resolvedHolder: { schema: JSONSchema | null } = { schema: null };
const resolvedSchema = (): JSONSchema => (resolvedHolder.schema ??= resolveSchema(backtestSchema));

/** What the JSON language service's parsed document offers beyond its typings. */
interface ValidatingDocument {
  validate(
    td: TextDocument,
    schema: JSONSchema,
    severity: DiagnosticSeverity,
  ): { message: string | { value: string }; range: ConfigDiagnostic['range']; severity?: DiagnosticSeverity }[] | undefined;
}

/** Syntax and schema diagnostics of a config text (synchronous; reads no file). */
export function schemaDiagnostics(doc: ConfigDocument, file: string): ConfigDiagnostic[] {
  const ls = service();
  const td = TextDocument.create('file:///config.backtest.jsonc', 'jsonc', 1, doc.text);
  const jsonDoc = ls.parseJSONDocument(td) as unknown as ValidatingDocument;
  const found = jsonDoc.validate(td, resolvedSchema(), DiagnosticSeverity.Error) ?? [];
  // As doValidation: one diagnostic per position and message.
  const signatures = new Set<string>();
  const diags = found.filter((d) => {
    const sig = `${d.range.start.line} ${d.range.start.character} ${typeof d.message === 'string' ? d.message : d.message.value}`;
    if (signatures.has(sig)) return false;
    signatures.add(sig);
    return true;
  });
  const out: ConfigDiagnostic[] = [];
  // Mapping a diagnostic walks the tree (linear), so thousands of them (20,000 unknown
  // keys, a line of commas) would take minutes: report the first MAX_SCHEMA_DIAGNOSTICS.
  // Syntax errors and duplicate keys come from jsonc-parser below, worded as `backtest run`
  // words them (engine/config/jsonSyntax.ts).
  for (const d of diags.slice(0, MAX_SCHEMA_DIAGNOSTICS)) {
    const text = typeof d.message === 'string' ? d.message : d.message.value;
    const offset = td.offsetAt(d.range.start);
    const range = { start: d.range.start, end: d.range.end };
    const severity = SEVERITY[d.severity ?? DiagnosticSeverity.Error] ?? 'error';
    const path = pathAtOffset(doc, offset);
    const mapped = mapSchemaDiagnostic(text, path, doc, file, range, severity);
    // One mistake, one error: an empty ETF fails both minLength and the ticker pattern.
    if (out.some((o) => o.severity === mapped.severity && o.path === mapped.path && sameRange(o.range, mapped.range))) continue;
    out.push(mapped);
  }
  return [...syntaxDiagnostics(doc, file), ...out];
}

/** Syntax errors (binary and empty files included) and duplicate keys, on the later copy. */
function syntaxDiagnostics(doc: ConfigDocument, file: string): ConfigDiagnostic[] {
  const out: ConfigDiagnostic[] = [];
  if (doc.syntaxErrors.length || !doc.root || looksBinaryText(doc.text)) {
    for (const p of configSyntaxProblems(doc.text, doc.syntaxErrors, doc.root)) {
      out.push({
        code: 'syntax-error',
        severity: 'error',
        file,
        range: doc.rangeAt(p.offset, p.length),
        message: `${p.message} Fix: ${p.fix}`,
      });
    }
    if (looksBinaryText(doc.text) || !doc.root) return out;
  }
  for (const key of duplicateKeyNodes(doc.root)) {
    const prop = key.parent;
    const value = prop?.children?.[1];
    const shown = value ? doc.text.slice(value.offset, value.offset + value.length) : '';
    const first = prop?.parent?.children?.find((c) => c.children?.[0]?.value === key.value);
    const firstLine = first ? doc.positionAt(first.offset).line + 1 : 0;
    // Inside inline inputs a repeated date or ticker silently drops data (the CSV form is an error there too).
    const inInputs = topLevelKey(key) === 'inputs';
    out.push({
      code: 'duplicate-key',
      severity: inInputs ? 'error' : 'warning',
      file,
      range: doc.nodeRange(key),
      message: inInputs
        ? `Duplicate key "${quoteData(String(key.value))}"${firstLine ? ` (first on line ${firstLine})` : ''} in inline inputs: one of the two entries would be dropped. Keep one value per date and ticker.`
        : `Duplicate key "${quoteData(String(key.value))}"${firstLine ? ` (first on line ${firstLine})` : ''}: the last one wins, so ${shown.length <= 40 ? displaySafeLine(shown) : 'this value'} is used. Delete one.`,
    });
  }
  return out;
}

/** The top-level key a node sits under ('' at the root). */
function topLevelKey(node: JsonNode | undefined): string {
  let n = node;
  while (n?.parent?.parent?.parent) n = n.parent;
  // n is now a direct child of a top-level property (or the property's key itself).
  const prop = n?.type === 'property' ? n : n?.parent;
  const k = prop?.type === 'property' ? prop.children?.[0]?.value : undefined;
  return typeof k === 'string' ? k : '';
}

const sameRange = (a: ConfigDiagnostic['range'], b: ConfigDiagnostic['range']) =>
  a.start.line === b.start.line &&
  a.start.character === b.start.character &&
  a.end.line === b.end.line &&
  a.end.character === b.end.character;

/** A target typed as a percentage (5 for 5 %) as the fraction it means, when that is in range. */
export function percentAsFraction(v: unknown): number | undefined {
  if (typeof v !== 'number' || !Number.isFinite(v) || Math.abs(v) <= 1 || Math.abs(v) > 100) return undefined;
  return Number((v / 100).toPrecision(12));
}

function mapSchemaDiagnostic(
  message: string,
  path: JsonPath,
  doc: ConfigDocument,
  file: string,
  range: ConfigDiagnostic['range'],
  severity: Severity,
): ConfigDiagnostic {
  const p = pathString(path);
  const value = path.length ? doc.valueNode(path) : undefined;
  // The text under the reported range: with a repeated key, the copy the message is about.
  const rangeText = doc.text.slice(doc.offsetAt(range.start), doc.offsetAt(range.end));
  const shown = rangeText || (value ? doc.text.slice(value.offset, value.offset + value.length) : '');
  let m = /^Property (.+) is not allowed\.?$/.exec(message);
  if (m) {
    const key = m[1];
    const replacement = nearest(key, keysAt(path.slice(0, -1)));
    return {
      code: 'unknown-key',
      severity: 'error',
      file,
      range,
      path: p,
      message: `Unknown key "${key}".${replacement ? ` Did you mean "${replacement}"?` : ' Remove it or check the key list on hover.'}`,
      data: { key, ...(replacement ? { replacement } : {}) },
    };
  }
  if (/^Incorrect type/.test(message)) {
    return {
      code: 'invalid-type',
      severity,
      file,
      range,
      path: p,
      message: `${p || 'The config'}: ${message.replace(/\.$/, '')}, got ${shown || 'another type'}.`,
    };
  }
  m = /^Value is not accepted\. Valid values: (.*)\.$/.exec(message);
  if (m) {
    const allowed = m[1];
    let replacement: string | undefined;
    const raw = value ? jsonc.getNodeValue(value) : undefined;
    if (typeof raw === 'string') {
      const candidates = allowed
        .split(', ')
        .map((s) => {
          try {
            return JSON.parse(s);
          } catch {
            return s;
          }
        })
        .filter((v): v is string => typeof v === 'string');
      replacement = nearest(raw, candidates);
    }
    return {
      code: 'invalid-value',
      severity,
      file,
      range,
      path: p,
      message: `${p}: ${shown} is not allowed. Use one of ${allowed}.${replacement ? ` Did you mean "${replacement}"?` : ''}`,
      data: replacement ? { replacement: JSON.stringify(replacement) } : undefined,
    };
  }
  m = /^Value is (below|above) the (exclusive )?(minimum|maximum) of (.+)\.$/.exec(message);
  if (m) {
    if (path[0] === 'sector_target_exposures' && path.length === 2) {
      const fraction = percentAsFraction(value ? jsonc.getNodeValue(value) : undefined);
      return {
        code: 'target-out-of-range',
        severity: 'error',
        file,
        range,
        path: p,
        message: `Target ${shown} for ${String(path[1])} is outside -1..1: targets are fractions of the exposure basis (0.15 = 15%).${fraction !== undefined ? ` Did you mean ${fraction} (${shown}%)?` : ''}`,
        ...(fraction !== undefined ? { data: { replacement: String(fraction), number: fraction } } : {}),
      };
    }
    const bound = m[2]
      ? m[1] === 'below'
        ? `greater than ${m[4]}`
        : `less than ${m[4]}`
      : m[1] === 'below'
        ? `at least ${m[4]}`
        : `at most ${m[4]}`;
    return { code: 'out-of-range', severity, file, range, path: p, message: `${p}: ${shown} is out of range; it must be ${bound}.` };
  }
  if (/^String is shorter than the minimum length of 1\.?$/.test(message)) {
    // An empty key (a half-typed one: the editor closes the quote) or an empty value.
    const onKey = rangeText === '""' && value && doc.offsetAt(range.start) !== value.offset;
    const parent = path.slice(0, -1).map(String).join('.');
    if (onKey || (path.length && path[path.length - 1] === '' && parent)) {
      const what =
        parent === 'sector_target_exposures' || parent === 'sector_etf_mapping'
          ? 'a sector name from the mapping, e.g. "Technology"'
          : 'a key name';
      return { code: 'invalid-value', severity, file, range, path: p, message: `Empty key in ${parent || 'the config'}: type ${what}.` };
    }
    if (path[0] === 'sector_etf_mapping' && path.length === 2) {
      return {
        code: 'invalid-value',
        severity,
        file,
        range,
        path: p,
        message: `The ETF for ${String(path[1])} is empty: write its ticker (a price-file column), e.g. "XLK", or remove the entry.`,
      };
    }
    return { code: 'invalid-value', severity, file, range, path: p, message: `${p} is empty: write a value.` };
  }
  m = /^Missing property "(.+)"\.$/.exec(message);
  if (m) return { code: 'invalid-value', severity, file, range, path: p, message: `Missing key "${m[1]}".` };
  return { code: 'invalid-value', severity, file, range, path: p, message: p ? `${p}: ${message}` : message };
}

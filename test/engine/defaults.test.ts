// Every default has one source, the schema: an empty config gets each schema default, and
// the validator's checks, the path resolver and the data loader read defaults from the
// schema (defaultOf) instead of restating them as literals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { BacktestConfig, backtestSchema, resolveRef, type SchemaNode } from '../../engine/config';
import { DEFAULT_SECTOR_ETF_MAPPING } from '../../engine/hedging';

const ROOT = path.resolve(__dirname, '..', '..');

/** A schema default as the config holds it: an object default with its keys' own defaults filled in. */
function expectedValue(node: SchemaNode): unknown {
  const n = resolveRef(node)!;
  const d = n.default;
  if (!n.properties || !d || typeof d !== 'object' || Array.isArray(d)) return d;
  const out: Record<string, unknown> = { ...(d as Record<string, unknown>) };
  for (const [k, child] of Object.entries(n.properties)) {
    const c = resolveRef(child);
    if (out[k] === undefined && c?.default !== undefined) out[k] = c.default;
  }
  return out;
}

test('an empty config holds every schema default', () => {
  const c = new BacktestConfig({}) as unknown as Record<string, unknown>;
  const keys = Object.entries(backtestSchema.properties!).filter(([, n]) => resolveRef(n)?.default !== undefined);
  assert.ok(keys.length >= 30, `${keys.length} keys with a default`);
  for (const [key, node] of keys) assert.deepEqual(c[key], expectedValue(node), key);
  // The SPDR table of the hedger is that default too (one table).
  assert.deepEqual({ ...DEFAULT_SECTOR_ETF_MAPPING }, backtestSchema.properties!.sector_etf_mapping.default);
});

/** The files that must read defaults from the schema. */
function scannedFiles(): string[] {
  const dir = (d: string): string[] =>
    readdirSync(path.join(ROOT, d), { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? dir(path.join(d, e.name)) : e.name.endsWith('.ts') ? [path.join(d, e.name)] : [],
    );
  return [...dir('engine/validate'), 'engine/config/paths.ts', 'engine/data/manager.ts', 'engine/hedging/mappings.ts'];
}

/**
 * The schema's defaults that would be recognisable as a restatement: strings of 3+
 * characters and numbers other than 0, 1 and 2 (which mean many other things), and the
 * SPDR tickers of the default mapping.
 */
function restatable(): { strings: Map<string, string>; numbers: Map<number, string> } {
  const strings = new Map<string, string>(),
    numbers = new Map<number, string>();
  for (const [key, node] of Object.entries(backtestSchema.properties!)) {
    const d = resolveRef(node)?.default;
    if (typeof d === 'string' && d.length >= 3) strings.set(d, key);
    if (typeof d === 'number' && ![0, 1, 2].includes(d)) numbers.set(d, key);
    if (d && typeof d === 'object') for (const v of Object.values(d)) if (typeof v === 'string' && v.length >= 3) strings.set(v, key);
  }
  return { strings, numbers };
}

/** A literal compared with (=== / !==): it tests for a value rather than supplying one. */
function compared(n: ts.Node): boolean {
  const p = n.parent;
  return (
    !!p &&
    ts.isBinaryExpression(p) &&
    [
      ts.SyntaxKind.EqualsEqualsEqualsToken,
      ts.SyntaxKind.ExclamationEqualsEqualsToken,
      ts.SyntaxKind.EqualsEqualsToken,
      ts.SyntaxKind.ExclamationEqualsToken,
    ].includes(p.operatorToken.kind)
  );
}

/** Literals that supply a value (not types, imports, comparisons, or the text of a message or comment). */
function literals(file: string): { text: string; kind: 'string' | 'number'; line: number }[] {
  const src = ts.createSourceFile(file, readFileSync(path.join(ROOT, file), 'utf8'), ts.ScriptTarget.Latest, true);
  const out: { text: string; kind: 'string' | 'number'; line: number }[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isImportDeclaration(n) || ts.isExportDeclaration(n) || ts.isLiteralTypeNode(n)) return;
    // Arguments of a call are what it is about (defaultOf('prices_file') names a key).
    if (compared(n)) return;
    if (
      ts.isStringLiteral(n) &&
      !(ts.isCallExpression(n.parent) && /defaultOf|schemaDefault|allowedValues/.test(n.parent.expression.getText()))
    ) {
      out.push({ text: n.text, kind: 'string', line: src.getLineAndCharacterOfPosition(n.getStart()).line + 1 });
    }
    if (ts.isNumericLiteral(n)) out.push({ text: n.text, kind: 'number', line: src.getLineAndCharacterOfPosition(n.getStart()).line + 1 });
    ts.forEachChild(n, visit);
  };
  visit(src);
  return out;
}

test('the checks, the path resolver and the loaders do not restate a schema default', () => {
  const { strings, numbers } = restatable();
  assert.ok(strings.has('SPY') && strings.has('prices.csv') && strings.has('XLK') && numbers.has(126), 'the scan knows the defaults');
  const found: string[] = [];
  for (const file of scannedFiles()) {
    for (const l of literals(file)) {
      const key = l.kind === 'string' ? strings.get(l.text) : numbers.get(Number(l.text.replace(/_/g, '')));
      if (key) found.push(`${file}:${l.line}: ${l.text} (the default of ${key}; read it with defaultOf('${key}'))`);
    }
  }
  assert.deepEqual(found, []);
});

test('the scan finds a restated default', () => {
  // The check above can fail: the literal the checks used to carry is found.
  const { strings } = restatable();
  const src = ts.createSourceFile('x.ts', "const instrument = c ?? 'SPY';", ts.ScriptTarget.Latest, true);
  const hits: string[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isStringLiteral(n) && strings.has(n.text)) hits.push(n.text);
    ts.forEachChild(n, visit);
  };
  visit(src);
  assert.deepEqual(hits, ['SPY']);
});

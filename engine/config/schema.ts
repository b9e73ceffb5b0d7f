// The config schema (schemas/backtest.schema.json) and small helpers over it: defaults,
// valid key names at a path, the description of a key.
import schemaJson from '../../schemas/backtest.schema.json';
import type { BacktestConfigOptions } from './options';

export interface SchemaNode {
  type?: string | string[];
  enum?: unknown[];
  default?: unknown;
  description?: string;
  markdownDescription?: string;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
  definitions?: Record<string, SchemaNode>;
  $ref?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  pattern?: string;
  patternErrorMessage?: string;
  [k: string]: unknown;
}

/** The parsed config schema: the one source of truth for keys, defaults and ranges. */
export const backtestSchema: SchemaNode = schemaJson as unknown as SchemaNode;

/** A node with its local `$ref` merged in (sibling keys win, as in the JSON language service). */
export function resolveRef(node: SchemaNode | undefined, root: SchemaNode = backtestSchema): SchemaNode | undefined {
  if (!node || !node.$ref) return node;
  const name = node.$ref.replace(/^#\/definitions\//, '');
  const target = root.definitions?.[name];
  const { $ref: _ref, ...rest } = node;
  return { ...resolveRef(target, root), ...rest };
}

/** The schema node for a JSON path (property names; `additionalProperties` for map values). */
export function schemaAt(path: (string | number)[], root: SchemaNode = backtestSchema): SchemaNode | undefined {
  let node: SchemaNode | undefined = root;
  for (const seg of path) {
    node = resolveRef(node, root);
    if (!node) return undefined;
    const key = String(seg);
    if (node.properties && key in node.properties) node = node.properties[key];
    else if (node.additionalProperties && typeof node.additionalProperties === 'object') node = node.additionalProperties;
    else return undefined;
  }
  return resolveRef(node, root);
}

/** Valid property names of the object at `path` (empty for free-form maps). */
export function keysAt(path: (string | number)[]): string[] {
  const node = schemaAt(path);
  return node?.properties ? Object.keys(node.properties) : [];
}

function clone<T>(v: T): T {
  return v === undefined ? v : JSON.parse(JSON.stringify(v));
}

/** Fills schema defaults into `value` (a plain object) recursively; returns a new object. */
export function withDefaults(value: Record<string, unknown>, node: SchemaNode | undefined = backtestSchema): Record<string, unknown> {
  const n = resolveRef(node);
  const out: Record<string, unknown> = { ...value };
  if (!n?.properties) return out;
  for (const [key, rawChild] of Object.entries(n.properties)) {
    const child = resolveRef(rawChild);
    if (out[key] === undefined && child?.default !== undefined) out[key] = clone(child.default);
    if (child?.properties && out[key] && typeof out[key] === 'object' && !Array.isArray(out[key])) {
      out[key] = withDefaults(out[key] as Record<string, unknown>, child);
    }
  }
  return out;
}

/** Default value of a top-level key (a copy). */
export function schemaDefault(key: string): unknown {
  return clone(schemaAt([key])?.default);
}

/**
 * The schema's default of a config key, typed: the one source of every default (checks,
 * paths and loaders read it here rather than restating it; test/engine/defaults.test.ts).
 */
export function defaultOf<K extends keyof BacktestConfigOptions>(key: K): BacktestConfigOptions[K] {
  return schemaDefault(key) as BacktestConfigOptions[K];
}

/** The values a string-valued key allows (its `enum`). */
export function allowedValues(key: string): readonly string[] {
  return (schemaAt([key])?.enum ?? []).filter((v): v is string => typeof v === 'string');
}

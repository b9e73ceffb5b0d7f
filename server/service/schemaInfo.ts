// Walks schemas/backtest.schema.json by JSON path: descriptions and defaults for hover
// and key completion, and the default sector -> ETF mapping.
import schemaJson from '../../schemas/backtest.schema.json';

export interface SchemaNode {
  $ref?: string;
  type?: string | string[];
  description?: string;
  markdownDescription?: string;
  default?: unknown;
  enum?: unknown[];
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode | boolean;
  items?: SchemaNode;
  definitions?: Record<string, SchemaNode>;
}

export const backtestSchema = schemaJson as unknown as SchemaNode;

/** Follows a local `#/definitions/x` ref, merging the referring node's own fields over it. */
function deref(node: SchemaNode | undefined): SchemaNode | undefined {
  if (!node?.$ref) return node;
  const m = /^#\/definitions\/(.+)$/.exec(node.$ref);
  const target = m ? backtestSchema.definitions?.[m[1]] : undefined;
  const { $ref: _ref, ...own } = node;
  return { ...deref(target), ...own };
}

/** Schema node for a JSON path such as ['stock_costs', 'commission_bps']. */
export function schemaAt(path: (string | number)[]): SchemaNode | undefined {
  let node: SchemaNode | undefined = deref(backtestSchema);
  for (const seg of path) {
    if (!node) return undefined;
    if (typeof seg === 'number') {
      node = deref(node.items);
      continue;
    }
    const next: SchemaNode | boolean | undefined = node.properties?.[seg] ?? node.additionalProperties;
    node = typeof next === 'object' ? deref(next) : undefined;
  }
  return node;
}

/** Top-level key names of the schema. */
export function topLevelKeys(): string[] {
  return Object.keys(backtestSchema.properties ?? {});
}

export function defaultEtfMapping(): Record<string, string> {
  const d = backtestSchema.properties?.sector_etf_mapping?.default;
  return d && typeof d === 'object' ? (d as Record<string, string>) : {};
}

/** Markdown for a key: description, allowed values and the default. */
export function describeKey(path: (string | number)[]): string | undefined {
  const node = schemaAt(path);
  if (!node) return undefined;
  const parts: string[] = [];
  const key = path[path.length - 1];
  parts.push(`**${String(key)}**`);
  const desc = node.markdownDescription ?? node.description;
  if (desc) parts.push(desc);
  if (node.enum) parts.push(`Allowed: ${node.enum.map((v) => '`' + JSON.stringify(v) + '`').join(', ')}`);
  const lo =
    node.minimum !== undefined
      ? `${node.minimum} ≤ value`
      : node.exclusiveMinimum !== undefined
        ? `${node.exclusiveMinimum} < value`
        : undefined;
  if (lo || node.maximum !== undefined) parts.push(`Range: ${lo ?? 'value'}${node.maximum !== undefined ? ` ≤ ${node.maximum}` : ''}`);
  const hasDefaultLine = desc ? /default/i.test(desc) : false;
  if (node.default !== undefined && !hasDefaultLine) parts.push(`Default: \`${JSON.stringify(node.default)}\``);
  return parts.join('\n\n');
}

// Completion in a .sweep.jsonc: the sweep's own keys, axis keys (every config key, dotted
// for nested ones, sector keys from the mapping the base config uses), axis values from
// the key's schema (enums, booleans), metric names for rank_by / select_by.
import * as jsonc from 'jsonc-parser';
import {
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  type CompletionItem,
  type CompletionList,
  type Position,
  type Range,
} from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { backtestSchema, resolveConfigPaths, resolveRef, schemaAt, type SchemaNode } from '../../engine/config';
import { buildSweepSpec, METRIC_COLUMNS, sweepSchema } from '../../engine/sweep';
import type { DataAccess } from './dataAccess';
import { readyValue } from './dataAccess';
import { parseSweepModel } from './sweepModel';

const GROUP_MAPS = ['sector_target_exposures', 'sector_etf_mapping'];

/** Every key an axis may name: top-level config keys, nested object keys dotted, sectors of the mapping. */
export function axisKeyCandidates(sectors: string[]): { key: string; node: SchemaNode | undefined }[] {
  const out: { key: string; node: SchemaNode | undefined }[] = [];
  for (const [k, raw] of Object.entries(backtestSchema.properties ?? {})) {
    if (k === '$schema' || k === 'name') continue;
    const node = resolveRef(raw);
    if (GROUP_MAPS.includes(k)) {
      for (const s of sectors) out.push({ key: `${k}.${s}`, node: schemaAt([k, s]) });
      continue;
    }
    if (node?.properties) {
      for (const c of Object.keys(node.properties)) out.push({ key: `${k}.${c}`, node: schemaAt([k, c]) });
    }
    out.push({ key: k, node });
  }
  return out;
}

function describe(node: SchemaNode | undefined): string {
  return String(node?.markdownDescription ?? node?.description ?? '');
}

function sectorsOf(doc: TextDocument, data: DataAccess): string[] {
  const m = parseSweepModel(doc);
  // While typing the axes do not parse; the base alone says where the mapping is.
  let spec = m.spec;
  if (!spec) {
    try {
      spec = buildSweepSpec({ base: m.doc.config.base, axes: { target_beta: [0] } }, m.file);
    } catch {
      return [];
    }
  }
  const p = resolveConfigPaths(spec.base, spec.basePath);
  const mapping = readyValue(data.mapping(p.sectorMapping));
  const column = typeof spec.base.hedge_group_column === 'string' ? spec.base.hedge_group_column : 'sector';
  return mapping ? [...new Set(mapping.rows.map((r) => r.values[column]).filter((v): v is string => !!v))].sort() : [];
}

function replaceRange(doc: TextDocument, offset: number): { range: Range; inString: boolean } {
  const loc = jsonc.getLocation(doc.getText(), offset);
  const prev = loc.previousNode;
  if (prev && prev.type === 'string' && offset > prev.offset && offset <= prev.offset + prev.length) {
    return { range: { start: doc.positionAt(prev.offset), end: doc.positionAt(prev.offset + prev.length) }, inString: true };
  }
  return { range: { start: doc.positionAt(offset), end: doc.positionAt(offset) }, inString: false };
}

export function sweepCompletion(doc: TextDocument, position: Position, data: DataAccess): CompletionList {
  const offset = doc.offsetAt(position);
  const loc = jsonc.getLocation(doc.getText(), offset);
  const p = loc.path;
  const { range } = replaceRange(doc, offset);
  const items: CompletionItem[] = [];
  const item = (label: string, insert: string, detail: string, kind: CompletionItemKind, doc_ = '', snippet = false): CompletionItem => ({
    label,
    kind,
    detail,
    filterText: `"${label}"`,
    sortText: label,
    textEdit: { range, newText: insert },
    ...(snippet ? { insertTextFormat: InsertTextFormat.Snippet } : {}),
    ...(doc_ ? { documentation: { kind: MarkupKind.Markdown, value: doc_ } } : {}),
  });
  if (p.length === 1 && loc.isAtPropertyKey) {
    for (const [k, n] of Object.entries(sweepSchema.properties ?? {})) {
      if (k !== '$schema') items.push(item(k, `"${k}": `, 'sweep key', CompletionItemKind.Property, describe(n)));
    }
  } else if (p[0] === 'axes' && p.length === 2 && loc.isAtPropertyKey) {
    for (const c of axisKeyCandidates(sectorsOf(doc, data))) {
      const enumValues = c.node?.enum ?? (c.node?.type === 'boolean' ? [true, false] : null);
      const value = enumValues ? `[${enumValues.map((v) => JSON.stringify(v)).join(', ')}]` : '[$1]';
      items.push(
        item(
          c.key,
          `"${c.key}": ${value}`,
          `axis: ${String(c.node?.type ?? (c.node?.enum ? 'enum' : 'value'))}`,
          CompletionItemKind.Property,
          describe(c.node),
          !enumValues,
        ),
      );
    }
  } else if (p[0] === 'axes' && p.length === 3 && typeof p[1] === 'string' && typeof p[2] === 'number') {
    const node = schemaAt(String(p[1]).split('.'));
    const values = node?.enum ?? (node?.type === 'boolean' ? [true, false] : []);
    for (const v of values)
      items.push(item(String(v), JSON.stringify(v), `value of ${p[1]}`, CompletionItemKind.EnumMember, describe(node)));
  } else if ((p.length === 1 && p[0] === 'rank_by') || (p.length === 2 && p[0] === 'walk_forward' && p[1] === 'select_by')) {
    for (const mname of METRIC_COLUMNS) {
      items.push(item(mname, JSON.stringify(mname), 'higher is better', CompletionItemKind.Value));
      items.push(item(`-${mname}`, JSON.stringify(`-${mname}`), 'lower is better', CompletionItemKind.Value));
    }
  } else if (p.length === 1 && p[0] === 'combine') {
    items.push(
      item('product', '"product"', 'every combination', CompletionItemKind.EnumMember),
      item('zip', '"zip"', 'axes taken together', CompletionItemKind.EnumMember),
    );
  }
  return { isIncomplete: false, items };
}

// Hover on an axis of a .sweep.jsonc: its values, how many variants the whole file makes,
// and the config key's own description.
import * as jsonc from 'jsonc-parser';
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { schemaAt } from '../../engine/config';
import { parseSweepModel } from './sweepModel';

export function sweepHover(doc: TextDocument, position: Position): Hover | null {
  const loc = jsonc.getLocation(doc.getText(), doc.offsetAt(position));
  if (loc.path[0] !== 'axes' || loc.path.length < 2 || typeof loc.path[1] !== 'string') return null;
  const key = loc.path[1];
  const m = parseSweepModel(doc);
  const axis = m.spec?.axes.find((a) => a.key === key);
  const n = axis?.values.length ?? m.axisValues.get(key);
  const node = schemaAt(key.split('.'));
  const combine = m.spec?.combine ?? (m.doc.config.combine === 'zip' ? 'zip' : 'product');
  const sizes = [...m.axisValues.entries()].map(([k, c]) => `${c} (${k})`).join(' × ');
  const lines = [
    `**${key}**: ${n ?? '?'} value${n === 1 ? '' : 's'}${
      axis
        ? `: ${axis.values
            .slice(0, 12)
            .map((v) => `\`${JSON.stringify(v)}\``)
            .join(', ')}${axis.values.length > 12 ? ', ...' : ''}`
        : ''
    }`,
    '',
    m.variants !== null
      ? `This file makes **${m.variants} variant${m.variants === 1 ? '' : 's'}** (${combine}${combine === 'product' && m.axisValues.size > 1 ? `: ${sizes}` : ''}).`
      : '',
  ];
  const desc = node?.markdownDescription ?? node?.description;
  if (desc) lines.push('', '---', '', String(desc));
  const keyNode = m.doc.keyNode(['axes', key]);
  return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n') }, ...(keyNode ? { range: m.doc.nodeRange(keyNode) } : {}) };
}

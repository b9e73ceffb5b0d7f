// A .sweep.jsonc open in the editor: its parse tree (positions), the checked spec when it
// is valid (engine/sweep, the same checks as `backtest sweep`), the located issues when it
// is not, and how many variants it makes. Shared by the sweep features.
import * as jsonc from 'jsonc-parser';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Range } from 'vscode-languageserver-types';
import { ConfigError, type ConfigIssue } from '../../engine/config';
import { findValueNode } from '../../engine/config/jsonSyntax';
import { buildSweepSpec, type SweepSpec } from '../../engine/sweep';
import { parseConfigDocument, type ConfigDocument } from '../../engine/validate';
import { configPathOf } from './snapshot';

export interface SweepIssue {
  issue: ConfigIssue;
  range: Range;
}

export interface SweepModel {
  doc: ConfigDocument;
  file: string;
  spec: SweepSpec | null;
  issues: SweepIssue[];
  /** Variants the axes make (product or zip), counted from the axes even when other keys have errors. */
  variants: number | null;
  /** Values per axis key, as expanded. */
  axisValues: Map<string, number>;
}

export function isSweepUri(uri: string): boolean {
  return /\.sweep\.jsonc$/i.test(uri);
}

export function parseSweepModel(doc: TextDocument): SweepModel {
  const file = configPathOf(doc.uri);
  const cd = parseConfigDocument(doc.getText());
  const ranges = new Map<string, Range>();
  const locate = (segs: (string | number)[], onKey = false) => {
    let node = findValueNode(cd.root, segs);
    if (node && onKey && node.parent?.type === 'property') node = node.parent.children?.[0];
    for (let k = segs.length - 1; !node && k >= 0; k--) node = findValueNode(cd.root, segs.slice(0, k));
    const range = node ? cd.nodeRange(node) : cd.rangeAt(0, Math.min(1, cd.text.length));
    const key = `${segs.join('\u0000')}\u0001${onKey}`;
    ranges.set(key, range);
    return { file, line: range.start.line + 1, column: range.start.character + 1, _key: key } as Partial<ConfigIssue>;
  };
  let spec: SweepSpec | null = null;
  const issues: SweepIssue[] = [];
  if (!cd.syntaxErrors.length && cd.root?.type === 'object') {
    try {
      spec = buildSweepSpec(cd.config, file, locate);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      for (const i of err.issues) {
        const key = (i as ConfigIssue & { _key?: string })._key;
        issues.push({ issue: i, range: (key ? ranges.get(key) : undefined) ?? cd.rangeAt(0, 1) });
      }
    }
  }
  const axisValues = new Map<string, number>();
  const axes = cd.config.axes;
  if (axes && typeof axes === 'object' && !Array.isArray(axes)) {
    for (const [k, v] of Object.entries(axes as Record<string, unknown>)) {
      if (Array.isArray(v)) axisValues.set(k, v.length);
      else if (v && typeof v === 'object') {
        const r = v as { from?: unknown; to?: unknown; step?: unknown };
        if (typeof r.from === 'number' && typeof r.to === 'number' && typeof r.step === 'number' && r.step > 0) {
          axisValues.set(k, Math.floor(Math.abs(r.to - r.from) / r.step + 1e-9) + 1);
        }
      }
    }
  }
  const counts = [...axisValues.values()];
  const zip = cd.config.combine === 'zip';
  const variants = spec
    ? spec.combine === 'zip'
      ? (spec.axes[0]?.values.length ?? 1)
      : spec.axes.reduce((n, a) => n * a.values.length, 1)
    : counts.length
      ? zip
        ? Math.max(...counts)
        : counts.reduce((a, b) => a * b, 1)
      : null;
  return { doc: cd, file, spec, issues, variants, axisValues };
}

/** The range of an axis' key, and of each of its list values. */
export function axisNodes(m: SweepModel, key: string): { key: Range | null; values: (Range | null)[]; node: jsonc.Node | undefined } {
  const node = m.doc.valueNode(['axes', key]);
  const keyNode = m.doc.keyNode(['axes', key]);
  const values = node?.type === 'array' ? (node.children ?? []).map((c) => m.doc.nodeRange(c)) : [];
  return { key: keyNode ? m.doc.nodeRange(keyNode) : null, values, node };
}

// Quick fixes driven by the validator's diagnostics (`code` and `data`), plus one
// refactor: fill sector_target_exposures with every mapped sector still missing.
import * as jsonc from 'jsonc-parser';
import { CodeActionKind, type CodeAction, type Diagnostic, type Range } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { minimalEdit, modifyText } from './edits';
import type { Snapshot } from './snapshot';

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];
}

/** Replacements come as a bare name (`Technology`) or as JSON text (`"etf"`); return the name. */
function bareName(s: string): string {
  if (s.length >= 2 && s.startsWith('"') && s.endsWith('"')) {
    try {
      const v = JSON.parse(s);
      if (typeof v === 'string') return v;
    } catch {
      /* not JSON */
    }
  }
  return s;
}

function action(
  snap: Snapshot,
  title: string,
  after: string,
  diagnostic: Diagnostic | undefined,
  preferred: boolean,
  kind: string = CodeActionKind.QuickFix,
): CodeAction {
  const before = snap.doc.getText();
  return {
    title,
    kind,
    diagnostics: diagnostic ? [diagnostic] : undefined,
    isPreferred: preferred || undefined,
    edit: { changes: { [snap.doc.uri]: [minimalEdit(snap.doc, before, after)] } },
  };
}

/** The JSON node exactly covered (or first touched) by a diagnostic's range. */
function nodeAtRange(snap: Snapshot, range: Range): jsonc.Node | undefined {
  if (!snap.model.root) return undefined;
  const start = snap.doc.offsetAt(range.start);
  return jsonc.findNodeAtOffset(snap.model.root, start + (start === snap.doc.offsetAt(range.end) ? 0 : 1), true);
}

/**
 * Replaces what the diagnostic points at with `name`: a whole string node (key or value)
 * gets the quoted name; a range inside a string (an expression token) gets the bare name.
 * Returns undefined when the range is not on the JSON path the diagnostic is about (a
 * diagnostic anchored elsewhere, e.g. on a default, must not rewrite an unrelated value).
 */
function replaceName(snap: Snapshot, d: Diagnostic, name: string): string | undefined {
  const text = snap.doc.getText();
  const s = snap.doc.offsetAt(d.range.start);
  const e = snap.doc.offsetAt(d.range.end);
  const node = nodeAtRange(snap, d.range);
  const wanted = (d.data as { path?: unknown } | undefined)?.path;
  if (node && typeof wanted === 'string' && jsonc.getNodePath(node).map(String).join('.') !== wanted) return undefined;
  if (node && node.type === 'string') {
    const whole = s <= node.offset && e >= node.offset + node.length;
    if (!whole && s > node.offset && e < node.offset + node.length) return text.slice(0, s) + name + text.slice(e);
    return text.slice(0, node.offset) + JSON.stringify(name) + text.slice(node.offset + node.length);
  }
  if (node && node.type !== 'string' && e > s) return text.slice(0, s) + JSON.stringify(name) + text.slice(e);
  return undefined;
}

function jsonPathOf(snap: Snapshot, d: Diagnostic): jsonc.JSONPath | undefined {
  const node = nodeAtRange(snap, d.range);
  return node ? jsonc.getNodePath(node) : undefined;
}

/** Adds `sectors` to sector_target_exposures as neutral 0.0 (creating the object if needed). */
function addNeutralSectors(doc: TextDocument, sectors: string[]): string {
  let text = doc.getText();
  for (const s of sectors) text = modifyText(text, ['sector_target_exposures', s], 0);
  // jsonc-parser writes 0; the guide's neutral is written 0.0.
  for (const s of sectors) text = text.replace(`${JSON.stringify(s)}: 0`, `${JSON.stringify(s)}: 0.0`);
  return text;
}

/**
 * How closely a diagnostic fits the request: 0 when its range contains the cursor range on
 * the same line, then by its size. The fix for the most specific diagnostic comes first and
 * is the only preferred one, so Auto Fix applies it without a menu.
 */
function specificity(snap: Snapshot, d: Diagnostic, range: Range): [number, number] {
  const ds = snap.doc.offsetAt(d.range.start),
    de = snap.doc.offsetAt(d.range.end);
  const rs = snap.doc.offsetAt(range.start),
    re = snap.doc.offsetAt(range.end);
  const sameLine = d.range.start.line === range.start.line || d.range.end.line === range.start.line;
  const contains = ds <= rs && de >= re;
  return [contains && d.range.start.line === d.range.end.line ? 0 : sameLine ? 1 : 2, de - ds];
}

export function codeActions(snap: Snapshot, range: Range, diagnostics: Diagnostic[]): CodeAction[] {
  const ranked = diagnostics.map((d) => ({ d, k: specificity(snap, d, range) })).sort((a, b) => a.k[0] - b.k[0] || a.k[1] - b.k[1]);
  const out: CodeAction[] = [];
  for (const { d } of ranked) {
    try {
      out.push(...actionsFor(snap, d));
    } catch {
      // One odd diagnostic must not hide the fixes of the others.
    }
  }
  // Only the first preferred fix (the most specific diagnostic's) stays preferred.
  let preferred = false;
  for (const a of out) {
    if (!a.isPreferred) continue;
    if (preferred) delete a.isPreferred;
    preferred = true;
  }
  out.push(...refactors(snap, range));
  return out;
}

function actionsFor(snap: Snapshot, d: Diagnostic): CodeAction[] {
  const data = (d.data ?? {}) as Record<string, unknown>;
  const code = String(d.code ?? '');
  const out: CodeAction[] = [];
  const replacement = strings(data.replacement).map(bareName)[0];
  const replaceWith = (name: string, title: string, preferred: boolean) => {
    const after = replaceName(snap, d, name);
    if (after !== undefined && after !== snap.doc.getText()) out.push(action(snap, title, after, d, preferred));
  };
  // The config's sector names are values of another mapping column (industry-level ETFs).
  if (typeof data.groupColumn === 'string' && data.groupColumn) {
    const col = data.groupColumn;
    out.push(action(snap, `Set hedge_group_column to "${col}"`, modifyText(snap.doc.getText(), ['hedge_group_column'], col), d, true));
    return out;
  }
  switch (code) {
    case 'etf-no-prices':
    case 'beta-instrument-no-prices': {
      // Switch an ETF (or the instrument) without data to one that has it.
      const alts = strings(data.alternatives).map(bareName);
      if (replacement && !alts.includes(replacement)) alts.unshift(replacement);
      alts.slice(0, 3).forEach((t, i) => replaceWith(t, `Switch to '${t}' (has prices)`, i === 0));
      break;
    }
    case 'sectors-missing-target': {
      const missing = strings(data.missingSectors);
      if (missing.length) {
        out.push(
          action(
            snap,
            `Add ${missing.length === 1 ? `'${missing[0]}'` : `the ${missing.length} missing held sectors`} as neutral (0.0)`,
            addNeutralSectors(snap.doc, missing),
            d,
            true,
          ),
        );
      }
      break;
    }
    case 'sector-without-etf': {
      const suggested =
        data.suggestedMapping && typeof data.suggestedMapping === 'object' ? (data.suggestedMapping as Record<string, string>) : {};
      const entries = Object.entries(suggested).filter(([, t]) => typeof t === 'string');
      if (entries.length) {
        out.push(
          action(snap, `Map ${entries.map(([g, t]) => `${g} to ${t}`).join(', ')} in sector_etf_mapping`, addEtfs(snap, entries), d, true),
        );
      }
      break;
    }
    case 'target-out-of-range': {
      // A percentage typed for a fraction: 5 -> 0.05.
      const n = typeof data.number === 'number' ? data.number : undefined;
      const node = nodeAtRange(snap, d.range);
      if (n !== undefined && node && node.type === 'number') {
        const text = snap.doc.getText();
        out.push(
          action(
            snap,
            `Change to ${n} (${node.value}%)`,
            text.slice(0, node.offset) + String(n) + text.slice(node.offset + node.length),
            d,
            true,
          ),
        );
      }
      break;
    }
    case 'unknown-key': {
      if (replacement) replaceWith(replacement, `Replace with '${replacement}'`, true);
      const p = jsonPathOf(snap, d);
      if (p && p.length) {
        out.push(
          action(snap, `Remove unknown key '${String(p[p.length - 1])}'`, modifyText(snap.doc.getText(), p, undefined), d, !replacement),
        );
      }
      break;
    }
    default:
      // unknown-sector, invalid-value, date-outside-data, expression-invalid, ...: nearest valid name.
      if (replacement) replaceWith(replacement, `Replace with '${replacement}'`, true);
  }
  return out;
}

/** Adds sector -> ETF entries; with no explicit mapping the default table is written out first (an explicit one replaces it). */
function addEtfs(snap: Snapshot, entries: [string, string][]): string {
  let text = snap.doc.getText();
  const explicit = snap.model.value.sector_etf_mapping;
  if (!explicit || typeof explicit !== 'object') text = modifyText(text, ['sector_etf_mapping'], { ...snap.view.etfMapping });
  for (const [g, t] of entries) text = modifyText(text, ['sector_etf_mapping', g], t);
  return text;
}

/** Not tied to a diagnostic: inside sector_target_exposures, add every mapped sector not listed yet. */
function refactors(snap: Snapshot, range: Range): CodeAction[] {
  const obj = snap.model.root ? jsonc.findNodeAtLocation(snap.model.root, ['sector_target_exposures']) : undefined;
  if (!obj || !snap.view.groups.size) return [];
  const s = snap.doc.offsetAt(range.start);
  if (s < obj.offset || s > obj.offset + obj.length) return [];
  const present = new Set(Object.keys((snap.model.value.sector_target_exposures ?? {}) as object));
  const missing = [...snap.view.groups.keys()].filter((g) => !present.has(g));
  if (!missing.length) return [];
  const title =
    missing.length === 1
      ? `Add the remaining sector '${missing[0]}' of the mapping as neutral (0.0)`
      : `Add all ${missing.length} remaining sectors of the mapping as neutral (0.0)`;
  return [action(snap, title, addNeutralSectors(snap.doc, missing), undefined, false, CodeActionKind.RefactorRewrite)];
}

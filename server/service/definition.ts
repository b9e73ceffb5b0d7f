// Go to definition: a ticker to its header cell in the price file, a sector to its
// first row in the mapping, a data file path to the file.
import type { LocationLink, Position } from 'vscode-languageserver-types';
import { nodeRange } from './configModel';
import { nodeSpot } from './cursor';
import { fileUri, type Snapshot } from './snapshot';

const GROUP_OBJECTS = new Set(['sector_target_exposures', 'sector_etf_mapping']);
const zero = { line: 0, character: 0 };

export function definition(snap: Snapshot, position: Position): LocationLink[] {
  const spot = nodeSpot(snap.model, snap.doc.offsetAt(position));
  if (!spot || spot.node.type !== 'string') return [];
  const { node, path: p, isKey } = spot;
  const origin = nodeRange(snap.doc, node);
  const top = String(p[0] ?? '');
  const text = String(node.value);
  const { prices, mapping } = snap.view;

  if (isKey && GROUP_OBJECTS.has(top) && p.length === 2 && mapping) {
    const g = snap.view.groups.get(text);
    if (!g) return [];
    // Character of the group cell on its row (cells are unquoted in practice).
    const row = mapping.rows.find((r) => r.line === g.firstLine);
    let ch = 0;
    if (row) {
      for (const c of mapping.columns) {
        if (c === snap.view.groupColumn) break;
        ch += (c.toLowerCase() === 'ticker' ? row.ticker : row.values[c] ?? '').length + 1;
      }
    }
    const r = { start: { line: g.firstLine, character: ch }, end: { line: g.firstLine, character: ch + text.length } };
    return [{ originSelectionRange: origin, targetUri: fileUri(mapping.file), targetRange: r, targetSelectionRange: r }];
  }
  if (!isKey && ((top === 'sector_etf_mapping' && p.length === 2) || (top === 'beta_hedge_instrument' && p.length === 1)) && prices) {
    const j = prices.index.get(text);
    if (j === undefined) return [];
    const ch = prices.headerOffsets[j] ?? 0;
    const r = { start: { line: 0, character: ch }, end: { line: 0, character: ch + text.length } };
    return [{ originSelectionRange: origin, targetUri: fileUri(prices.file), targetRange: r, targetSelectionRange: r }];
  }
  if (!isKey) {
    const paths = snap.model.paths;
    const target = top === 'data_dir' ? undefined
      : top === 'prices_file' ? paths.prices
        : top === 'sector_mapping_file' ? paths.sectorMapping
          : top === 'inputs' && p.length === 2 ? paths.inputs[String(p[1]) as 'weights' | 'signals' | 'orders' | 'positions'] : undefined;
    if (target) {
      const r = { start: zero, end: zero };
      return [{ originSelectionRange: origin, targetUri: fileUri(target), targetRange: r, targetSelectionRange: r }];
    }
  }
  return [];
}

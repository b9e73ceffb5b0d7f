// Go to definition: a ticker to its header cell in the price file, a sector to its
// first row in the mapping, a data file path to the file.
import type { LocationLink, Position } from 'vscode-languageserver-types';
import { nodeRange } from './configModel';
import { nodeSpot } from './cursor';
import { fileUri, type Snapshot } from './snapshot';
import { isParquetPath } from '../../engine/data/load';
import type { PriceTable, SectorMapping } from '../../engine/types';
import { mappingSummary, pricesSummary, type Summary } from './schemaSummary';

/** Summaries per loaded table (a new table after a reload gets a new one). */
const summaries = new WeakMap<object, { summary: Summary; file: string; column?: string }>();

/** The summary file of a Parquet table and the 0-based line of `key` in it (line 0 when absent). */
function summaryTarget(
  snap: Snapshot,
  table: PriceTable | SectorMapping,
  key: string | undefined,
  origin: LocationLink['originSelectionRange'],
): LocationLink[] {
  const write = snap.env.writeSummary;
  if (!write) return [];
  const isPrices = 'columns' in table && 'dates' in table;
  const column = isPrices ? undefined : snap.view.groupColumn;
  let s = summaries.get(table);
  if (!s || s.column !== column) {
    const summary = isPrices ? pricesSummary(table as PriceTable) : mappingSummary(table as SectorMapping, snap.view.groupColumn);
    s = { summary, file: write(table.file, isPrices ? 'prices' : 'mapping', summary.text), column };
    summaries.set(table, s);
  }
  const line = key !== undefined ? (s.summary.lineOf.get(key) ?? 0) : 0;
  const ch = key !== undefined && line > 0 ? Math.max(0, s.summary.text.split('\n')[line].indexOf(key.replace(/^group:/, ''))) : 0;
  const len = key !== undefined && line > 0 ? key.replace(/^group:/, '').length : 0;
  const r = { start: { line, character: ch }, end: { line, character: ch + len } };
  return [{ originSelectionRange: origin, targetUri: fileUri(s.file), targetRange: r, targetSelectionRange: r }];
}

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
    if (isParquetPath(mapping.file)) return summaryTarget(snap, mapping, `group:${text}`, origin);
    // Character of the group cell on its row (cells are unquoted in practice).
    const row = mapping.rows.find((r) => r.line === g.firstLine);
    let ch = 0;
    if (row) {
      for (const c of mapping.columns) {
        if (c === snap.view.groupColumn) break;
        ch += (c.toLowerCase() === 'ticker' ? row.ticker : (row.values[c] ?? '')).length + 1;
      }
    }
    const r = { start: { line: g.firstLine, character: ch }, end: { line: g.firstLine, character: ch + text.length } };
    return [{ originSelectionRange: origin, targetUri: fileUri(mapping.file), targetRange: r, targetSelectionRange: r }];
  }
  if (!isKey && ((top === 'sector_etf_mapping' && p.length === 2) || (top === 'beta_hedge_instrument' && p.length === 1)) && prices) {
    const j = prices.index.get(text);
    if (j === undefined) return [];
    if (isParquetPath(prices.file)) return summaryTarget(snap, prices, text, origin);
    const ch = prices.headerOffsets[j] ?? 0;
    const r = { start: { line: 0, character: ch }, end: { line: 0, character: ch + text.length } };
    return [{ originSelectionRange: origin, targetUri: fileUri(prices.file), targetRange: r, targetSelectionRange: r }];
  }
  if (!isKey) {
    const paths = snap.model.paths;
    const target =
      top === 'data_dir'
        ? undefined
        : top === 'prices_file'
          ? paths.prices
          : top === 'sector_mapping_file'
            ? paths.sectorMapping
            : top === 'inputs' && p.length === 2
              ? paths.inputs[String(p[1]) as 'weights' | 'signals' | 'orders' | 'positions']
              : undefined;
    // A Parquet file opens as its summary (a binary file is no use in an editor).
    if (target && isParquetPath(target)) {
      if (target === prices?.file) return summaryTarget(snap, prices, undefined, origin);
      if (target === mapping?.file) return summaryTarget(snap, mapping, undefined, origin);
    }
    if (target) {
      const r = { start: zero, end: zero };
      return [{ originSelectionRange: origin, targetUri: fileUri(target), targetRange: r, targetSelectionRange: r }];
    }
  }
  return [];
}

import type { SectorMapping } from '../types';

/**
 * The mapping column (other than `ticker` and `current`) whose values contain the most of
 * `names`, when at least one does: e.g. the guide's industry ETF mapping (Software,
 * Semiconductors, ...) written without `"hedge_group_column": "industry"`. Used to turn
 * "this entry has no stocks" into "set hedge_group_column to industry".
 */
export function columnHoldingGroups(
  mapping: SectorMapping,
  names: string[],
  current: string,
): { column: string; matched: string[] } | undefined {
  const cur = current.toLowerCase();
  let best: { column: string; matched: string[] } | undefined;
  for (const column of mapping.columns) {
    if (column === 'ticker' || column === cur || column === 'valid_from' || column === 'valid_to') continue;
    const values = new Set<string>();
    for (const r of mapping.rows) {
      const v = r.values[column];
      if (v) values.add(v);
    }
    const matched = names.filter((n) => values.has(n));
    if (matched.length && (!best || matched.length > best.matched.length)) best = { column, matched };
  }
  return best;
}

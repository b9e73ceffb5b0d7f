// Sectors: the hedge-group column, and the sectors the config names against the mapping.
import path from 'node:path';
import type { PriceTable, SectorMapping } from '../../types';
import { nearest } from '../../config/nearest';
import { sample } from '../../data/prices';
import { columnHoldingGroups } from '../../data/groupColumns';
import { firstExistingValueRange, type JsonPath } from '../document';
import { push, rel, type CheckContext, type Effective } from './context';

/** Hedge group -> member tickers (stocks only: ETF/instrument rows excluded), or undefined when the column is missing. */
export function groupsOf(ctx: CheckContext, mapping: SectorMapping, eff: Effective): Map<string, string[]> | undefined {
  const col = eff.groupColumn.toLowerCase();
  if (!mapping.columns.includes(col)) {
    const candidates = mapping.columns.filter((x) => x !== 'ticker');
    const replacement = nearest(col, candidates);
    const node = ctx.doc.valueNode(['hedge_group_column']);
    push(
      ctx,
      'missing-group-column',
      'error',
      node ? ctx.doc.nodeRange(node) : firstExistingValueRange(ctx.doc, [['sector_mapping_file'], ['data_dir'], ['enable_sector_hedge']]),
      `hedge_group_column "${eff.groupColumn}" is not a column of ${rel(ctx, mapping.file)} (columns: ${candidates.join(', ')}).${replacement ? ` Did you mean "${replacement}"?` : ''}`,
      ['hedge_group_column'],
      replacement ? { replacement: JSON.stringify(replacement), columns: candidates } : { columns: candidates },
    );
    return undefined;
  }
  const hedgeTickers = new Set([...Object.values(eff.etfMapping), eff.instrument]);
  const groups = new Map<string, string[]>();
  for (const r of mapping.rows) {
    const g = r.values[col];
    if (!g || hedgeTickers.has(r.ticker)) continue;
    let list = groups.get(g);
    if (!list) groups.set(g, (list = []));
    list.push(r.ticker);
  }
  return groups;
}

export function checkSectorNames(
  ctx: CheckContext,
  eff: Effective,
  groups: Map<string, string[]>,
  prices: PriceTable | undefined,
  mapping: SectorMapping,
): void {
  const names = [...groups.keys()];
  const mappingName = path.basename(mapping.file);
  const checkKey = (container: 'sector_target_exposures' | 'sector_etf_mapping', sector: string) => {
    const p: JsonPath = [container, sector];
    const key = ctx.doc.keyNode(p);
    // An empty (half-typed) key is reported once, by the schema check.
    if (!key || sector === '') return;
    const range = ctx.doc.nodeRange(key);
    const members = groups.get(sector);
    if (!members) {
      // Not a value of this column, but of another one (the guide's industry-level example
      // without hedge_group_column): suggest switching the column rather than a typo fix.
      const alt = columnHoldingGroups(mapping, [sector], eff.groupColumn);
      if (alt) {
        push(
          ctx,
          container === 'sector_target_exposures' ? 'unknown-sector' : 'sector-without-stocks',
          container === 'sector_target_exposures' ? 'error' : 'warning',
          range,
          `No stock in ${mappingName} has ${eff.groupColumn} "${sector}", but "${sector}" is a value of its "${alt.column}" column. Set "hedge_group_column": "${alt.column}" to hedge by ${alt.column}.`,
          p,
          { sector, groupColumn: alt.column },
        );
        return;
      }
      const replacement = nearest(sector, names);
      // A far-off name in an ETF mapping is usually a sector this data simply lacks (e.g. the
      // full SPDR table over a tech-only universe): say it has no effect rather than "typo".
      if (container === 'sector_etf_mapping' && !replacement) {
        push(
          ctx,
          'sector-without-stocks',
          'warning',
          range,
          `No stock in ${mappingName} has ${eff.groupColumn} "${sector}"; this mapping entry has no effect. Remove it, or add the sector's stocks to the mapping.`,
          p,
          { sector },
        );
        return;
      }
      push(
        ctx,
        'unknown-sector',
        container === 'sector_target_exposures' ? 'error' : 'warning',
        range,
        `${eff.groupColumn === 'sector' ? 'Sector' : `${eff.groupColumn} group`} "${sector}" is not in ${mappingName}.${replacement ? ` Did you mean "${replacement}"?` : ''} Known: ${sample(names, 11)}.`,
        p,
        { sector, available: names, ...(replacement ? { replacement: JSON.stringify(replacement) } : {}) },
      );
      return;
    }
    if (prices && !members.some((t) => prices.index.has(t))) {
      push(
        ctx,
        'sector-without-stocks',
        'warning',
        range,
        `None of the ${members.length} stock(s) mapped to "${sector}" has a column in ${path.basename(prices.file)}; this entry has no effect.`,
        p,
        { sector },
      );
    }
  };
  for (const s of Object.keys(eff.targets)) checkKey('sector_target_exposures', s);
  if (eff.explicitMapping) for (const s of Object.keys(eff.etfMapping)) checkKey('sector_etf_mapping', s);
}

/** Groups the strategy holds: those of the input tickers, else every group with a priced stock. */
export function heldGroups(
  groups: Map<string, string[]>,
  mapping: SectorMapping,
  col: string,
  inputTickers: Set<string> | undefined,
  prices: PriceTable | undefined,
): string[] {
  if (inputTickers) {
    const held = new Set<string>();
    for (const t of inputTickers) {
      const g = mapping.byTicker.get(t)?.values[col];
      if (g && groups.has(g)) held.add(g);
    }
    return [...groups.keys()].filter((g) => held.has(g));
  }
  return [...groups.keys()].filter((g) => !prices || groups.get(g)!.some((t) => prices.index.has(t)));
}

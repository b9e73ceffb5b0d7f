// Hedge ETFs: a price column for each mapped ETF, coverage of the run, held sectors without one.
import path from 'node:path';
import type { PriceTable, SectorMapping, Severity } from '../../types';
import { sample } from '../../data/prices';
import { KNOWN_GROUP_ETFS } from '../knownEtfs';
import { firstExistingValueRange, type JsonPath } from '../document';
import { checkCoverage, push, runWindow, type CheckContext, type Effective } from './context';
import { heldGroups } from './sectors';

/** Tickers with prices that could hedge `group`: its known ETFs first, then every non-stock column. */
function alternativesFor(group: string | undefined, prices: PriceTable, mapping: SectorMapping | undefined, exclude: string): string[] {
  const known = (group ? (KNOWN_GROUP_ETFS[group] ?? []) : []).filter((t) => prices.index.has(t) && t !== exclude);
  const nonStocks = prices.tickers.filter((t) => t !== exclude && !mapping?.byTicker.has(t) && !known.includes(t));
  return [...known, ...nonStocks];
}

/** "A, B, C, D, E and 7 more": a shortened list says it is one. */
function listSome(xs: string[], n = 5): string {
  return xs.length > n ? `${xs.slice(0, n).join(', ')} and ${xs.length - n} more` : xs.join(', ');
}

export function checkEtfs(
  ctx: CheckContext,
  eff: Effective,
  prices: PriceTable,
  mapping: SectorMapping | undefined,
  groups: Map<string, string[]> | undefined,
  inputTickers: Set<string> | undefined,
): void {
  const used = eff.sectorHedge && eff.method === 'etf';
  if (!used && !eff.explicitMapping) return;
  const col = eff.groupColumn.toLowerCase();
  const held = groups && mapping ? new Set(heldGroups(groups, mapping, col, inputTickers, prices)) : undefined;
  const defaultAnchor = firstExistingValueRange(ctx.doc, [['sector_hedge_method'], ['enable_sector_hedge']]);
  const [a, b] = runWindow(eff, prices);
  for (const [group, etf] of Object.entries(eff.etfMapping)) {
    // With the default table only the sectors present matter; explicit entries are all checked.
    if (!eff.explicitMapping && held && !held.has(group)) continue;
    if (!eff.explicitMapping && !held) continue;
    const p: JsonPath = ['sector_etf_mapping', group];
    const node = ctx.doc.valueNode(p);
    // From the default table: on the sector's own target key when the config lists it.
    const targetKey = node ? undefined : ctx.doc.keyNode(['sector_target_exposures', group]);
    const range = node ? ctx.doc.nodeRange(node) : targetKey ? ctx.doc.nodeRange(targetKey) : defaultAnchor;
    const j = prices.index.get(etf);
    if (j === undefined) {
      const all = alternativesFor(group, prices, mapping, etf);
      const alternatives = all.slice(0, 8);
      const severity: Severity = used && (!held || held.has(group)) ? 'error' : 'warning';
      push(
        ctx,
        'etf-no-prices',
        severity,
        range,
        `ETF ${etf} (${group}) has no column in ${path.basename(prices.file)}, so ${group} ${used ? 'stays unhedged' : 'could not be hedged'}.${node ? '' : ' (from the default SPDR mapping)'}${all.length ? ` ETFs with data: ${listSome(all)}.` : ' Add its prices to the price file.'}`,
        node ? p : ['sector_etf_mapping'],
        { ticker: etf, sector: group, alternatives, ...(alternatives[0] ? { replacement: JSON.stringify(alternatives[0]) } : {}) },
      );
      continue;
    }
    if (!used || a > b) continue;
    if (held && !held.has(group)) continue;
    checkCoverage(ctx, prices, j, a, b, range, node ? p : ['sector_etf_mapping'], `${group} stays unhedged`);
  }
  if (used && held) {
    // An entry present but empty is reported by the schema check, not as a missing sector.
    const missing = [...held].filter((g) => !eff.etfMapping[g] && !ctx.doc.valueNode(['sector_etf_mapping', g]));
    if (missing.length) {
      const suggested: Record<string, string> = {};
      for (const g of missing) {
        const alt = (KNOWN_GROUP_ETFS[g] ?? []).find((t) => prices.index.has(t));
        if (alt) suggested[g] = alt;
      }
      const anchorNode = ctx.doc.keyNode(['sector_etf_mapping']);
      push(
        ctx,
        'sector-without-etf',
        'warning',
        anchorNode ? ctx.doc.nodeRange(anchorNode) : defaultAnchor,
        `${missing.length} held ${col}(s) have no ETF in sector_etf_mapping and stay unhedged under the ETF method: ${sample(missing)}. Add an ETF for each${
          Object.keys(suggested).length
            ? ` (e.g. ${Object.entries(suggested)
                .slice(0, 3)
                .map(([g, t]) => `"${g}": "${t}"`)
                .join(', ')})`
            : ''
        }, or use "sector_hedge_method": "proportional".`,
        ['sector_etf_mapping'],
        { sectors: missing, suggestedMapping: suggested },
      );
    }
  }
}

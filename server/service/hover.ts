// Hover: the schema's description and default for keys; for a ticker its sector,
// coverage, last price and missing days; for a sector its stocks and its ETF.
import path from 'node:path';
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver-types';
import { nodeRange, numberValue } from './configModel';
import { nodeSpot } from './cursor';
import { describeKey, schemaAt } from './schemaInfo';
import { formatMoney, formatPrice, groupOf, isEtfLike, tickerInfo, type DataView } from './dataView';
import type { Snapshot } from './snapshot';
import { expressionNames } from './expressionVariables';

const GROUP_OBJECTS = new Set(['sector_target_exposures', 'sector_etf_mapping']);

export function hover(snap: Snapshot, position: Position): Hover | null {
  const offset = snap.doc.offsetAt(position);
  const spot = nodeSpot(snap.model, offset);
  if (!spot) return null;
  const { node, path: p, isKey } = spot;
  const range = nodeRange(snap.doc, node);
  const top = String(p[0] ?? '');
  let value: string | undefined;
  if (isKey && GROUP_OBJECTS.has(top) && p.length === 2) {
    value = sectorMarkdown(snap.view, String(p[1]));
  } else if (isKey && top === 'inputs' && p.length === 4) {
    // A ticker of inline weights/signals: {"inputs": {"weights": {"DATE": {"TICKER": w}}}}.
    value = tickerMarkdown(snap.view, String(p[3]));
  } else if (isKey) {
    value = describeKey(p);
  } else if (
    node.type === 'string' &&
    ((top === 'sector_etf_mapping' && p.length === 2) || (top === 'beta_hedge_instrument' && p.length === 1))
  ) {
    value = tickerMarkdown(snap.view, String(node.value));
  } else if (!isKey && node.type === 'string' && top === 'inputs' && p.length === 4 && p[3] === 'ticker') {
    value = tickerMarkdown(snap.view, String(node.value));
  } else if (top === 'sector_target_exposures' && p.length === 2 && node.type === 'string') {
    return expressionHover(snap, node, offset) ?? null;
  } else if (top === 'sector_target_exposures' && p.length === 2 && node.type === 'number') {
    const cash = numberValue(snap.model, 'initial_cash', Number(schemaAt(['initial_cash'])?.default ?? 0));
    const v = Number(node.value);
    value = `Target **${(v * 100).toFixed(1)}%** of the exposure basis for ${String(p[1])}: about ${formatMoney(v * cash)} at initial_cash ${formatMoney(cash)}.`;
  } else if (p.length >= 1) {
    value = describeKey(p);
  }
  return value ? { contents: { kind: MarkupKind.Markdown, value }, range } : null;
}

/** Inside a dynamic-target expression: what the variable (or function) under the cursor means. */
function expressionHover(snap: Snapshot, node: { offset: number; length: number }, offset: number): Hover | undefined {
  const text = snap.doc.getText();
  let s = offset;
  let e = offset;
  while (s > node.offset + 1 && /[A-Za-z0-9_]/.test(text[s - 1])) s--;
  while (e < node.offset + node.length - 1 && /[A-Za-z0-9_]/.test(text[e])) e++;
  const word = text.slice(s, e);
  const v = expressionNames().find((x) => x.name === word);
  if (!v) return undefined;
  const value = v.isFunction
    ? v.description
    : `**${v.name}** (dynamic-target variable)\n\n${v.description}${v.example !== undefined ? `\n\nExample value: \`${v.example}\`` : ''}`;
  return { contents: { kind: MarkupKind.Markdown, value }, range: { start: snap.doc.positionAt(s), end: snap.doc.positionAt(e) } };
}

export function tickerMarkdown(view: DataView, ticker: string): string {
  const prices = view.prices;
  if (!prices) return `**${ticker}**\n\nThe price file is not loaded yet.`;
  const info = tickerInfo(prices, ticker);
  const file = path.basename(prices.file);
  if (!info) return `**${ticker}**: no column in ${file}. Add its prices or pick a ticker that has them.`;
  const group = groupOf(view, ticker);
  const kind = group
    ? `${group} (${view.groupColumn})`
    : isEtfLike(view, ticker)
      ? 'ETF / instrument (not in the sector mapping)'
      : 'unmapped';
  const lines = [
    `**${ticker}**: ${kind}`,
    `- prices: ${info.firstDate ?? '-'} .. ${info.lastDate ?? '-'} in ${file}`,
    `- last price: ${info.lastPrice !== undefined ? formatPrice(info.lastPrice) : '-'}${info.lastDate ? ` on ${info.lastDate}` : ''}`,
    `- missing days: ${info.missingDays}${info.missingDays ? ' (valued at the last known price, not tradable those days)' : ''}`,
  ];
  const sectors = Object.entries(view.etfMapping)
    .filter(([, e]) => e === ticker)
    .map(([s]) => s);
  if (sectors.length) lines.push(`- hedges: ${sectors.join(', ')}`);
  const history = view.mapping?.history?.get(ticker);
  if (history) {
    lines.push(`- ${view.groupColumn} history (point-in-time mapping, dates inclusive):`);
    for (const r of history)
      lines.push(`  - ${r.validFrom ?? '(open)'} .. ${r.validTo ?? '(open)'}: ${r.values[view.groupColumn] || '(none)'}`);
  }
  return lines.join('\n');
}

export function sectorMarkdown(view: DataView, sector: string): string {
  const g = view.groups.get(sector);
  const etf = view.etfMapping[sector];
  const lines: string[] = [];
  if (!view.mapping) lines.push(`**${sector}**\n\nThe sector mapping is not loaded yet.`);
  else if (!g) lines.push(`**${sector}**: not a ${view.groupColumn} in ${path.basename(view.mapping.file)}.`);
  else {
    const shown = g.tickers.slice(0, 40).join(', ');
    lines.push(`**${sector}**: ${g.tickers.length} stock${g.tickers.length === 1 ? '' : 's'} in ${path.basename(view.mapping.file)}`);
    lines.push(`${shown}${g.tickers.length > 40 ? `, ... (${g.tickers.length - 40} more)` : ''}`);
  }
  if (etf) {
    const info = view.prices ? tickerInfo(view.prices, etf) : undefined;
    lines.push(
      `ETF: **${etf}**${info ? ` (prices ${info.firstDate ?? '-'} .. ${info.lastDate ?? '-'}, last ${info.lastPrice !== undefined ? formatPrice(info.lastPrice) : '-'})` : view.prices ? ' (no prices in the price file)' : ''}`,
    );
  } else {
    lines.push('ETF: none in sector_etf_mapping (the ETF method leaves this sector unhedged).');
  }
  return lines.join('\n\n');
}

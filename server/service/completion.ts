// Data-aware completion: sector names from the mapping, tickers from the price file
// (ETFs first), expression variables inside string targets, dates inside the data
// range and data file paths. Everything else (keys with docs and snippets, enum
// values) comes from the JSON language service over the schema.
import path from 'node:path';
import {
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  type CompletionItem,
  type CompletionList,
  type Position,
  type Range,
} from 'vscode-languageserver-types';
import { completionSpot, type CompletionSpot } from './cursor';
import { isEtfLike, groupOf, formatPrice, type DataView } from './dataView';
import { expressionNames } from './expressionVariables';
import type { Snapshot } from './snapshot';
import type { PriceTable } from '../../engine/types';
import { defaultOf } from '../../engine/config/schema';
import { KNOWN_GROUP_ETFS, MARKET_INSTRUMENTS } from '../../engine/validate';

const GROUP_OBJECTS = new Set(['sector_target_exposures', 'sector_etf_mapping']);
const TICKER_KEYS = new Set(['beta_hedge_instrument']);
const DATE_KEYS = new Set(['start_date', 'end_date']);

function snippetEscape(s: string): string {
  return s.replace(/[\\$}]/g, (c) => '\\' + c);
}

/** Custom completions at the cursor, or undefined to defer to the schema completion. */
export function dataCompletions(snap: Snapshot, position: Position): CompletionList | undefined {
  const offset = snap.doc.offsetAt(position);
  const spot = completionSpot(snap.model, offset);
  const p = spot.path;
  const top = typeof p[0] === 'string' ? p[0] : undefined;
  if (!top) return undefined;
  if (GROUP_OBJECTS.has(top) && p.length === 2 && spot.isKey) return groupKeyItems(snap, spot, top);
  if (top === 'sector_target_exposures' && p.length === 2 && !spot.isKey && spot.node) return expressionItems(snap, spot, offset);
  if (top === 'sector_etf_mapping' && p.length === 2 && !spot.isKey) return tickerItems(snap.view, spot, String(p[1]));
  if (TICKER_KEYS.has(top) && p.length === 1 && !spot.isKey)
    return tickerItems(snap.view, spot, undefined, defaultOf('beta_hedge_instrument'));
  if (DATE_KEYS.has(top) && p.length === 1 && !spot.isKey) return dateItems(snap.view, spot, top);
  if (top === 'hedge_group_column' && p.length === 1 && !spot.isKey) return columnItems(snap.view, spot);
  const pathKind = pathKeyKind(p);
  if (pathKind && !spot.isKey) return pathItems(snap, spot, pathKind);
  return undefined;
}

type PathKind = { base: 'config' | 'data'; dirsOnly: boolean };

function pathKeyKind(p: (string | number)[]): PathKind | undefined {
  if (p.length === 1 && p[0] === 'data_dir') return { base: 'config', dirsOnly: true };
  if (p.length === 1 && (p[0] === 'prices_file' || p[0] === 'sector_mapping_file')) return { base: 'data', dirsOnly: false };
  if (p.length === 2 && p[0] === 'inputs' && ['weights', 'signals', 'orders', 'positions'].includes(String(p[1])))
    return { base: 'config', dirsOnly: false };
  return undefined;
}

function valueEdit(spot: CompletionSpot, text: string): { range: Range; newText: string } {
  return { range: spot.replace, newText: text };
}

/** What the client matches the typed text against: the quoted form inside a string, else the bare name. */
function filterFor(spot: CompletionSpot, name: string): string {
  return spot.node ? JSON.stringify(name) : name;
}

function groupKeyItems(snap: Snapshot, spot: CompletionSpot, objectKey: string): CompletionList {
  const view = snap.view;
  const existing = new Set<string>();
  const obj = snap.model.value[objectKey];
  if (obj && typeof obj === 'object') for (const k of Object.keys(obj)) existing.add(k);
  if (spot.node) existing.delete(String(spot.node.value));
  const names: { name: string; count: number | undefined; stocks: string[] }[] = [];
  if (view.groups.size) {
    for (const g of view.groups.values()) names.push({ name: g.name, count: g.tickers.length, stocks: g.tickers });
  } else {
    // No mapping loaded (yet): offer the ETF mapping's sectors so the user is not left empty-handed.
    for (const name of Object.keys(view.etfMapping)) names.push({ name, count: undefined, stocks: [] });
  }
  const items: CompletionItem[] = [];
  for (const { name, count, stocks } of names) {
    if (existing.has(name)) continue;
    const etf = view.etfMapping[name];
    const quoted = JSON.stringify(name);
    const valueSnippet = objectKey === 'sector_target_exposures' ? '${1:0.0}' : `"\${1:${snippetEscape(etf ?? '')}}"`;
    const newText = spot.hasColon ? snippetEscape(quoted) : `${snippetEscape(quoted)}: ${valueSnippet}`;
    const doc =
      count === undefined
        ? `Sector from the ETF mapping (the sector mapping file is not loaded).`
        : `**${name}**: ${count} stock${count === 1 ? '' : 's'} in ${path.basename(view.mapping?.file ?? 'the mapping')} (column \`${view.groupColumn}\`)\n\n${stocks.slice(0, 30).join(', ')}${stocks.length > 30 ? `, ... (${stocks.length - 30} more)` : ''}\n\nETF: ${etf ?? 'none mapped'}`;
    items.push({
      label: name,
      kind: CompletionItemKind.EnumMember,
      detail: count === undefined ? `ETF ${etf ?? '-'}` : `${count} stock${count === 1 ? '' : 's'}${etf ? ` · ETF ${etf}` : ' · no ETF'}`,
      documentation: { kind: MarkupKind.Markdown, value: doc },
      filterText: filterFor(spot, name),
      insertTextFormat: InsertTextFormat.Snippet,
      textEdit: valueEdit(spot, newText),
    });
  }
  return { isIncomplete: !view.mapping, items };
}

function expressionItems(_snap: Snapshot, spot: CompletionSpot, offset: number): CompletionList | undefined {
  const node = spot.node;
  if (!node || node.type !== 'string') return undefined;
  const text = spot.typed;
  const m = /[A-Za-z_][A-Za-z0-9_]*$/.exec(text);
  const wordStart = offset - (m ? m[0].length : 0);
  const range = { start: _snap.doc.positionAt(wordStart), end: _snap.doc.positionAt(offset) };
  const items: CompletionItem[] = expressionNames().map((v) => ({
    label: v.name,
    kind: v.isFunction ? CompletionItemKind.Function : CompletionItemKind.Variable,
    detail: v.isFunction ? 'function' : `dynamic-target variable${v.example !== undefined ? ` (e.g. ${v.example})` : ''}`,
    documentation: { kind: MarkupKind.Markdown, value: v.description },
    sortText: (v.isFunction ? '1' : '0') + v.name,
    insertTextFormat: v.isFunction ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    textEdit: { range, newText: v.isFunction ? `${v.name}($1)` : v.name },
  }));
  return { isIncomplete: false, items };
}

/** Above this many tickers, completion answers a prefix-filtered, capped list marked incomplete. */
const FULL_LIST_MAX = 500;
/** Most ticker items one response carries when filtering. */
const FILTERED_CAP = 200;

/** The per-ticker text that depends only on the price table: built once per loaded table. */
interface TickerRow {
  ticker: string;
  upper: string;
  range: string;
  lastPrice: string;
}
const tickerRowsByTable = new WeakMap<PriceTable, TickerRow[]>();

function tickerRows(prices: PriceTable): TickerRow[] {
  let rows = tickerRowsByTable.get(prices);
  if (rows) return rows;
  rows = new Array<TickerRow>(prices.tickers.length);
  for (let j = 0; j < prices.tickers.length; j++) {
    const t = prices.tickers[j];
    const first = prices.firstIndex[j];
    const last = prices.lastIndex[j];
    rows[j] = {
      ticker: t,
      upper: t.toUpperCase(),
      range: first >= 0 ? `${prices.dates[first]}..${prices.dates[last]}` : 'no prices',
      lastPrice: last >= 0 ? formatPrice(prices.columns[j][last]) : '-',
    };
  }
  tickerRowsByTable.set(prices, rows);
  return rows;
}

function tickerItems(view: DataView, spot: CompletionSpot, sector: string | undefined, preferred?: string): CompletionList {
  const prices = view.prices;
  if (!prices) return { isIncomplete: true, items: [] };
  const defaultEtf = sector ? view.etfMapping[sector] : preferred;
  // Well-known ETFs of this sector (SPDR, Vanguard, industry) rank right after the mapped one.
  const known = new Set<string>(sector ? (KNOWN_GROUP_ETFS[sector] ?? []) : MARKET_INSTRUMENTS);
  const all = tickerRows(prices);
  // A whole market (thousands of tickers) is too much to send on every keystroke: send
  // the tickers starting with what is typed, and let the client ask again as it grows.
  const filtering = all.length > FULL_LIST_MAX;
  const prefix = spot.typed.replace(/^"/, '').toUpperCase();
  const rows = filtering ? all.filter((r) => r.upper.startsWith(prefix)) : all;
  const ranked = rows.map((r) => {
    const etf = isEtfLike(view, r.ticker);
    const rank = r.ticker === defaultEtf ? '0' : known.has(r.ticker) ? '1' : etf ? '2' : '3';
    return { r, etf, sortText: `${rank}${r.ticker}` };
  });
  ranked.sort((a, b) => (a.sortText < b.sortText ? -1 : a.sortText > b.sortText ? 1 : 0));
  const kept = filtering ? ranked.slice(0, FILTERED_CAP) : ranked;
  const items: CompletionItem[] = kept.map(({ r, etf, sortText }) => ({
    label: r.ticker,
    kind: etf ? CompletionItemKind.Constant : CompletionItemKind.Value,
    detail: `${etf ? 'ETF/instrument' : `${groupOf(view, r.ticker) ?? 'unmapped'} stock`} · ${r.range} · last ${r.lastPrice}`,
    sortText,
    filterText: filterFor(spot, r.ticker),
    textEdit: valueEdit(spot, JSON.stringify(r.ticker)),
  }));
  return { isIncomplete: filtering, items };
}

function dateItems(view: DataView, spot: CompletionSpot, key: string): CompletionList {
  const prices = view.prices;
  if (!prices || !prices.dates.length) return { isIncomplete: true, items: [] };
  const dates = prices.dates;
  const file = path.basename(prices.file);
  const picks = new Map<string, string>();
  const isStart = key === 'start_date';
  if (isStart) picks.set(dates[0], `first date in ${file}`);
  else picks.set(dates[dates.length - 1], `last date in ${file}`);
  // Year boundaries inside the data: first trading day of each year for start_date, last for end_date.
  for (let i = 1; i < dates.length; i++) {
    if (dates[i].slice(0, 4) === dates[i - 1].slice(0, 4)) continue;
    const d = isStart ? dates[i] : dates[i - 1];
    if (!picks.has(d)) picks.set(d, isStart ? `first trading day of ${d.slice(0, 4)}` : `last trading day of ${d.slice(0, 4)}`);
  }
  if (isStart) picks.set(dates[dates.length - 1], `last date in ${file}`);
  else if (!picks.has(dates[0])) picks.set(dates[0], `first date in ${file}`);
  const items: CompletionItem[] = [];
  let n = 0;
  for (const [d, why] of picks) {
    items.push({
      label: d,
      kind: CompletionItemKind.Value,
      detail: why,
      documentation: `Data covers ${dates[0]} .. ${dates[dates.length - 1]} (${dates.length} trading days).`,
      sortText: String(n++).padStart(4, '0'),
      filterText: filterFor(spot, d),
      textEdit: valueEdit(spot, JSON.stringify(d)),
    });
  }
  return { isIncomplete: false, items };
}

function columnItems(view: DataView, spot: CompletionSpot): CompletionList {
  const cols = view.mapping?.columns.filter((c) => c.toLowerCase() !== 'ticker') ?? ['sector', 'industry'];
  return {
    isIncomplete: !view.mapping,
    items: cols.map((c) => ({
      label: c,
      kind: CompletionItemKind.EnumMember,
      detail: view.mapping ? `column of ${path.basename(view.mapping.file)}` : 'mapping not loaded',
      filterText: filterFor(spot, c),
      textEdit: valueEdit(spot, JSON.stringify(c)),
    })),
  };
}

const DATA_FILE = /\.(csv|tsv|txt|parquet)$/i;

function pathItems(snap: Snapshot, spot: CompletionSpot, kind: PathKind): CompletionList {
  const base = kind.base === 'config' ? snap.model.paths.configDir : snap.model.paths.dataDir;
  const typed = spot.typed.replace(/\\/g, '/');
  const slash = typed.lastIndexOf('/');
  const dirPart = slash >= 0 ? typed.slice(0, slash + 1) : '';
  const dir = path.resolve(base, dirPart || '.');
  const entries = snap.env.listDirectory(dir) ?? [];
  const items: CompletionItem[] = [];
  if (!dirPart || /(^|\/)\.\.\/$/.test(dirPart) || dirPart === './') {
    items.push({
      label: '../',
      kind: CompletionItemKind.Folder,
      sortText: '2..',
      filterText: filterFor(spot, dirPart + '../'),
      textEdit: valueEdit(spot, JSON.stringify(dirPart + '../')),
      command: { title: 'Suggest', command: 'editor.action.triggerSuggest' },
    });
  }
  // Data first: data files, then folders holding data (for data_dir), other folders, and
  // last any other file (never a config of ours: it is not data).
  const rank = (e: { name: string; isDirectory: boolean }): string => {
    if (!e.isDirectory) return DATA_FILE.test(e.name) ? '0' : '3';
    if (!kind.dirsOnly) return '1';
    const inside = snap.env.listDirectory(path.join(dir, e.name)) ?? [];
    return inside.some((f) => !f.isDirectory && DATA_FILE.test(f.name)) ? '0' : '1';
  };
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    if (
      !e.isDirectory &&
      (kind.dirsOnly || !/\.(csv|json|jsonc|tsv|txt|parquet)$/i.test(e.name) || /\.backtest\.jsonc$|\.sweep\.jsonc$/i.test(e.name))
    )
      continue;
    const rel = dirPart + e.name + (e.isDirectory ? '/' : '');
    items.push({
      label: e.name + (e.isDirectory ? '/' : ''),
      kind: e.isDirectory ? CompletionItemKind.Folder : CompletionItemKind.File,
      detail: path.join(dir, e.name),
      sortText: rank(e) + e.name,
      filterText: filterFor(spot, rel),
      textEdit: valueEdit(spot, JSON.stringify(kind.dirsOnly && e.isDirectory ? rel.replace(/\/$/, '') : rel)),
      command: e.isDirectory && !kind.dirsOnly ? { title: 'Suggest', command: 'editor.action.triggerSuggest' } : undefined,
    });
  }
  return { isIncomplete: false, items };
}

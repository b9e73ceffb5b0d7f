// Data-aware checks of a config (issue 3): everything that needs the price file, the
// sector mapping or the strategy's inputs. Each check adds diagnostics with a precise
// range and the data a code action needs.
import path from 'node:path';
import type { ConfigDiagnostic, DataAccess, DataErrorInfo, LoadState, PriceTable, SectorMapping, Severity, Range } from '../types';
import { backtestSchema } from '../config/schema';
import { nearest } from '../config/nearest';
import { resolveConfigPaths, type ResolvedConfigPaths } from '../config/paths';
import { USE_CASE_NAMES, USE_CASE_INPUT, type UseCase } from '../config/options';
import { isIsoDate } from '../data/csv';
import { datedValuesFromJson } from '../data/datedValues';
import { ordersFromJson } from '../data/orders';
import { toDataErrorInfo } from '../data/errors';
import { sample } from '../data/prices';
import { columnHoldingGroups } from '../data/groupColumns';
import { compileExpression, ExpressionError } from '../expressions/compile';
import { KNOWN_GROUP_ETFS, MARKET_INSTRUMENTS } from './knownEtfs';
import { checkDataQuality } from './dataQualityChecks';
import { firstExistingValueRange, type ConfigDocument, type JsonPath } from './document';

export interface CheckContext {
  doc: ConfigDocument;
  file: string;
  data: DataAccess;
  workspaceRoot?: string;
  out: ConfigDiagnostic[];
}

const DEFAULT_ETF_MAPPING = (backtestSchema.properties?.sector_etf_mapping?.default ?? {}) as Record<string, string>;
const TARGET_WARN = 0.2;

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** The config as the engine will see it, read defensively from a possibly invalid document. */
interface Effective {
  sectorHedge: boolean;
  method: 'etf' | 'proportional';
  etfMapping: Record<string, string>;
  explicitMapping: boolean;
  targets: Record<string, unknown>;
  groupColumn: string;
  betaHedge: boolean;
  instrument: string;
  instrumentExplicit: boolean;
  useCase: UseCase | null;
  start?: string;
  end?: string;
  usesMarketVariables: boolean;
}

function effective(c: Record<string, unknown>): Effective {
  const mapping = isObj(c.sector_etf_mapping) ? c.sector_etf_mapping : null;
  const etfMapping: Record<string, string> = {};
  for (const [k, v] of Object.entries(mapping ?? DEFAULT_ETF_MAPPING)) if (typeof v === 'string' && v) etfMapping[k] = v;
  const uc = typeof c.use_case === 'string' ? USE_CASE_NAMES[c.use_case as keyof typeof USE_CASE_NAMES] : c.use_case;
  const targets = isObj(c.sector_target_exposures) ? c.sector_target_exposures : {};
  return {
    sectorHedge: c.enable_sector_hedge === true,
    method: c.sector_hedge_method === 'proportional' ? 'proportional' : 'etf',
    etfMapping,
    explicitMapping: !!mapping,
    targets,
    groupColumn: typeof c.hedge_group_column === 'string' && c.hedge_group_column ? c.hedge_group_column : 'sector',
    betaHedge: c.enable_beta_hedge === true,
    instrument: typeof c.beta_hedge_instrument === 'string' && c.beta_hedge_instrument ? c.beta_hedge_instrument : 'SPY',
    instrumentExplicit: typeof c.beta_hedge_instrument === 'string',
    useCase: uc === 1 || uc === 2 || uc === 3 ? uc : uc === undefined ? 2 : null,
    start: typeof c.start_date === 'string' && isIsoDate(c.start_date) ? c.start_date : undefined,
    end: typeof c.end_date === 'string' && isIsoDate(c.end_date) ? c.end_date : undefined,
    usesMarketVariables: Object.values(targets).some((v) => typeof v === 'string' && /market_/.test(v)),
  };
}

function push(ctx: CheckContext, code: string, severity: Severity, range: Range, message: string, pathArr?: JsonPath, data?: Record<string, unknown>): void {
  ctx.out.push({ code, severity, file: ctx.file, range, message, ...(pathArr ? { path: pathArr.map(String).join('.') } : {}), ...(data ? { data } : {}) });
}

const rel = (ctx: CheckContext, p: string) => {
  const r = path.relative(path.dirname(ctx.file), p);
  return r && !r.startsWith('..') && !path.isAbsolute(r) ? r : p;
};

/** A data-file problem, anchored on the config key that names the file. */
function reportLoadError(ctx: CheckContext, what: string, error: DataErrorInfo, anchor: Range, pathArr: JsonPath | undefined, file: string): void {
  const missing = error.code === 'file-not-found' || error.code === 'file-unreadable' || error.code === 'file-too-large';
  const located = error.line !== undefined ? `${rel(ctx, error.file)}:${error.line}${error.column !== undefined ? `:${error.column}` : ''}: ` : `${rel(ctx, error.file)}: `;
  const detail = error.detail ?? error.message;
  push(ctx, missing ? 'data-file-missing' : 'data-file-invalid', 'error', anchor,
    missing ? `${what} ${file}: ${detail}${error.fix ? ` ${error.fix}` : ''}` : `${what}: ${located}${detail}${error.fix ? ` Fix: ${error.fix}` : ''}`,
    pathArr, { file, reason: detail, dataCode: error.code, ...(error.line !== undefined ? { line: error.line, column: error.column } : {}) });
}

function ready<T>(s: LoadState<T>): T | undefined {
  return s.state === 'ready' ? s.value : undefined;
}

export function runDataChecks(ctx: CheckContext, configPath: string): void {
  const { doc } = ctx;
  const c = doc.config;
  const eff = effective(c);
  const paths = resolveConfigPaths(c, configPath);

  checkWorkspace(ctx, paths);
  checkTargetsStatic(ctx, eff);

  // Prices and mapping.
  const pricesAnchorPath: JsonPath = doc.valueNode(['prices_file']) ? ['prices_file'] : ['data_dir'];
  const pricesState = ctx.data.prices(paths.prices);
  if (pricesState.state === 'error') reportLoadError(ctx, 'Price file', pricesState.error, firstExistingValueRange(doc, [['prices_file'], ['data_dir']]), pricesAnchorPath, paths.prices);
  const mappingState = ctx.data.mapping(paths.sectorMapping);
  const mappingAnchorPath: JsonPath = doc.valueNode(['sector_mapping_file']) ? ['sector_mapping_file'] : ['data_dir'];
  if (mappingState.state === 'error') reportLoadError(ctx, 'Sector mapping', mappingState.error, firstExistingValueRange(doc, [['sector_mapping_file'], ['data_dir']]), mappingAnchorPath, paths.sectorMapping);
  const prices = ready(pricesState);
  const mapping = ready(mappingState);

  // Inputs.
  const inputTickers = loadInputTickers(ctx, c, eff, paths);

  if (prices) checkDates(ctx, eff, prices);
  let groups: Map<string, string[]> | undefined;
  if (mapping) {
    groups = groupsOf(ctx, mapping, eff);
    if (groups) checkSectorNames(ctx, eff, groups, prices, mapping);
  }
  if (prices) {
    checkEtfs(ctx, eff, prices, mapping, groups, inputTickers);
    checkInstrument(ctx, eff, prices, mapping);
    checkDataQuality({
      doc, file: ctx.file, out: ctx.out, prices, mapping, window: runWindow(eff, prices),
      pricesAnchor: { range: firstExistingValueRange(doc, [['prices_file'], ['data_dir']]), path: pricesAnchorPath },
      etfMapping: eff.sectorHedge && eff.method === 'etf' ? eff.etfMapping : {},
      instrument: eff.betaHedge || eff.usesMarketVariables ? eff.instrument : undefined,
    });
  }
  if (mapping && inputTickers) checkInputTickers(ctx, eff, mapping, prices, inputTickers);
  if (groups && eff.sectorHedge) checkMissingTargets(ctx, eff, groups, mapping!, inputTickers, prices);
}

// --- paths ---------------------------------------------------------------------

function checkWorkspace(ctx: CheckContext, paths: ResolvedConfigPaths): void {
  if (!ctx.workspaceRoot) return;
  const root = path.resolve(ctx.workspaceRoot);
  const outside = (p: string) => { const r = path.relative(root, p); return r.startsWith('..') || path.isAbsolute(r); };
  const entries: [JsonPath, string][] = [
    [['data_dir'], paths.dataDir], [['prices_file'], paths.prices], [['sector_mapping_file'], paths.sectorMapping],
    ...(['weights', 'signals', 'orders'] as const).filter((k) => paths.inputs[k]).map((k) => [['inputs', k], paths.inputs[k]!] as [JsonPath, string]),
  ];
  for (const [p, abs] of entries) {
    const node = ctx.doc.valueNode(p);
    if (!node || node.type !== 'string' || !outside(abs)) continue;
    push(ctx, 'path-outside-workspace', 'warning', ctx.doc.nodeRange(node),
      `${p.join('.')} resolves to ${abs}, outside the workspace (${root}). Keep data inside the workspace so the config works for others.`, p, { resolved: abs });
  }
}

// --- targets -------------------------------------------------------------------

/** Values an expression is tried on once: a calm market on the run's first day. */
const TYPICAL_VARIABLES: Record<string, number> = { market_vol_21d: 0.2, market_return_63d: 0, portfolio_drawdown: 0, days_since_start: 0 };

function typicalFailure(message: string): string {
  const m = /gives (.+?); a target must be/.exec(message);
  return m ? `gives ${m[1]}` : `cannot be evaluated (${message.replace(/\.$/, '')})`;
}

function fixCompiles(source: string, offset: number, length: number, replacement: string): boolean {
  try { compileExpression(source.slice(0, offset) + replacement + source.slice(offset + length)); return true; } catch { return false; }
}

function checkTargetsStatic(ctx: CheckContext, eff: Effective): void {
  for (const [sector, t] of Object.entries(eff.targets)) {
    const p: JsonPath = ['sector_target_exposures', sector];
    const node = ctx.doc.valueNode(p);
    if (!node) continue;
    if (typeof t === 'number') {
      if (Math.abs(t) > TARGET_WARN && Math.abs(t) <= 1) {
        push(ctx, 'target-large', 'warning', ctx.doc.nodeRange(node),
          `Target ${t} for ${sector} is outside the usual -0.2..0.2: the hedge will be large relative to the book (the guide's "Large Hedge Positions"). Check the value; ${t} means ${(t * 100).toFixed(0)}% of the basis.`, p);
      }
      continue;
    }
    if (typeof t !== 'string') continue;
    try {
      const compiled = compileExpression(t);
      // Once on typical values (calm market, no drawdown, first day): a result that is not a
      // finite number (1/0, a complex sqrt) would keep the previous target during the run.
      try {
        compiled.evaluate(TYPICAL_VARIABLES);
      } catch (err) {
        if (!(err instanceof ExpressionError)) throw err;
        push(ctx, 'expression-value', 'warning', ctx.doc.nodeRange(node),
          `Target expression for ${sector} ${typicalFailure(err.message)} with typical values (${Object.entries(TYPICAL_VARIABLES).map(([k, v]) => `${k} ${v}`).join(', ')}); on such days the run keeps the previous target. Make it a finite number for every input.`, p);
      }
    } catch (err) {
      if (!(err instanceof ExpressionError)) throw err;
      // Narrow the range to the offending token when the string has no escapes.
      const raw = ctx.doc.text.slice(node.offset + 1, node.offset + node.length - 1);
      let range = ctx.doc.nodeRange(node);
      if (raw === t && err.offset !== undefined) range = ctx.doc.rangeAt(node.offset + 1 + err.offset, Math.max(1, err.length ?? 1));
      // A quick fix is offered only when the expression it produces is itself valid.
      const suggestion = err.suggestion && err.offset !== undefined && fixCompiles(t, err.offset, err.length ?? 0, err.suggestion) ? err.suggestion : undefined;
      const message = err.suggestion && !suggestion ? err.message.replace(/ Did you mean "[^"]*"\?/, '') : err.message;
      push(ctx, 'expression-invalid', 'error', range, `Target expression for ${sector}: ${message}`, p,
        suggestion ? { replacement: suggestion, symbol: err.symbol } : err.symbol ? { symbol: err.symbol } : undefined);
    }
  }
}

// --- dates ---------------------------------------------------------------------

function checkDates(ctx: CheckContext, eff: Effective, prices: PriceTable): void {
  const first = prices.dates[0], last = prices.dates[prices.dates.length - 1];
  const rangeMsg = `The prices cover ${first}..${last}.`;
  if (eff.start && eff.end && eff.start > eff.end) return; // reported as dates-reversed
  const s = ctx.doc.valueNode(['start_date']), e = ctx.doc.valueNode(['end_date']);
  if (eff.start && s) {
    if (eff.start > last) push(ctx, 'date-outside-data', 'error', ctx.doc.nodeRange(s), `start_date ${eff.start} is after the last price (${last}): no trading days. ${rangeMsg}`, ['start_date'], { first, last });
    else if (eff.start < first) push(ctx, 'date-outside-data', 'warning', ctx.doc.nodeRange(s), `start_date ${eff.start} is before the first price (${first}); the run starts at ${first}. ${rangeMsg}`, ['start_date'], { first, last, replacement: JSON.stringify(first) });
  }
  if (eff.end && e) {
    if (eff.end < first) push(ctx, 'date-outside-data', 'error', ctx.doc.nodeRange(e), `end_date ${eff.end} is before the first price (${first}): no trading days. ${rangeMsg}`, ['end_date'], { first, last });
    else if (eff.end > last) push(ctx, 'date-outside-data', 'warning', ctx.doc.nodeRange(e), `end_date ${eff.end} is after the last price (${last}); the run ends at ${last}. ${rangeMsg}`, ['end_date'], { first, last, replacement: JSON.stringify(last) });
  }
}

/** First and last trading-day index of the run (clipped to the data). */
function runWindow(eff: Effective, prices: PriceTable): [number, number] {
  const d = prices.dates;
  let a = 0, b = d.length - 1;
  if (eff.start) { while (a < d.length && d[a] < eff.start) a++; }
  if (eff.end) { while (b >= 0 && d[b] > eff.end) b--; }
  return [a, b];
}

// --- sectors -------------------------------------------------------------------

/** Hedge group -> member tickers (stocks only: ETF/instrument rows excluded), or undefined when the column is missing. */
function groupsOf(ctx: CheckContext, mapping: SectorMapping, eff: Effective): Map<string, string[]> | undefined {
  const col = eff.groupColumn.toLowerCase();
  if (!mapping.columns.includes(col)) {
    const candidates = mapping.columns.filter((x) => x !== 'ticker');
    const replacement = nearest(col, candidates);
    const node = ctx.doc.valueNode(['hedge_group_column']);
    push(ctx, 'missing-group-column', 'error', node ? ctx.doc.nodeRange(node) : firstExistingValueRange(ctx.doc, [['sector_mapping_file'], ['data_dir'], ['enable_sector_hedge']]),
      `hedge_group_column "${eff.groupColumn}" is not a column of ${path.basename(mapping.file)} (columns: ${candidates.join(', ')}).${replacement ? ` Did you mean "${replacement}"?` : ''}`,
      ['hedge_group_column'], replacement ? { replacement: JSON.stringify(replacement), columns: candidates } : { columns: candidates });
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

function checkSectorNames(ctx: CheckContext, eff: Effective, groups: Map<string, string[]>, prices: PriceTable | undefined, mapping: SectorMapping): void {
  const names = [...groups.keys()];
  const mappingName = path.basename(mapping.file);
  const checkKey = (container: 'sector_target_exposures' | 'sector_etf_mapping', sector: string) => {
    const p: JsonPath = [container, sector];
    const key = ctx.doc.keyNode(p);
    if (!key) return;
    const range = ctx.doc.nodeRange(key);
    const members = groups.get(sector);
    if (!members) {
      // Not a value of this column, but of another one (the guide's industry-level example
      // without hedge_group_column): suggest switching the column rather than a typo fix.
      const alt = columnHoldingGroups(mapping, [sector], eff.groupColumn);
      if (alt) {
        push(ctx, container === 'sector_target_exposures' ? 'unknown-sector' : 'sector-without-stocks', container === 'sector_target_exposures' ? 'error' : 'warning', range,
          `No stock in ${mappingName} has ${eff.groupColumn} "${sector}", but "${sector}" is a value of its "${alt.column}" column. Set "hedge_group_column": "${alt.column}" to hedge by ${alt.column}.`,
          p, { sector, groupColumn: alt.column });
        return;
      }
      const replacement = nearest(sector, names);
      // A far-off name in an ETF mapping is usually a sector this data simply lacks (e.g. the
      // full SPDR table over a tech-only universe): say it has no effect rather than "typo".
      if (container === 'sector_etf_mapping' && !replacement) {
        push(ctx, 'sector-without-stocks', 'warning', range, `No stock in ${mappingName} has ${eff.groupColumn} "${sector}"; this mapping entry has no effect. Remove it, or add the sector's stocks to the mapping.`, p, { sector });
        return;
      }
      push(ctx, 'unknown-sector', container === 'sector_target_exposures' ? 'error' : 'warning', range,
        `${eff.groupColumn === 'sector' ? 'Sector' : `${eff.groupColumn} group`} "${sector}" is not in ${mappingName}.${replacement ? ` Did you mean "${replacement}"?` : ''} Known: ${sample(names, 11)}.`,
        p, { sector, available: names, ...(replacement ? { replacement: JSON.stringify(replacement) } : {}) });
      return;
    }
    if (prices && !members.some((t) => prices.index.has(t))) {
      push(ctx, 'sector-without-stocks', 'warning', range, `None of the ${members.length} stock(s) mapped to "${sector}" has a column in ${path.basename(prices.file)}; this entry has no effect.`, p, { sector });
    }
  };
  for (const s of Object.keys(eff.targets)) checkKey('sector_target_exposures', s);
  if (eff.explicitMapping) for (const s of Object.keys(eff.etfMapping)) checkKey('sector_etf_mapping', s);
}

/** Groups the strategy holds: those of the input tickers, else every group with a priced stock. */
function heldGroups(groups: Map<string, string[]>, mapping: SectorMapping, col: string, inputTickers: Set<string> | undefined, prices: PriceTable | undefined): string[] {
  if (inputTickers) {
    const held = new Set<string>();
    for (const t of inputTickers) { const g = mapping.byTicker.get(t)?.values[col]; if (g && groups.has(g)) held.add(g); }
    return [...groups.keys()].filter((g) => held.has(g));
  }
  return [...groups.keys()].filter((g) => !prices || groups.get(g)!.some((t) => prices.index.has(t)));
}

// --- ETFs and the instrument -----------------------------------------------------

function alternativesFor(group: string | undefined, prices: PriceTable, mapping: SectorMapping | undefined, exclude: string): string[] {
  const known = (group ? KNOWN_GROUP_ETFS[group] ?? [] : []).filter((t) => prices.index.has(t) && t !== exclude);
  const nonStocks = prices.tickers.filter((t) => t !== exclude && !mapping?.byTicker.has(t) && !known.includes(t));
  return [...known, ...nonStocks].slice(0, 8);
}

function checkEtfs(ctx: CheckContext, eff: Effective, prices: PriceTable, mapping: SectorMapping | undefined, groups: Map<string, string[]> | undefined, inputTickers: Set<string> | undefined): void {
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
    const range = node ? ctx.doc.nodeRange(node) : defaultAnchor;
    const j = prices.index.get(etf);
    if (j === undefined) {
      const alternatives = alternativesFor(group, prices, mapping, etf);
      const severity: Severity = used && (!held || held.has(group)) ? 'error' : 'warning';
      push(ctx, 'etf-no-prices', severity, range,
        `ETF ${etf} (${group}) has no column in ${path.basename(prices.file)}, so ${group} ${used ? 'stays unhedged' : 'could not be hedged'}.${node ? '' : ' (from the default SPDR mapping)'}${alternatives.length ? ` ETFs with data: ${alternatives.slice(0, 5).join(', ')}.` : ' Add its prices to the price file.'}`,
        node ? p : ['sector_etf_mapping'], { ticker: etf, sector: group, alternatives, ...(alternatives[0] ? { replacement: JSON.stringify(alternatives[0]) } : {}) });
      continue;
    }
    if (!used || a > b) continue;
    if (held && !held.has(group)) continue;
    checkCoverage(ctx, prices, j, a, b, range, node ? p : ['sector_etf_mapping'], `${group} stays unhedged`);
  }
  if (used && held) {
    const missing = [...held].filter((g) => !eff.etfMapping[g]);
    if (missing.length) {
      const suggested: Record<string, string> = {};
      for (const g of missing) { const alt = (KNOWN_GROUP_ETFS[g] ?? []).find((t) => prices.index.has(t)); if (alt) suggested[g] = alt; }
      const anchorNode = ctx.doc.keyNode(['sector_etf_mapping']);
      push(ctx, 'sector-without-etf', 'warning', anchorNode ? ctx.doc.nodeRange(anchorNode) : defaultAnchor,
        `${missing.length} held ${col === 'sector' ? 'sector' : col}(s) have no ETF in sector_etf_mapping and stay unhedged under the ETF method: ${sample(missing)}. Add an ETF for each${Object.keys(suggested).length ? ` (e.g. ${Object.entries(suggested).slice(0, 3).map(([g, t]) => `"${g}": "${t}"`).join(', ')})` : ''}, or use "sector_hedge_method": "proportional".`,
        ['sector_etf_mapping'], { sectors: missing, suggestedMapping: suggested });
    }
  }
}

function checkCoverage(ctx: CheckContext, prices: PriceTable, j: number, a: number, b: number, range: Range, p: JsonPath, consequence: string): void {
  const fi = prices.firstIndex[j], li = prices.lastIndex[j];
  const ticker = prices.tickers[j];
  if (fi < 0) {
    push(ctx, 'etf-coverage', 'warning', range, `${ticker} has a column but no prices at all; ${consequence}.`, p, { ticker });
    return;
  }
  if (fi <= a && li >= b) return;
  const firstDate = prices.dates[fi], lastDate = prices.dates[li];
  const parts: string[] = [];
  if (fi > a) parts.push(`before ${firstDate}`);
  if (li < b) parts.push(`after ${lastDate}`);
  push(ctx, 'etf-coverage', 'warning', range,
    `${ticker} has prices only from ${firstDate} to ${lastDate}, but the run is ${prices.dates[a]}..${prices.dates[b]}; ${consequence} ${parts.join(' and ')}.`,
    p, { ticker, firstDate, lastDate });
}

function checkInstrument(ctx: CheckContext, eff: Effective, prices: PriceTable, mapping: SectorMapping | undefined): void {
  const needed = eff.betaHedge || eff.usesMarketVariables;
  if (!needed && !eff.instrumentExplicit) return;
  const node = ctx.doc.valueNode(['beta_hedge_instrument']);
  const range = node ? ctx.doc.nodeRange(node) : firstExistingValueRange(ctx.doc, [['enable_beta_hedge'], ['sector_target_exposures']]);
  const p: JsonPath = ['beta_hedge_instrument'];
  const j = prices.index.get(eff.instrument);
  if (j === undefined) {
    const market = MARKET_INSTRUMENTS.filter((t) => prices.index.has(t) && t !== eff.instrument);
    const others = prices.tickers.filter((t) => !mapping?.byTicker.has(t) && !market.includes(t) && t !== eff.instrument);
    const alternatives = [...market, ...others].slice(0, 8);
    const why = eff.betaHedge ? 'the beta hedge cannot trade' : eff.usesMarketVariables ? 'market_* expression variables cannot be computed' : 'there is no benchmark line';
    push(ctx, 'beta-instrument-no-prices', needed ? 'error' : 'warning', range,
      `beta_hedge_instrument "${eff.instrument}" has no column in ${path.basename(prices.file)}, so ${why}.${node ? '' : ' ("SPY" is the default.)'}${alternatives.length ? ` Candidates with data: ${alternatives.slice(0, 5).join(', ')}.` : ''}`,
      p, { ticker: eff.instrument, alternatives, ...(alternatives[0] ? { replacement: JSON.stringify(alternatives[0]) } : {}) });
    return;
  }
  if (!eff.betaHedge) return;
  const [a, b] = runWindow(eff, prices);
  if (a <= b) checkCoverage(ctx, prices, j, a, b, range, p, 'the beta hedge is off');
}

// --- inputs --------------------------------------------------------------------

/**
 * Tickers of a loaded input, cached per loaded value: the language server hands back the
 * same object until the file changes, and a big signals file should not be rescanned on
 * every keystroke. A WeakMap holds nothing alive, so this cache never grows unbounded.
 */
const tickerCache = new WeakMap<object, Set<string>>();
function tickersOf(values: Map<string, Map<string, number>>): Set<string> {
  let set = tickerCache.get(values);
  if (!set) {
    // A columnar holder (the language server's wide files) answers without a walk over every cell.
    const own = (values as { tickerSet?: () => Set<string> }).tickerSet;
    if (typeof own === 'function') set = own.call(values);
    else {
      set = new Set<string>();
      for (const day of values.values()) for (const t of day.keys()) set.add(t);
    }
    tickerCache.set(values, set);
  }
  return set;
}

/** Tickers named by the use case's input, or undefined when unknown (pending, error, absent). */
function loadInputTickers(ctx: CheckContext, c: Record<string, unknown>, eff: Effective, paths: ResolvedConfigPaths): Set<string> | undefined {
  if (eff.useCase === null) return undefined;
  const kind = USE_CASE_INPUT[eff.useCase];
  const inputs = isObj(c.inputs) ? c.inputs : {};
  const v = inputs[kind];
  const p: JsonPath = ['inputs', kind];
  if (v === undefined || v === null || v === '') {
    const range = firstExistingValueRange(ctx.doc, [['use_case'], ['inputs']]);
    push(ctx, 'missing-input', 'error', ctx.doc.keyNode(['inputs']) && !ctx.doc.valueNode(['use_case']) ? ctx.doc.nodeRange(ctx.doc.keyNode(['inputs'])!) : range,
      `use_case ${eff.useCase} (${kind}) needs inputs.${kind}: a file path relative to this config, or inline data.`, ['inputs'], { kind });
    return undefined;
  }
  const node = ctx.doc.valueNode(p);
  const range = node ? ctx.doc.nodeRange(node) : firstExistingValueRange(ctx.doc, [['inputs']]);
  if (typeof v === 'string') {
    const abs = paths.inputs[kind]!;
    if (kind === 'orders') {
      if (!ctx.data.orders) return undefined;
      const s = ctx.data.orders(abs);
      if (s.state === 'error') { reportLoadError(ctx, 'Orders file', s.error, range, p, abs); return undefined; }
      if (s.state === 'ready' && !s.value.length) warnNoRows(ctx, kind, path.basename(abs), range, p);
      return s.state === 'ready' ? new Set(s.value.map((o) => o.ticker)) : undefined;
    }
    const s = ctx.data.datedValues(abs);
    if (s.state === 'error') { reportLoadError(ctx, `${kind[0].toUpperCase()}${kind.slice(1)} file`, s.error, range, p, abs); return undefined; }
    if (s.state === 'ready' && !s.value.size) warnNoRows(ctx, kind, path.basename(abs), range, p);
    return s.state === 'ready' ? tickersOf(s.value) : undefined;
  }
  if (typeof v !== 'object') return undefined; // a type error, reported by the schema
  try {
    if (kind === 'orders') return new Set(ordersFromJson(v, 'inline orders').map((o) => o.ticker));
    const set = new Set<string>();
    for (const day of datedValuesFromJson(v, `inline ${kind}`).values()) for (const t of day.keys()) set.add(t);
    return set;
  } catch (err) {
    const info = toDataErrorInfo(err, `inputs.${kind}`);
    push(ctx, 'data-file-invalid', 'error', range, `Inline inputs.${kind}: ${info.detail ?? info.message}${info.fix ? ` Fix: ${info.fix}` : ''}`, p, { reason: info.detail ?? info.message });
    return undefined;
  }
}

/** An input file with a header but no rows: the run would trade nothing, silently. */
function warnNoRows(ctx: CheckContext, kind: string, name: string, range: Range, p: JsonPath): void {
  push(ctx, 'input-no-rows', 'warning', range,
    `${name} has a header but no ${kind === 'orders' ? 'orders' : `${kind} rows`}: the run would trade nothing. Add rows (date,ticker,${kind === 'orders' ? 'quantity' : 'value'}) or point inputs.${kind} at the right file.`, p, { kind });
}

function checkInputTickers(ctx: CheckContext, eff: Effective, mapping: SectorMapping, prices: PriceTable | undefined, tickers: Set<string>): void {
  const kind = eff.useCase ? USE_CASE_INPUT[eff.useCase] : 'signals';
  const p: JsonPath = ['inputs', kind];
  const node = ctx.doc.valueNode(p);
  const range = node ? ctx.doc.nodeRange(node) : firstExistingValueRange(ctx.doc, [['inputs']]);
  const label = node?.type === 'string' ? path.basename(String(node.value)) : `inputs.${kind}`;
  const col = eff.groupColumn.toLowerCase();
  const hedgeTickers = new Set([...Object.values(eff.etfMapping), eff.instrument]);
  const unmapped = [...tickers].filter((t) => !hedgeTickers.has(t) && !mapping.byTicker.get(t)?.values[col]).sort();
  if (unmapped.length && mapping.columns.includes(col)) {
    push(ctx, 'signals-unmapped', eff.sectorHedge ? 'warning' : 'info', range,
      `${unmapped.length} ticker(s) in ${label} have no ${col} in ${path.basename(mapping.file)} and ${eff.sectorHedge ? 'are not hedged' : 'belong to no hedge group'}: ${sample(unmapped, 8)}. Add them to the mapping (the guide's "Incomplete Sector Mapping").`,
      p, { count: unmapped.length, tickers: unmapped.slice(0, 100) });
  }
  if (prices) {
    const unpriced = [...tickers].filter((t) => !prices.index.has(t)).sort();
    if (unpriced.length) {
      push(ctx, 'input-ticker-no-prices', 'warning', range,
        `${unpriced.length} ticker(s) in ${label} have no column in ${path.basename(prices.file)} and are never traded: ${sample(unpriced, 8)}.`,
        p, { count: unpriced.length, tickers: unpriced.slice(0, 100) });
    }
  }
}

function checkMissingTargets(ctx: CheckContext, eff: Effective, groups: Map<string, string[]>, mapping: SectorMapping, inputTickers: Set<string> | undefined, prices: PriceTable | undefined): void {
  const key = ctx.doc.keyNode(['sector_target_exposures']);
  if (!key || !Object.keys(eff.targets).length) return;
  const held = heldGroups(groups, mapping, eff.groupColumn.toLowerCase(), inputTickers, prices);
  const missing = held.filter((g) => !(g in eff.targets));
  if (!missing.length) return;
  push(ctx, 'sectors-missing-target', 'info', ctx.doc.nodeRange(key),
    `${missing.length} held sector(s) have no target and are hedged to 0.0 (neutral): ${sample(missing, 11)}.`,
    ['sector_target_exposures'], { missingSectors: missing });
}

// The shared context of the data checks: the document and its data, the config as the
// engine will read it (Effective), and how a check reports a diagnostic.
import path from 'node:path';
import type { ConfigDiagnostic, DataAccess, DataErrorInfo, LoadState, PriceTable, Severity, Range } from '../../types';
import { allowedValues, defaultOf } from '../../config/schema';
import { USE_CASE_NAMES, type SectorHedgeMethod, type UseCase } from '../../config/options';
import { isIsoDate } from '../../data/csv';
import type { ConfigDocument, JsonPath } from '../document';

export interface CheckContext {
  doc: ConfigDocument;
  file: string;
  data: DataAccess;
  workspaceRoot?: string;
  out: ConfigDiagnostic[];
}

export const TARGET_WARN = 0.2;

export const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** The config as the engine will see it, read defensively from a possibly invalid document. */
export interface Effective {
  sectorHedge: boolean;
  method: SectorHedgeMethod;
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

export function effective(c: Record<string, unknown>): Effective {
  const mapping = isObj(c.sector_etf_mapping) ? c.sector_etf_mapping : null;
  const etfMapping: Record<string, string> = {};
  for (const [k, v] of Object.entries(mapping ?? defaultOf('sector_etf_mapping'))) if (typeof v === 'string' && v) etfMapping[k] = v;
  const uc =
    typeof c.use_case === 'string' ? USE_CASE_NAMES[c.use_case as keyof typeof USE_CASE_NAMES] : (c.use_case ?? defaultOf('use_case'));
  const targets = isObj(c.sector_target_exposures) ? c.sector_target_exposures : {};
  return {
    // Every fallback is the schema's default (a value of the wrong type counts as absent).
    sectorHedge: typeof c.enable_sector_hedge === 'boolean' ? c.enable_sector_hedge : defaultOf('enable_sector_hedge'),
    method: allowedValues('sector_hedge_method').includes(c.sector_hedge_method as string)
      ? (c.sector_hedge_method as SectorHedgeMethod)
      : defaultOf('sector_hedge_method'),
    etfMapping,
    explicitMapping: !!mapping,
    targets,
    groupColumn: typeof c.hedge_group_column === 'string' && c.hedge_group_column ? c.hedge_group_column : defaultOf('hedge_group_column'),
    betaHedge: typeof c.enable_beta_hedge === 'boolean' ? c.enable_beta_hedge : defaultOf('enable_beta_hedge'),
    instrument:
      typeof c.beta_hedge_instrument === 'string' && c.beta_hedge_instrument ? c.beta_hedge_instrument : defaultOf('beta_hedge_instrument'),
    instrumentExplicit: typeof c.beta_hedge_instrument === 'string',
    useCase: uc === 1 || uc === 2 || uc === 3 || uc === 4 ? uc : null,
    start: typeof c.start_date === 'string' && isIsoDate(c.start_date) ? c.start_date : undefined,
    end: typeof c.end_date === 'string' && isIsoDate(c.end_date) ? c.end_date : undefined,
    usesMarketVariables: Object.values(targets).some((v) => typeof v === 'string' && /market_/.test(v)),
  };
}

export function push(
  ctx: CheckContext,
  code: string,
  severity: Severity,
  range: Range,
  message: string,
  pathArr?: JsonPath,
  data?: Record<string, unknown>,
): void {
  ctx.out.push({
    code,
    severity,
    file: ctx.file,
    range,
    message,
    ...(pathArr ? { path: pathArr.map(String).join('.') } : {}),
    ...(data ? { data } : {}),
  });
}

export const rel = (ctx: CheckContext, p: string) => {
  const r = path.relative(path.dirname(ctx.file), p);
  return r && !r.startsWith('..') && !path.isAbsolute(r) ? r : p;
};

/** A data-file problem, anchored on the config key that names the file. */
export function reportLoadError(
  ctx: CheckContext,
  what: string,
  error: DataErrorInfo,
  anchor: Range,
  pathArr: JsonPath | undefined,
  file: string,
): void {
  const missing = error.code === 'file-not-found' || error.code === 'file-unreadable' || error.code === 'file-too-large';
  const located =
    error.line !== undefined
      ? `${rel(ctx, error.file)}:${error.line}${error.column !== undefined ? `:${error.column}` : ''}: `
      : `${rel(ctx, error.file)}: `;
  const detail = error.detail ?? error.message;
  push(
    ctx,
    missing ? 'data-file-missing' : 'data-file-invalid',
    'error',
    anchor,
    missing
      ? `${what} ${file}: ${detail}${error.fix ? ` ${error.fix}` : ''}`
      : `${what}: ${located}${detail}${error.fix ? ` Fix: ${error.fix}` : ''}`,
    pathArr,
    { file, reason: detail, dataCode: error.code, ...(error.line !== undefined ? { line: error.line, column: error.column } : {}) },
  );
}

export function ready<T>(s: LoadState<T>): T | undefined {
  return s.state === 'ready' ? s.value : undefined;
}

/** First and last trading-day index of the run (clipped to the data). */
export function runWindow(eff: Effective, prices: PriceTable): [number, number] {
  const d = prices.dates;
  let a = 0,
    b = d.length - 1;
  if (eff.start) {
    while (a < d.length && d[a] < eff.start) a++;
  }
  if (eff.end) {
    while (b >= 0 && d[b] > eff.end) b--;
  }
  return [a, b];
}

export function checkCoverage(
  ctx: CheckContext,
  prices: PriceTable,
  j: number,
  a: number,
  b: number,
  range: Range,
  p: JsonPath,
  consequence: string,
): void {
  const fi = prices.firstIndex[j],
    li = prices.lastIndex[j];
  const ticker = prices.tickers[j];
  if (fi < 0) {
    push(ctx, 'etf-coverage', 'warning', range, `${ticker} has a column but no prices at all; ${consequence}.`, p, { ticker });
    return;
  }
  if (fi <= a && li >= b) return;
  const firstDate = prices.dates[fi],
    lastDate = prices.dates[li];
  const parts: string[] = [];
  if (fi > a) parts.push(`before ${firstDate}`);
  if (li < b) parts.push(`after ${lastDate}`);
  push(
    ctx,
    'etf-coverage',
    'warning',
    range,
    `${ticker} has prices only from ${firstDate} to ${lastDate}, but the run is ${prices.dates[a]}..${prices.dates[b]}; ${consequence} ${parts.join(' and ')}.`,
    p,
    { ticker, firstDate, lastDate },
  );
}

// The strategy's inputs: present, loadable, with rows, and their tickers mapped and priced.
import path from 'node:path';
import type { PriceTable, Range, SectorMapping } from '../../types';
import type { ResolvedConfigPaths } from '../../config/paths';
import { USE_CASE_INPUT } from '../../config/options';
import { datedValuesFromJson } from '../../data/datedValues';
import { ordersFromJson } from '../../data/orders';
import { toDataErrorInfo } from '../../data/errors';
import { sample } from '../../data/prices';
import { firstExistingValueRange, type JsonPath } from '../document';
import { isObj, push, reportLoadError, type CheckContext, type Effective } from './context';

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
export function loadInputTickers(
  ctx: CheckContext,
  c: Record<string, unknown>,
  eff: Effective,
  paths: ResolvedConfigPaths,
): Set<string> | undefined {
  if (eff.useCase === null) return undefined;
  const kind = USE_CASE_INPUT[eff.useCase];
  const inputs = isObj(c.inputs) ? c.inputs : {};
  const v = inputs[kind];
  const p: JsonPath = ['inputs', kind];
  if (v === undefined || v === null || v === '') {
    const range = firstExistingValueRange(ctx.doc, [['use_case'], ['inputs']]);
    push(
      ctx,
      'missing-input',
      'error',
      ctx.doc.keyNode(['inputs']) && !ctx.doc.valueNode(['use_case']) ? ctx.doc.nodeRange(ctx.doc.keyNode(['inputs'])!) : range,
      `use_case ${eff.useCase} (${kind}) needs inputs.${kind}: a file path relative to this config, or inline data.`,
      ['inputs'],
      { kind },
    );
    return undefined;
  }
  const node = ctx.doc.valueNode(p);
  const range = node ? ctx.doc.nodeRange(node) : firstExistingValueRange(ctx.doc, [['inputs']]);
  if (typeof v === 'string') {
    const abs = paths.inputs[kind]!;
    if (kind === 'orders') {
      if (!ctx.data.orders) return undefined;
      const s = ctx.data.orders(abs);
      if (s.state === 'error') {
        reportLoadError(ctx, 'Orders file', s.error, range, p, abs);
        return undefined;
      }
      if (s.state === 'ready' && !s.value.length) warnNoRows(ctx, kind, path.basename(abs), range, p);
      return s.state === 'ready' ? new Set(s.value.map((o) => o.ticker)) : undefined;
    }
    const s = ctx.data.datedValues(abs, kind === 'positions' ? undefined : paths.valueColumns[kind]);
    if (s.state === 'error') {
      reportLoadError(ctx, `${kind[0].toUpperCase()}${kind.slice(1)} file`, s.error, range, p, abs);
      return undefined;
    }
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
    push(
      ctx,
      'data-file-invalid',
      'error',
      range,
      `Inline inputs.${kind}: ${info.detail ?? info.message}${info.fix ? ` Fix: ${info.fix}` : ''}`,
      p,
      { reason: info.detail ?? info.message },
    );
    return undefined;
  }
}

/** An input file with a header but no rows: the run would trade nothing, silently. */
function warnNoRows(ctx: CheckContext, kind: string, name: string, range: Range, p: JsonPath): void {
  push(
    ctx,
    'input-no-rows',
    'warning',
    range,
    `${name} has a header but no ${kind === 'orders' ? 'orders' : `${kind} rows`}: the run would trade nothing. Add rows (date,ticker,${kind === 'orders' ? 'quantity' : 'value'}) or point inputs.${kind} at the right file.`,
    p,
    { kind },
  );
}

export function checkInputTickers(
  ctx: CheckContext,
  eff: Effective,
  mapping: SectorMapping,
  prices: PriceTable | undefined,
  tickers: Set<string>,
): void {
  const kind = eff.useCase ? USE_CASE_INPUT[eff.useCase] : 'signals';
  const p: JsonPath = ['inputs', kind];
  const node = ctx.doc.valueNode(p);
  const range = node ? ctx.doc.nodeRange(node) : firstExistingValueRange(ctx.doc, [['inputs']]);
  const label = node?.type === 'string' ? path.basename(String(node.value)) : `inputs.${kind}`;
  const col = eff.groupColumn.toLowerCase();
  const hedgeTickers = new Set([...Object.values(eff.etfMapping), eff.instrument]);
  const unmapped = [...tickers].filter((t) => !hedgeTickers.has(t) && !mapping.byTicker.get(t)?.values[col]).sort();
  if (unmapped.length && mapping.columns.includes(col)) {
    push(
      ctx,
      'signals-unmapped',
      eff.sectorHedge ? 'warning' : 'info',
      range,
      `${unmapped.length} ticker(s) in ${label} have no ${col} in ${path.basename(mapping.file)} and ${eff.sectorHedge ? 'are not hedged' : 'belong to no hedge group'}: ${sample(unmapped, 8)}. Add them to the mapping (the guide's "Incomplete Sector Mapping").`,
      p,
      { count: unmapped.length, tickers: unmapped.slice(0, 100) },
    );
  }
  if (prices) {
    const unpriced = [...tickers].filter((t) => !prices.index.has(t)).sort();
    if (unpriced.length) {
      push(
        ctx,
        'input-ticker-no-prices',
        'warning',
        range,
        `${unpriced.length} ticker(s) in ${label} have no column in ${path.basename(prices.file)} and are never traded: ${sample(unpriced, 8)}.`,
        p,
        { count: unpriced.length, tickers: unpriced.slice(0, 100) },
      );
    }
  }
}

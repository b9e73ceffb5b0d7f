// Turns the run's inputs (weights, signals or orders; a path, a DatedValues map or inline
// JSON) into schedules over trading-day indices.
import type { DatedValues, Order, PriceTable } from '../types';
import { firstIndexAtOrAfter, lastIndexAtOrBefore } from './calendar';
import { BacktestError } from './errors';
import type { InputValue } from './options';
import { WarningLog } from './warnings';
import { inputBeforeStart } from './runWarnings';

/** A wide signals/weights file as columns: columns[j][i] is tickers[j] on dates[i] (NaN = no value). */
export interface WideValues {
  dates: string[];
  tickers: string[];
  columns: Float64Array[];
}

/** What the backtester needs from a DataManager to read input files. */
export interface InputLoader {
  loadSignals?(fileOrInline: unknown): DatedValues;
  loadWeights?(fileOrInline: unknown): DatedValues;
  loadOrders?(fileOrInline: unknown): Order[];
  /**
   * Optional fast path: a plain wide file straight into columns, or null when the file
   * needs the general parser (then loadSignals/loadWeights read it). Skips building a
   * Map per date (W2's daily signals are 15 M entries).
   */
  loadWideValues?(file: string): WideValues | null;
}

/** The fast path of loadDatedValues for a file input: its columns, or null. */
export function loadWideValues(v: InputValue, loader: InputLoader, resolvePath: (p: string) => string): WideValues | null {
  if (typeof v !== 'string' || !loader.loadWideValues) return null;
  return loader.loadWideValues(resolvePath(v));
}

/** Cross-sectional targets (weights or signals) by the day they take effect. */
export interface TargetSchedule {
  /** Effective day index -> (ticker index, value) arrays. */
  byDay: Map<number, { tickers: Int32Array; values: Float64Array; sourceDate: string }>;
}

/** Summed order quantities by the day they trade. */
export type OrderSchedule = Map<number, Map<number, number>>;

function inlineToDated(v: Record<string, Record<string, number>>): DatedValues {
  const out: DatedValues = new Map();
  for (const d of Object.keys(v).sort()) {
    const row = v[d];
    if (!row || typeof row !== 'object') {
      throw new BacktestError('bad-input', `inline input for ${d} must be an object of ticker -> number.`, { path: `inputs` });
    }
    out.set(d, new Map(Object.entries(row).filter(([, x]) => typeof x === 'number' && Number.isFinite(x))));
  }
  return out;
}

/** Reads weights/signals: a DatedValues map, inline `{date: {ticker: n}}`, or a path via the loader. */
export function loadDatedValues(
  kind: 'weights' | 'signals' | 'positions',
  v: InputValue,
  loader: InputLoader,
  resolvePath: (p: string) => string,
): DatedValues {
  if (v === undefined || v === null) {
    throw new BacktestError('missing-input', `use case ${kind === 'weights' ? 1 : kind === 'positions' ? 4 : 2} needs inputs.${kind}.`, {
      path: `inputs.${kind}`,
      fix: `set "inputs": { "${kind}": "${kind}.csv" } (a file relative to the config) or inline JSON {"YYYY-MM-DD": {"TICKER": value}}.`,
    });
  }
  if (v instanceof Map) return v as DatedValues;
  if (typeof v === 'string') {
    const fn = kind === 'weights' ? (loader.loadWeights ?? loader.loadSignals) : loader.loadSignals;
    if (!fn) throw new BacktestError('no-loader', `cannot read ${v}: the data source has no ${kind} loader.`);
    return fn.call(loader, resolvePath(v));
  }
  if (Array.isArray(v))
    throw new BacktestError('bad-input', `inputs.${kind} must be a file path or {date: {ticker: value}}, not an array.`, {
      path: `inputs.${kind}`,
    });
  return inlineToDated(v as Record<string, Record<string, number>>);
}

/** Reads orders: an Order[] or a path via the loader. */
export function loadOrders(v: InputValue, loader: InputLoader, resolvePath: (p: string) => string): Order[] {
  if (v === undefined || v === null) {
    throw new BacktestError('missing-input', 'use case 3 needs inputs.orders.', {
      path: 'inputs.orders',
      fix: 'set "inputs": { "orders": "orders.csv" } (CSV date,ticker,quantity).',
    });
  }
  if (Array.isArray(v)) return v as Order[];
  if (typeof v === 'string') {
    if (!loader.loadOrders) throw new BacktestError('no-loader', `cannot read ${v}: the data source has no orders loader.`);
    return loader.loadOrders(resolvePath(v));
  }
  throw new BacktestError('bad-input', 'inputs.orders must be a CSV path or an array of {date, ticker, quantity}.', {
    path: 'inputs.orders',
  });
}

/**
 * A value dated d takes effect at the close of the `delay`-th trading day after d
 * (delay 0: d itself, or the next trading day when d is not one). Values whose day falls
 * before the run start take effect on the first day (the latest one wins).
 */
export function scheduleTargets(
  values: DatedValues,
  table: PriceTable,
  i0: number,
  i1: number,
  delay: number,
  kind: string,
  warnings: WarningLog,
): TargetSchedule {
  const byDay: TargetSchedule['byDay'] = new Map();
  const dates = [...values.keys()].sort();
  const early = { count: 0, latest: '' };
  for (const d of dates) {
    let eff = delay === 0 ? firstIndexAtOrAfter(table.dates, d) : lastIndexAtOrBefore(table.dates, d) + delay;
    if (eff > i1) continue;
    if (eff < i0) {
      eff = i0;
      early.count++;
      early.latest = d;
    }
    const row = values.get(d)!;
    const tickers: number[] = [],
      vals: number[] = [];
    for (const [ticker, value] of row) {
      const j = table.index.get(ticker);
      if (j === undefined) {
        warnings.add(`unknown-ticker:${ticker}`, () => ({
          code: 'unknown-ticker',
          ticker,
          date: d,
          message: `${kind} for ${ticker}, which has no column in ${table.file}; ignored.`,
        }));
        continue;
      }
      if (!Number.isFinite(value)) continue;
      tickers.push(j);
      vals.push(value);
    }
    byDay.set(eff, { tickers: Int32Array.from(tickers), values: Float64Array.from(vals), sourceDate: d });
  }
  if (early.count) inputBeforeStart(warnings, kind, early.count, early.latest, table.dates[i0]);
  return { byDay };
}

/**
 * Appends column c's present values on the block's rows to each row's run (row b's run
 * starts at b * width; fill[b] is its length so far). A function of its own so V8
 * optimises it after a few of its calls, not the whole schedule by on-stack replacement.
 */
function scatterColumn(
  c: ArrayLike<number>,
  ticker: number,
  rows: Int32Array,
  nb: number,
  width: number,
  fill: Int32Array,
  tk: Int32Array,
  vs: Float64Array,
): void {
  for (let b = 0; b < nb; b++) {
    const v = c[rows[b]];
    if (v !== v) continue;
    const k = b * width + fill[b]++;
    tk[k] = ticker;
    vs[k] = v;
  }
}

/**
 * scheduleTargets for a wide file's columns: the same schedule and the same warnings, in
 * the same order, as scheduleTargets over the equivalent DatedValues (dates ascending,
 * each date's values in column order, empty cells absent).
 */
export function scheduleWideTargets(
  values: WideValues,
  table: PriceTable,
  i0: number,
  i1: number,
  delay: number,
  kind: string,
  warnings: WarningLog,
): TargetSchedule {
  const byDay: TargetSchedule['byDay'] = new Map();
  const order = values.dates
    .map((_, i) => i)
    .sort((a, b) => (values.dates[a] < values.dates[b] ? -1 : values.dates[a] > values.dates[b] ? 1 : 0));
  const K = values.tickers.length,
    cols = values.columns;
  const idx = Int32Array.from(values.tickers, (t) => table.index.get(t) ?? -1);
  const known: number[] = [],
    unknown: number[] = [];
  for (let j = 0; j < K; j++) (idx[j] >= 0 ? known : unknown).push(j);
  const early = { count: 0, latest: '' };
  // Rows in blocks, columns inside a block: the columns are separate arrays, so reading one
  // row across thousands of them misses cache and TLB on every cell (W2: 15 M cells).
  const B = 64;
  const rows = new Int32Array(B),
    effs = new Int32Array(B),
    fill = new Int32Array(B);
  for (let start = 0; start < order.length; start += B) {
    let nb = 0;
    for (let r = start; r < order.length && r < start + B; r++) {
      const i = order[r],
        d = values.dates[i];
      let eff = delay === 0 ? firstIndexAtOrAfter(table.dates, d) : lastIndexAtOrBefore(table.dates, d) + delay;
      if (eff > i1) continue;
      if (eff < i0) {
        eff = i0;
        early.count++;
        early.latest = d;
      }
      rows[nb] = i;
      effs[nb] = eff;
      nb++;
    }
    // Values for tickers without a price column: warned in row order, as the Map path does.
    for (let b = 0; b < nb && unknown.length; b++) {
      const d = values.dates[rows[b]];
      for (const j of unknown) {
        const value = cols[j][rows[b]];
        if (value !== value) continue;
        const ticker = values.tickers[j];
        warnings.add(`unknown-ticker:${ticker}`, () => ({
          code: 'unknown-ticker',
          ticker,
          date: d,
          message: `${kind} for ${ticker}, which has no column in ${table.file}; ignored.`,
        }));
      }
    }
    // Row b of the block fills its own run of one ticker and one value buffer, from
    // b * known.length on: one pass over the cells, and no array of arrays to index per cell.
    const width = known.length;
    const tk = new Int32Array(nb * width),
      vs = new Float64Array(nb * width);
    fill.fill(0);
    for (let q = 0; q < width; q++) scatterColumn(cols[known[q]], idx[known[q]], rows, nb, width, fill, tk, vs);
    // A sparse block is packed, so memory follows the values present, not the cells.
    let total = 0;
    for (let b = 0; b < nb; b++) total += fill[b];
    const pack = total * 2 < nb * width;
    const tkOut = pack ? new Int32Array(total) : tk,
      vsOut = pack ? new Float64Array(total) : vs;
    for (let b = 0, packed = 0; b < nb; b++) {
      let from = b * width;
      if (pack) {
        tkOut.set(tk.subarray(from, from + fill[b]), packed);
        vsOut.set(vs.subarray(from, from + fill[b]), packed);
        from = packed;
        packed += fill[b];
      }
      byDay.set(effs[b], {
        tickers: tkOut.subarray(from, from + fill[b]),
        values: vsOut.subarray(from, from + fill[b]),
        sourceDate: values.dates[rows[b]],
      });
    }
  }
  if (early.count) inputBeforeStart(warnings, kind, early.count, early.latest, table.dates[i0]);
  return { byDay };
}

/**
 * Schedules already built from a wide input's columns, by price table and run range: a sweep
 * (or any runs on LoadedTables) schedules each loaded file once instead of once per run
 * (W1: ~8 % of a run). Held as long as the input's columns are (a file released after its
 * run takes its schedules with it). The schedule is read-only to the day loop.
 */
const wideSchedules = new WeakMap<WideValues, WeakMap<PriceTable, Map<string, { schedule: TargetSchedule; warnings: WarningLog }>>>();

/** scheduleWideTargets, computed once per (columns, table, range, delay, kind); its warnings replayed into `warnings`. */
export function scheduleWideTargetsOnce(
  values: WideValues,
  table: PriceTable,
  i0: number,
  i1: number,
  delay: number,
  kind: string,
  warnings: WarningLog,
): TargetSchedule {
  let byTable = wideSchedules.get(values);
  if (!byTable) wideSchedules.set(values, (byTable = new WeakMap()));
  let byRange = byTable.get(table);
  if (!byRange) byTable.set(table, (byRange = new Map()));
  const key = `${i0}:${i1}:${delay}:${kind}`;
  let hit = byRange.get(key);
  if (!hit) {
    const own = new WarningLog();
    hit = { schedule: scheduleWideTargets(values, table, i0, i1, delay, kind, own), warnings: own };
    byRange.set(key, hit);
  }
  warnings.merge(hit.warnings);
  return hit.schedule;
}

/** Orders trade at the close of their own date (the next trading day when it is not one). */
export function scheduleOrders(orders: readonly Order[], table: PriceTable, i0: number, i1: number, warnings: WarningLog): OrderSchedule {
  const out: OrderSchedule = new Map();
  for (const o of orders) {
    const j = table.index.get(o.ticker);
    if (j === undefined) {
      warnings.add(`unknown-ticker:${o.ticker}`, () => ({
        code: 'unknown-ticker',
        ticker: o.ticker,
        date: o.date,
        message: `order for ${o.ticker}, which has no column in ${table.file}; ignored.`,
      }));
      continue;
    }
    const t = firstIndexAtOrAfter(table.dates, o.date);
    if (t < i0 || t > i1) {
      warnings.add('order-outside-run', () => ({
        code: 'order-outside-run',
        date: o.date,
        message: `orders dated outside the run's dates were ignored (first: ${o.ticker} on ${o.date}).`,
      }));
      continue;
    }
    if (table.dates[t] !== o.date) {
      warnings.add(`order-not-trading-day:${o.date}`, () => ({
        code: 'order-not-trading-day',
        date: o.date,
        message: `${o.date} is not a trading day; its orders trade on ${table.dates[t]}.`,
      }));
    }
    let day = out.get(t);
    if (!day) {
      day = new Map();
      out.set(t, day);
    }
    day.set(j, (day.get(j) ?? 0) + o.quantity);
  }
  return out;
}

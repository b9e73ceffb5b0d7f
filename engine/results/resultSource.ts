// What the result files are written from (resultTables.ts describes their columns): the
// run's tables as typed columns, from a finished run's RunRecord (zero copy: --out and the
// editor's results folder) or from a ResultsJson (the panel's data: Export).
// resultFiles.ts is the one writer over it, so both sources give the same bytes.
import { analysisMetricsOfJson, ATTRIBUTION_PARTS, type RunAnalysis } from '../analysis';
import type { Metrics, ResultsJson, RunWarning, Trade, TradeReason } from '../types';
import type { RunRecord } from './runRecord';
import { TRADE_REASONS } from './tradeLog';

type Col = ArrayLike<number>;

export interface TradeColumns {
  length: number;
  /** Run day index of trade k is day[k] + dayOffset. */
  day: Col;
  dayOffset: number;
  tickers: readonly string[];
  ticker: Col;
  quantity: Col; price: Col; notional: Col; commission: Col; slippage: Col;
  /** Index into TRADE_REASONS. */
  reason: Col;
}

export interface PositionRows {
  tickers: readonly string[];
  /** Every held (day, ticker) in date then ticker order, with its shares, price and value. */
  forEach(emit: (d: number, j: number, shares: number, price: number, value: number) => void): void;
}

/** metrics.json's parts, as toJSON() has them (NaN as null is fine: the writer nulls non-finite numbers). */
export interface MetricsParts {
  meta: ResultsJson['meta'];
  metrics: Metrics;
  /** hedge_effectiveness, attribution, confidence_intervals (analysisMetrics); null without an analysis. */
  analysis: Record<string, unknown> | null;
  tradeCounts: Record<TradeReason, number>;
  finalEquity: number;
  warnings: readonly RunWarning[];
}

export interface ResultSource {
  dates: readonly string[];
  /** NaN where a value is missing. */
  series: { equity: Col; cash: Col; longValue: Col; shortValue: Col; stockValue: Col; hedgeValue: Col; dailyReturn: Col };
  sectors: readonly { name: string; preHedge: Col; postHedge: Col; target: Col }[];
  beta: { preHedge: Col; postHedge: Col };
  trades: TradeColumns;
  /** null: no positions.csv. */
  positions: PositionRows | null;
  /** Daily parts (ATTRIBUTION_PARTS order), their sum and the equity change; null: no attribution.csv. */
  attribution: { parts: Col[]; total: Col; equityChange: Col } | null;
  metrics: MetricsParts;
}

const REASON_INDEX = new Map<string, number>(TRADE_REASONS.map((r, i) => [r, i]));

/** Trade objects as columns (a ResultsJson's, or a record without a trade log). */
function tradeColumns(trades: readonly Trade[], dates: readonly string[]): TradeColumns {
  const n = trades.length, dayOf = new Map(dates.map((d, i) => [d, i])), tickerOf = new Map<string, number>(), tickers: string[] = [];
  const c: TradeColumns = {
    length: n, dayOffset: 0, tickers, day: new Int32Array(n), ticker: new Int32Array(n), quantity: new Float64Array(n), price: new Float64Array(n),
    notional: new Float64Array(n), commission: new Float64Array(n), slippage: new Float64Array(n), reason: new Uint8Array(n),
  };
  trades.forEach((t, k) => {
    let j = tickerOf.get(t.ticker);
    if (j === undefined) { j = tickers.length; tickerOf.set(t.ticker, j); tickers.push(t.ticker); }
    (c.day as Int32Array)[k] = dayOf.get(t.date) ?? -1; (c.ticker as Int32Array)[k] = j;
    (c.quantity as Float64Array)[k] = t.quantity; (c.price as Float64Array)[k] = t.price; (c.notional as Float64Array)[k] = t.notional;
    (c.commission as Float64Array)[k] = t.commission; (c.slippage as Float64Array)[k] = t.slippage; (c.reason as Uint8Array)[k] = REASON_INDEX.get(t.reason) ?? 0;
  });
  return c;
}

/**
 * Holdings at each day's close (all books summed per ticker, in ticker order), valued at
 * the last known price: the trades replayed day by day, as getPositionHistory() does.
 */
export function replayedPositions(r: RunRecord): PositionRows {
  const table = r.table;
  return {
    tickers: table.tickers,
    forEach(emit) {
      const N = table.tickers.length, T = r.dates.length, cols = table.columns;
      const order = Int32Array.from(table.tickers.keys()).sort((a, b) => (table.tickers[a] < table.tickers[b] ? -1 : table.tickers[a] > table.tickers[b] ? 1 : 0));
      const shares = new Float64Array(N), px = new Float64Array(N).fill(NaN);
      const log = r.tradeLog, count = log ? log.length : r.trades.length;
      let k = 0;
      for (let d = 0; d < T; d++) {
        const t = r.i0 + d;
        for (; k < count && r.tradeDay[k] === d; k++) shares[r.tradeTicker[k]] += log ? log.quantity[k] : r.trades[k].quantity;
        for (let i = 0; i < N; i++) {
          const j = order[i], sh = shares[j];
          if (sh === 0) continue;
          let p = cols[j][t];
          if (!(p > 0)) {
            p = px[j];
            if (Number.isNaN(p)) for (let s = t; s >= 0; s--) if (cols[j][s] > 0) { p = cols[j][s]; break; }
          }
          px[j] = p;
          emit(d, j, sh, p, sh * p);
        }
      }
    },
  };
}

/** The tables of a finished run, straight from its columns. */
export function recordSource(r: RunRecord, a: RunAnalysis | null, writePositions: boolean, metrics: MetricsParts): ResultSource {
  const T = r.dates.length, log = r.tradeLog;
  const per = (x: Float64Array, g: number) => x.subarray(g * T, (g + 1) * T);
  return {
    dates: r.dates,
    series: r,
    sectors: r.groups.map((name, g) => ({ name, preHedge: per(r.preExposure, g), postHedge: per(r.postExposure, g), target: per(r.targetExposure, g) })),
    beta: { preHedge: r.preBeta, postHedge: r.postBeta },
    trades: log
      ? { length: log.length, day: log.day, dayOffset: log.dayOffset - r.i0, tickers: log.tickers, ticker: log.ticker, quantity: log.quantity, price: log.price, notional: log.notional, commission: log.commission, slippage: log.slippage, reason: log.reason }
      : tradeColumns(r.trades, r.dates),
    positions: writePositions ? replayedPositions(r) : null,
    attribution: a ? { parts: ATTRIBUTION_PARTS.map((k) => a.attribution.parts[k]), total: a.attribution.total, equityChange: a.attribution.equityChange } : null,
    metrics,
  };
}

const nums = (x: readonly (number | null)[] | undefined): Float64Array => Float64Array.from(x ?? [], (v) => (v === null ? NaN : v));

/** The tables of a run as the panel holds it (Export). */
export function jsonSource(r: ResultsJson): ResultSource {
  const s = r.series, an = r.analysis;
  const dayOf = new Map(r.dates.map((d, i) => [d, i]));
  const positions = r.positions;
  const at = an?.attribution;
  return {
    dates: r.dates,
    series: { equity: nums(s.equity), cash: nums(s.cash), longValue: nums(s.longValue), shortValue: nums(s.shortValue), stockValue: nums(s.stockValue), hedgeValue: nums(s.hedgeValue), dailyReturn: nums(s.dailyReturn) },
    sectors: r.sectors.map((x) => ({ name: x.name, preHedge: nums(x.preHedge), postHedge: nums(x.postHedge), target: nums(x.target) })),
    beta: { preHedge: nums(r.beta.preHedge), postHedge: nums(r.beta.postHedge) },
    trades: tradeColumns(r.trades, r.dates),
    positions: positions
      ? (() => {
        const tickers: string[] = [], index = new Map<string, number>();
        for (const p of positions) for (const row of p.rows) if (!index.has(row.ticker)) { index.set(row.ticker, tickers.length); tickers.push(row.ticker); }
        return { tickers, forEach: (emit) => { for (const p of positions) { const d = dayOf.get(p.date) ?? -1; for (const row of p.rows) emit(d, index.get(row.ticker)!, row.shares, row.price, row.value); } } };
      })()
      : null,
    attribution: at && at.total && at.equityChange ? { parts: ATTRIBUTION_PARTS.map((k) => nums(at.daily[k])), total: nums(at.total), equityChange: nums(at.equityChange) } : null,
    metrics: {
      meta: r.meta, metrics: r.metrics, tradeCounts: r.tradeCounts, warnings: r.warnings, finalEquity: s.equity[s.equity.length - 1] ?? NaN,
      analysis: an ? analysisMetricsOfJson(an) : null,
    },
  };
}

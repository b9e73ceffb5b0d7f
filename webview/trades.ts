// Trade filtering, sorting and CSV export. Pure functions over index arrays so 100,000
// trades are filtered and sorted without copying Trade objects.
import type { Trade, TradeReason } from '../engine/types';
import type { TradeColumn } from '../common/panelProtocol';
import { cell as csvCell } from '../engine/results/csvCell';
import { HEDGE_TRADE_REASONS } from '../engine/results/tradeReasons';

export const HEDGE_REASONS: ReadonlySet<TradeReason> = HEDGE_TRADE_REASONS;

export interface TradeFilter {
  ticker: string;
  sector: string;
  reason: string;
  allTrades: boolean;
}

/** Sector filter value meaning "trades with no hedge group" (beta hedges). */
export const NO_SECTOR = '\u0000none';

export function filterTrades(trades: readonly Trade[], f: TradeFilter): Uint32Array<ArrayBuffer> {
  const needle = f.ticker.trim().toLowerCase();
  const out = new Uint32Array(trades.length);
  let n = 0;
  for (let i = 0; i < trades.length; i++) {
    const t = trades[i];
    if (!f.allTrades && !HEDGE_REASONS.has(t.reason)) continue;
    if (f.reason && t.reason !== f.reason) continue;
    if (f.sector && (f.sector === NO_SECTOR ? t.sector !== null : t.sector !== f.sector)) continue;
    if (needle && !t.ticker.toLowerCase().includes(needle)) continue;
    out[n++] = i;
  }
  return out.slice(0, n);
}

const NUMERIC: ReadonlySet<TradeColumn> = new Set(['quantity', 'price', 'notional', 'commission', 'slippage']);

/**
 * Stable sort of `idx` (indices into trades) by a column; ties keep trade order. Sorting by
 * 'position' needs `positionAfter` (./quant.ts positionsAfterTrades).
 */
export function sortTrades(
  trades: readonly Trade[],
  idx: Uint32Array,
  key: TradeColumn,
  dir: 1 | -1,
  positionAfter?: ArrayLike<number>,
): Uint32Array<ArrayBuffer> {
  const arr = Array.from(idx);
  if (key === 'position') {
    const p = positionAfter;
    if (p) arr.sort((a, b) => (p[a] - p[b]) * dir || a - b);
  } else if (NUMERIC.has(key)) {
    const k = key as 'quantity' | 'price' | 'notional' | 'commission' | 'slippage';
    arr.sort((a, b) => (trades[a][k] - trades[b][k]) * dir || a - b);
  } else {
    const k = key as 'date' | 'ticker' | 'sector' | 'reason';
    arr.sort((a, b) => {
      const x = trades[a][k] ?? '',
        y = trades[b][k] ?? '';
      return (x < y ? -1 : x > y ? 1 : 0) * dir || a - b;
    });
  }
  return Uint32Array.from(arr);
}

/** The one CSV cell format (RFC 4180 quoting, spreadsheet formulas neutralised). */
export const csvField = csvCell;

export const TRADE_CSV_COLUMNS: Exclude<TradeColumn, 'position'>[] = [
  'date',
  'ticker',
  'quantity',
  'price',
  'notional',
  'commission',
  'slippage',
  'reason',
  'sector',
];

export function tradesToCsv(trades: readonly Trade[], idx: ArrayLike<number>): string {
  const lines = [TRADE_CSV_COLUMNS.join(',')];
  for (let j = 0; j < idx.length; j++) {
    const t = trades[idx[j]];
    lines.push(TRADE_CSV_COLUMNS.map((c) => csvField(t[c])).join(','));
  }
  return lines.join('\n') + '\n';
}

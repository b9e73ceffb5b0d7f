// The result tables of `--out` and their columns: one description for every writer (CSV
// and Parquet), so the two forms always have the same tables, columns and order.
import { ATTRIBUTION_CSV_COLUMNS } from '../analysis/json';

/** date: an ISO day (Parquet DATE); string: text; double: a float64 (empty / null when NaN). */
export type ResultColumnType = 'date' | 'string' | 'double';

export interface ResultColumn { name: string; type: ResultColumnType }

export interface ResultTableSpec {
  /** File stem: equity -> equity.csv / equity.parquet. */
  name: 'equity' | 'trades' | 'positions' | 'exposures' | 'beta' | 'attribution';
  columns: readonly ResultColumn[];
}

const d = (name: string): ResultColumn => ({ name, type: 'date' });
const s = (name: string): ResultColumn => ({ name, type: 'string' });
const x = (name: string): ResultColumn => ({ name, type: 'double' });

export const RESULT_TABLES: readonly ResultTableSpec[] = [
  { name: 'equity', columns: [d('date'), x('equity'), x('cash'), x('long_value'), x('short_value'), x('stock_value'), x('hedge_value'), x('daily_return')] },
  { name: 'trades', columns: [d('date'), s('ticker'), x('quantity'), x('price'), x('notional'), x('commission'), x('slippage'), s('reason')] },
  { name: 'positions', columns: [d('date'), s('ticker'), x('shares'), x('price'), x('value')] },
  { name: 'exposures', columns: [d('date'), s('sector'), x('pre_hedge'), x('post_hedge'), x('target')] },
  { name: 'beta', columns: [d('date'), x('pre_hedge_beta'), x('post_hedge_beta')] },
  // Daily P&L attribution (engine/analysis): date, the parts, their total, the equity change.
  { name: 'attribution', columns: ATTRIBUTION_CSV_COLUMNS.map((c) => (c === 'date' ? d(c) : x(c))) },
];

export function resultTable(name: ResultTableSpec['name']): ResultTableSpec {
  return RESULT_TABLES.find((t) => t.name === name)!;
}

/** The formats `--out` writes the tables in (metrics.json is JSON in both). */
export type OutFormat = 'csv' | 'parquet';

// The resolved run options: every config key of the spec with its default, read from a
// BacktestConfig instance or any plain object using the same snake_case keys, so the
// backtester does not depend on how the config was built.
import { DEFAULT_SECTOR_ETF_MAPPING } from '../hedging/mappings';
import type { DatedValues, Order } from '../types';
import { BacktestError } from './errors';

export interface CostSpec {
  /** Commission in basis points of traded notional. */
  commission_bps: number;
  /** Commission per share traded. */
  commission_per_share: number;
  /** Floor of the commission of one (non-zero) trade. */
  min_commission: number;
  /** Fill = close * (1 +/- slippage_bps / 10,000), against the trader. */
  slippage_bps: number;
}

export type RebalanceFrequency = 'signal' | 'daily' | 'weekly' | 'monthly';
export type InputValue = string | DatedValues | Record<string, Record<string, number>> | Order[] | null | undefined;

export interface RunInputs { weights?: InputValue; signals?: InputValue; orders?: InputValue }

export interface ResolvedOptions {
  name: string;
  initial_cash: number;
  start_date: string | null;
  end_date: string | null;
  use_case: 1 | 2 | 3;
  inputs: RunInputs;
  enable_sector_hedge: boolean;
  sector_hedge_method: 'etf' | 'proportional';
  sector_target_exposures: Record<string, number | string>;
  sector_etf_mapping: Record<string, string>;
  hedge_group_column: string;
  sector_hedge_tolerance: number;
  enable_beta_hedge: boolean;
  beta_hedge_instrument: string;
  target_beta: number;
  beta_lookback_days: number;
  beta_hedge_tolerance: number;
  exposure_basis: 'gross' | 'nav';
  execution_delay_days: number;
  gross_leverage: number;
  demean_signals: boolean;
  rebalance_frequency: RebalanceFrequency;
  stock_costs: CostSpec;
  etf_costs: CostSpec;
  borrow_rate_annual: number;
  cash_rate_annual: number;
  risk_free_rate: number;
  write_positions: boolean;
  /** Absolute path of the config file, when it came from one. */
  configPath: string | null;
}

const USE_CASE_NAMES: Record<string, 1 | 2 | 3> = { weights: 1, signals: 2, orders: 3 };

/** 1 | 2 | 3 from a number or its name (`weights`, `signals`, `orders`). */
export function parseUseCase(v: unknown): 1 | 2 | 3 {
  if (v === 1 || v === 2 || v === 3) return v;
  if (typeof v === 'string' && USE_CASE_NAMES[v]) return USE_CASE_NAMES[v];
  throw new BacktestError('bad-use-case', `use_case must be 1, 2, 3, "weights", "signals" or "orders", not ${JSON.stringify(v)}.`, {
    path: 'use_case', fix: 'use 1 (weights), 2 (signals) or 3 (orders).',
  });
}

function num(v: unknown, dflt: number, key: string): number {
  if (v === undefined || v === null) return dflt;
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new BacktestError('bad-option', `${key} must be a finite number, not ${JSON.stringify(v)}.`, { path: key });
  }
  return v;
}

function costs(v: unknown, key: string): CostSpec {
  const o = (v && typeof v === 'object' ? v : {}) as Record<string, unknown>;
  return {
    commission_bps: num(o.commission_bps, 0, `${key}.commission_bps`),
    commission_per_share: num(o.commission_per_share, 0, `${key}.commission_per_share`),
    min_commission: num(o.min_commission, 0, `${key}.min_commission`),
    slippage_bps: num(o.slippage_bps, 0, `${key}.slippage_bps`),
  };
}

/** Reads every option from a BacktestConfig (or a plain object), applying the spec's defaults. */
export function resolveOptions(config: object): ResolvedOptions {
  const c = config as Record<string, unknown>;
  const str = <T extends string>(k: string, d: T): T => (typeof c[k] === 'string' ? (c[k] as T) : d);
  const bool = (k: string, d: boolean): boolean => (typeof c[k] === 'boolean' ? (c[k] as boolean) : d);
  const method = str('sector_hedge_method', 'etf');
  const basis = str('exposure_basis', 'gross');
  const freq = str('rebalance_frequency', 'signal');
  if (method !== 'etf' && method !== 'proportional') {
    throw new BacktestError('bad-option', `sector_hedge_method must be "etf" or "proportional", not "${method}".`, { path: 'sector_hedge_method' });
  }
  if (basis !== 'gross' && basis !== 'nav') {
    throw new BacktestError('bad-option', `exposure_basis must be "gross" or "nav", not "${basis}".`, { path: 'exposure_basis' });
  }
  if (!['signal', 'daily', 'weekly', 'monthly'].includes(freq)) {
    throw new BacktestError('bad-option', `rebalance_frequency must be signal, daily, weekly or monthly, not "${freq}".`, { path: 'rebalance_frequency' });
  }
  const delay = num(c.execution_delay_days, 1, 'execution_delay_days');
  const lookback = num(c.beta_lookback_days, 126, 'beta_lookback_days');
  if (delay < 0 || !Number.isInteger(delay)) throw new BacktestError('bad-option', 'execution_delay_days must be a whole number >= 0.', { path: 'execution_delay_days' });
  if (lookback < 2 || !Number.isInteger(lookback)) throw new BacktestError('bad-option', 'beta_lookback_days must be a whole number >= 2.', { path: 'beta_lookback_days' });
  const initialCash = num(c.initial_cash, 10_000_000, 'initial_cash');
  if (!(initialCash > 0)) throw new BacktestError('bad-option', 'initial_cash must be positive.', { path: 'initial_cash' });
  const mapping = c.sector_etf_mapping && typeof c.sector_etf_mapping === 'object'
    ? (c.sector_etf_mapping as Record<string, string>) : { ...DEFAULT_SECTOR_ETF_MAPPING };
  return {
    name: str('name', 'Backtest'),
    initial_cash: initialCash,
    start_date: typeof c.start_date === 'string' ? c.start_date : null,
    end_date: typeof c.end_date === 'string' ? c.end_date : null,
    use_case: parseUseCase(c.use_case ?? 2),
    inputs: (c.inputs && typeof c.inputs === 'object' ? c.inputs : {}) as RunInputs,
    enable_sector_hedge: bool('enable_sector_hedge', false),
    sector_hedge_method: method,
    sector_target_exposures: (c.sector_target_exposures && typeof c.sector_target_exposures === 'object'
      ? c.sector_target_exposures : {}) as Record<string, number | string>,
    sector_etf_mapping: mapping,
    hedge_group_column: str('hedge_group_column', 'sector'),
    sector_hedge_tolerance: num(c.sector_hedge_tolerance, 0.02, 'sector_hedge_tolerance'),
    enable_beta_hedge: bool('enable_beta_hedge', false),
    beta_hedge_instrument: str('beta_hedge_instrument', 'SPY'),
    target_beta: num(c.target_beta, 0, 'target_beta'),
    beta_lookback_days: lookback,
    beta_hedge_tolerance: num(c.beta_hedge_tolerance, 0.05, 'beta_hedge_tolerance'),
    exposure_basis: basis,
    execution_delay_days: delay,
    gross_leverage: num(c.gross_leverage, 1, 'gross_leverage'),
    demean_signals: bool('demean_signals', false),
    rebalance_frequency: freq as RebalanceFrequency,
    stock_costs: costs(c.stock_costs, 'stock_costs'),
    etf_costs: costs(c.etf_costs, 'etf_costs'),
    borrow_rate_annual: num(c.borrow_rate_annual, 0, 'borrow_rate_annual'),
    cash_rate_annual: num(c.cash_rate_annual, 0, 'cash_rate_annual'),
    risk_free_rate: num(c.risk_free_rate, 0, 'risk_free_rate'),
    write_positions: bool('write_positions', true),
    configPath: typeof c.configPath === 'string' ? c.configPath : null,
  };
}

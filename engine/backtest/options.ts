// The resolved run options: every config key of the spec with its default, read from a
// BacktestConfig instance or any plain object using the same snake_case keys, so the
// backtester does not depend on how the config was built.
import { USE_CASE_NAMES, type BacktestConfigOptions, type CostSettings, type RebalanceFrequency } from '../config/options';
import { withDefaults } from '../config/schema';
import type { DatedValues, Order } from '../types';
import { BacktestError } from './errors';

/** Costs of one book; documented key by key in the schema. */
export type CostSpec = CostSettings;
export type { RebalanceFrequency };
export type InputValue = string | DatedValues | Record<string, Record<string, number>> | Order[] | null | undefined;

export interface RunInputs {
  weights?: InputValue;
  signals?: InputValue;
  orders?: InputValue;
  positions?: InputValue;
}

/** Every config key the run uses (the paths are already resolved into the data). */
export interface ResolvedOptions extends Omit<
  BacktestConfigOptions,
  | 'start_date'
  | 'end_date'
  | 'inputs'
  | 'data_dir'
  | 'prices_file'
  | 'sector_mapping_file'
  | 'value_columns'
  | 'stock_rebalance_frequency'
  | 'hedge_rebalance_frequency'
  | 'etf_borrow_rate_annual'
  | 'borrow_file'
> {
  /** Resolved from rebalance_frequency when the config omits them. */
  stock_rebalance_frequency: RebalanceFrequency;
  hedge_rebalance_frequency: RebalanceFrequency;
  etf_borrow_rate_annual: number;
  /** As written in the config (relative to data_dir), or null. */
  borrow_file: string | null;
  /**
   * Not a config key (RunOptions.compareHedgeRatios): also size the other sector_hedge_ratio
   * on the same days, for the residual-variance comparison, without trading it.
   */
  compare_hedge_ratios?: boolean;
  start_date: string | null;
  end_date: string | null;
  inputs: RunInputs;
  /** Absolute path of the config file, when it came from one. */
  configPath: string | null;
}

/** 1 | 2 | 3 | 4 from a number or its name (`weights`, `signals`, `orders`, `positions`). */
export function parseUseCase(v: unknown): 1 | 2 | 3 | 4 {
  if (v === 1 || v === 2 || v === 3 || v === 4) return v;
  if (typeof v === 'string' && Object.hasOwn(USE_CASE_NAMES, v)) return USE_CASE_NAMES[v as keyof typeof USE_CASE_NAMES];
  throw new BacktestError(
    'bad-use-case',
    `use_case must be 1, 2, 3, 4, "weights", "signals", "orders" or "positions", not ${JSON.stringify(v)}.`,
    {
      path: 'use_case',
      fix: 'use 1 (weights), 2 (signals), 3 (orders) or 4 (positions).',
    },
  );
}

function num(v: unknown, key: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new BacktestError('bad-option', `${key} must be a finite number, not ${JSON.stringify(v)}.`, { path: key });
  }
  return v;
}

function costs(v: unknown, key: string): CostSpec {
  const o = v as Record<string, unknown>;
  return {
    commission_bps: num(o.commission_bps, `${key}.commission_bps`),
    commission_per_share: num(o.commission_per_share, `${key}.commission_per_share`),
    min_commission: num(o.min_commission, `${key}.min_commission`),
    slippage_bps: num(o.slippage_bps, `${key}.slippage_bps`),
  };
}

/** Reads every option from a BacktestConfig (or a plain object), applying the spec's defaults. */
export function resolveOptions(config: object): ResolvedOptions {
  // Every default comes from schemas/backtest.schema.json, the one source of truth.
  const c = withDefaults({ ...(config as Record<string, unknown>) });
  const str = <T extends string>(k: string): T => {
    if (typeof c[k] !== 'string') throw new BacktestError('bad-option', `${k} must be a string, not ${JSON.stringify(c[k])}.`, { path: k });
    return c[k] as T;
  };
  const bool = (k: string): boolean => {
    if (typeof c[k] !== 'boolean')
      throw new BacktestError('bad-option', `${k} must be true or false, not ${JSON.stringify(c[k])}.`, { path: k });
    return c[k] as boolean;
  };
  const method = str('sector_hedge_method');
  const basis = str('exposure_basis');
  const freq = str('rebalance_frequency');
  if (method !== 'etf' && method !== 'proportional') {
    throw new BacktestError('bad-option', `sector_hedge_method must be "etf" or "proportional", not "${method}".`, {
      path: 'sector_hedge_method',
    });
  }
  if (basis !== 'gross' && basis !== 'nav') {
    throw new BacktestError('bad-option', `exposure_basis must be "gross" or "nav", not "${basis}".`, { path: 'exposure_basis' });
  }
  const frequency = (k: string, fallback: string): RebalanceFrequency => {
    const v = c[k] === undefined || c[k] === null ? fallback : c[k];
    if (typeof v !== 'string' || !['signal', 'daily', 'weekly', 'monthly'].includes(v)) {
      throw new BacktestError('bad-option', `${k} must be signal, daily, weekly or monthly, not ${JSON.stringify(v)}.`, { path: k });
    }
    return v as RebalanceFrequency;
  };
  frequency('rebalance_frequency', freq);
  const ratio = str('sector_hedge_ratio');
  if (ratio !== 'dollar' && ratio !== 'beta') {
    throw new BacktestError('bad-option', `sector_hedge_ratio must be "dollar" or "beta", not "${ratio}".`, { path: 'sector_hedge_ratio' });
  }
  const band = str('hedge_band_mode');
  if (band !== 'center' && band !== 'edge') {
    throw new BacktestError('bad-option', `hedge_band_mode must be "center" or "edge", not "${band}".`, { path: 'hedge_band_mode' });
  }
  const sectorLookback = num(c.sector_hedge_lookback_days, 'sector_hedge_lookback_days');
  if (sectorLookback < 2 || !Number.isInteger(sectorLookback))
    throw new BacktestError('bad-option', 'sector_hedge_lookback_days must be a whole number >= 2.', {
      path: 'sector_hedge_lookback_days',
    });
  const borrowRate = num(c.borrow_rate_annual, 'borrow_rate_annual');
  if (c.borrow_file !== undefined && c.borrow_file !== null && typeof c.borrow_file !== 'string') {
    throw new BacktestError('bad-option', `borrow_file must be a file path, not ${JSON.stringify(c.borrow_file)}.`, {
      path: 'borrow_file',
    });
  }
  const delay = num(c.execution_delay_days, 'execution_delay_days');
  const lookback = num(c.beta_lookback_days, 'beta_lookback_days');
  if (delay < 0 || !Number.isInteger(delay))
    throw new BacktestError('bad-option', 'execution_delay_days must be a whole number >= 0.', { path: 'execution_delay_days' });
  if (lookback < 2 || !Number.isInteger(lookback))
    throw new BacktestError('bad-option', 'beta_lookback_days must be a whole number >= 2.', { path: 'beta_lookback_days' });
  const initialCash = num(c.initial_cash, 'initial_cash');
  if (!(initialCash > 0)) throw new BacktestError('bad-option', 'initial_cash must be positive.', { path: 'initial_cash' });
  const mapping = c.sector_etf_mapping as Record<string, string>;
  const choice = <T extends string>(k: string, allowed: readonly T[]): T => {
    const v = str<T>(k);
    if (!allowed.includes(v))
      throw new BacktestError('bad-option', `${k} must be ${allowed.map((a) => `"${a}"`).join(' or ')}, not "${v}".`, { path: k });
    return v;
  };
  return {
    name: str('name'),
    initial_cash: initialCash,
    start_date: typeof c.start_date === 'string' ? c.start_date : null,
    end_date: typeof c.end_date === 'string' ? c.end_date : null,
    use_case: parseUseCase(c.use_case),
    inputs: c.inputs as RunInputs,
    enable_sector_hedge: bool('enable_sector_hedge'),
    sector_hedge_method: method,
    sector_hedge_ratio: ratio,
    sector_hedge_lookback_days: sectorLookback,
    sector_target_exposures: c.sector_target_exposures as Record<string, number | string>,
    sector_etf_mapping: mapping,
    hedge_group_column: str('hedge_group_column'),
    sector_hedge_tolerance: num(c.sector_hedge_tolerance, 'sector_hedge_tolerance'),
    hedge_band_mode: band,
    enable_beta_hedge: bool('enable_beta_hedge'),
    beta_hedge_instrument: str('beta_hedge_instrument'),
    target_beta: num(c.target_beta, 'target_beta'),
    beta_lookback_days: lookback,
    beta_hedge_tolerance: num(c.beta_hedge_tolerance, 'beta_hedge_tolerance'),
    exposure_basis: basis,
    execution_delay_days: delay,
    gross_leverage: num(c.gross_leverage, 'gross_leverage'),
    demean_signals: bool('demean_signals'),
    rebalance_frequency: freq as RebalanceFrequency,
    stock_rebalance_frequency: frequency('stock_rebalance_frequency', freq),
    hedge_rebalance_frequency: frequency('hedge_rebalance_frequency', freq),
    stock_costs: costs(c.stock_costs, 'stock_costs'),
    etf_costs: costs(c.etf_costs, 'etf_costs'),
    borrow_rate_annual: borrowRate,
    etf_borrow_rate_annual:
      c.etf_borrow_rate_annual === undefined || c.etf_borrow_rate_annual === null
        ? borrowRate
        : num(c.etf_borrow_rate_annual, 'etf_borrow_rate_annual'),
    borrow_file: typeof c.borrow_file === 'string' ? c.borrow_file : null,
    cash_rate_annual: num(c.cash_rate_annual, 'cash_rate_annual'),
    risk_free_rate: num(c.risk_free_rate, 'risk_free_rate'),
    bootstrap_samples: num(c.bootstrap_samples, 'bootstrap_samples'),
    bootstrap_block_days: num(c.bootstrap_block_days, 'bootstrap_block_days'),
    bootstrap_seed: num(c.bootstrap_seed, 'bootstrap_seed'),
    write_positions: bool('write_positions'),
    on_bankruptcy: choice('on_bankruptcy', ['stop', 'continue'] as const),
    on_target_out_of_range: choice('on_target_out_of_range', ['stop', 'clamp'] as const),
    configPath: typeof c.configPath === 'string' ? c.configPath : null,
  };
}

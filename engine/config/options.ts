// Typed view of schemas/backtest.schema.json (keep the two in step; config.test checks it).

export type UseCase = 1 | 2 | 3 | 4;
export type UseCaseName = 'weights' | 'signals' | 'orders' | 'positions';
export const USE_CASE_NAMES: Record<UseCaseName, UseCase> = { weights: 1, signals: 2, orders: 3, positions: 4 };
export const USE_CASE_INPUT: Record<UseCase, UseCaseName> = { 1: 'weights', 2: 'signals', 3: 'orders', 4: 'positions' };

export interface CostSettings {
  /** Commission in basis points of traded notional. */
  commission_bps: number;
  /** Commission per share traded. */
  commission_per_share: number;
  /** Floor of the commission of one (non-zero) trade. */
  min_commission: number;
  /** Fill = close * (1 +/- slippage_bps / 10,000), against the trader. */
  slippage_bps: number;
}

/** A file path (relative to the config file) or inline data. */
export type InputValue = string | Record<string, unknown> | unknown[];

export interface BacktestInputs {
  weights?: InputValue;
  signals?: InputValue;
  orders?: InputValue;
  /** Use case 4: shares held at each date's close, from another system. */
  positions?: InputValue;
}

export type SectorHedgeMethod = 'proportional' | 'etf';
export type ExposureBasis = 'gross' | 'nav';
export type RebalanceFrequency = 'signal' | 'daily' | 'weekly' | 'monthly';
export type SectorHedgeRatio = 'dollar' | 'beta';
export type HedgeBandMode = 'center' | 'edge';
/** Equity at or below zero: stop the run, or continue with every metric invalid. */
export type OnBankruptcy = 'stop' | 'continue';
/** A sector target outside -1..1 at run time: stop the run, or clamp it with a warning. */
export type OnTargetOutOfRange = 'stop' | 'clamp';

/** Every config key, after defaults. */
export interface BacktestConfigOptions {
  name: string;
  initial_cash: number;
  start_date?: string;
  end_date?: string;
  use_case: UseCase;
  inputs: BacktestInputs;
  data_dir: string;
  prices_file: string;
  sector_mapping_file: string;
  /** Value column of long files with several (prices, signals, weights). */
  value_columns: { prices?: string; signals?: string; weights?: string };
  enable_sector_hedge: boolean;
  sector_hedge_method: SectorHedgeMethod;
  /** ETF method: "dollar" (value for value) or "beta" (regression on the sector ETF). */
  sector_hedge_ratio: SectorHedgeRatio;
  sector_hedge_lookback_days: number;
  /** A number, or a mathjs expression string evaluated at each rebalance. */
  sector_target_exposures: Record<string, number | string>;
  sector_etf_mapping: Record<string, string>;
  hedge_group_column: string;
  sector_hedge_tolerance: number;
  /** Band triggers re-trade to the target ("center") or to the band's nearer edge. */
  hedge_band_mode: HedgeBandMode;
  enable_beta_hedge: boolean;
  beta_hedge_instrument: string;
  target_beta: number;
  beta_lookback_days: number;
  beta_hedge_tolerance: number;
  exposure_basis: ExposureBasis;
  execution_delay_days: number;
  gross_leverage: number;
  demean_signals: boolean;
  rebalance_frequency: RebalanceFrequency;
  /** When the stock book trades to its inputs; omitted: rebalance_frequency. */
  stock_rebalance_frequency?: RebalanceFrequency | null;
  /** When hedges fully re-trade; omitted: rebalance_frequency. */
  hedge_rebalance_frequency?: RebalanceFrequency | null;
  stock_costs: CostSettings;
  etf_costs: CostSettings;
  borrow_rate_annual: number;
  /** Borrow rate of sector ETFs and the beta instrument; omitted: borrow_rate_annual. */
  etf_borrow_rate_annual?: number | null;
  /** CSV date,ticker,rate_annual[,available_shares], relative to data_dir. */
  borrow_file?: string | null;
  cash_rate_annual: number;
  risk_free_rate: number;
  bootstrap_samples: number;
  bootstrap_block_days: number;
  bootstrap_seed: number;
  write_positions: boolean;
  on_bankruptcy: OnBankruptcy;
  on_target_out_of_range: OnTargetOutOfRange;
}

/** What `new BacktestConfig(...)` accepts: any subset; use_case as number or name; partial costs. */
export type BacktestConfigInput = Partial<Omit<BacktestConfigOptions, 'use_case' | 'stock_costs' | 'etf_costs'>> & {
  use_case?: UseCase | UseCaseName;
  stock_costs?: Partial<CostSettings>;
  etf_costs?: Partial<CostSettings>;
  $schema?: string;
};

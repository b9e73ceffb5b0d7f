// Shared data shapes of the engine. Every other part (CLI, language server, webview,
// client) depends on these, so change them only additively.
import type { AnalysisJson } from './analysis/json';
import type { BorrowTable } from './data/borrow';
import type { TRADE_REASONS } from './results/tradeReasons';

/** A position in a text file: 0-based line and character (LSP convention). */
export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/**
 * One finding about a config or a data file. The single validation module
 * (engine/validate) produces these; the language server maps them to LSP diagnostics
 * and `backtest validate` prints them as `file:line:col severity message` (1-based).
 */
export interface ConfigDiagnostic {
  /** Stable code listed in docs/errors.md, e.g. `unknown-sector`. */
  code: string;
  severity: Severity;
  message: string;
  /** Absolute path of the file the range refers to (the config, or a data file). */
  file: string;
  range: Range;
  /** JSON path in the config, e.g. `sector_target_exposures.Tecnology`, when relevant. */
  path?: string;
  /** Machine-readable hints for code actions (replacement text, sectors to add, ...). */
  data?: Record<string, unknown>;
}

/** Error thrown by loaders and config parsing; carries file/line/column and the fix. */
export interface DataErrorInfo {
  code: string;
  file: string;
  /** 1-based line and column, as printed to users. */
  line?: number;
  column?: number;
  message: string;
  fix?: string;
  /** The problem without location or fix (message = `file:line:col: detail Fix: fix`). */
  detail?: string;
}

/** Per-load data-quality report. */
export interface DataQualityReport {
  file: string;
  rows: number;
  columns: number;
  /** Tickers whose first price is after the first date of the file. */
  lateStarts: { ticker: string; firstDate: string }[];
  /** Tickers whose last price is before the last date of the file. */
  earlyEnds: { ticker: string; lastDate: string }[];
  /** Empty cells between a ticker's first and last price (valued at the last known price). */
  gaps: { ticker: string; days: number }[];
  /** Columns with no price at all. */
  emptyColumns: string[];
  /** Likely typos: one-day jumps of 10x that revert, prices below 1e-6 (engine/data/priceAnomalies.ts). */
  anomalies?: PriceAnomaly[];
  /**
   * Dates read from a TIMESTAMP column whose times are not all UTC midnights (their UTC
   * date) that are Saturdays or Sundays: the tell of timestamps at local midnight east of
   * UTC, which land on the day before.
   */
  timestampWeekends?: { count: number; first: string; column: string };
  warnings: string[];
}

export interface PriceAnomaly {
  ticker: string;
  date: string;
  kind: 'spike' | 'tiny';
  price: number;
  /** For a spike: the prices before and after it. */
  before?: number;
  after?: number;
}

/**
 * Wide price table, column-major: `columns[j][i]` is the close of `tickers[j]` on
 * `dates[i]`, NaN where the cell was empty.
 */
export interface PriceTable {
  file: string;
  dates: string[];
  tickers: string[];
  columns: Float64Array[];
  /** Index of each ticker in `tickers`. */
  index: Map<string, number>;
  /** First and last date index with a price, -1 when the column is empty. */
  firstIndex: Int32Array;
  lastIndex: Int32Array;
  /** 0-based character offset of each ticker's header cell on line 0 (go-to-definition). */
  headerOffsets: number[];
  quality: DataQualityReport;
}

export interface SectorMappingRow {
  ticker: string;
  /** 0-based line in the mapping file. */
  line: number;
  values: Record<string, string>;
  /** Point-in-time mapping: first and last day (inclusive) the row is in force; null = open. */
  validFrom?: string | null;
  validTo?: string | null;
}

export interface SectorMapping {
  file: string;
  /** Header columns, e.g. ['ticker', 'sector', 'industry']. */
  columns: string[];
  rows: SectorMappingRow[];
  /** ticker -> row (point-in-time: the row in force last). */
  byTicker: Map<string, SectorMappingRow>;
  /** Set when the file has valid_from / valid_to columns: each ticker's rows by valid_from. */
  history?: Map<string, SectorMappingRow[]>;
  quality: { warnings: string[] };
}

/** Signals or weights: date -> ticker -> value, dates ascending. */
export type DatedValues = Map<string, Map<string, number>>;

export interface Order {
  date: string;
  ticker: string;
  quantity: number;
  line?: number;
}

/** Why a trade happened: one of TRADE_REASONS (engine/results/tradeReasons.ts). */
export type TradeReason = (typeof TRADE_REASONS)[number];

export interface Trade {
  date: string;
  ticker: string;
  /** Signed shares: + buy, - sell. */
  quantity: number;
  /** Fill price including slippage. */
  price: number;
  /** quantity * price (signed). */
  notional: number;
  commission: number;
  /** Cost of slippage in currency (>= 0). */
  slippage: number;
  reason: TradeReason;
  /** Hedge group (sector or industry) of the ticker, or of the ETF hedged, if any. */
  sector: string | null;
}

export interface RunWarning {
  code: string;
  message: string;
  ticker?: string;
  sector?: string;
  date?: string;
  count?: number;
}

/** Metrics with the spec's definitions (empyrical conventions, 252 days, ddof 1). */
export interface Metrics {
  totalReturn: number;
  cagr: number;
  annualVolatility: number;
  sharpeRatio: number;
  sortinoRatio: number;
  maxDrawdown: number;
  calmarRatio: number;
  turnover: number;
  totalCosts: { stocks: number; hedges: number; borrow: number; total: number };
  realisedBeta: number;
  meanAbsExposureError: number;
  tradeCount: number;
  hedgeTradeCount: number;
  /** Per hedge group: days its hedge re-traded because it left the tolerance band. */
  bandTriggers?: Record<string, number>;
  /** Borrow cost per ticker (non-zero only), largest first. */
  borrowByName?: Record<string, number>;
  /**
   * Residual sector variance of the ETF method: sum over sectors of the annualised variance
   * of each hedged sector book's daily P&L (stocks + ETF hedge) / previous basis.
   */
  residualSectorVariance?: number;
  /** The dollar ratio's residual sector variance: this run's, or (a beta-ratio run) a dollar hedge of the same book re-set on the same days. */
  residualSectorVarianceDollar?: number;
  /** The beta ratio's: this run's, or (a dollar run with compareHedgeRatios) a beta hedge shadowing it; absent otherwise. */
  residualSectorVarianceBeta?: number;
  /** Per sector, this run's ratio. */
  residualSectorVarianceBySector?: Record<string, number>;
  /**
   * Present when the metrics are invalid: equity reached zero or below on `date` and the run
   * continued (on_bankruptcy "continue"). Every performance metric is then NaN (null in JSON).
   */
  invalid?: { code: string; date: string; message: string };
}

/** Progress callback for long runs: fraction done in [0, 1]. Return false to cancel. */
export type ProgressFn = (fraction: number, date: string) => boolean | void;

/**
 * The JSON form of a run consumed by the results panel and the static HTML report.
 * Its shape is `schemas/results.schema.json`.
 */
export interface ResultsJson {
  schemaVersion: 1;
  meta: {
    name: string;
    configPath: string | null;
    engineVersion: string;
    startDate: string;
    endDate: string;
    dataRange: { first: string; last: string };
    hedgeMethod: 'none' | 'proportional' | 'etf';
    betaHedge: boolean;
    betaInstrument: string;
    initialCash: number;
    exposureBasis: 'gross' | 'nav';
    /** The price file the run read (absolute path). Absent in results from older versions. */
    pricesFile?: string;
    /** 1 weights, 2 signals, 3 orders, 4 positions (absent in results saved before it existed). */
    useCase?: 1 | 2 | 3 | 4;
    /** The ETF method's hedge ratio (sector_hedge_ratio). */
    sectorHedgeRatio?: 'dollar' | 'beta';
    generatedAt: string;
  };
  metrics: Metrics;
  dates: string[];
  series: {
    equity: number[];
    cash: number[];
    longValue: number[];
    shortValue: number[];
    stockValue: number[];
    hedgeValue: number[];
    dailyReturn: number[];
    /** Equity of the same stock trades without any hedge (cash + stock value, no hedge P&L or hedge costs). */
    unhedgedEquity: number[];
    /** Beta instrument's price rebased to initial cash; null where it has no price. */
    benchmark: (number | null)[];
  };
  sectors: {
    name: string;
    etf: string | null;
    tolerance: number;
    /** Target per day (dynamic targets change over time). */
    target: number[];
    preHedge: number[];
    postHedge: number[];
  }[];
  beta: { preHedge: number[]; postHedge: number[] };
  trades: Trade[];
  /** Holdings at each date; omitted (null) for runs too large to embed. */
  positions: { date: string; rows: { ticker: string; sector: string | null; shares: number; price: number; value: number }[] }[] | null;
  warnings: RunWarning[];
  tradeCounts: Record<TradeReason, number>;
  /** What the hedge did (docs/analytics.md); absent in results saved before it existed. */
  analysis?: AnalysisJson;
}

/** Several runs side by side (`backtest compare`, the panel's compare view). */
export interface CompareJson {
  schemaVersion: 1;
  runs: { label: string; results: ResultsJson }[];
  /** Label of the run whose hedge method the config itself uses (the panel opens on it). */
  configured?: string;
}

/** Result of loading one data file for validation (the language server loads asynchronously). */
export type LoadState<T> = { state: 'ready'; value: T } | { state: 'error'; error: DataErrorInfo } | { state: 'pending' };

/**
 * How the validator reaches data files (absolute paths). The CLI reads them now
 * (`createSyncDataAccess`); the language server answers from its cache and returns
 * 'pending' while a file loads in the background.
 */
export interface DataAccess {
  /** `valueColumn`: a long file's value column (config value_columns), when it has several. */
  prices(absPath: string, valueColumn?: string): LoadState<PriceTable>;
  mapping(absPath: string): LoadState<SectorMapping>;
  datedValues(absPath: string, valueColumn?: string): LoadState<DatedValues>;
  /** Orders CSV (use case 3). Optional: without it, order files are not checked. */
  orders?(absPath: string): LoadState<Order[]>;
  /** Borrow CSV (borrow_file). Optional: without it, the borrow file is not checked. */
  borrow?(absPath: string): LoadState<BorrowTable>;
}

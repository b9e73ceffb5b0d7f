export { Backtester, type BacktestData, type RunOptions } from './backtester';
export { CancelledError, BacktestError } from './errors';
export { resolveOptions, parseUseCase, type ResolvedOptions, type CostSpec, type RunInputs } from './options';
export { fillPrice, commissionFor } from './costs';
export { marketVariables, type MarketVariables } from './targets';

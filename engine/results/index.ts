export { BacktestResults, type PositionRow, type PositionSnapshot, type EquityPoint, type ExposurePoint, type BetaPoint, type WriteOptions } from './backtestResults';
export { calculateMetrics, metricsSnakeCase, instrumentReturns } from './calculateMetrics';
export type { RunRecord } from './runRecord';
export { ENGINE_VERSION } from './version';

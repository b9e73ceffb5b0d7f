export { BacktestResults, type PositionRow, type PositionSnapshot, type EquityPoint, type ExposurePoint, type BetaPoint, type WriteOptions } from './backtestResults';
export { calculateMetrics, metricsSnakeCase, instrumentReturns } from './calculateMetrics';
export type { RunRecord } from './runRecord';
export { ENGINE_VERSION } from './version';
export { writeResultFiles, writeResultFolder, resultFileTexts, compareFileTexts, metricsFileText, RESULT_FILE_NAMES, type ResultFileText } from './resultFiles';
export { recordSource, jsonSource, type ResultSource, type TradeColumns, type PositionRows, type MetricsParts } from './resultSource';
export { cell as csvCell } from './csvCell';

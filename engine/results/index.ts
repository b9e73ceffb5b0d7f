export { BacktestResults, type PositionRow, type PositionSnapshot, type EquityPoint, type ExposurePoint, type BetaPoint, type WriteOptions } from './backtestResults';
export { calculateMetrics, metricsSnakeCase, instrumentReturns } from './calculateMetrics';
export type { RunRecord } from './runRecord';
export { ENGINE_VERSION } from './version';
export { writeResultFiles, writeResultFolder, resultFileTexts, compareFileTexts, metricsFileText, RESULT_FILE_NAMES, type ResultFileText } from './resultFiles';
export { recordTables, jsonTables, type ResultTables, type TradeColumns, type PositionRows, type MetricsParts } from './resultTables';
export { cell as csvCell } from './csvCell';

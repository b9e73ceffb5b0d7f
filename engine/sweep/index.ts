// Parameter sweeps: the sweep file, its variants and walk-forward windows (pure: nothing
// here runs a backtest; the CLI runs the variants on worker threads).
export { readSweepFile, parseSweepText, buildSweepSpec, checkAxisKey, axisSegments, sweepSchema } from './spec';
export type { SweepSpec, SweepAxis, WalkForwardSpec } from './spec';
export { expandAxis, combineAxes, applyPoint, describePoint, MAX_VARIANTS } from './axes';
export type { AxisPoint } from './axes';
export { buildVariants, variantId, sweepId, shardOf, fileFingerprint, canonicalJson, dataFilesOf, SweepValidationError } from './variants';
export type { Variant, InvalidVariant } from './variants';
export { METRIC_COLUMNS, parseMetricSpec, flattenMetrics, compareScores, bestIndex } from './metrics';
export type { MetricName, MetricSpec, FlatMetrics } from './metrics';
export { walkForwardWindows, stitchedMetrics } from './walkForward';
export type { Window, StitchedDay } from './walkForward';

// The sweep view's data (built in Node by report/sweepReport.ts from a sweep folder) and
// the pure computations over it: sorting, filtering, the heatmap grid. No DOM here.

export interface SweepVariant {
  rank: number;
  variant_id: string;
  axes: Record<string, unknown>;
  metrics: Record<string, number | null>;
  /** Why its metrics are invalid (equity reached zero or below, on_bankruptcy "continue"); they are null. */
  metrics_invalid?: { code: string; date: string; message: string } | null;
  /** The variant's sampled equity curve: its dates are `equity_dates[dates]` (shared by the variants of one range). */
  equity?: { dates: number; values: number[] } | null;
}

export interface SweepWindow {
  index: number;
  trainStart: string;
  trainEnd: string;
  testStart: string;
  testEnd: string;
  variant_id: string;
  axes: Record<string, unknown>;
  train_score: number | null;
  test_score: number | null;
}

export interface SweepViewData {
  format: 'sweep-view/1';
  title: string;
  rank_by: string;
  axes: { key: string; values: unknown[] }[];
  variants: SweepVariant[];
  /** The distinct date lists of the variants' equity curves (most sweeps have one). */
  equity_dates?: string[][];
  complete: boolean;
  walk_forward: null | {
    select_by: string;
    windows: SweepWindow[];
    out_of_sample: Record<string, number | null>;
    in_sample_best: { variant_id: string; axes: Record<string, unknown>; metrics: Record<string, number | null> } | null;
    equity: { date: string; equity: number; window: number }[];
  };
}

export const METRICS = [
  'sharpe_ratio',
  'total_return',
  'cagr',
  'annual_volatility',
  'sortino_ratio',
  'max_drawdown',
  'calmar_ratio',
  'turnover',
  'realised_beta',
  'mean_abs_exposure_error',
  'trade_count',
  'hedge_trade_count',
  'total_costs',
];

/** A variant's equity curve for the side-by-side overlay, or null when its record has none. */
export function variantEquity(data: SweepViewData, v: SweepVariant): { dates: string[]; values: number[] } | null {
  const dates = v.equity ? data.equity_dates?.[v.equity.dates] : undefined;
  return dates && v.equity && dates.length === v.equity.values.length ? { dates, values: v.equity.values } : null;
}

export function valueText(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

export type SortKey = { kind: 'axis' | 'metric' | 'rank' | 'id'; key: string; descending: boolean };

export function sortVariants(rows: SweepVariant[], s: SortKey): SweepVariant[] {
  const get = (r: SweepVariant): number | string | null =>
    s.kind === 'rank'
      ? r.rank
      : s.kind === 'id'
        ? r.variant_id
        : s.kind === 'metric'
          ? (r.metrics[s.key] ?? null)
          : typeof r.axes[s.key] === 'number'
            ? (r.axes[s.key] as number)
            : valueText(r.axes[s.key]);
  return rows.slice().sort((a, b) => {
    const x = get(a),
      y = get(b);
    if (x === null || y === null) return x === y ? a.rank - b.rank : x === null ? 1 : -1;
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return (s.descending ? -c : c) || a.rank - b.rank;
  });
}

/** Rows whose id or any axis value contains every word of the filter (case-insensitive); `key=value` words match that axis. */
export function filterVariants(rows: SweepVariant[], filter: string): SweepVariant[] {
  const words = filter.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return rows;
  return rows.filter((r) =>
    words.every((w) => {
      const eq = w.indexOf('=');
      if (eq > 0) {
        const k = w.slice(0, eq),
          v = w.slice(eq + 1);
        return Object.entries(r.axes).some(([ak, av]) => ak.toLowerCase() === k && valueText(av).toLowerCase() === v);
      }
      return r.variant_id.includes(w) || Object.values(r.axes).some((v) => valueText(v).toLowerCase().includes(w));
    }),
  );
}

// Metrics that stay facts of a bankrupt variant (on_bankruptcy "continue"); the others are invalid.
const FACT_METRICS = new Set([
  'trade_count',
  'hedge_trade_count',
  'total_costs',
  'total_costs_stocks',
  'total_costs_hedges',
  'total_costs_borrow',
]);

export interface FlatVariant {
  metrics: Record<string, number | null>;
  metrics_invalid?: { code: string; date: string; message: string } | null;
}

/** Whether a variant's metric is invalid (the variant went bankrupt and the metric is not a fact of the run). */
export function metricInvalid(v: FlatVariant, metric: string): boolean {
  return !!v.metrics_invalid && !FACT_METRICS.has(metric);
}

/** A sweep variant's metric for sorting, best-of marks and the heatmap: null (last, never best) when invalid. */
export function variantMetric(v: FlatVariant, metric: string): number | null {
  return metricInvalid(v, metric) ? null : (v.metrics[metric] ?? null);
}

export interface HeatmapGrid {
  xs: unknown[];
  ys: unknown[];
  /** cells[y][x]: the metric (averaged over the variants in the cell), null when none. */
  cells: (number | null)[][];
  /** How many variants each cell averages (valid ones). */
  counts: number[][];
  /** How many of a cell's variants are left out because their metric is invalid (bankrupt). */
  invalid: number[][];
  min: number;
  max: number;
}

/**
 * The metric over two axes. Other axes are either fixed (only variants with that value) or
 * averaged (`'mean'`), as chosen in the view.
 */
export function heatmap(
  data: SweepViewData,
  metric: string,
  xKey: string,
  yKey: string,
  others: Record<string, unknown | 'mean'>,
): HeatmapGrid {
  const xs = data.axes.find((a) => a.key === xKey)?.values ?? [];
  const ys = data.axes.find((a) => a.key === yKey)?.values ?? [];
  const sum = ys.map(() => xs.map(() => 0));
  const counts = ys.map(() => xs.map(() => 0));
  const invalid = ys.map(() => xs.map(() => 0));
  const same = (a: unknown, b: unknown) => valueText(a) === valueText(b);
  for (const v of data.variants) {
    if (Object.entries(others).some(([k, fixed]) => fixed !== 'mean' && !same(v.axes[k], fixed))) continue;
    const x = xs.findIndex((val) => same(val, v.axes[xKey])),
      y = ys.findIndex((val) => same(val, v.axes[yKey]));
    if (x < 0 || y < 0) continue;
    if (metricInvalid(v, metric)) {
      invalid[y][x]++;
      continue;
    }
    const m = v.metrics[metric];
    if (m === null || m === undefined) continue;
    sum[y][x] += m;
    counts[y][x]++;
  }
  let min = Infinity,
    max = -Infinity;
  const cells = sum.map((row, y) =>
    row.map((s, x) => {
      if (!counts[y][x]) return null;
      const v = s / counts[y][x];
      min = Math.min(min, v);
      max = Math.max(max, v);
      return v;
    }),
  );
  return { xs, ys, cells, counts, invalid, min, max };
}

/** Whether higher is better for a metric in the view's colouring (drawdown is negative: higher is better too). */
export function higherIsBetter(metric: string): boolean {
  return !['annual_volatility', 'turnover', 'mean_abs_exposure_error', 'total_costs', 'trade_count', 'hedge_trade_count'].includes(metric);
}

export function fmt(metric: string, v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  if (['total_return', 'cagr', 'annual_volatility', 'max_drawdown', 'mean_abs_exposure_error'].includes(metric))
    return `${(v * 100).toFixed(2)}%`;
  if (['trade_count', 'hedge_trade_count'].includes(metric)) return Math.round(v).toLocaleString('en-US');
  if (metric === 'total_costs') return Math.round(v).toLocaleString('en-US');
  return v.toFixed(3);
}

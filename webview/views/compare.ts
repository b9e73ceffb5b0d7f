// Compare: several runs side by side (the guide's proportional vs ETF comparison):
// performance, bootstrap intervals, costs, tracking error and the sector hedge ratio, the
// equity curves overlaid. The N-variant view of ../sideBySide.ts with the compare's rows;
// the configured method is the first column.
import type { CompareJson, ResultsJson } from '../../engine/types';
import { trackingError } from '../analytics';
import type { LineChart } from '../charts';
import { fmtInt, fmtMoney, fmtPct, fmtRatio } from '../../common/format';
import { sideBySide, type SideVariant } from '../sideBySide';
import type { View } from './context';
import { hedgeRatioRows } from './hedgeRatioRows';
import { perf } from './invalidMetrics';

export function compareView(cmp: CompareJson, registerChart: (c: LineChart) => LineChart, onOpenRun: (i: number) => void): View {
  const runs = cmp.runs;
  const mine = configuredRun(cmp);
  // The first column (the configured method, else the first run) is the tracking-error reference.
  const first = Math.max(0, mine);
  const ref = runs[first]?.results;
  type Row = [string, (r: ResultsJson) => string, string?];
  // A performance row: "invalid" in the cell of a run whose metrics are invalid.
  const p = (f: (r: ResultsJson) => string) => (r: ResultsJson) => perf(r.metrics, () => f(r));
  const rows: Row[] = [
    ['Hedge method', (r) => r.meta.hedgeMethod + (r.meta.betaHedge ? ` + beta (${r.meta.betaInstrument})` : '')],
    ['Period', (r) => `${r.meta.startDate} – ${r.meta.endDate}`],
    ['Total return', p((r) => fmtPct(r.metrics.totalReturn))],
    ['CAGR', p((r) => fmtPct(r.metrics.cagr))],
    ['Volatility', p((r) => fmtPct(r.metrics.annualVolatility))],
    ['Sharpe', p((r) => fmtRatio(r.metrics.sharpeRatio))],
    [
      'Sharpe 95% CI',
      p((r) => ciText(r, 'sharpe_ratio', fmtRatio)),
      '95% interval: stationary block bootstrap of the daily returns (docs/analytics.md)',
    ],
    [
      'Sharpe − unhedged',
      p((r) => ciText(r, 'sharpe_difference', fmtRatio)),
      'Hedged minus unhedged Sharpe, with its 95% interval from the same resampled days: an interval excluding 0 is more than noise',
    ],
    ['Sortino', p((r) => fmtRatio(r.metrics.sortinoRatio))],
    ['Max drawdown', p((r) => fmtPct(r.metrics.maxDrawdown))],
    ['Max DD 95% CI', p((r) => ciText(r, 'max_drawdown', fmtPct)), '95% interval of the max drawdown (stationary block bootstrap)'],
    [
      'Variance removed',
      p((r) => (r.analysis ? fmtPct(r.analysis.hedgeEffectiveness.whole_book.variance_reduction, 1) : '–')),
      "By the sector hedges: 1 − var(hedged) / var(unhedged) of the stock book's daily P&L over its gross value",
    ],
    ['Calmar', p((r) => fmtRatio(r.metrics.calmarRatio))],
    ['Realised beta', p((r) => fmtRatio(r.metrics.realisedBeta))],
    ['Exposure error', p((r) => fmtPct(r.metrics.meanAbsExposureError)), 'Mean |post-hedge sector exposure − target|'],
    [
      `Tracking error vs ${runs[first]?.label ?? 'first run'}`,
      (r) => (r === ref ? '—' : perf([r.metrics, ref?.metrics], () => fmtPct(trackingError(r, ref)))),
      'Annualised std of the daily return difference',
    ],
    ['Turnover (× / yr)', p((r) => `${fmtRatio(r.metrics.turnover)}×`), 'Annualised traded notional / mean equity'],
    ['Costs: stocks', (r) => fmtMoney(r.metrics.totalCosts.stocks)],
    ['Costs: hedges', (r) => fmtMoney(r.metrics.totalCosts.hedges)],
    ['Costs: borrow', (r) => fmtMoney(r.metrics.totalCosts.borrow)],
    ['Costs: total', (r) => fmtMoney(r.metrics.totalCosts.total)],
    ['Trades', (r) => fmtInt(r.metrics.tradeCount)],
    ['Hedge trades', (r) => fmtInt(r.metrics.hedgeTradeCount)],
    ...hedgeRatioRows(runs),
  ];
  type Col = SideVariant & { results: ResultsJson };
  const view = sideBySide<Col>({
    id: 'compare-table',
    chartId: 'compare-chart',
    variants: runs.map((r, i) => ({
      label: r.label,
      results: r.results,
      configured: i === mine,
      open: () => onOpenRun(i),
      openTitle: 'Show this run in the other tabs',
      equity: { dates: r.results.dates, values: r.results.series.equity },
    })),
    rows: () => rows.map(([label, f, hint]) => ({ label, hint, cell: (v: Col) => f(v.results) })),
    caption: (cols) => `${cols.length} runs side by side${mine >= 0 ? ` (${runs[mine].label} is the method your config uses)` : ''}`,
    chartTitle: 'Equity by run',
    registerChart,
  });
  view.root.classList.add('view', 'compare');
  return { root: view.root, shown: view.shown };
}

/** "[low, high]" of one bootstrap interval, or – without one. */
function ciText(r: ResultsJson, key: 'sharpe_ratio' | 'sharpe_difference' | 'max_drawdown', f: (x: number) => string): string {
  const iv = r.analysis?.confidenceIntervals?.[key];
  return iv ? `${f(iv.estimate)} [${f(iv.lower)}, ${f(iv.upper)}]` : '–';
}

/** Index of the run using the config's own method (CompareJson.configured), -1 when unknown. */
export function configuredRun(cmp: CompareJson): number {
  return cmp.configured ? cmp.runs.findIndex((r) => r.label === cmp.configured) : -1;
}

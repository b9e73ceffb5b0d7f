// Compare: several runs side by side (the guide's proportional vs ETF comparison):
// performance, costs and tracking error, and the equity curves overlaid.
import type { CompareJson, ResultsJson } from '../../engine/types';
import { trackingError } from '../analytics';
import { LineChart } from '../charts';
import { h, scrollX } from '../dom';
import { dateToTs, fmtInt, fmtMoney, fmtPct, fmtRatio } from '../../common/format';
import type { View } from './context';
import { hedgeRatioRows } from './hedgeRatioRows';

export function compareView(cmp: CompareJson, registerChart: (c: LineChart) => LineChart, onOpenRun: (i: number) => void): View {
  const runs = cmp.runs;
  const ref = runs[0]?.results;
  type Row = [string, (r: ResultsJson) => string, string?];
  const rows: Row[] = [
    ['Hedge method', (r) => r.meta.hedgeMethod + (r.meta.betaHedge ? ` + beta (${r.meta.betaInstrument})` : '')],
    ['Period', (r) => `${r.meta.startDate} – ${r.meta.endDate}`],
    ['Total return', (r) => fmtPct(r.metrics.totalReturn)],
    ['CAGR', (r) => fmtPct(r.metrics.cagr)],
    ['Volatility', (r) => fmtPct(r.metrics.annualVolatility)],
    ['Sharpe', (r) => fmtRatio(r.metrics.sharpeRatio)],
    [
      'Sharpe 95% CI',
      (r) => ciText(r, 'sharpe_ratio', fmtRatio),
      '95% interval: stationary block bootstrap of the daily returns (docs/analytics.md)',
    ],
    [
      'Sharpe − unhedged',
      (r) => ciText(r, 'sharpe_difference', fmtRatio),
      'Hedged minus unhedged Sharpe, with its 95% interval from the same resampled days: an interval excluding 0 is more than noise',
    ],
    ['Sortino', (r) => fmtRatio(r.metrics.sortinoRatio)],
    ['Max drawdown', (r) => fmtPct(r.metrics.maxDrawdown)],
    ['Max DD 95% CI', (r) => ciText(r, 'max_drawdown', fmtPct), '95% interval of the max drawdown (stationary block bootstrap)'],
    [
      'Variance removed',
      (r) => (r.analysis ? fmtPct(r.analysis.hedgeEffectiveness.whole_book.variance_reduction, 1) : '–'),
      "By the sector hedges: 1 − var(hedged) / var(unhedged) of the stock book's daily P&L over its gross value",
    ],
    ['Calmar', (r) => fmtRatio(r.metrics.calmarRatio)],
    ['Realised beta', (r) => fmtRatio(r.metrics.realisedBeta)],
    ['Exposure error', (r) => fmtPct(r.metrics.meanAbsExposureError), 'Mean |post-hedge sector exposure − target|'],
    [
      `Tracking error vs ${runs[0]?.label ?? 'first run'}`,
      (r) => (r === ref ? '—' : fmtPct(trackingError(r, ref))),
      'Annualised std of the daily return difference',
    ],
    ['Turnover (× / yr)', (r) => `${fmtRatio(r.metrics.turnover)}×`, 'Annualised traded notional / mean equity'],
    ['Costs: stocks', (r) => fmtMoney(r.metrics.totalCosts.stocks)],
    ['Costs: hedges', (r) => fmtMoney(r.metrics.totalCosts.hedges)],
    ['Costs: borrow', (r) => fmtMoney(r.metrics.totalCosts.borrow)],
    ['Costs: total', (r) => fmtMoney(r.metrics.totalCosts.total)],
    ['Trades', (r) => fmtInt(r.metrics.tradeCount)],
    ['Hedge trades', (r) => fmtInt(r.metrics.hedgeTradeCount)],
    ...hedgeRatioRows(runs),
  ];
  const mine = configuredRun(cmp);
  const cls = (i: number) => `num${i === mine ? ' configured' : ''}`;
  // The Metric column is sticky; the configured method's column is marked and scrolled into view.
  const table = h(
    'table',
    { className: 'data compare-table', id: 'compare-table' },
    h('caption', { text: `${runs.length} runs side by side${mine >= 0 ? ` (${runs[mine].label} is the method your config uses)` : ''}` }),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', { scope: 'col', className: 'sticky-col', text: 'Metric' }),
        ...runs.map((r, i) =>
          h(
            'th',
            { scope: 'col', className: cls(i), 'data-run': r.label },
            h('button', {
              type: 'button',
              className: 'link',
              title: 'Show this run in the other tabs',
              onclick: () => onOpenRun(i),
              text: r.label,
            }),
            i === mine ? h('span', { className: 'configured-tag', text: 'configured' }) : null,
          ),
        ),
      ),
    ),
    h(
      'tbody',
      null,
      ...rows.map(([label, f, hint]) =>
        h(
          'tr',
          null,
          h('th', { scope: 'row', className: 'sticky-col', title: hint ?? null, text: label }),
          ...runs.map((r, i) => h('td', { className: cls(i), text: f(r.results) })),
        ),
      ),
    ),
  );

  // Equity of every run on the union of their dates.
  const all = [...new Set(runs.flatMap((r) => r.results.dates))].sort();
  const ys = runs.map((r) => {
    const m = new Map(r.results.dates.map((d, i) => [d, r.results.series.equity[i]]));
    return all.map((d) => m.get(d) ?? null);
  });
  const chart = registerChart(
    new LineChart({
      title: 'Equity by run',
      x: all.map(dateToTs),
      ys,
      series: runs.map((r, i) => ({ label: r.label, color: i, width: i === mine ? 2.5 : 1.5 })),
      height: 300,
    }),
  );
  chart.root.id = 'compare-chart';
  const wrap = scrollX(table);
  const root = h('div', { className: 'view compare' }, wrap, chart.root);
  // In a narrow panel, scroll so the configured method's column is visible next to the
  // sticky Metric column (once laid out: the tab may only just have become visible).
  const reveal = () => {
    const th = mine >= 0 ? table.querySelector<HTMLElement>('thead th.configured') : null;
    const first = table.querySelector<HTMLElement>('thead th.sticky-col');
    if (!th || !first) return;
    const left = th.getBoundingClientRect().left - table.getBoundingClientRect().left;
    if (left + th.offsetWidth > wrap.scrollLeft + wrap.clientWidth || left < wrap.scrollLeft + first.offsetWidth)
      wrap.scrollLeft = left - first.offsetWidth;
  };
  let revealed = false;
  return {
    root,
    shown: () => {
      if (!revealed) {
        revealed = true;
        requestAnimationFrame(reveal);
      }
    },
  };
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

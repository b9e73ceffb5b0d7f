// Compare: several runs side by side (the guide's proportional vs ETF comparison):
// performance, costs and tracking error, and the equity curves overlaid.
import type { CompareJson, ResultsJson } from '../../engine/types';
import { trackingError } from '../analytics';
import { LineChart } from '../charts';
import { h, scrollX } from '../dom';
import { dateToTs, fmtInt, fmtMoney, fmtPct, fmtRatio } from '../../common/format';

export function compareView(cmp: CompareJson, registerChart: (c: LineChart) => LineChart, onOpenRun: (i: number) => void): HTMLElement {
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
    ['Sortino', (r) => fmtRatio(r.metrics.sortinoRatio)],
    ['Max drawdown', (r) => fmtPct(r.metrics.maxDrawdown)],
    ['Calmar', (r) => fmtRatio(r.metrics.calmarRatio)],
    ['Realised beta', (r) => fmtRatio(r.metrics.realisedBeta)],
    ['Exposure error', (r) => fmtPct(r.metrics.meanAbsExposureError), 'Mean |post-hedge sector exposure − target|'],
    [`Tracking error vs ${runs[0]?.label ?? 'first run'}`, (r) => (r === ref ? '—' : fmtPct(trackingError(r, ref))), 'Annualised std of the daily return difference'],
    ['Turnover', (r) => fmtRatio(r.metrics.turnover)],
    ['Costs: stocks', (r) => fmtMoney(r.metrics.totalCosts.stocks)],
    ['Costs: hedges', (r) => fmtMoney(r.metrics.totalCosts.hedges)],
    ['Costs: borrow', (r) => fmtMoney(r.metrics.totalCosts.borrow)],
    ['Costs: total', (r) => fmtMoney(r.metrics.totalCosts.total)],
    ['Trades', (r) => fmtInt(r.metrics.tradeCount)],
    ['Hedge trades', (r) => fmtInt(r.metrics.hedgeTradeCount)],
  ];
  const table = h('table', { className: 'data compare-table', id: 'compare-table' },
    h('caption', { text: `${runs.length} runs side by side` }),
    h('thead', null, h('tr', null, h('th', { scope: 'col', text: 'Metric' }),
      ...runs.map((r, i) => h('th', { scope: 'col', className: 'num' },
        h('button', { type: 'button', className: 'link', title: 'Show this run in the other tabs', onclick: () => onOpenRun(i), text: r.label }))))),
    h('tbody', null, ...rows.map(([label, f, hint]) => h('tr', null,
      h('th', { scope: 'row', title: hint ?? null, text: label }),
      ...runs.map((r) => h('td', { className: 'num', text: f(r.results) }))))));

  // Equity of every run on the union of their dates.
  const all = [...new Set(runs.flatMap((r) => r.results.dates))].sort();
  const ys = runs.map((r) => {
    const m = new Map(r.results.dates.map((d, i) => [d, r.results.series.equity[i]]));
    return all.map((d) => m.get(d) ?? null);
  });
  const chart = registerChart(new LineChart({
    title: 'Equity by run',
    x: all.map(dateToTs),
    ys,
    series: runs.map((r, i) => ({ label: r.label, color: i, width: i === 0 ? 2 : 1.5 })),
    height: 300,
  }));
  chart.root.id = 'compare-chart';
  return h('div', { className: 'view compare' }, scrollX(table), chart.root);
}

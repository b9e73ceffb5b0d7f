// Returns: the underwater (drawdown) chart, calendar-month returns, rolling 63-day beta and
// Sharpe. The drawdown chart also sits under the equity curve on the Overview.
import { LineChart } from '../charts';
import { h, scrollX } from '../dom';
import { dateToTs, fmtPct, fmtRatio } from '../../common/format';
import { drawdown, monthlyReturns, returnsAnalytics, ROLLING_DAYS } from '../quant';
import type { View, ViewContext } from './context';
import { perfBlock, perfChart, type Figure } from './invalidMetrics';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const DRAWDOWN_TITLE = 'Drawdown (underwater)';

/** Drawdown of the hedged and the unhedged book from their running peaks ("invalid" for a bankrupt run). */
export function drawdownChart(ctx: ViewContext, id: string): Figure {
  const d = ctx.data;
  return perfChart(d.metrics, DRAWDOWN_TITLE, id, () => {
    const chart = ctx.chart(
      new LineChart({
        title: DRAWDOWN_TITLE,
        x: d.dates.map(dateToTs),
        ys: [drawdown(d.series.equity), drawdown(d.series.unhedgedEquity)],
        series: [
          { label: 'Hedged book', color: 0, width: 1.5 },
          { label: 'Unhedged stock book', color: 1, width: 1 },
        ],
        yFormat: (v) => fmtPct(v, 1),
        fillFirst: true,
        zeroLine: true,
        height: 180,
      }),
    );
    chart.root.id = id;
    return chart;
  });
}

/** Years × months table of compounded returns, with each year's total. */
export function monthlyTable(dates: readonly string[], dailyReturn: readonly number[]): HTMLElement {
  const m = monthlyReturns(dates, dailyReturn);
  const cell = (v: number | null) =>
    h('td', { className: `num${v === null ? ' muted' : v > 0 ? ' pos-text' : v < 0 ? ' neg' : ''}`, text: v === null ? '' : fmtPct(v, 1) });
  return h(
    'table',
    { className: 'data monthly', id: 'monthly-returns' },
    h('caption', { text: 'Monthly returns of the hedged book (compounded daily returns; the first and last months may be partial)' }),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', { scope: 'col', text: 'Year' }),
        ...MONTHS.map((t) => h('th', { scope: 'col', className: 'num', text: t })),
        h('th', { scope: 'col', className: 'num', text: 'Year' }),
      ),
    ),
    h(
      'tbody',
      null,
      ...m.years.map((y, r) =>
        h(
          'tr',
          null,
          h('th', { scope: 'row', text: String(y) }),
          ...m.cells[r].map(cell),
          h('td', {
            className: `num year-total${m.yearTotals[r] < 0 ? ' neg' : m.yearTotals[r] > 0 ? ' pos-text' : ''}`,
            text: fmtPct(m.yearTotals[r], 1),
          }),
        ),
      ),
    ),
  );
}

export function returnsView(ctx: ViewContext): View {
  const d = ctx.data,
    m = d.metrics;
  const x = d.dates.map(dateToTs);
  const a = m.invalid ? null : returnsAnalytics(d);
  const dd = drawdownChart(ctx, 'drawdown-chart-returns');
  const betaTitle = `Rolling ${ROLLING_DAYS}-day beta to ${d.meta.betaInstrument}`;
  const beta = perfChart(m, betaTitle, 'rolling-beta-chart', () => {
    const c = ctx.chart(
      new LineChart({
        title: betaTitle,
        x,
        ys: [a!.beta],
        series: [{ label: `Beta (${ROLLING_DAYS} days)`, color: 0, width: 1.5 }],
        yFormat: (v) => fmtRatio(v),
        zeroLine: true,
        height: 200,
      }),
    );
    c.root.id = 'rolling-beta-chart';
    return c;
  });
  const sharpeTitle = `Rolling ${ROLLING_DAYS}-day Sharpe ratio (annualised, risk-free 0)`;
  const sharpe = perfChart(m, sharpeTitle, 'rolling-sharpe-chart', () => {
    const c = ctx.chart(
      new LineChart({
        title: sharpeTitle,
        x,
        ys: [a!.sharpe],
        series: [{ label: `Sharpe (${ROLLING_DAYS} days)`, color: 3, width: 1.5 }],
        yFormat: (v) => fmtRatio(v),
        zeroLine: true,
        height: 200,
      }),
    );
    c.root.id = 'rolling-sharpe-chart';
    return c;
  });
  const root = h(
    'div',
    { className: 'view returns' },
    dd.root,
    perfBlock(m, 'Monthly returns of the hedged book', 'monthly-returns', () => scrollX(monthlyTable(d.dates, d.series.dailyReturn))),
    beta.root,
    sharpe.root,
  );
  return {
    root,
    shown: () => {
      for (const c of [dd, beta, sharpe]) c.mount();
    },
  };
}

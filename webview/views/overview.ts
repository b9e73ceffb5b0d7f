// Overview: metric cards, the equity curve (hedged book, unhedged stock book, beta
// instrument) and a one-line warnings summary.
import { LineChart } from '../charts';
import { h } from '../dom';
import { dateToTs, fmtInt, fmtMoney, fmtPct, fmtRatio } from '../../common/format';
import type { View, ViewContext } from './context';
import { drawdownChart } from './returns';
import { cardValue } from './invalidMetrics';

export function overviewView(ctx: ViewContext): View {
  const d = ctx.data;
  const m = d.metrics;
  const card = (label: string, value: string, hint: string, tone: '' | 'pos' | 'neg' = '') =>
    h(
      'div',
      { className: `card ${tone}`, role: 'group', 'aria-label': label, title: hint },
      h('div', { className: 'card-label', text: label }),
      h('div', { className: 'card-value', text: cardValue(m, label, value) }),
    );
  const sign = (x: number): '' | 'pos' | 'neg' => (x > 0 ? 'pos' : x < 0 ? 'neg' : '');
  const cards = h(
    'section',
    { className: 'cards', 'aria-label': 'Metrics' },
    card('Total return', fmtPct(m.totalReturn), 'Final equity / initial cash - 1', sign(m.totalReturn)),
    card('CAGR', fmtPct(m.cagr), 'Compound annual growth rate (252 days a year)', sign(m.cagr)),
    card('Sharpe', fmtRatio(m.sharpeRatio), 'Mean excess daily return / std * sqrt(252)'),
    card('Sortino', fmtRatio(m.sortinoRatio), 'Mean daily return / downside deviation * sqrt(252)'),
    card('Volatility', fmtPct(m.annualVolatility), 'Annualised std of daily returns (ddof 1)'),
    card('Max drawdown', fmtPct(m.maxDrawdown), 'Largest peak-to-trough fall of equity', m.maxDrawdown < 0 ? 'neg' : ''),
    card('Calmar', fmtRatio(m.calmarRatio), 'CAGR / |max drawdown|'),
    card(`Beta to ${d.meta.betaInstrument}`, fmtRatio(m.realisedBeta), 'Realised beta of daily returns to the beta instrument'),
    card('Exposure error', fmtPct(m.meanAbsExposureError), 'Mean |post-hedge exposure - target| over sectors and days'),
    card('Turnover', `${fmtRatio(m.turnover)}× / yr`, 'Annualised traded notional / mean equity (times the book per year)'),
    card(
      'Costs',
      fmtMoney(m.totalCosts.total),
      `Stocks ${fmtMoney(m.totalCosts.stocks)}, hedges ${fmtMoney(m.totalCosts.hedges)}, borrow ${fmtMoney(m.totalCosts.borrow)}`,
    ),
    card('Hedge trades', fmtInt(m.hedgeTradeCount), 'Sector-ETF and beta-hedge trades'),
    card('All trades', fmtInt(m.tradeCount), 'Stock and hedge trades'),
  );
  const costLine = h(
    'p',
    { className: 'muted small' },
    `Costs: stocks ${fmtMoney(m.totalCosts.stocks)} · hedges ${fmtMoney(m.totalCosts.hedges)} · borrow ${fmtMoney(m.totalCosts.borrow)}`,
  );

  const x = d.dates.map(dateToTs);
  const equity = ctx.chart(
    new LineChart({
      title: 'Equity',
      x,
      ys: [d.series.equity, d.series.unhedgedEquity, d.series.benchmark],
      series: [
        { label: 'Hedged book', color: 0, width: 2 },
        { label: 'Unhedged stock book', color: 1 },
        { label: `${d.meta.betaInstrument} (rebased)`, color: 2, dash: [5, 3] },
      ],
      // The books set the y-range; the rebased benchmark is drawn clipped where it leaves it.
      rangeFrom: [0, 1],
      height: 320,
    }),
  );
  equity.root.id = 'equity-chart';

  const warn = d.warnings.length
    ? h(
        'p',
        { className: 'warn-summary' },
        h('span', { className: 'codicon-warn', 'aria-hidden': 'true', text: '⚠ ' }),
        `${d.warnings.length} warning${d.warnings.length === 1 ? '' : 's'}: `,
        h('button', { type: 'button', className: 'link', onclick: () => ctx.goto('warnings'), text: 'show warnings' }),
      )
    : null;

  const dd = drawdownChart(ctx, 'drawdown-chart');
  const root = h(
    'div',
    { className: 'view overview' },
    warn,
    cards,
    costLine,
    equity.root,
    h('p', {
      className: 'muted small',
      text: `The y-axis fits the two books; the rebased ${d.meta.betaInstrument} line is cut off where it leaves that range.`,
    }),
    dd.root,
  );
  return {
    root,
    shown: () => {
      equity.mount();
      dd.mount();
    },
  };
}

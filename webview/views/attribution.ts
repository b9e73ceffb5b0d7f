// Attribution: where the P&L came from (cumulative stacked parts, with the equity change
// on top), how much risk each hedge removed, and whether the Sharpe ratio (and the hedge's
// effect on it) is more than noise. Definitions: docs/analytics.md.
import type { Metrics, ResultsJson } from '../../engine/types';
import { LineChart } from '../charts';
import { h, scrollX } from '../dom';
import { dateToTs, fmtInt, fmtMoney, fmtPct, fmtRatio } from '../../common/format';
import { cumulative, divergingStacks } from '../stack';
import type { View, ViewContext } from './context';
import { perf, perfChart, validOnly } from './invalidMetrics';

type Analysis = NonNullable<ResultsJson['analysis']>;
type Eff = NonNullable<Analysis['hedgeEffectiveness'][string]>;

export const PART_LABELS: [keyof Analysis['attribution']['daily'], string, string][] = [
  ['stock_specific', 'Stock-specific', "Each stock's P&L minus what its sector ETF earned on the same dollars"],
  ['sector', 'Sector', 'What the sector ETFs earned on the stock dollars'],
  ['sector_hedge', 'Sector hedges', 'P&L of the sector-ETF hedge positions'],
  ['beta_hedge', 'Beta hedge', 'P&L of the beta-hedge position'],
  ['costs', 'Costs', 'Commissions and slippage (stocks and hedges)'],
  ['borrow', 'Borrow', 'Borrow cost on short positions'],
  ['interest', 'Cash interest', 'Interest on cash'],
];

export function attributionView(ctx: ViewContext): View {
  const d = ctx.data,
    a = d.analysis;
  if (!a) {
    return {
      root: h(
        'div',
        { className: 'view attribution' },
        h('p', {
          className: 'muted',
          text: 'These results were saved before the engine computed attribution and hedge effectiveness; run the config again to see them.',
        }),
      ),
    };
  }
  const m = d.metrics;
  const title = 'Cumulative P&L attribution';
  const chart = perfChart(m, title, 'attribution-chart', () => {
    const x = d.dates.map(dateToTs);
    const cum = PART_LABELS.map(([k]) => cumulative(a.attribution.daily[k]));
    const stacks = divergingStacks(cum);
    const equityChange = d.series.equity.map((e) => (e === null ? null : e - d.meta.initialCash));
    const c = ctx.chart(
      new LineChart({
        title,
        x,
        ys: [...stacks.hi, equityChange],
        // Six palette colours for the first six parts, grey for cash interest; the total in the text colour.
        series: [
          ...PART_LABELS.map(([, label], k) => ({ label, color: k < 6 ? k : ('muted' as const) })),
          { label: 'Equity change', color: 'fg' as const, width: 2 },
        ],
        stack: { ...stacks, values: cum },
        zeroLine: true,
        height: 340,
      }),
    );
    c.root.id = 'attribution-chart';
    return c;
  });

  const t = a.attribution.totals;
  const totals = h(
    'table',
    { className: 'data', id: 'attribution-totals' },
    h('caption', { text: 'P&L by source over the run (the parts add up to the equity change every day)' }),
    h('thead', null, h('tr', null, h('th', { scope: 'col', text: 'Source' }), h('th', { scope: 'col', className: 'num', text: 'P&L' }))),
    h(
      'tbody',
      null,
      ...PART_LABELS.map(([k, label, hint]) =>
        h(
          'tr',
          null,
          h('th', { scope: 'row', title: hint, text: label }),
          h('td', { className: 'num', text: perf(m, () => fmtMoney(t[k])) }),
        ),
      ),
      h(
        'tr',
        { className: 'total' },
        h('th', { scope: 'row', text: 'Total = equity change' }),
        h('td', { className: 'num', text: perf(m, () => fmtMoney(t.total)) }),
      ),
    ),
  );

  const root = h(
    'div',
    { className: 'view attribution' },
    chart.root,
    h('div', { className: 'side-by-side' }, totals, intervalsTable(d)),
    effectivenessTable(a, m),
    hedgedVsUnhedged(d),
  );
  return { root, shown: () => chart.mount() };
}

function effectivenessTable(a: Analysis, m: Metrics): HTMLElement {
  const he = a.hedgeEffectiveness;
  // The day count is a fact of the run; the rest is derived from its P&L.
  const row = (label: string, hedge: string, e: Eff) =>
    h(
      'tr',
      null,
      h('th', { scope: 'row', text: label }),
      h('td', { text: hedge }),
      h('td', { className: 'num', text: fmtInt(e.days) }),
      h('td', { className: 'num', text: perf(m, () => fmtPct(e.basket_volatility)) }),
      h('td', { className: 'num', text: perf(m, () => fmtPct(e.tracking_error)) }),
      h('td', { className: 'num', text: perf(m, () => fmtRatio(e.correlation)) }),
      h('td', { className: 'num', text: perf(m, () => fmtPct(e.variance_reduction, 1)) }),
    );
  const rows: HTMLElement[] = [];
  for (const [name, e] of Object.entries(he)) {
    if (name === 'whole_book' || name === 'beta_hedge' || !e) continue;
    rows.push(row(name, e.etf ?? 'no ETF', e));
  }
  rows.push(row('Whole book', 'all sector ETFs', he.whole_book));
  if (he.beta_hedge) rows.push(row('Beta hedge', he.beta_hedge.instrument, he.beta_hedge));
  return scrollX(
    h(
      'table',
      { className: 'data', id: 'effectiveness-table' },
      h('caption', {
        text: "Hedge effectiveness: daily P&L of the basket and of its hedge, each over the basket's gross stock value at the previous close, annualised",
      }),
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          ...[
            ['Basket', ''],
            ['Hedge', ''],
            ['Days', 'num'],
            ['Unhedged vol', 'num'],
            ['Tracking error', 'num'],
            ['Correlation', 'num'],
            ['Variance removed', 'num'],
          ].map(([label, cls]) => h('th', { scope: 'col', className: cls, text: label })),
        ),
      ),
      h('tbody', null, ...rows),
    ),
  );
}

/** The 95 % bootstrap intervals, or a note when bootstrap_samples is 0. */
export function intervalsTable(d: ResultsJson): HTMLElement {
  const ci = d.analysis?.confidenceIntervals;
  if (!ci) return h('p', { className: 'muted', id: 'ci-table', text: 'No confidence intervals (bootstrap_samples is 0).' });
  const rows: [string, { estimate: number; lower: number; upper: number }, (x: number) => string][] = [
    ['Sharpe ratio', ci.sharpe_ratio, fmtRatio],
    ['CAGR', ci.cagr, fmtPct],
    ['Volatility', ci.annual_volatility, fmtPct],
    ['Max drawdown', ci.max_drawdown, fmtPct],
    ['Sharpe hedged − unhedged', ci.sharpe_difference, fmtRatio],
  ];
  const m = d.metrics;
  const diff = ci.sharpe_difference;
  const verdict = validOnly(m, () =>
    diff.lower > 0
      ? 'The hedge raised the Sharpe ratio by more than the noise of this sample.'
      : diff.upper < 0
        ? 'The hedge lowered the Sharpe ratio by more than the noise of this sample.'
        : 'The Sharpe difference interval includes 0: not distinguishable from noise.',
  );
  return h(
    'div',
    { id: 'ci-table' },
    h(
      'table',
      { className: 'data' },
      h('caption', {
        text: `${Math.round(ci.level * 100)}% intervals: stationary block bootstrap, ${fmtInt(ci.samples)} samples, ${ci.block_days}-day mean blocks, seed ${ci.seed}`,
      }),
      h(
        'thead',
        null,
        h('tr', null, ...['', 'Estimate', 'Low', 'High'].map((l, i) => h('th', { scope: 'col', className: i ? 'num' : '', text: l }))),
      ),
      h(
        'tbody',
        null,
        ...rows.map(([label, iv, f]) =>
          h(
            'tr',
            null,
            h('th', { scope: 'row', text: label }),
            h('td', { className: 'num', text: perf(m, () => f(iv.estimate)) }),
            h('td', { className: 'num', text: perf(m, () => f(iv.lower)) }),
            h('td', { className: 'num', text: perf(m, () => f(iv.upper)) }),
          ),
        ),
      ),
    ),
    verdict === null ? null : h('p', { className: 'muted small', text: verdict }),
  );
}

function hedgedVsUnhedged(d: ResultsJson): HTMLElement | null {
  const u = d.analysis?.unhedged,
    m = d.metrics;
  if (!u) return null;
  const other = d.meta.useCase === 4 ? 'As given' : 'Unhedged';
  const rows: [string, string, string][] = (
    [
      ['Total return', fmtPct(m.totalReturn), fmtPct(u.total_return)],
      ['CAGR', fmtPct(m.cagr), fmtPct(u.cagr)],
      ['Volatility', fmtPct(m.annualVolatility), fmtPct(u.annual_volatility)],
      ['Sharpe', fmtRatio(m.sharpeRatio), fmtRatio(u.sharpe_ratio)],
      ['Max drawdown', fmtPct(m.maxDrawdown), fmtPct(u.max_drawdown)],
    ] as [string, string, string][]
  ).map(([l, a, b]) => [l, perf(m, a), perf(m, b)]);
  return h(
    'table',
    { className: 'data', id: 'hedged-vs-unhedged' },
    h('caption', { text: d.meta.useCase === 4 ? 'The book hedged, and as given' : 'Hedged, and the same stock trades without hedges' }),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', { scope: 'col', text: '' }),
        h('th', { scope: 'col', className: 'num', text: 'Hedged' }),
        h('th', { scope: 'col', className: 'num', text: other }),
      ),
    ),
    h(
      'tbody',
      null,
      ...rows.map(([l, a, b]) =>
        h('tr', null, h('th', { scope: 'row', text: l }), h('td', { className: 'num', text: a }), h('td', { className: 'num', text: b })),
      ),
    ),
  );
}

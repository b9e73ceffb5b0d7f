// Exposures: one sector's pre- and post-hedge exposure against its target and tolerance
// band (sector selector), a summary of every sector, and portfolio beta before/after hedging.
import type { ResultsJson } from '../../engine/types';
import { summariseSector } from '../analytics';
import { LineChart, type ChartSpec } from '../charts';
import { selectField } from '../controls';
import { h, scrollX } from '../dom';
import { dateToTs, fmtPct, fmtRatio, fmtInt } from '../../common/format';
import type { View, ViewContext } from './context';
import { perf } from './invalidMetrics';

type Sector = ResultsJson['sectors'][number];

function sectorSpec(d: ResultsJson, s: Sector, x: number[]): ChartSpec {
  return {
    title: `${s.name} exposure${s.etf ? ` (hedged with ${s.etf})` : ' (no hedge ETF)'}`,
    x,
    ys: [s.preHedge, s.postHedge, s.target, s.target.map((t) => t + s.tolerance), s.target.map((t) => t - s.tolerance)],
    series: [
      { label: 'Pre-hedge', color: 1 },
      { label: 'Post-hedge', color: 0, width: 2 },
      { label: 'Target', color: 3, width: 1.5, dash: [6, 3] },
      { label: `Target + ${fmtPct(s.tolerance, 1)}`, color: 'muted', width: 1, dash: [2, 3] },
      { label: `Target − ${fmtPct(s.tolerance, 1)}`, color: 'muted', width: 1, dash: [2, 3] },
    ],
    band: [3, 4],
    yFormat: (v) => fmtPct(v, 1),
    zeroLine: true,
    height: 300,
  };
}

export function exposuresView(ctx: ViewContext): View {
  const d = ctx.data;
  const x = d.dates.map(dateToTs);
  if (!d.sectors.length) {
    return {
      root: h(
        'div',
        { className: 'view' },
        h('p', { className: 'empty', text: 'This run has no sector exposures (no stock positions or no hedge groups).' }),
      ),
    };
  }
  if (!ctx.ui.sector || !d.sectors.some((s) => s.name === ctx.ui.sector)) ctx.ui.sector = d.sectors[0].name;
  const current = () => d.sectors.find((s) => s.name === ctx.ui.sector) ?? d.sectors[0];

  const chart = ctx.chart(new LineChart(sectorSpec(d, current(), x)));
  chart.root.id = 'exposure-chart';
  const pick = selectField(
    'Sector',
    'sector-select',
    d.sectors.map((s) => ({ value: s.name, label: s.etf ? `${s.name} (${s.etf})` : s.name })),
    ctx.ui.sector,
    (v) => {
      ctx.ui.sector = v;
      ctx.save();
      chart.setSpec(sectorSpec(d, current(), x));
      markRows();
    },
  );

  // Summary table: one row per sector; the name is a button that selects the sector.
  const rows: HTMLTableRowElement[] = [];
  const tbody = h('tbody');
  for (const s of d.sectors) {
    const sum = summariseSector(s);
    const btn = h('button', {
      type: 'button',
      className: 'link',
      text: s.name,
      onclick: () => {
        ctx.ui.sector = s.name;
        ctx.save();
        const sel = pick.querySelector('vscode-single-select') as (HTMLElement & { value: string }) | null;
        if (sel) sel.value = s.name;
        chart.setSpec(sectorSpec(d, s, x));
        markRows();
      },
    });
    const tr = h(
      'tr',
      { 'data-sector': s.name },
      h('th', { scope: 'row' }, btn),
      h('td', { text: s.etf ?? '— (unhedged)' }),
      h('td', { className: 'num', text: fmtPct(sum.lastTarget, 1) }),
      h('td', { className: 'num', text: `±${fmtPct(s.tolerance, 1)}` }),
      h('td', { className: 'num', text: fmtPct(sum.meanPre, 1) }),
      h('td', { className: 'num', text: fmtPct(sum.meanPost, 1) }),
      // Each sector's share of the exposure error metric, invalid with it for a bankrupt run.
      h('td', { className: 'num', text: perf(d.metrics, () => fmtPct(sum.meanAbsErr, 2)) }),
      h('td', { className: `num${sum.daysOutside ? ' warn-text' : ''}`, text: fmtInt(sum.daysOutside) }),
    );
    rows.push(tr);
    tbody.appendChild(tr);
  }
  const markRows = () => rows.forEach((r) => r.classList.toggle('selected', r.dataset.sector === ctx.ui.sector));
  markRows();
  const table = h(
    'table',
    { className: 'data', id: 'sector-summary' },
    h('caption', { text: 'Sector exposures (fraction of the exposure basis) over the run' }),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        ...['Sector', 'ETF', 'Target (last)', 'Band', 'Mean pre-hedge', 'Mean post-hedge', 'Mean |post − target|', 'Days outside band'].map(
          (t, i) => h('th', { scope: 'col', className: i > 1 ? 'num' : '', text: t }),
        ),
      ),
    ),
    tbody,
  );

  const beta = ctx.chart(
    new LineChart({
      title: `Portfolio beta to ${d.meta.betaInstrument}`,
      x,
      ys: [d.beta.preHedge, d.beta.postHedge],
      series: [
        { label: 'Pre-hedge beta', color: 1 },
        { label: 'Post-hedge beta', color: 0, width: 2 },
      ],
      yFormat: (v) => fmtRatio(v),
      zeroLine: true,
      height: 220,
    }),
  );
  beta.root.id = 'beta-chart';

  const root = h(
    'div',
    { className: 'view exposures' },
    h(
      'div',
      { className: 'toolbar' },
      pick,
      h('p', {
        className: 'muted small',
        text: `Basis: ${d.meta.exposureBasis === 'nav' ? 'equity (NAV)' : 'gross stock notional'}. The shaded band is target ± tolerance; hedges re-trade when post-hedge exposure leaves it.`,
      }),
    ),
    chart.root,
    scrollX(table),
    beta.root,
  );
  return { root };
}

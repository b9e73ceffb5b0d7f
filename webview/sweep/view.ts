// The sweep view: variants table (sortable, filterable, tick to compare), heatmap of any
// metric over any two axes (others fixed or averaged), the ticked variants side by side
// (../sideBySide.ts, the component Compare Hedge Methods uses for its three runs), and the
// walk-forward windows with the stitched equity (walkForward.ts). Text only through textContent.
import { h } from '../dom';
import type { LineChart } from '../charts';
import { sideBySide, type SideVariant } from '../sideBySide';
import { watchTheme } from '../theme';
import { INVALID, sweepBanner, variantCell, variantNote } from '../views/invalidMetrics';
import {
  fmt,
  filterVariants,
  heatmap,
  higherIsBetter,
  METRICS,
  sortVariants,
  valueText,
  variantEquity,
  variantMetric,
  type SortKey,
  type SweepVariant,
  type SweepViewData,
} from './data';
import { walkForwardSection } from './walkForward';

type Col = SideVariant & { v: SweepVariant };

const TABLE_METRICS = ['sharpe_ratio', 'total_return', 'max_drawdown', 'turnover', 'realised_beta', 'total_costs'];
const MAX_ROWS = 500;

export interface ViewHost {
  openVariant?(id: string): void;
}

export function renderSweep(root: HTMLElement, data: SweepViewData, host: ViewHost): void {
  let sort: SortKey = { kind: 'rank', key: 'rank', descending: false };
  let filter = '';
  const selected = new Set<string>(data.variants.slice(0, Math.min(2, data.variants.length)).map((v) => v.variant_id));
  const axisKeys = data.axes.map((a) => a.key);

  const tableBox = h('div', { className: 'table-box' });
  const compareBox = h('section', { className: 'compare', 'aria-label': 'Selected variants side by side' });
  const count = h('span', { className: 'count', role: 'status' });

  let charts: LineChart[] = [];
  const drawCompare = () => {
    for (const c of charts) c.destroy();
    charts = [];
    const rows = data.variants.filter((v) => selected.has(v.variant_id));
    compareBox.replaceChildren(
      h(
        'div',
        { className: 'toolbar' },
        h('h2', null, `Compare (${selected.size} selected)`),
        selected.size
          ? h(
              'button',
              {
                type: 'button',
                className: 'link clear',
                onclick: () => {
                  selected.clear();
                  drawTable();
                  drawCompare();
                },
              },
              'clear selection',
            )
          : null,
      ),
    );
    if (rows.length < 2) {
      compareBox.append(
        h('p', { className: 'hint' }, 'Tick two or more variants in the table (Space on a focused box) to compare them side by side.'),
      );
      return;
    }
    const view = sideBySide<Col>({
      id: 'sweep-compare-table',
      chartId: 'sweep-compare-chart',
      variants: rows.map((v) => ({
        v,
        label: `#${v.rank}`,
        detail: v.variant_id.slice(0, 8),
        id: v.variant_id,
        ...(host.openVariant ? { open: () => host.openVariant!(v.variant_id), openTitle: "Open this variant's full results" } : {}),
        equity: variantEquity(data, v),
      })),
      rows: () => [
        ...axisKeys.map((k) => ({ label: k, className: 'axis-row', cell: (c: Col) => valueText(c.v.axes[k]) })),
        ...METRICS.map((m) => ({
          label: m,
          cell: (c: Col) => variantCell(c.v, m, fmt),
          value: (c: Col) => variantMetric(c.v, m),
          best: higherIsBetter(m) ? ('high' as const) : ('low' as const),
        })),
      ],
      caption: (cols) => `${cols.length} variants side by side, in rank order; the best value of each metric is marked`,
      chartTitle: 'Equity by variant',
      registerChart: (c) => {
        charts.push(c);
        return c;
      },
    });
    compareBox.append(view.root);
    view.shown();
  };
  watchTheme(() => {
    for (const c of charts) c.rebuild();
  });

  const drawTable = () => {
    const rows = sortVariants(filterVariants(data.variants, filter), sort);
    count.textContent = `${rows.length} of ${data.variants.length} variants${rows.length > MAX_ROWS ? ` (first ${MAX_ROWS} shown)` : ''}`;
    const head = (label: string, key: SortKey['key'], kind: SortKey['kind']) => {
      const active = sort.kind === kind && sort.key === key;
      return h(
        'th',
        { scope: 'col', 'aria-sort': active ? (sort.descending ? 'descending' : 'ascending') : 'none' },
        h(
          'button',
          {
            className: 'sort',
            'data-sort': `${kind}:${key}`,
            onclick: () => {
              sort = { kind, key, descending: active ? !sort.descending : kind === 'metric' && higherIsBetter(key) };
              drawTable();
            },
          },
          label,
          active ? (sort.descending ? ' ▼' : ' ▲') : '',
        ),
      );
    };
    const t = h('table', { className: 'grid variants' });
    t.append(
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', { scope: 'col' }, h('span', { className: 'sr' }, 'compare')),
          head('#', 'rank', 'rank'),
          head('variant', 'id', 'id'),
          ...axisKeys.map((k) => head(k, k, 'axis')),
          ...TABLE_METRICS.map((m) => head(m, m, 'metric')),
        ),
      ),
    );
    const body = h('tbody');
    for (const r of rows.slice(0, MAX_ROWS)) {
      const box = h('input', {
        type: 'checkbox',
        'aria-label': `compare variant ${r.variant_id}`,
        onchange: (e: Event) => {
          if ((e.target as HTMLInputElement).checked) selected.add(r.variant_id);
          else selected.delete(r.variant_id);
          drawCompare();
        },
      }) as HTMLInputElement;
      box.checked = selected.has(r.variant_id);
      const open = host.openVariant
        ? h(
            'button',
            { className: 'link', title: "Open this variant's full results", onclick: () => host.openVariant!(r.variant_id) },
            r.variant_id,
          )
        : h('code', null, r.variant_id);
      body.append(
        h(
          'tr',
          { 'data-id': r.variant_id },
          h('td', null, box),
          h('td', { className: 'num' }, r.rank),
          h('td', null, open),
          ...axisKeys.map((k) => h('td', null, valueText(r.axes[k]))),
          ...TABLE_METRICS.map((m) => h('td', { className: 'num', title: variantNote(r, m) }, variantCell(r, m, fmt))),
        ),
      );
    }
    t.append(body);
    tableBox.replaceChildren(t);
  };

  const filterInput = h('input', {
    type: 'search',
    placeholder: 'filter: etf 0.02 or sector_hedge_method=etf',
    'aria-label': 'Filter variants',
    oninput: (e: Event) => {
      filter = (e.target as HTMLInputElement).value;
      drawTable();
    },
  });

  root.replaceChildren(
    h(
      'header',
      null,
      h('h1', null, data.title),
      h(
        'p',
        { className: 'meta' },
        `${data.variants.length} variants over ${axisKeys.length} axes, ranked by ${data.rank_by}${data.complete ? '' : ' (incomplete: some variants have not run)'}`,
      ),
      sweepBanner(data.variants),
    ),
    h(
      'section',
      { className: 'variants-section', 'aria-label': 'Variants' },
      h('h2', null, 'Variants'),
      h('div', { className: 'toolbar' }, filterInput, count),
      tableBox,
    ),
    heatmapSection(data),
    compareBox,
    ...(data.walk_forward ? [walkForwardSection(data)] : []),
  );
  drawTable();
  drawCompare();
}

function select(label: string, options: { value: string; text: string }[], value: string, onChange: (v: string) => void): HTMLElement {
  const s = h('select', {
    'aria-label': label,
    onchange: (e: Event) => onChange((e.target as HTMLSelectElement).value),
  }) as HTMLSelectElement;
  for (const o of options) s.append(h('option', { value: o.value }, o.text));
  s.value = value;
  return h('label', null, `${label} `, s);
}

function heatmapSection(data: SweepViewData): HTMLElement {
  const box = h('section', { className: 'heatmap-section', 'aria-label': 'Heatmap' });
  const multi = data.axes.filter((a) => a.values.length > 1);
  if (multi.length < 1) return box;
  let metric = data.rank_by.replace(/^-/, '');
  if (!METRICS.includes(metric)) metric = 'sharpe_ratio';
  let xKey = multi[0].key,
    yKey = (multi[1] ?? multi[0]).key;
  const others: Record<string, unknown | 'mean'> = {};
  const draw = () => {
    for (const a of data.axes)
      if (a.key === xKey || a.key === yKey) delete others[a.key];
      else if (!(a.key in others)) others[a.key] = 'mean';
    const g = heatmap(data, metric, xKey, yKey, others);
    const axisOpts = multi.map((a) => ({ value: a.key, text: a.key }));
    const controls = h(
      'div',
      { className: 'toolbar' },
      select(
        'metric',
        METRICS.map((m) => ({ value: m, text: m })),
        metric,
        (v) => {
          metric = v;
          draw();
        },
      ),
      select('x', axisOpts, xKey, (v) => {
        xKey = v;
        draw();
      }),
      select('y', axisOpts, yKey, (v) => {
        yKey = v;
        draw();
      }),
      ...data.axes
        .filter((a) => a.key !== xKey && a.key !== yKey)
        .map((a) =>
          select(
            a.key,
            [{ value: '\u0000mean', text: 'average' }, ...a.values.map((v, i) => ({ value: String(i), text: valueText(v) }))],
            others[a.key] === 'mean' ? '\u0000mean' : String(a.values.findIndex((v) => valueText(v) === valueText(others[a.key]))),
            (v) => {
              others[a.key] = v === '\u0000mean' ? 'mean' : a.values[Number(v)];
              draw();
            },
          ),
        ),
    );
    const t = h('table', { className: 'grid heatmap', 'aria-label': `${metric} by ${xKey} and ${yKey}` });
    t.append(
      h(
        'thead',
        null,
        h('tr', null, h('th', { scope: 'col' }, `${yKey} \\ ${xKey}`), ...g.xs.map((x) => h('th', { scope: 'col' }, valueText(x)))),
      ),
    );
    const body = h('tbody');
    const good = higherIsBetter(metric);
    g.ys.forEach((y, yi) => {
      body.append(
        h(
          'tr',
          null,
          h('th', { scope: 'row' }, valueText(y)),
          ...g.xs.map((_x, xi) => {
            const v = g.cells[yi][xi];
            const bad = g.invalid[yi][xi];
            // A cell of bankrupt variants only reads "invalid"; a mixed cell averages the valid ones and says so.
            const title =
              v === null
                ? bad
                  ? `${bad} variant(s), all invalid: equity reached zero or below (on_bankruptcy "continue")`
                  : 'no variant'
                : `${g.counts[yi][xi]} variant(s)${bad ? `; ${bad} invalid left out` : ''}`;
            const td = h('td', { className: 'num cell', title }, v === null && bad ? INVALID : fmt(metric, v));
            if (v !== null && g.max > g.min) {
              const f = (v - g.min) / (g.max - g.min);
              const q = good ? f : 1 - f;
              // CSSOM (allowed by the CSP), not a style attribute.
              td.style.setProperty('--q', q.toFixed(3));
              td.classList.add('shaded');
            }
            return td;
          }),
        ),
      );
    });
    t.append(body);
    box.replaceChildren(
      h('h2', null, 'Heatmap'),
      controls,
      t,
      h(
        'p',
        { className: 'hint' },
        `Each cell: mean ${metric} of the variants with those two values${Object.values(others).some((v) => v !== 'mean') ? ' and the fixed values chosen above' : ' (other axes averaged)'}; darker is better.`,
      ),
    );
  };
  draw();
  return box;
}

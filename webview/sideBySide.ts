// N variants side by side: the one component behind Compare Hedge Methods (its three runs)
// and the sweep view (the variants ticked in its table). A metrics table with the
// configured (or first) variant in the first column, the row labels in a column that stays
// put while the variants scroll sideways, and the variants' equity overlaid. Text only
// through textContent (./dom.ts). Used by the results panel bundle and the sweep bundle.
import './sideBySide.css';
import { LineChart } from './charts';
import { h, scrollX } from './dom';
import { dateToTs } from '../common/format';

export interface SideVariant {
  /** Column heading (also `data-run`). */
  label: string;
  /** A second heading line (e.g. a sweep variant's id). */
  detail?: string;
  /** A stable id (`data-id` on its heading), e.g. a sweep variant's id. */
  id?: string;
  /** The variant the config itself uses: put first, marked and tagged. */
  configured?: boolean;
  /** Opens the variant's full results; the heading becomes a button. */
  open?: () => void;
  openTitle?: string;
  /** Daily (or sampled) equity, for the overlay; absent: no line for this variant. */
  equity?: { dates: readonly string[]; values: ArrayLike<number | null> } | null;
}

export interface SideRow<V> {
  label: string;
  hint?: string;
  /** The cell text of one variant (`first` is the first column's variant). */
  cell: (v: V, first: V) => string;
  /** Mark the best value of the row ('high' or 'low' is better), from `value`. */
  best?: 'high' | 'low';
  value?: (v: V) => number | null | undefined;
  className?: string;
}

export interface SideBySideOptions<V extends SideVariant> {
  /** id of the table (and `${id}`-chart of the equity overlay, unless `chartId`). */
  id: string;
  chartId: string;
  variants: V[];
  /** Rows, given the variants in column order (e.g. "Tracking error vs <first>"). */
  rows: (ordered: V[]) => SideRow<V>[];
  caption: (ordered: V[]) => string;
  chartTitle: string;
  /** Registers the chart so theme changes re-colour it. */
  registerChart: (c: LineChart) => LineChart;
}

export interface SideBySide {
  root: HTMLElement;
  /** Column order: ordered[k] = variants[order[k]]. */
  order: number[];
  /** Call when the view becomes visible: scrolls the configured column into view once. */
  shown(): void;
}

/** Column order: the configured variant first, then the others as given. */
export function sideBySideOrder(variants: { configured?: boolean }[]): number[] {
  const mine = variants.findIndex((v) => v.configured);
  const rest = variants.map((_, i) => i).filter((i) => i !== mine);
  return mine >= 0 ? [mine, ...rest] : rest;
}

/** Indices of the best finite value (every tie), none when fewer than two are finite. */
function bestOf(values: (number | null | undefined)[], dir: 'high' | 'low'): Set<number> {
  const finite = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (finite.length < 2) return new Set();
  const best = dir === 'high' ? Math.max(...finite) : Math.min(...finite);
  return new Set(values.flatMap((v, i) => (v === best ? [i] : [])));
}

export function sideBySide<V extends SideVariant>(o: SideBySideOptions<V>): SideBySide {
  const order = sideBySideOrder(o.variants);
  const cols = order.map((i) => o.variants[i]);
  const cls = (v: V, extra = '') => `num${v.configured ? ' configured' : ''}${extra}`;
  const rows = o.rows(cols);
  const table = h(
    'table',
    { className: 'data compare-table side-by-side-table', id: o.id },
    h('caption', { text: o.caption(cols) }),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', { scope: 'col', className: 'sticky-col', text: 'Metric' }),
        ...cols.map((v) =>
          h(
            'th',
            { scope: 'col', className: cls(v), 'data-run': v.label, 'data-id': v.id ?? null },
            v.open
              ? h('button', { type: 'button', className: 'link', title: v.openTitle ?? null, onclick: v.open, text: v.label })
              : h('span', { text: v.label }),
            v.detail ? h('span', { className: 'variant-detail', text: v.detail }) : null,
            v.configured ? h('span', { className: 'configured-tag', text: 'configured' }) : null,
          ),
        ),
      ),
    ),
    h(
      'tbody',
      null,
      ...rows.map((r) => {
        const best = r.best && r.value ? bestOf(cols.map(r.value), r.best) : new Set<number>();
        return h(
          'tr',
          { className: r.className ?? null },
          h('th', { scope: 'row', className: 'sticky-col', title: r.hint ?? null, text: r.label }),
          ...cols.map((v, k) => h('td', { className: cls(v, best.has(k) ? ' best' : ''), text: r.cell(v, cols[0]) })),
        );
      }),
    ),
  );

  const wrap = scrollX(table);
  const root = h('div', { className: 'side-by-side-view' }, wrap);
  // Equity of every variant that has one, on the union of their dates.
  const drawn = cols.filter((v) => v.equity && v.equity.dates.length);
  if (drawn.length) {
    const all = [...new Set(drawn.flatMap((v) => v.equity!.dates))].sort();
    const ys = drawn.map((v) => {
      const m = new Map<string, number | null>();
      v.equity!.dates.forEach((d, i) => m.set(d, v.equity!.values[i] ?? null));
      return all.map((d) => m.get(d) ?? null);
    });
    const chart = o.registerChart(
      new LineChart({
        title: o.chartTitle,
        x: all.map(dateToTs),
        ys,
        series: drawn.map((v) => ({ label: v.label, color: cols.indexOf(v), width: v.configured ? 2.5 : 1.5 })),
        height: 300,
      }),
    );
    chart.root.id = o.chartId;
    root.append(chart.root);
  } else if (cols.length) {
    root.append(h('p', { className: 'hint', text: 'No equity curves recorded for these variants.' }));
  }

  // In a narrow panel, scroll so the configured column is visible next to the sticky Metric
  // column (once laid out: the tab may only just have become visible).
  const reveal = () => {
    const th = table.querySelector<HTMLElement>('thead th.configured');
    const first = table.querySelector<HTMLElement>('thead th.sticky-col');
    if (!th || !first) return;
    const left = th.getBoundingClientRect().left - table.getBoundingClientRect().left;
    if (left + th.offsetWidth > wrap.scrollLeft + wrap.clientWidth || left < wrap.scrollLeft + first.offsetWidth)
      wrap.scrollLeft = left - first.offsetWidth;
  };
  let revealed = false;
  return {
    root,
    order,
    shown: () => {
      if (!revealed) {
        revealed = true;
        requestAnimationFrame(reveal);
      }
    },
  };
}

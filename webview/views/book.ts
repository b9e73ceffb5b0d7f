// Book: the guide's "Sector Exposure Over Time" as stacked areas (net after hedges, net
// of the stocks alone, or gross, by sector, in currency), the book's long / short / gross /
// net by day as a chart, and the same by day as a table (newest first).
import { LineChart } from '../charts';
import { selectField } from '../controls';
import { h } from '../dom';
import { dateToTs, fmtMoney } from '../../common/format';
import { bookDay, type BookDay } from '../bookDays';
import { divergingStacks } from '../stack';
import { VirtualTable, type VColumn } from '../virtualTable';
import type { View, ViewContext } from './context';

type Measure = 'hedged' | 'net' | 'gross';
const MEASURES: [Measure, string][] = [
  ['net', 'Net, stocks only'],
  ['hedged', 'Net after sector hedges'],
  ['gross', 'Gross, stocks only'],
];

const COLUMNS: (VColumn & { key: keyof BookDay | 'date' })[] = [
  { key: 'date', label: 'Date', width: '110px', sticky: true },
  { key: 'long', label: 'Long', width: 'minmax(110px, 1fr)', numeric: true },
  { key: 'short', label: 'Short', width: 'minmax(110px, 1fr)', numeric: true },
  { key: 'gross', label: 'Gross', width: 'minmax(110px, 1fr)', numeric: true },
  { key: 'net', label: 'Net', width: 'minmax(110px, 1fr)', numeric: true },
  { key: 'hedges', label: 'Hedges', width: 'minmax(110px, 1fr)', numeric: true },
  { key: 'netHedged', label: 'Net after hedges', width: 'minmax(130px, 1fr)', numeric: true },
  { key: 'equity', label: 'Equity', width: 'minmax(110px, 1fr)', numeric: true },
];

export function bookView(ctx: ViewContext): View {
  const d = ctx.data,
    a = d.analysis;
  if (!a)
    return {
      root: h(
        'div',
        { className: 'view book' },
        h('p', {
          className: 'muted',
          text: 'These results were saved before the engine recorded the book by sector; run the config again to see it.',
        }),
      ),
    };
  const x = d.dates.map(dateToTs);
  const names = d.sectors.map((s) => s.name);
  // The stocks' own net exposure first: what the hedges have to offset.
  let measure: Measure = 'net';
  const spec = () => {
    const by = measure === 'hedged' ? a.exposure.sectorNetHedged : measure === 'net' ? a.exposure.sectorNet : a.exposure.sectorGross;
    const stacks = divergingStacks(by);
    const total = d.dates.map((_, i) => by.reduce((s, v) => s + (v[i] ?? 0), 0));
    return {
      title: `Sector exposure over time: ${MEASURES.find(([m]) => m === measure)![1].toLowerCase()}`,
      x,
      ys: [...stacks.hi, total],
      // Past six sectors the palette repeats with a paler fill (see stack.ts).
      series: [...names.map((label, k) => ({ label, color: k })), { label: 'Total', color: 'fg' as const, width: 2 }],
      stack: { ...stacks, values: by },
      zeroLine: true,
      height: 340,
    };
  };
  const sectors = ctx.chart(new LineChart(spec()));
  sectors.root.id = 'sector-stack-chart';
  const select = selectField(
    'Show',
    'book-measure',
    MEASURES.map(([value, label]) => ({ value, label })),
    measure,
    (v) => {
      measure = v as Measure;
      sectors.setSpec(spec());
    },
  );

  const days = d.dates.map((_, i) => bookDay(d, i));
  const book = ctx.chart(
    new LineChart({
      title: 'Long, short, gross and net',
      x,
      ys: [
        days.map((b) => b.long),
        days.map((b) => b.short),
        days.map((b) => b.gross),
        days.map((b) => b.net),
        days.map((b) => b.netHedged),
      ],
      series: [
        { label: 'Long', color: 0 },
        { label: 'Short', color: 1 },
        { label: 'Gross', color: 2, width: 2 },
        { label: 'Net (stocks)', color: 3 },
        { label: 'Net after hedges', color: 4, dash: [5, 3] },
      ],
      zeroLine: true,
      height: 280,
    }),
  );
  book.root.id = 'book-chart';

  const table = new VirtualTable({ caption: 'The book by day', columns: COLUMNS });
  table.root.id = 'book-table';
  const T = d.dates.length;
  // Newest first: the question is usually "what do I hold now".
  table.setRows(T, (row, col) => {
    const i = T - 1 - row,
      key = COLUMNS[col].key;
    return key === 'date' ? d.dates[i] : fmtMoney(days[i][key]);
  });

  const root = h(
    'div',
    { className: 'view book' },
    h('div', { className: 'toolbar' }, select),
    sectors.root,
    h('p', {
      className: 'muted small',
      text: 'End-of-day values in currency. Positive values stack up from 0, negative ones down, so the outer edges are the long and short sides; the line is the total.',
    }),
    book.root,
    table.root,
  );
  return {
    root,
    shown: () => {
      sectors.mount();
      book.mount();
    },
  };
}

// Trades: the hedge trades (sector ETF and beta hedges) by default, every trade on demand;
// filter by ticker / sector / reason, sort by any column, export what is shown as CSV.
import type { TradeReason } from '../../engine/types';
import { button, checkbox, selectField, textField } from '../controls';
import { h } from '../dom';
import { fmtInt, fmtMoney, fmtNum } from '../../common/format';
import type { TradeColumn } from '../../common/panelProtocol';
import { positionsAfterTrades } from '../quant';
import { filterTrades, NO_SECTOR, sortTrades, tradesToCsv } from '../trades';
import { VirtualTable, type VColumn } from '../virtualTable';
import type { View, ViewContext } from './context';

// Date and Ticker stay in view (sticky) while the numbers scroll sideways.
const COLUMNS: (VColumn & { key: TradeColumn })[] = [
  { key: 'date', label: 'Date', width: '96px', sticky: true },
  { key: 'ticker', label: 'Ticker', width: '84px', sticky: true },
  { key: 'sector', label: 'Sector', width: 'minmax(120px, 1.6fr)' },
  { key: 'reason', label: 'Reason', width: '110px' },
  { key: 'quantity', label: 'Quantity', width: '96px', numeric: true },
  { key: 'position', label: 'Position after', width: '112px', numeric: true },
  { key: 'price', label: 'Price', width: '84px', numeric: true },
  { key: 'notional', label: 'Notional', width: '120px', numeric: true },
  { key: 'commission', label: 'Commission', width: '112px', numeric: true },
  { key: 'slippage', label: 'Slippage', width: '96px', numeric: true },
];

const REASON_LABEL: Record<TradeReason, string> = {
  sector_hedge: 'sector hedge',
  beta_hedge: 'beta hedge',
  rebalance: 'rebalance',
  proportional: 'proportional',
  order: 'order',
};

export function tradesView(ctx: ViewContext): View {
  const d = ctx.data;
  const trades = d.trades;
  const ui = ctx.ui;
  let shown = new Uint32Array(0);
  // Shares held of the trade's ticker right after it, computed the first time it is needed.
  let positions: Float64Array | null = null;
  const after = () => (positions ??= positionsAfterTrades(trades));

  const table = new VirtualTable({
    caption: 'Trades',
    columns: COLUMNS,
    onSort: (key) => {
      const k = key as TradeColumn;
      ui.sort = { key: k, dir: ui.sort.key === k ? (-ui.sort.dir as 1 | -1) : 1 };
      ctx.save();
      refresh();
    },
    onActivate: (row) => ctx.goto('positions', { date: trades[shown[row]].date }),
  });
  table.root.id = 'trade-table';

  const cell = (row: number, col: number): string => {
    const t = trades[shown[row]];
    switch (COLUMNS[col].key) {
      case 'date':
        return t.date;
      case 'ticker':
        return t.ticker;
      case 'sector':
        return t.sector ?? '—';
      case 'reason':
        return REASON_LABEL[t.reason] ?? t.reason;
      case 'quantity':
        return fmtInt(t.quantity);
      case 'position':
        return fmtInt(after()[shown[row]]);
      case 'price':
        return fmtNum(t.price);
      case 'notional':
        return fmtMoney(t.notional);
      case 'commission':
        return fmtNum(t.commission);
      case 'slippage':
        return fmtNum(t.slippage);
    }
    return '';
  };

  const count = h('span', { className: 'count', id: 'trade-count', role: 'status' });
  const empty = h('p', { className: 'empty', id: 'trade-empty', text: 'No trades match these filters.' });
  const refresh = () => {
    shown = sortTrades(
      trades,
      filterTrades(trades, { ...ui.filters, allTrades: ui.allTrades }),
      ui.sort.key,
      ui.sort.dir,
      ui.sort.key === 'position' ? after() : undefined,
    );
    table.setSort(ui.sort.key, ui.sort.dir);
    table.setRows(shown.length, cell);
    const pool = ui.allTrades ? trades.length : trades.filter((t) => t.reason === 'sector_hedge' || t.reason === 'beta_hedge').length;
    count.textContent = `${fmtInt(shown.length)} of ${fmtInt(pool)} ${ui.allTrades ? 'trades' : 'hedge trades'}`;
    empty.hidden = shown.length > 0;
  };

  const sectorNames = [...new Set(trades.map((t) => t.sector).filter((s): s is string => s !== null))].sort();
  const reasons = (Object.keys(REASON_LABEL) as TradeReason[]).filter(
    (r) => (d.tradeCounts[r] ?? 0) > 0 || trades.some((t) => t.reason === r),
  );
  let typing = 0;
  const controls = h(
    'div',
    { className: 'toolbar', role: 'search' },
    textField('Ticker', 'filter-ticker', ui.filters.ticker, 'e.g. XLK', (v) => {
      ui.filters.ticker = v;
      ctx.save();
      clearTimeout(typing);
      typing = window.setTimeout(refresh, 120);
    }),
    selectField(
      'Sector',
      'filter-sector',
      [
        { value: '', label: 'All sectors' },
        ...sectorNames.map((s) => ({ value: s, label: s })),
        { value: NO_SECTOR, label: '(no sector: beta hedges)' },
      ],
      ui.filters.sector,
      (v) => {
        ui.filters.sector = v;
        ctx.save();
        refresh();
      },
    ),
    selectField(
      'Reason',
      'filter-reason',
      [{ value: '', label: 'Any reason' }, ...reasons.map((r) => ({ value: r, label: REASON_LABEL[r] }))],
      ui.filters.reason,
      (v) => {
        ui.filters.reason = v;
        ctx.save();
        refresh();
      },
    ),
    checkbox('Show all trades (stock trades too)', 'all-trades', ui.allTrades, (v) => {
      ui.allTrades = v;
      ctx.save();
      refresh();
    }),
    h('span', { className: 'spacer' }),
    count,
    button(
      'Export CSV',
      'export-csv',
      () => {
        const kind = ui.allTrades ? 'allTrades' : 'hedgeTrades';
        const base = (d.meta.name || 'backtest').replace(/[^A-Za-z0-9_-]+/g, '-');
        ctx.host.exportCsv(kind, `${base}-${ui.allTrades ? 'trades' : 'hedge-trades'}.csv`, tradesToCsv(trades, shown), shown.length);
      },
      true,
    ),
  );

  refresh();
  const root = h(
    'div',
    { className: 'view trades' },
    controls,
    h('p', {
      className: 'muted small',
      text: 'Position after: shares of the ticker held right after the trade. Sort: Tab to a column header, press Enter or Space. Rows: Tab into the table, move with the arrow keys, press Enter (or double-click a row) to see the positions on its date.',
    }),
    table.root,
    empty,
  );
  return { root };
}

// Positions and exposures on a chosen date (a date picker limited to the run, snapped to
// the nearest earlier trading day, with previous/next-day buttons).
import { parseIsoDate, snapDate } from '../analytics';
import { button } from '../controls';
import { clear, h, scrollX } from '../dom';
import { fmtInt, fmtMoney, fmtNum, fmtPct } from '../../common/format';
import { csvField } from '../trades';
import type { View, ViewContext } from './context';

type BookKey = 'equity' | 'cash' | 'longValue' | 'shortValue' | 'stockValue' | 'hedgeValue';
/** Long and Short net each ticker's stock and hedge shares, so the labels say hedges are in. */
const BOOK_CARDS: [string, BookKey, string][] = [
  ['Equity', 'equity', 'Cash + long + short'],
  ['Cash', 'cash', "Cash after the day's trades and costs"],
  ['Long (incl. hedges)', 'longValue', 'Value of every ticker held long, stock and hedge shares netted per ticker'],
  [
    'Short (incl. hedges)',
    'shortValue',
    'Value of every ticker held short (negative), stock and hedge shares netted per ticker, e.g. short sector ETFs',
  ],
  ['Stocks (net)', 'stockValue', 'Net value of the stock positions only (long − short)'],
  ['Hedges (net)', 'hedgeValue', 'Net value of the sector-ETF and beta hedges'],
];

export function positionsView(ctx: ViewContext): View {
  const d = ctx.data;
  const dates = d.dates;
  // A text field, not <input type=date>: that shows the OS locale (12/31/2021); this shows
  // and takes ISO dates like every other date in the panel.
  const input = h('input', {
    type: 'text',
    id: 'position-date',
    inputmode: 'numeric',
    placeholder: 'YYYY-MM-DD',
    pattern: '\\d{4}-\\d{2}-\\d{2}',
    'aria-label': 'Date (YYYY-MM-DD)',
    'aria-describedby': 'position-date-error',
    maxlength: 10,
    size: 11,
    spellcheck: 'false',
    autocomplete: 'off',
  });
  const error = h('span', { className: 'warn-text small', id: 'position-date-error', role: 'alert' });
  const body = h('div', { id: 'positions-body' });
  let idx = dates.length - 1;

  const show = (i: number) => {
    idx = Math.max(0, Math.min(dates.length - 1, i));
    const date = dates[idx];
    input.value = date;
    error.textContent = '';
    if (ctx.ui.date !== date) {
      ctx.ui.date = date;
      ctx.save();
    }
    clear(body);
    const s = d.series;
    body.appendChild(
      h(
        'section',
        { className: 'cards small-cards', 'aria-label': `Book on ${date}` },
        ...BOOK_CARDS.map(([l, key, hint]) =>
          h(
            'div',
            { className: 'card', title: hint, 'aria-label': l },
            h('div', { className: 'card-label', text: l }),
            h('div', { className: 'card-value', text: fmtMoney(s[key][idx]) }),
          ),
        ),
      ),
    );

    // Exposures on the date.
    const expRows = d.sectors.map((sec) => {
      const post = sec.postHedge[idx],
        tgt = sec.target[idx];
      const inside = Math.abs(post - tgt) <= sec.tolerance + 1e-12;
      return h(
        'tr',
        null,
        h('th', { scope: 'row', text: sec.name }),
        h('td', { text: sec.etf ?? '—' }),
        h('td', { className: 'num', text: fmtPct(sec.preHedge[idx], 1) }),
        h('td', { className: 'num', text: fmtPct(post, 1) }),
        h('td', { className: 'num', text: fmtPct(tgt, 1) }),
        h('td', { className: inside ? 'ok-text' : 'warn-text', text: inside ? 'within band' : `outside ±${fmtPct(sec.tolerance, 1)}` }),
      );
    });
    body.appendChild(
      scrollX(
        h(
          'table',
          { className: 'data', id: 'exposures-on-date' },
          h('caption', {
            text: `Sector exposures on ${date} (beta ${fmtNum(d.beta.preHedge[idx])} → ${fmtNum(d.beta.postHedge[idx])} after hedging)`,
          }),
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              ...['Sector', 'ETF', 'Pre-hedge', 'Post-hedge', 'Target', 'Status'].map((t, i) =>
                h('th', { scope: 'col', className: i >= 2 && i <= 4 ? 'num' : '', text: t }),
              ),
            ),
          ),
          h('tbody', null, ...expRows),
        ),
      ),
    );

    // Holdings on the date.
    const snap = d.positions?.find((p) => p.date === date);
    if (!d.positions) {
      body.appendChild(
        h('p', {
          className: 'empty',
          text: "Holdings were not embedded in these results (the run is too large). Use positions.csv from the run's --out directory.",
        }),
      );
      return;
    }
    const rows = (snap?.rows ?? []).slice().sort((a, b) => Math.abs(b.value) - Math.abs(a.value));
    const gross = rows.reduce((a, r) => a + Math.abs(r.value), 0);
    body.appendChild(
      scrollX(
        h(
          'table',
          { className: 'data', id: 'positions-table' },
          h('caption', { text: `${rows.length} holdings on ${date}` }),
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              ...['Ticker', 'Sector', 'Shares', 'Price', 'Value', '% of gross'].map((t, i) =>
                h('th', { scope: 'col', className: i >= 2 ? 'num' : '', text: t }),
              ),
            ),
          ),
          h(
            'tbody',
            null,
            ...rows.map((r) =>
              h(
                'tr',
                null,
                h('th', { scope: 'row', text: r.ticker }),
                h('td', { text: r.sector ?? '—' }),
                h('td', { className: 'num', text: fmtInt(r.shares) }),
                h('td', { className: 'num', text: fmtNum(r.price) }),
                h('td', { className: `num${r.value < 0 ? ' neg' : ''}`, text: fmtMoney(r.value) }),
                h('td', { className: 'num', text: gross ? fmtPct(r.value / gross, 1) : '–' }),
              ),
            ),
          ),
        ),
      ),
    );
  };

  const typed = () => {
    const iso = parseIsoDate(input.value);
    if (!iso) {
      error.textContent = `“${input.value}” is not a date: type YYYY-MM-DD, e.g. ${dates[dates.length - 1]}`;
      input.setAttribute('aria-invalid', 'true');
      return;
    }
    input.removeAttribute('aria-invalid');
    show(iso < dates[0] ? 0 : snapDate(dates, iso));
    if (iso < dates[0] || iso > dates[dates.length - 1])
      error.textContent = `${iso} is outside the run (${dates[0]} to ${dates[dates.length - 1]}); showing the nearest trading day.`;
  };
  input.addEventListener('change', typed);
  input.addEventListener('keydown', (ev) => {
    if ((ev as KeyboardEvent).key === 'Enter') typed();
  });
  const root = h(
    'div',
    { className: 'view positions' },
    h(
      'div',
      { className: 'toolbar' },
      h('label', { className: 'field', for: 'position-date' }, h('span', { className: 'field-label', text: 'Date (YYYY-MM-DD)' }), input),
      button('◀ Previous day', 'prev-day', () => show(idx - 1), true),
      button('Next day ▶', 'next-day', () => show(idx + 1), true),
      d.positions
        ? button(
            'Export CSV',
            'export-positions',
            () => {
              const date = dates[idx];
              const rows = d.positions?.find((p) => p.date === date)?.rows ?? [];
              const csv =
                [
                  'date,ticker,sector,shares,price,value',
                  ...rows.map((r) => [date, r.ticker, r.sector, r.shares, r.price, r.value].map(csvField).join(',')),
                ].join('\n') + '\n';
              ctx.host.exportCsv('positions', `positions-${date}.csv`, csv, rows.length);
            },
            true,
          )
        : null,
      h('span', {
        className: 'muted small',
        text: `Trading days ${dates[0]} to ${dates[dates.length - 1]}; a non-trading day shows the previous close.`,
      }),
      error,
    ),
    body,
  );
  show(ctx.ui.date ? snapDate(dates, ctx.ui.date) : dates.length - 1);
  return {
    root,
    shown: () => {
      if (ctx.ui.date && ctx.ui.date !== dates[idx]) show(snapDate(dates, ctx.ui.date));
    },
  };
}

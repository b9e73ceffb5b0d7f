// Bounds on what the inputs may ask of the book (issue 13, class 2). Use case 2 is sized by
// gross_leverage, whose schema maximum is 10; weights (use case 1) and orders (use case 3)
// are taken as given, so a weight of 1e6 or an order of 1e15 shares ran to absurd metrics.
// A date's weights may sum to at most 10x equity in absolute value (gross_leverage's bound);
// one order may be worth at most 100x the capital (the larger of the equity at that close
// and initial_cash): orders are fixed share counts while equity moves, so their bound is wider.
// Positions (use case 4) are share counts too: one position may be worth at most the same 100x.
import { schemaAt } from '../config/schema';
import type { PriceTable } from '../types';
import { BacktestError } from './errors';
import type { TargetSchedule } from './inputs';
import type { Ledger } from './ledger';

/** Gross exposure as a multiple of equity that any input may ask for: gross_leverage's maximum. */
export const MAX_GROSS_LEVERAGE: number = schemaAt(['gross_leverage'])?.maximum ?? 10;

/** An order worth more than this multiple of max(equity, initial_cash) is refused. */
export const MAX_ORDER_MULTIPLE = 100;

const fmt = (x: number) => (Math.abs(x) >= 1e9 ? x.toExponential(3) : String(Math.round(x * 1e4) / 1e4));
const money = (x: number) =>
  `${x < 0 ? '-' : ''}$${Math.abs(x) >= 1e15 ? Math.abs(x).toExponential(3) : Math.round(Math.abs(x)).toLocaleString('en-US')}`;

/** Use case 1: refuses a date whose weights sum (in absolute value) beyond MAX_GROSS_LEVERAGE. */
export function checkWeightsGross(schedule: TargetSchedule, table: PriceTable, file: string): void {
  for (const { tickers, values, sourceDate } of schedule.byDay.values()) {
    let gross = 0,
      worst = -1;
    for (let k = 0; k < values.length; k++) {
      const a = Math.abs(values[k]);
      gross += a;
      if (worst < 0 || a > Math.abs(values[worst])) worst = k;
    }
    if (!(gross <= MAX_GROSS_LEVERAGE)) {
      const name = worst >= 0 ? table.tickers[tickers[worst]] : '?';
      throw new BacktestError(
        'weights-leverage',
        `The weights dated ${sourceDate} in ${file} add up to a gross of ${fmt(gross)}x equity (largest: ${name} ${fmt(values[worst])}); the limit is ${MAX_GROSS_LEVERAGE}x, the bound of gross_leverage.`,
        {
          path: 'inputs.weights',
          fix: `write weights as fractions of equity (0.05 = 5%); check ${name} on ${sourceDate}.`,
        },
      );
    }
  }
}

/** What a share-count input is called in the words of its error (orders and positions share one bound). */
const SHARE_INPUTS = {
  order: {
    code: 'order-too-large',
    path: 'inputs.orders',
    fix: (ticker: string, date: string) =>
      `check the quantity of ${ticker} on ${date} (signed shares: 100 buys, -100 sells), or raise initial_cash.`,
  },
  position: {
    code: 'position-too-large',
    path: 'inputs.positions',
    fix: (ticker: string, date: string) =>
      `check the shares of ${ticker} on ${date} (signed share counts held at that close, not dollars), or raise initial_cash.`,
  },
} as const;

/** Refuses `q` shares of ticker `j` on day `t` when they are worth more than MAX_ORDER_MULTIPLE x `capital`. */
function refuseOversizedShares(
  kind: keyof typeof SHARE_INPUTS,
  j: number,
  q: number,
  capital: number,
  L: Ledger,
  t: number,
  table: PriceTable,
  file: string,
): void {
  const close = L.closeOf(j, t);
  if (!(close > 0)) return;
  const notional = Math.abs(q) * close;
  if (notional <= MAX_ORDER_MULTIPLE * capital) return;
  const input = SHARE_INPUTS[kind];
  throw new BacktestError(
    input.code,
    `The ${kind} of ${fmt(q)} ${table.tickers[j]} shares on ${table.dates[t]} in ${file} is worth ${money(notional)}, ${fmt(notional / capital)}x the capital of ${money(capital)}; the limit is ${MAX_ORDER_MULTIPLE}x.`,
    { path: input.path, fix: input.fix(table.tickers[j], table.dates[t]) },
  );
}

/** Use case 3: refuses an order worth more than MAX_ORDER_MULTIPLE x the capital (today's equity before the day's trades, or initial_cash). */
export function checkOrderSizes(
  orders: Map<number, number>,
  L: Ledger,
  t: number,
  equity: number,
  initialCash: number,
  table: PriceTable,
  file: string,
): void {
  const capital = Math.max(equity, initialCash);
  for (const [j, q] of orders) refuseOversizedShares('order', j, q, capital, L, t, table, file);
}

/** Use case 4: refuses a position worth more than MAX_ORDER_MULTIPLE x the capital (today's equity before the day's trades, or initial_cash). */
export function checkPositionSizes(
  a: { tickers: Int32Array; values: Float64Array },
  L: Ledger,
  t: number,
  equity: number,
  initialCash: number,
  table: PriceTable,
  file: string,
): void {
  const capital = Math.max(equity, initialCash);
  for (let k = 0; k < a.tickers.length; k++) refuseOversizedShares('position', a.tickers[k], a.values[k], capital, L, t, table, file);
}

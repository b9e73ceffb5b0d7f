// Orders (use case 3): CSV date,ticker,quantity (signed shares) or inline array.
import type { Order } from '../types';
import { DataError } from './errors';
import { forEachCsvRow, fieldColumn, isIsoDate, stripBom } from './csv';
import { numberHint, parseDecimal } from './numbers';
import { quoteData } from '../text/safeText';

export function parseOrdersCsv(rawText: string, file: string): Order[] {
  const text = stripBom(rawText);
  const out: Order[] = [];
  let header = true;
  let width = 3;
  forEachCsvRow(text, file, (row) => {
    const f = row.fields;
    if (header) {
      header = false;
      width = Math.max(3, f.length);
      const h = f.map((s) => s.trim().toLowerCase());
      if (h[0] !== 'date' || h[1] !== 'ticker' || h[2] !== 'quantity') {
        throw new DataError({
          code: 'orders-header',
          file,
          line: row.line,
          column: 1,
          detail: `The header is "${quoteData(f.join(','))}".`,
          fix: 'Start the orders file with the header: date,ticker,quantity',
        });
      }
      return;
    }
    if (f.length !== width) {
      // Extra cells are never dropped: "2023-01-03,AAA,1,000" is 1,000 shares written with a separator, not 1.
      const extra = f.length > width;
      throw new DataError({
        code: 'row-length',
        file,
        line: row.line,
        column: fieldColumn(text, row.offset, extra ? width : f.length - 1),
        detail: `This row has ${f.length} cells but the header has ${width} (date,ticker,quantity).`,
        fix: extra
          ? 'Write quantities without thousands separators (1000, not 1,000), or quote a cell that contains a comma.'
          : 'Write one order per line: 2023-01-03,AAPL,100',
      });
    }
    const date = f[0].trim(),
      ticker = f[1].trim(),
      q = f[2].trim();
    if (!isIsoDate(date))
      throw new DataError({
        code: 'invalid-date',
        file,
        line: row.line,
        column: fieldColumn(text, row.offset, 0),
        detail: `"${quoteData(f[0])}" is not an ISO date.`,
        fix: 'Write dates as YYYY-MM-DD.',
      });
    if (!ticker)
      throw new DataError({
        code: 'empty-ticker',
        file,
        line: row.line,
        column: fieldColumn(text, row.offset, 1),
        detail: 'This order has no ticker.',
        fix: 'Fill in the ticker.',
      });
    const quantity = parseDecimal(q);
    if (q === '' || !Number.isFinite(quantity)) {
      throw new DataError({
        code: 'invalid-quantity',
        file,
        line: row.line,
        column: fieldColumn(text, row.offset, 2),
        detail: `Quantity "${quoteData(f[2])}" is not a number.${numberHint(f[2])}`,
        fix: 'Use signed shares: 100 buys, -100 sells.',
      });
    }
    out.push({ date, ticker, quantity, line: row.line });
  });
  if (header)
    throw new DataError({
      code: 'empty-file',
      file,
      line: 1,
      column: 1,
      detail: 'The orders file is empty.',
      fix: 'Add the header date,ticker,quantity and one order per line.',
    });
  return sortOrders(out);
}

function sortOrders(orders: Order[]): Order[] {
  // Stable: orders on the same date keep file order.
  return orders
    .map((o, i) => [o, i] as const)
    .sort((a, b) => (a[0].date < b[0].date ? -1 : a[0].date > b[0].date ? 1 : a[1] - b[1]))
    .map((x) => x[0]);
}

export function ordersFromJson(value: unknown, file: string): Order[] {
  if (!Array.isArray(value)) {
    throw new DataError({
      code: 'invalid-json-values',
      file,
      detail: 'Inline orders must be an array.',
      fix: 'Write [{"date": "2023-01-03", "ticker": "AAPL", "quantity": 100}].',
    });
  }
  const out = value.map((item, i) => {
    const o = (item ?? {}) as Record<string, unknown>;
    if (typeof o.date !== 'string' || !isIsoDate(o.date))
      throw new DataError({
        code: 'invalid-date',
        file,
        detail: `[${i}].date: "${String(o.date)}" is not an ISO date.`,
        fix: 'Write dates as YYYY-MM-DD.',
      });
    if (typeof o.ticker !== 'string' || !o.ticker)
      throw new DataError({ code: 'empty-ticker', file, detail: `[${i}].ticker is missing.`, fix: 'Add "ticker": "AAPL".' });
    if (typeof o.quantity !== 'number' || !Number.isFinite(o.quantity))
      throw new DataError({
        code: 'invalid-quantity',
        file,
        detail: `[${i}].quantity is not a number.`,
        fix: 'Use signed shares: 100 buys, -100 sells.',
      });
    return { date: o.date, ticker: o.ticker, quantity: o.quantity } as Order;
  });
  return sortOrders(out);
}

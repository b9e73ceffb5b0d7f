// Dates: start_date and end_date against the price file.
import type { PriceTable } from '../../types';
import { push, type CheckContext, type Effective } from './context';

export function checkDates(ctx: CheckContext, eff: Effective, prices: PriceTable): void {
  const first = prices.dates[0],
    last = prices.dates[prices.dates.length - 1];
  const rangeMsg = `The prices cover ${first}..${last}.`;
  if (eff.start && eff.end && eff.start > eff.end) return; // reported as dates-reversed
  const s = ctx.doc.valueNode(['start_date']),
    e = ctx.doc.valueNode(['end_date']);
  if (eff.start && s) {
    if (eff.start > last)
      push(
        ctx,
        'date-outside-data',
        'error',
        ctx.doc.nodeRange(s),
        `start_date ${eff.start} is after the last price (${last}): no trading days. ${rangeMsg}`,
        ['start_date'],
        { first, last },
      );
    else if (eff.start < first)
      push(
        ctx,
        'date-outside-data',
        'warning',
        ctx.doc.nodeRange(s),
        `start_date ${eff.start} is before the first price (${first}); the run starts at ${first}. ${rangeMsg}`,
        ['start_date'],
        { first, last, replacement: JSON.stringify(first) },
      );
  }
  if (eff.end && e) {
    if (eff.end < first)
      push(
        ctx,
        'date-outside-data',
        'error',
        ctx.doc.nodeRange(e),
        `end_date ${eff.end} is before the first price (${first}): no trading days. ${rangeMsg}`,
        ['end_date'],
        { first, last },
      );
    else if (eff.end > last)
      push(
        ctx,
        'date-outside-data',
        'warning',
        ctx.doc.nodeRange(e),
        `end_date ${eff.end} is after the last price (${last}); the run ends at ${last}. ${rangeMsg}`,
        ['end_date'],
        { first, last, replacement: JSON.stringify(last) },
      );
  }
}

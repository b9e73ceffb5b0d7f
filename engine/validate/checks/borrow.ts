// borrow_file: the file loads (every bad cell is a located diagnostic on the key), and its
// tickers have prices (rows for a ticker without a price column are ignored by the run).
import path from 'node:path';
import type { PriceTable } from '../../types';
import type { ResolvedConfigPaths } from '../../config/paths';
import { firstExistingValueRange } from '../document';
import { push, ready, reportLoadError, type CheckContext } from './context';

export function checkBorrowFile(ctx: CheckContext, paths: ResolvedConfigPaths, prices: PriceTable | undefined): void {
  if (!paths.borrow || !ctx.data.borrow) return;
  const state = ctx.data.borrow(paths.borrow);
  const range = firstExistingValueRange(ctx.doc, [['borrow_file']]);
  if (state.state === 'error') {
    reportLoadError(ctx, 'Borrow file', state.error, range, ['borrow_file'], paths.borrow);
    return;
  }
  const table = ready(state);
  if (!table || !prices) return;
  const unknown = [...table.byTicker.keys()].filter((t) => !prices.index.has(t)).sort();
  if (unknown.length) {
    push(
      ctx,
      'input-ticker-no-prices',
      'warning',
      range,
      `${unknown.length} ticker(s) in ${path.basename(paths.borrow)} have no column in ${path.basename(prices.file)}; their borrow rows are ignored: ${unknown.slice(0, 8).join(', ')}${unknown.length > 8 ? ', ...' : ''}.`,
      ['borrow_file'],
      { count: unknown.length, tickers: unknown.slice(0, 100) },
    );
  }
}

// equity.csv, trades.csv, positions.csv, exposures.csv and beta.csv of `--out`, streamed
// from the run's columns through the byte writer: no Trade or position object per row,
// and no file is ever held whole (W2's trades.csv is ~1 GB).
import path from 'node:path';
import { ByteCsvWriter, textCell, textCells } from './csvBytes';
import type { RunRecord } from './runRecord';
import { TRADE_REASONS } from './tradeLog';

export function writeSeriesFiles(r: RunRecord, dir: string, files: string[], positions: boolean): void {
  const T = r.dates.length;
  const dates = textCells(r.dates);

  let w = new ByteCsvWriter(path.join(dir, 'equity.csv'), ['date', 'equity', 'cash', 'long_value', 'short_value', 'stock_value', 'hedge_value', 'daily_return']);
  for (let d = 0; d < T; d++) {
    w.text(dates[d]);
    w.num(r.equity[d]); w.num(r.cash[d]); w.num(r.longValue[d]); w.num(r.shortValue[d]);
    w.num(r.stockValue[d]); w.num(r.hedgeValue[d]); w.num(r.dailyReturn[d]);
    w.end();
  }
  w.close(); files.push('equity.csv');

  writeTrades(r, dir, dates);
  files.push('trades.csv');

  if (positions) { writePositions(r, dir, dates); files.push('positions.csv'); }

  w = new ByteCsvWriter(path.join(dir, 'exposures.csv'), ['date', 'sector', 'pre_hedge', 'post_hedge', 'target']);
  const groups = textCells(r.groups);
  for (let d = 0; d < T; d++) {
    for (let g = 0; g < r.groups.length; g++) {
      const k = g * T + d;
      w.text(dates[d]); w.text(groups[g]);
      w.num(r.preExposure[k]); w.num(r.postExposure[k]); w.num(r.targetExposure[k]);
      w.end();
    }
  }
  w.close(); files.push('exposures.csv');

  w = new ByteCsvWriter(path.join(dir, 'beta.csv'), ['date', 'pre_hedge_beta', 'post_hedge_beta']);
  for (let d = 0; d < T; d++) { w.text(dates[d]); w.num(r.preBeta[d]); w.num(r.postBeta[d]); w.end(); }
  w.close(); files.push('beta.csv');
}

function writeTrades(r: RunRecord, dir: string, dates: Uint8Array[]): void {
  const w = new ByteCsvWriter(path.join(dir, 'trades.csv'), ['date', 'ticker', 'quantity', 'price', 'notional', 'commission', 'slippage', 'reason']);
  const log = r.tradeLog;
  const reasons = textCells(TRADE_REASONS);
  if (log) {
    // Straight from the columns (see tradeLog.ts); the log's dates are the table's.
    const tickers = textCells(log.tickers);
    for (let k = 0; k < log.length; k++) {
      w.text(dates[log.dayOffset + log.day[k] - r.i0]); w.text(tickers[log.ticker[k]]);
      w.num(log.quantity[k]); w.num(log.price[k]); w.num(log.notional[k]); w.num(log.commission[k]); w.num(log.slippage[k]);
      w.text(reasons[log.reason[k]]);
      w.end();
    }
  } else {
    const cache = new Map<string, Uint8Array>();
    const text = (s: string) => { let b = cache.get(s); if (!b) cache.set(s, (b = textCell(s))); return b; };
    for (const t of r.trades) {
      w.text(text(t.date)); w.text(text(t.ticker));
      w.num(t.quantity); w.num(t.price); w.num(t.notional); w.num(t.commission); w.num(t.slippage);
      w.text(text(t.reason));
      w.end();
    }
  }
  w.close();
}

/**
 * Holdings at each day's close (all books summed per ticker, in ticker order), valued at
 * the last known price: the trades replayed day by day, as getPositionHistory() does.
 */
function writePositions(r: RunRecord, dir: string, dates: Uint8Array[]): void {
  const w = new ByteCsvWriter(path.join(dir, 'positions.csv'), ['date', 'ticker', 'shares', 'price', 'value']);
  const table = r.table, N = table.tickers.length, T = r.dates.length, cols = table.columns;
  const tickers = textCells(table.tickers);
  const order = Int32Array.from(table.tickers.keys()).sort((a, b) => (table.tickers[a] < table.tickers[b] ? -1 : table.tickers[a] > table.tickers[b] ? 1 : 0));
  const shares = new Float64Array(N), px = new Float64Array(N).fill(NaN);
  const log = r.tradeLog, count = log ? log.length : r.trades.length;
  let k = 0;
  for (let d = 0; d < T; d++) {
    const t = r.i0 + d;
    for (; k < count && r.tradeDay[k] === d; k++) shares[r.tradeTicker[k]] += log ? log.quantity[k] : r.trades[k].quantity;
    for (let i = 0; i < N; i++) {
      const j = order[i], sh = shares[j];
      if (sh === 0) continue;
      let p = cols[j][t];
      if (!(p > 0)) {
        p = px[j];
        if (Number.isNaN(p)) for (let s = t; s >= 0; s--) if (cols[j][s] > 0) { p = cols[j][s]; break; }
      }
      px[j] = p;
      w.text(dates[d]); w.text(tickers[j]); w.num(sh); w.num(p); w.num(sh * p);
      w.end();
    }
  }
  w.close();
}


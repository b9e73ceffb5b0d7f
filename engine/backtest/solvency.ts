// Equity at or below zero (issue 13, class 2): a run that went bankrupt must not print
// normal-looking metrics. With `on_bankruptcy: "stop"` (the default) the run fails on the
// first such close, naming the day and the positions that lost the most that day; with
// "continue" it goes on and the record is marked so that every metric is reported invalid.
// Costs nothing per day but one comparison: the day's P&L by ticker is rebuilt only on the
// failing day, from the holdings now, that day's trades (the tail of the trade log) and the
// previous closes.
import type { PriceTable } from '../types';
import { BacktestError } from './errors';
import type { Ledger } from './ledger';
import type { WarningLog } from './warnings';

/** Why a run's metrics are invalid: the first close at which equity was at or below zero. */
export interface Insolvency {
  code: 'bankrupt';
  date: string;
  equity: number;
  message: string;
}

/** One ticker's share of a day's P&L: the move of the position held overnight, less the day's trading costs. */
export interface DayLoss {
  ticker: string;
  pnl: number;
  sharesBefore: number;
  from: number;
  to: number;
  costs: number;
}

const fmtMoney = (x: number) =>
  `${x < 0 ? '-' : ''}$${Math.abs(x) >= 1e15 || !Number.isFinite(x) ? Math.abs(x).toExponential(3) : Math.round(Math.abs(x)).toLocaleString('en-US')}`;
const fmtNum = (x: number) =>
  Math.abs(x) >= 1e9 || (x !== 0 && Math.abs(x) < 1e-4) ? x.toExponential(3) : String(Math.round(x * 1e4) / 1e4);

/** The last price of column `col` at or before `t` (NaN: none). */
function priceAtOrBefore(col: Float64Array, t: number): number {
  for (let s = t; s >= 0; s--) if (col[s] > 0) return col[s];
  return NaN;
}

/**
 * Each ticker's P&L on run day d (table index t): shares held at the previous close times
 * the price move, minus the commissions and slippage of its trades that day. Largest loss first.
 */
export function dayLosses(table: PriceTable, L: Ledger, t: number, d: number): DayLoss[] {
  const log = L.log,
    n = L.n;
  const traded = new Float64Array(n),
    costs = new Float64Array(n);
  for (let k = log.length - 1; k >= 0 && log.day[k] === d; k--) {
    const j = log.ticker[k];
    traded[j] += log.quantity[k];
    costs[j] += log.commission[k] + log.slippage[k];
  }
  const out: DayLoss[] = [];
  for (let j = 0; j < n; j++) {
    const now = L.stockSh[j] + L.etfSh[j] + L.betaSh[j];
    const before = d === 0 ? 0 : now - traded[j];
    if (before === 0 && costs[j] === 0) continue;
    const from = d === 0 ? NaN : priceAtOrBefore(table.columns[j], t - 1),
      to = L.px[j];
    const move = before !== 0 && from > 0 && to > 0 ? before * (to - from) : 0;
    out.push({ ticker: table.tickers[j], pnl: move - costs[j], sharesBefore: before, from, to, costs: costs[j] });
  }
  return out.sort((a, b) => a.pnl - b.pnl);
}

function describeLoss(x: DayLoss): string {
  const parts: string[] = [];
  if (x.sharesBefore !== 0 && x.from > 0)
    parts.push(
      `${x.sharesBefore < 0 ? 'short' : 'long'} ${fmtNum(Math.abs(x.sharesBefore))} shares, price ${fmtNum(x.from)} -> ${fmtNum(x.to)}`,
    );
  if (x.costs > 0) parts.push(`trading costs ${fmtMoney(x.costs)}`);
  return `${x.ticker} ${fmtMoney(x.pnl)} (${parts.join('; ')})`;
}

export class Solvency {
  /** Set on the first close at or below zero when the run continues. */
  insolvency: Insolvency | null = null;

  constructor(
    private readonly mode: 'stop' | 'continue',
    private readonly table: PriceTable,
    private readonly ledger: Ledger,
    private readonly warnings: WarningLog,
  ) {}

  /** After day d's record: equity at or below zero stops the run, or marks it (once). */
  check(t: number, d: number, equity: number, prevEquity: number): void {
    if (equity > 0 || this.insolvency) return;
    const date = this.table.dates[t],
      L = this.ledger;
    const losses = dayLosses(this.table, L, t, d)
      .filter((x) => x.pnl < 0)
      .slice(0, 3);
    const other: string[] = [];
    if (L.dayBorrow > 0) other.push(`borrow ${fmtMoney(-L.dayBorrow)}`);
    if (L.dayInterest < 0) other.push(`interest ${fmtMoney(L.dayInterest)}`);
    const cause = losses.length
      ? `; the largest losses that day: ${losses.map(describeLoss).join(', ')}${other.length ? `; ${other.join(', ')}` : ''}`
      : other.length
        ? `; that day: ${other.join(', ')}`
        : '';
    const message = `Equity fell to ${fmtMoney(equity)} on ${date} (${fmtMoney(prevEquity)} at the previous close)${cause}.`;
    const worst = losses[0]?.ticker;
    const fix = worst
      ? `check ${worst} around ${date}: its price in ${this.table.file} (a typo such as 1000x?), its weight, order size or costs; or set "on_bankruptcy": "continue" to finish the run with every metric marked invalid.`
      : 'check the trading costs (min_commission?), borrow and cash rates; or set "on_bankruptcy": "continue" to finish the run with every metric marked invalid.';
    if (this.mode === 'stop') throw new BacktestError('bankrupt', message, { path: 'on_bankruptcy', fix });
    this.insolvency = { code: 'bankrupt', date, equity, message };
    this.warnings.add('bankrupt', () => ({
      code: 'bankrupt',
      date,
      message: `${message} The run went on (on_bankruptcy "continue"): every metric is invalid.`,
    }));
  }
}

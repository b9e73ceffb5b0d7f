import type { ResolvedOptions } from '../backtest/options';
import type { PriceTable, RunWarning, Trade } from '../types';
import type { TradeLog } from './tradeLog';
import type { Insolvency } from '../backtest/solvency';

/** Everything a run produced, in compact typed arrays (per day index d = 0..days-1). */
export interface RunRecord {
  options: ResolvedOptions;
  table: PriceTable;
  /** First and last index of the run in table.dates. */
  i0: number;
  i1: number;
  dates: string[];
  equity: Float64Array;
  cash: Float64Array;
  longValue: Float64Array;
  shortValue: Float64Array;
  stockValue: Float64Array;
  hedgeValue: Float64Array;
  dailyReturn: Float64Array;
  unhedgedEquity: Float64Array;
  /** Instrument rebased to initial cash; NaN where it has no price. */
  benchmark: Float64Array;
  preBeta: Float64Array;
  postBeta: Float64Array;
  /** Exposure basis of each day (gross stock notional or equity). */
  basis: Float64Array;
  /** 1 on rebalance days. */
  rebalance: Uint8Array;
  /** Hedge groups (sectors or industries) and their ETF (null: unhedgeable). */
  groups: string[];
  groupEtf: (string | null)[];
  /** [g * days + d] fractions of the basis. */
  preExposure: Float64Array;
  postExposure: Float64Array;
  targetExposure: Float64Array;
  /** [g * days + d] shares of group g's ETF hedge at the close (an ETF hedging several groups splits this way). */
  sectorHedgeShares: Float64Array;
  /** Cash interest and borrow cost accrued on each day (the ledger's own numbers, for the attribution). */
  dayInterest: Float64Array;
  dayBorrow: Float64Array;
  /** 1 where the group's sector hedge was re-set that day. */
  rehedged: Uint8Array;
  /** Hedge group index of each ticker (-1: none) at the run's end; see groupChanges. */
  groupOfTicker: Int32Array;
  /** A point-in-time mapping's changes during the run (null: groupOfTicker holds every day); read them through GroupsByDay. */
  groupChanges: GroupChanges | null;
  trades: Trade[];
  /** The trades as columns while `trades` has not been built (see tradeLog.ts); prefer it when set. */
  tradeLog?: TradeLog;
  /** Day index and ticker index of each trade (parallel to `trades`). */
  tradeDay: Int32Array;
  tradeTicker: Int32Array;
  warnings: RunWarning[];
  costs: { stockCommission: number; stockSlippage: number; hedgeCommission: number; hedgeSlippage: number; borrow: number; interest: number };
  /** Days each ticker was held and valued at a carried-forward price. */
  carriedDays: Int32Array;
  /** Band triggers per group: days its hedge re-traded because it left the tolerance band. */
  bandTriggers?: Int32Array;
  /** Borrow cost per ticker with a non-zero cost. */
  borrowByName?: Record<string, number>;
  /** [g * days + d] hedged sector P&L / previous basis (ETF method), see sectorResidual.ts. */
  sectorPnl?: Float64Array;
  /** The same for the other sector_hedge_ratio, sized on the same days but not traded (see sectorHedge.ts). */
  shadowPnl?: Float64Array;
  /** Set when equity reached zero or below and the run continued (on_bankruptcy "continue"): every metric is invalid. */
  insolvency?: Insolvency;
}

/** Each ticker's group at the run's start, then on price index day[k] ticker[k] goes to group[k] (-1: none), in day order. */
export interface GroupChanges {
  initial: Int32Array;
  day: Int32Array;
  ticker: Int32Array;
  group: Int32Array;
}

/**
 * Each ticker's group day by day, for a replay over a run's days in order: `groupOf` is
 * the group on the price index last passed to advance() (the engine applies a day's
 * changes before that day trades). Without changes it is the record's own array.
 */
export class GroupsByDay {
  readonly groupOf: Int32Array;
  private k = 0;
  private readonly ch: GroupChanges | null;

  constructor(rec: Pick<RunRecord, 'groupOfTicker' | 'groupChanges'>) {
    this.ch = rec.groupChanges ?? null;
    this.groupOf = this.ch ? this.ch.initial.slice() : rec.groupOfTicker;
  }

  advance(t: number): void {
    const c = this.ch;
    if (!c) return;
    for (; this.k < c.day.length && c.day[this.k] <= t; this.k++) this.groupOf[c.ticker[this.k]] = c.group[this.k];
  }
}

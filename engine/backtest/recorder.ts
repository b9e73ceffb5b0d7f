// The recorder (step 9 and the exposures of steps 4-6): the run's per-day series in the
// RunRecord's typed arrays, and the finished record once the loop ends.
import { attachTradeLog } from '../results/tradeLog';
import type { RunRecord } from '../results/runRecord';
import type { PriceTable } from '../types';
import type { HedgeGroups } from './hedgeGroups';
import type { Ledger } from './ledger';
import type { ResolvedOptions } from './options';
import type { SectorHedge } from './sectorHedge';
import type { WarningLog } from './warnings';

/**
 * The book's value at the close (step 9: long, short, stock and hedge value at carried prices),
 * summed by the last pass over the final book: the beta step's (it sees the book after its own
 * trade, and nothing trades after it), or, for day `t` it does not cover, the recorder's own.
 */
export class CloseValues {
  long = 0;
  short = 0;
  stock = 0;
  hedge = 0;
  /** Table day these sums are of (-1: none yet). */
  t = -1;
}

export class Recorder {
  /** The run's record (an empty one after release()). */
  rec: RunRecord;
  /** Filled by the beta step's last pass of the day, so day() need not sum the book again. */
  readonly closeValues = new CloseValues();
  private readonly T: number = 0;
  private readonly instrCol: Float64Array | null;
  private benchBase = NaN;

  constructor(
    private readonly o: ResolvedOptions,
    table: PriceTable,
    i0: number,
    i1: number,
    private readonly groups: HedgeGroups,
    private readonly ledger: Ledger,
    instr: number,
  ) {
    this.T = i1 - i0 + 1;
    this.instrCol = instr >= 0 ? table.columns[instr] : null;
    this.rec = newRecord(o, table, i0, i1, groups, ledger);
  }

  /**
   * After the run, once the caller has the record: an empty record (no days) in its place, so
   * the Simulation's keepShapes can keep this recorder without keeping the run's data.
   */
  release(): void {
    const r = this.rec;
    this.rec = newRecord(this.o, r.table, r.i0, r.i0 - 1, this.groups, this.ledger);
  }

  /** Pre-hedge exposures of day d: the groups' net values (as last summed, or `net`: beta-weighted) over the basis. */
  preExposures(d: number, basis: number, net: Float64Array = this.groups.sv): void {
    const T = this.T,
      sv = net,
      into = this.rec.preExposure;
    for (let g = 0; g < sv.length; g++) into[g * T + d] = basis > 0 ? sv[g] / basis : 0;
  }

  /**
   * Post-hedge exposures against the same basis (stocks summed again), the targets, and each group's ETF hedge
   * shares (for the attribution). With
   * `afterTrades` (the proportional method on a gross basis, whose trades change the basis)
   * against the gross after the day's trades, the basis its adjustment was solved for.
   */
  postExposures(d: number, basis: number, hedge: SectorHedge, tv: Float64Array, afterTrades = false, summed = false): void {
    const T = this.T,
      rec = this.rec,
      sv = this.groups.sv;
    this.rec.basis[d] = basis;
    // `summed`: groups.sv/sg are already those of today's stock book (the ETF method summed it
    // in step 6 and only ETFs traded since), so summing again would give the same values.
    const gross = summed && !afterTrades ? 0 : this.groups.sums(this.ledger.stockSh, this.ledger.px, afterTrades ? NaN : basis);
    if (afterTrades && basis > 0) basis = gross;
    // A beta-ratio hedge is measured on the beta-weighted book it hedges (unchanged since step 6).
    const net = hedge.betaNet ?? sv;
    for (let g = 0; g < sv.length; g++) {
      rec.postExposure[g * T + d] = basis > 0 ? (net[g] + hedge.hedgeValue(g)) / basis : 0;
      rec.targetExposure[g * T + d] = tv[g];
      rec.sectorHedgeShares[g * T + d] = hedge.groupHedgeSh[g];
    }
  }

  /** Step 9: the day's values and return; the instrument rebased to initial cash. Returns equity. */
  day(t: number, d: number, prevEquity: number): number {
    const L = this.ledger,
      rec = this.rec,
      stockSh = L.stockSh,
      etfSh = L.etfSh,
      betaSh = L.betaSh,
      px = L.px;
    let long = 0,
      short = 0,
      stock = 0,
      hedge = 0;
    const cv = this.closeValues;
    if (cv.t === t) {
      long = cv.long;
      short = cv.short;
      stock = cv.stock;
      hedge = cv.hedge;
    } else {
      // The same sums as BetaHedge.measure makes (same order, same operations).
      for (let j = 0; j < L.n; j++) {
        const s = stockSh[j],
          h = etfSh[j] + betaSh[j];
        if (s === 0 && h === 0) continue;
        const p = px[j];
        const v = (s + h) * p;
        if (v > 0) long += v;
        else short += v;
        stock += s * p;
        hedge += h * p;
      }
    }
    const equity = L.cash + long + short;
    rec.equity[d] = equity;
    rec.cash[d] = L.cash;
    rec.longValue[d] = long;
    rec.shortValue[d] = short;
    rec.stockValue[d] = stock;
    rec.hedgeValue[d] = hedge;
    rec.dailyReturn[d] = prevEquity !== 0 ? equity / prevEquity - 1 : 0;
    rec.unhedgedEquity[d] = L.unhedgedCash + stock;
    rec.dayInterest[d] = L.dayInterest;
    rec.dayBorrow[d] = L.dayBorrow;
    if (!Number.isFinite(equity)) L.failNonFinite(t);
    const instrCol = this.instrCol;
    if (instrCol && instrCol[t] > 0) {
      if (Number.isNaN(this.benchBase)) this.benchBase = instrCol[t];
      rec.benchmark[d] = this.o.initial_cash * (instrCol[t] / this.benchBase);
    }
    return equity;
  }

  /** The finished record: trades as columns, warnings in the order first seen. */
  finish(warnings: WarningLog): RunRecord {
    const rec = this.rec,
      log = this.ledger.log;
    attachTradeLog(rec, log);
    // Views, not copies: unused capacity past `length` was never touched, so it costs no RSS.
    rec.tradeDay = log.day.subarray(0, log.length);
    rec.tradeTicker = log.ticker.subarray(0, log.length);
    rec.warnings = warnings.list();
    return rec;
  }
}

/** A record of days i0..i1, every series zeroed (or NaN where no value is the default). */
function newRecord(o: ResolvedOptions, table: PriceTable, i0: number, i1: number, groups: HedgeGroups, ledger: Ledger): RunRecord {
  const T = i1 - i0 + 1,
    G = groups.names.length;
  return {
    options: o,
    table,
    i0,
    i1,
    dates: table.dates.slice(i0, i1 + 1),
    equity: new Float64Array(T),
    cash: new Float64Array(T),
    longValue: new Float64Array(T),
    shortValue: new Float64Array(T),
    stockValue: new Float64Array(T),
    hedgeValue: new Float64Array(T),
    dailyReturn: new Float64Array(T),
    unhedgedEquity: new Float64Array(T),
    benchmark: new Float64Array(T).fill(NaN),
    preBeta: new Float64Array(T).fill(NaN),
    postBeta: new Float64Array(T).fill(NaN),
    basis: new Float64Array(T),
    rebalance: new Uint8Array(T),
    groups: groups.names,
    groupEtf: groups.etf,
    preExposure: new Float64Array(G * T),
    postExposure: new Float64Array(G * T),
    targetExposure: new Float64Array(G * T),
    rehedged: new Uint8Array(G * T),
    sectorHedgeShares: new Float64Array(G * T),
    dayInterest: new Float64Array(T),
    dayBorrow: new Float64Array(T),
    groupOfTicker: groups.groupOf,
    groupChanges: groups.changes(),
    trades: [],
    tradeDay: new Int32Array(0),
    tradeTicker: new Int32Array(0),
    warnings: [],
    costs: ledger.costs,
    carriedDays: ledger.carried,
  };
}

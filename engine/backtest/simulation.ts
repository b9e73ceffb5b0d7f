// The day loop of the spec (engine.md, "One trading day, in order"), as zipline's
// tradesimulation.py is to its ledger: each step is a call into the ledger (marks, cash,
// trades, costs), the target shares, the sector-hedge step, the beta-hedge step and the
// recorder, over typed arrays indexed by ticker / group, so a day costs a few passes over
// the tickers and allocates nothing but trade records.
import path from 'node:path';
import type { RunRecord } from '../results/runRecord';
import type { PriceTable, ProgressFn, SectorMapping } from '../types';
import { BetaHedge } from './betaHedge';
import { scheduledRebalances, firstIndexAtOrAfter, lastIndexAtOrBefore } from './calendar';
import { BacktestError, CancelledError } from './errors';
import { HedgeGroups } from './hedgeGroups';
import {
  loadDatedValues,
  loadOrders,
  loadWideValues,
  scheduleOrders,
  scheduleTargets,
  scheduleWideTargetsOnce,
  type InputLoader,
  type OrderSchedule,
  type TargetSchedule,
} from './inputs';
import { Ledger, STOCK } from './ledger';
import type { ResolvedOptions } from './options';
import { Recorder } from './recorder';
import { carriedPrice, inputNoRows, lookAhead, missingInstrument, noPrice, noTrades, priceAnomalies } from './runWarnings';
import { SectorHedge } from './sectorHedge';
import { SectorTargets, marketVariables } from './targets';
import { TargetShares } from './targetShares';
import { WarningLog } from './warnings';
import { BorrowBook } from './borrow';
import { SectorResidual } from './sectorResidual';
import { Solvency } from './solvency';
import { checkOrderSizes, checkPositionSizes, checkWeightsGross } from './leverageBounds';
import type { BorrowTable } from '../data/borrow';

/** One run's state. Not reusable: `run()` once. */
export class Simulation {
  private readonly warnings = new WarningLog();
  // Initialised as numbers so V8 types them as such (see Ledger.cash).
  private readonly i0: number = 0;
  private readonly i1: number = 0;
  private readonly groups: HedgeGroups;
  private readonly ledger: Ledger;
  private readonly shares: TargetShares;
  private readonly sectorHedge: SectorHedge;
  private readonly targets: SectorTargets;
  /** After the run (the record holds the trade log): the ledger drops it, so keepShapes keeps nothing the run's size. */
  releaseLog(): void {
    this.ledger.releaseLog();
  }

  /** The beta instrument's ticker index (-1: no price column). */
  private readonly instr: number = -1;
  private peak = 0;

  constructor(
    private readonly o: ResolvedOptions,
    private readonly table: PriceTable,
    mapping: SectorMapping,
    private readonly loader: InputLoader,
    private readonly resolvePath: (p: string) => string,
    private readonly onProgress?: ProgressFn,
    borrowFile: BorrowTable | null = null,
  ) {
    const dates = table.dates;
    if (!dates.length)
      throw new BacktestError('no-data', `${table.file} has no rows.`, { fix: 'add price rows: date,TICKER,... one row per trading day.' });
    this.i0 = o.start_date ? firstIndexAtOrAfter(dates, o.start_date) : 0;
    this.i1 = o.end_date ? lastIndexAtOrBefore(dates, o.end_date) : dates.length - 1;
    if (this.i0 > this.i1 || this.i0 >= dates.length) {
      throw new BacktestError(
        'empty-range',
        `no trading days between ${o.start_date ?? 'the start'} and ${o.end_date ?? 'the end'}: ${table.file} covers ${dates[0]}..${dates[dates.length - 1]}.`,
        {
          path: 'start_date',
          fix: `choose start_date/end_date within ${dates[0]}..${dates[dates.length - 1]}.`,
        },
      );
    }
    this.groups = new HedgeGroups(o, table, mapping, this.warnings, this.i0, this.i1);
    const borrow = new BorrowBook(
      table,
      this.i0,
      this.i1,
      { stockRate: o.borrow_rate_annual, etfRate: o.etf_borrow_rate_annual },
      this.groups.isEtf,
      borrowFile,
      this.warnings,
    );
    this.ledger = new Ledger(o, table, this.i0, this.groups, borrow.active ? borrow : null, this.i1 - this.i0 + 1);
    this.shares = new TargetShares(o, table, this.ledger, this.groups, this.warnings);
    this.sectorHedge = new SectorHedge(o, table, this.ledger, this.groups, this.warnings, this.i1 - this.i0 + 1);
    this.targets = new SectorTargets(this.groups.names, o.sector_target_exposures, o.on_target_out_of_range, this.warnings, dates[this.i0]);
    this.instr = table.index.get(o.beta_hedge_instrument) ?? -1;
    if (this.instr < 0 && (o.enable_beta_hedge || this.targets.dynamic))
      missingInstrument(this.warnings, o.beta_hedge_instrument, table.file, o.enable_beta_hedge);
    this.peak = o.initial_cash;
  }

  run(): RunRecord {
    const o = this.o,
      dates = this.table.dates,
      L = this.ledger,
      groups = this.groups,
      hedge = this.sectorHedge;
    if (o.execution_delay_days === 0 && (o.use_case === 1 || o.use_case === 2)) lookAhead(this.warnings);
    const { targetSchedule, orderSchedule } = this.schedules();
    priceAnomalies(this.warnings, this.table, this.i0, this.i1);
    // The two schedules (docs/hedging.md): when the stock book trades to its inputs, and when hedges fully re-trade.
    const stockScheduled = scheduledRebalances(dates, this.i0, this.i1, o.stock_rebalance_frequency);
    const hedgeScheduled =
      o.hedge_rebalance_frequency === o.stock_rebalance_frequency
        ? stockScheduled
        : scheduledRebalances(dates, this.i0, this.i1, o.hedge_rebalance_frequency);
    const beta = this.instr >= 0 ? new BetaHedge(o, this.table, L, this.warnings, this.instr) : null;
    const recorder = new Recorder(o, this.table, this.i0, this.i1, groups, L, this.instr);
    const rec = recorder.rec;
    const instrCol = this.instr >= 0 ? this.table.columns[this.instr] : null;
    const T = this.i1 - this.i0 + 1;
    const progressEvery = Math.max(1, Math.floor(T / 200));
    const navBasis = o.exposure_basis === 'nav';
    const hedging = o.enable_sector_hedge;
    const proportional = hedging && o.sector_hedge_method === 'proportional';
    const residual =
      hedging && !proportional
        ? new SectorResidual(groups.names.length, T, L.n, o.sector_hedge_ratio === 'beta' || !!o.compare_hedge_ratios)
        : null;
    hedge.residual = residual;
    let active: { tickers: Int32Array; values: Float64Array } | null = null;
    let prevEquity = o.initial_cash;
    const solvency = new Solvency(o.on_bankruptcy, this.table, L, this.warnings);

    for (let t = this.i0; t <= this.i1; t++) {
      const d = t - this.i0;
      const date = dates[t];
      // 1. Mark to the close (carrying the last price forward) and accrue interest and borrow.
      L.mark(t, d > 0);
      let equity = L.equity();
      if (equity > this.peak) this.peak = equity;
      // The hedged sector books' P&L since the last close, before anything trades or regroups.
      residual?.measure(d, L.stockSh, groups.groupOf, hedge.groupHedgeSh, groups.etfIdx, L.px);
      // Point-in-time mapping: today's classification, before any exposure is measured.
      if (groups.advance(t)) hedge.regroup();

      // Which inputs are due today. "signal": the stock book trades when inputs arrive, hedges
      // when the stock book trades; otherwise on the schedule, to the latest inputs. Dynamic
      // targets are evaluated on those days.
      const due = targetSchedule?.byDay.get(t);
      if (due) active = due;
      const orders = orderSchedule?.get(t);
      const stockDay =
        o.stock_rebalance_frequency === 'signal' ? !!due || !!orders : stockScheduled[t] === 1 && (active !== null || o.use_case === 3);
      const rebalance =
        o.hedge_rebalance_frequency === 'signal' ? stockDay : hedgeScheduled[t] === 1 && (active !== null || o.use_case === 3);
      rec.rebalance[d] = rebalance ? 1 : 0;
      if ((rebalance || stockDay || d === 0) && this.targets.dynamic)
        this.targets.evaluate(marketVariables(instrCol, t, this.i0, equity, this.peak), groups.names, date, this.warnings);
      const tv = this.targets.values;

      // 2-5. Stock targets, the proportional method, stock trades.
      let basis = 0;
      let preRecorded = false;
      // The ETF method's step-6 group sums, when the stock trades' pass made them (their gross; -1: not made).
      let tradedGross = -1;
      if (o.use_case !== 3 && stockDay && active) {
        if (o.use_case === 4) checkPositionSizes(active, L, t, equity, o.initial_cash, this.table, inputName(o.inputs.positions));
        this.shares.size(active, t, equity);
        if (proportional) {
          basis = groups.sums(this.shares.target, L.px, navBasis ? equity : NaN);
          recorder.preExposures(d, basis);
          preRecorded = true;
          hedge.proportionalTargets(this.shares.target, t, d, basis, tv, !rebalance, rec.rehedged);
        }
        tradedGross = this.shares.trade(t, d, 'rebalance', !proportional);
      } else if (orders) {
        checkOrderSizes(orders, L, t, equity, o.initial_cash, this.table, inputName(o.inputs.orders));
        for (const [j, q] of orders) {
          // An order's short beyond today's borrowable shares is cut to them.
          if (L.tradable(j, t)) L.trade(j, L.capShort(j, L.stockSh[j] + q, t, this.warnings) - L.stockSh[j], STOCK, 'order', t, d);
          else noPrice(this.warnings, this.table.tickers[j], date, 'order');
        }
      }
      if (proportional && !preRecorded) {
        // Orders' rebalance days re-hedge every sector; other days only those out of band.
        this.shares.target.set(L.stockSh);
        equity = L.equity();
        basis = groups.sums(this.shares.target, L.px, navBasis ? equity : NaN);
        recorder.preExposures(d, basis);
        if (hedge.proportionalTargets(this.shares.target, t, d, basis, tv, !rebalance, rec.rehedged))
          this.shares.trade(t, d, 'proportional');
      }

      // 6. ETF method (8: inside the tolerance band, no trade on days that are not rebalance days).
      // The basis is the gross stock value, or with exposure_basis "nav" the equity after the stock trades.
      if (!proportional) {
        const nav = navBasis ? L.equity() : NaN;
        basis = tradedGross >= 0 ? groups.basis(tradedGross, nav) : groups.sums(L.stockSh, L.px, nav);
        if (hedging) hedge.etfHedge(t, d, basis, tv, rebalance, rec.rehedged);
        // After the hedge so a beta-ratio run records the beta-weighted exposure it hedged.
        recorder.preExposures(d, basis, hedge.betaNet ?? undefined);
      }
      recorder.postExposures(d, basis, hedge, tv, proportional && !navBasis, !proportional);
      residual?.closeDay(basis);

      // 7. Beta hedge, after the sector hedge so ETF betas count.
      if (beta) beta.step(t, d, rebalance, rec, recorder.closeValues);

      // 9. Record the day.
      const closeEquity = recorder.day(t, d, prevEquity);
      // Equity at or below zero: stop, or continue with every metric invalid (solvency.ts).
      if (closeEquity <= 0) solvency.check(t, d, closeEquity, prevEquity);
      prevEquity = closeEquity;
      if (this.onProgress && (d % progressEvery === 0 || d === T - 1)) {
        if (this.onProgress((d + 1) / T, date) === false) throw new CancelledError(date);
      }
    }
    beta?.finishWarnings();
    for (let j = 0; j < L.n; j++) if (L.carried[j] !== 0) carriedPrice(this.warnings, this.table.tickers[j], L.carried[j]);
    if (L.log.length === 0) noTrades(this.warnings, dates[this.i0], dates[this.i1]);
    if (hedging) rec.bandTriggers = hedge.bandTriggers;
    if (solvency.insolvency) rec.insolvency = solvency.insolvency;
    if (L.borrow) rec.borrowByName = L.borrow.byName();
    if (residual) {
      rec.sectorPnl = residual.pnl;
      if (residual.shadowPnl) rec.shadowPnl = residual.shadowPnl;
    }
    const record = recorder.finish(this.warnings);
    recorder.release();
    keepShapes(this, beta, residual, solvency, recorder);
    return record;
  }

  /** The weights / signals (by day they take effect) or the orders (by day they trade). */
  private schedules(): { targetSchedule: TargetSchedule | null; orderSchedule: OrderSchedule | null } {
    const o = this.o;
    if (o.use_case === 3) {
      const orders = loadOrders(o.inputs.orders, this.loader, this.resolvePath);
      if (!orders.length) inputNoRows(this.warnings, `orders input (${inputName(o.inputs.orders)}) has no orders`);
      return { targetSchedule: null, orderSchedule: scheduleOrders(orders, this.table, this.i0, this.i1, this.warnings) };
    }
    const kind = o.use_case === 1 ? 'weights' : o.use_case === 4 ? 'positions' : 'signals';
    const label = kind === 'weights' ? 'weight' : kind === 'positions' ? 'position' : 'signal';
    // Positions are what was held at each date's own close: no execution delay.
    const delay = o.use_case === 4 ? 0 : o.execution_delay_days;
    // A plain wide file goes straight from columns to the schedule (no Map per date).
    const wide = loadWideValues(o.inputs[kind], this.loader, this.resolvePath);
    let targetSchedule: TargetSchedule;
    if (wide) targetSchedule = scheduleWideTargetsOnce(wide, this.table, this.i0, this.i1, delay, label, this.warnings);
    else {
      const values = loadDatedValues(kind, o.inputs[kind], this.loader, this.resolvePath);
      if (!values.size) inputNoRows(this.warnings, `${kind} input (${inputName(o.inputs[kind])}) has no rows`);
      targetSchedule = scheduleTargets(values, this.table, this.i0, this.i1, delay, label, this.warnings);
    }
    // Weights are taken as given: bounded like gross_leverage (leverageBounds.ts).
    if (o.use_case === 1) checkWeightsGross(targetSchedule, this.table, inputName(o.inputs.weights));
    return { targetSchedule, orderSchedule: null };
  }
}

/**
 * The last finished run's day-loop objects (its trade log released: the record holds it), kept
 * until the next run replaces them. V8's optimised code for the day loop checks these classes'
 * hidden classes (maps), and a map dies with the last object that has it: at the next full GC
 * every such function was thrown away ("weak objects") and the next run (a sweep's next
 * variant, the bench's timed runs) re-optimised ~35 of them: W1 ~100 ms of CPU on V8's
 * compiler threads and interpreted days on the main thread. The Recorder is kept with an empty
 * record in place of the caller's; nothing the size of the run is kept.
 */
const kept: { shapes: readonly object[] } = { shapes: [] };
function keepShapes(sim: Simulation, ...parts: (object | null)[]): void {
  sim.releaseLog();
  kept.shapes = [sim, ...parts.filter((x) => x !== null)];
}

/** An input's file name for messages, or "inline data". */
const inputName = (v: unknown) => (typeof v === 'string' ? path.basename(v) : 'inline data');

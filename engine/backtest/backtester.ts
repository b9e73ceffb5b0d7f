// The day loop of the spec (engine.md, "One trading day, in order"), on typed arrays:
// positions, prices and per-sector sums are Float64Arrays indexed by ticker / group, so a
// day costs a few passes over the tickers and allocates nothing but trade records.
import path from 'node:path';
import { etfHedgeShares, proportionalMove } from '../hedging/sectorHedger';
import { RollingBeta } from '../hedging/rollingBeta';
import { roundHalfAwayFromZero } from '../hedging/rounding';
import { BacktestResults } from '../results/backtestResults';
import type { RunRecord } from '../results/runRecord';
import { TradeLog, attachTradeLog } from '../results/tradeLog';
import type { DatedValues, PriceTable, ProgressFn, SectorMapping, TradeReason } from '../types';
import { scheduledRebalances, firstIndexAtOrAfter, lastIndexAtOrBefore } from './calendar';
import { commissionFor, fillPrice } from './costs';
import { BacktestError, CancelledError } from './errors';
import { loadDatedValues, loadOrders, loadWideValues, scheduleOrders, scheduleTargets, scheduleWideTargets, type InputLoader, type OrderSchedule, type TargetSchedule } from './inputs';
import { parseUseCase, resolveOptions, type CostSpec, type ResolvedOptions, type RunInputs } from './options';
import { SectorTargets, marketVariables } from './targets';
import { WarningLog } from './warnings';
import { addPriceAnomalyWarnings, addUnknownBetaWarning, warnProportionalClosed } from './dataWarnings';
import { columnHoldingGroups } from '../data/groupColumns';
import { DataError } from '../data/errors';

/** What the backtester reads: a DataManager, or anything with the same loaders. */
export interface BacktestData extends InputLoader {
  loadPrices(): PriceTable;
  loadSectorMapping(): SectorMapping;
}

export interface RunOptions {
  start_date?: string;
  end_date?: string;
  use_case?: 1 | 2 | 3 | 'weights' | 'signals' | 'orders';
  inputs?: RunInputs & { signals_by_date?: DatedValues | Record<string, Record<string, number>> };
  /** Called as the run progresses; returning false cancels it (run throws CancelledError). */
  onProgress?: ProgressFn;
}

const STOCK = 0, SECTOR = 1, BETA = 2;
type Book = typeof STOCK | typeof SECTOR | typeof BETA;

export class Backtester {
  readonly options: ResolvedOptions;

  /**
   * @param config a BacktestConfig, or a plain object with the same snake_case keys
   * @param data a DataManager (or any object with loadPrices / loadSectorMapping / input loaders)
   */
  constructor(private readonly config: object, private readonly data: BacktestData) {
    this.options = resolveOptions(config);
  }

  /** Runs the backtest; synchronous. Throws CancelledError when onProgress returns false. */
  run(opts: RunOptions = {}): BacktestResults {
    const o: ResolvedOptions = { ...this.options };
    if (opts.start_date !== undefined) o.start_date = opts.start_date;
    if (opts.end_date !== undefined) o.end_date = opts.end_date;
    if (opts.use_case !== undefined) o.use_case = parseUseCase(opts.use_case);
    if (opts.inputs) {
      const { signals_by_date, ...rest } = opts.inputs;
      o.inputs = { ...o.inputs, ...rest };
      if (signals_by_date !== undefined) o.inputs.signals = signals_by_date;
    }
    const table = this.data.loadPrices();
    const mapping = this.data.loadSectorMapping();
    const sim = new Simulation(o, table, mapping, this.data, (p) => this.resolvePath(p), opts.onProgress);
    try {
      return new BacktestResults(sim.run());
    } catch (err) {
      throw this.withoutConfigFolder(err);
    }
  }

  /**
   * Library mode (a config built in code): an input path is resolved against the working
   * directory, so a "file not found" fix must not send the user to a config file's folder.
   */
  private withoutConfigFolder(err: unknown): unknown {
    const configPath = (this.config as { configPath?: string | null }).configPath;
    if (configPath || !(err instanceof DataError) || err.code !== 'file-not-found') return err;
    return new DataError({
      code: err.code, file: err.file, line: err.line, column: err.column, detail: err.detail,
      fix: `Check the path. There is no config file here, so a relative input path resolves against the working directory (${process.cwd()}); pass an absolute path, or load the config with BacktestConfig.fromFile so paths resolve against its folder.`,
    });
  }

  private resolvePath(p: string): string {
    const c = this.config as { resolvePath?: (p: string) => string; configPath?: string | null };
    if (typeof c.resolvePath === 'function') return c.resolvePath(p);
    if (path.isAbsolute(p)) return p;
    return path.resolve(c.configPath ? path.dirname(c.configPath) : process.cwd(), p);
  }
}

/** One run's state. Not reusable: `run()` once. */
class Simulation {
  private readonly n: number;
  private readonly cols: Float64Array[];
  private readonly warnings = new WarningLog();
  private readonly i0: number;
  private readonly i1: number;
  private readonly days: number;

  // Positions by book, carried prices, and per-ticker facts.
  private readonly px: Float64Array;
  /** Today's closes, gathered once by mark() (NaN = no price): the columns are column-major, so
   * reading cols[j][t] across thousands of tickers misses cache and TLB on every access. */
  private readonly close: Float64Array;
  private closeDay = -1;
  private readonly stockSh: Float64Array;
  private readonly etfSh: Float64Array;
  private readonly betaSh: Float64Array;
  private readonly target: Float64Array;
  private readonly betas: Float64Array;
  /** Day index for which betas[j] was computed (-1: never). */
  private readonly betaDay: Int32Array;
  private readonly carried: Int32Array;
  private readonly groupOf: Int32Array;

  // Hedge groups.
  private readonly groups: string[];
  private readonly groupEtf: (string | null)[];
  private readonly etfIdx: Int32Array;
  private readonly groupHedgeSh: Float64Array;
  /** Scratch for one day's ETF hedge: summed share change per ETF ticker, and which ETFs. */
  private readonly etfDelta: Float64Array;
  private readonly touchedEtfs: number[] = [];
  private readonly sv: Float64Array;
  private readonly sg: Float64Array;
  private readonly targets: SectorTargets;
  private readonly instr: number;

  private cash: number;
  private unhedgedCash: number;
  private peak: number;
  private readonly log: TradeLog;
  private readonly costs = { stockCommission: 0, stockSlippage: 0, hedgeCommission: 0, hedgeSlippage: 0, borrow: 0, interest: 0 };

  private targetSchedule: TargetSchedule | null = null;
  private orderSchedule: OrderSchedule | null = null;
  private active: { tickers: Int32Array; values: Float64Array } | null = null;

  constructor(
    private readonly o: ResolvedOptions,
    private readonly table: PriceTable,
    mapping: SectorMapping,
    private readonly loader: InputLoader,
    private readonly resolvePath: (p: string) => string,
    private readonly onProgress?: ProgressFn,
  ) {
    const dates = table.dates;
    this.n = table.tickers.length;
    this.cols = table.columns;
    if (!dates.length) throw new BacktestError('no-data', `${table.file} has no rows.`, { fix: 'add price rows: date,TICKER,... one row per trading day.' });
    this.i0 = o.start_date ? firstIndexAtOrAfter(dates, o.start_date) : 0;
    this.i1 = o.end_date ? lastIndexAtOrBefore(dates, o.end_date) : dates.length - 1;
    if (this.i0 > this.i1 || this.i0 >= dates.length) {
      throw new BacktestError('empty-range', `no trading days between ${o.start_date ?? 'the start'} and ${o.end_date ?? 'the end'}: ${table.file} covers ${dates[0]}..${dates[dates.length - 1]}.`, {
        path: 'start_date', fix: `choose start_date/end_date within ${dates[0]}..${dates[dates.length - 1]}.`,
      });
    }
    this.days = this.i1 - this.i0 + 1;
    this.log = new TradeLog(dates, this.i0, table.tickers);
    const n = this.n;
    this.px = new Float64Array(n).fill(NaN);
    this.close = new Float64Array(n).fill(NaN);
    this.stockSh = new Float64Array(n);
    this.etfSh = new Float64Array(n);
    this.betaSh = new Float64Array(n);
    this.target = new Float64Array(n);
    this.betas = new Float64Array(n).fill(1);
    this.betaDay = new Int32Array(n).fill(-1);
    this.carried = new Int32Array(n);
    this.groupOf = new Int32Array(n).fill(-1);

    // Hedge groups from the chosen mapping column.
    const col = o.hedge_group_column;
    if (!mapping.columns.includes(col)) {
      throw new BacktestError('missing-hedge-column', `hedge_group_column "${col}" is not a column of ${mapping.file} (columns: ${mapping.columns.join(', ')}).`, {
        path: 'hedge_group_column', fix: `use one of ${mapping.columns.filter((c) => c !== 'ticker').join(', ')}, or add a "${col}" column to ${mapping.file}.`,
      });
    }
    const groupIndex = new Map<string, number>();
    this.groups = [];
    for (const row of mapping.rows) {
      const j = table.index.get(row.ticker);
      const g = row.values[col];
      if (j === undefined || !g) continue;
      let k = groupIndex.get(g);
      if (k === undefined) { k = this.groups.length; groupIndex.set(g, k); this.groups.push(g); }
      this.groupOf[j] = k;
    }
    const G = this.groups.length;
    this.groupEtf = this.groups.map((g) => o.sector_etf_mapping[g] ?? null);
    this.etfIdx = Int32Array.from(this.groupEtf.map((e) => (e ? table.index.get(e) ?? -1 : -1)));
    this.groupHedgeSh = new Float64Array(G);
    this.etfDelta = new Float64Array(n);
    this.sv = new Float64Array(G);
    this.sg = new Float64Array(G);
    this.targets = new SectorTargets(this.groups, o.sector_target_exposures);
    for (const s of Object.keys(o.sector_target_exposures)) {
      if (!groupIndex.has(s)) {
        const alt = columnHoldingGroups(mapping, [s], col);
        this.warnings.add(`unknown-sector:${s}`, () => ({ code: 'unknown-sector', sector: s, message: `sector_target_exposures names "${s}", which no ticker in ${mapping.file} has (column "${col}"); it is ignored.${alt ? ` "${s}" is a value of the "${alt.column}" column: set "hedge_group_column": "${alt.column}" to hedge by ${alt.column}.` : ''}` }));
      }
    }
    // ETF mapping keys that are groups of another column (the guide's industry example
    // without hedge_group_column) leave the book unhedged: say which column they belong to.
    const strayKeys = Object.keys(o.sector_etf_mapping).filter((k) => !groupIndex.has(k));
    const other = strayKeys.length ? columnHoldingGroups(mapping, strayKeys, col) : undefined;
    if (other) {
      this.warnings.add('hedge-group-column', () => ({
        code: 'hedge-group-column',
        message: `sector_etf_mapping names ${other.matched.map((k) => `"${k}"`).join(', ')}, which are not "${col}" values in ${mapping.file} but values of its "${other.column}" column, so ${other.matched.length === 1 ? 'that entry has' : 'those entries have'} no stocks. Set "hedge_group_column": "${other.column}" to hedge by ${other.column}.`,
      }));
    }
    this.instr = table.index.get(o.beta_hedge_instrument) ?? -1;
    if (this.instr < 0 && (o.enable_beta_hedge || this.targets.dynamic)) {
      this.warnings.add('missing-instrument', () => ({ code: 'missing-instrument', ticker: o.beta_hedge_instrument, message: `beta_hedge_instrument ${o.beta_hedge_instrument} has no column in ${table.file}; ${o.enable_beta_hedge ? 'no beta hedge is placed' : 'market variables are NaN'}.` }));
    }
    this.cash = o.initial_cash;
    this.unhedgedCash = o.initial_cash;
    this.peak = o.initial_cash;
  }

  run(): RunRecord {
    const o = this.o, T = this.days, G = this.groups.length, dates = this.table.dates;
    if (o.execution_delay_days === 0 && o.use_case !== 3) {
      this.warnings.add('look-ahead', () => ({ code: 'look-ahead', message: 'execution_delay_days is 0: each signal trades at the close of its own date, which assumes it was known before that close (look-ahead).' }));
    }
    const inputName = (v: unknown) => (typeof v === 'string' ? path.basename(v) : 'inline data');
    if (o.use_case === 3) {
      const orders = loadOrders(o.inputs.orders, this.loader, this.resolvePath);
      if (!orders.length) this.warnings.add('input-no-rows', () => ({ code: 'input-no-rows', message: `The orders input (${inputName(o.inputs.orders)}) has no orders: nothing is traded.` }));
      this.orderSchedule = scheduleOrders(orders, this.table, this.i0, this.i1, this.warnings);
    } else {
      const kind = o.use_case === 1 ? 'weights' : 'signals';
      const label = kind === 'weights' ? 'weight' : 'signal';
      // A plain wide file goes straight from columns to the schedule (no Map per date).
      const wide = loadWideValues(o.inputs[kind], this.loader, this.resolvePath);
      if (wide) this.targetSchedule = scheduleWideTargets(wide, this.table, this.i0, this.i1, o.execution_delay_days, label, this.warnings);
      else {
        const values = loadDatedValues(kind, o.inputs[kind], this.loader, this.resolvePath);
        if (!values.size) this.warnings.add('input-no-rows', () => ({ code: 'input-no-rows', message: `The ${kind} input (${inputName(o.inputs[kind])}) has no rows: nothing is traded.` }));
        this.targetSchedule = scheduleTargets(values, this.table, this.i0, this.i1, o.execution_delay_days, label, this.warnings);
      }
    }
    addPriceAnomalyWarnings(this.warnings, this.table, this.i0, this.i1);
    const scheduled = scheduledRebalances(dates, this.i0, this.i1, o.rebalance_frequency);
    const rb = this.instr >= 0 ? new RollingBeta(this.cols, this.cols[this.instr], o.beta_lookback_days) : null;

    const rec: RunRecord = {
      options: o, table: this.table, i0: this.i0, i1: this.i1, dates: dates.slice(this.i0, this.i1 + 1),
      equity: new Float64Array(T), cash: new Float64Array(T), longValue: new Float64Array(T), shortValue: new Float64Array(T),
      stockValue: new Float64Array(T), hedgeValue: new Float64Array(T), dailyReturn: new Float64Array(T),
      unhedgedEquity: new Float64Array(T), benchmark: new Float64Array(T).fill(NaN), preBeta: new Float64Array(T).fill(NaN),
      postBeta: new Float64Array(T).fill(NaN), basis: new Float64Array(T), rebalance: new Uint8Array(T),
      groups: this.groups, groupEtf: this.groupEtf,
      preExposure: new Float64Array(G * T), postExposure: new Float64Array(G * T), targetExposure: new Float64Array(G * T),
      rehedged: new Uint8Array(G * T), groupOfTicker: this.groupOf,
      trades: [], tradeDay: new Int32Array(0), tradeTicker: new Int32Array(0), warnings: [], costs: this.costs,
      carriedDays: this.carried,
    };
    const instrCol = this.instr >= 0 ? this.cols[this.instr] : null;
    let benchBase = NaN;
    const progressEvery = Math.max(1, Math.floor(T / 200));
    let prevEquity = o.initial_cash;

    for (let t = this.i0; t <= this.i1; t++) {
      const d = t - this.i0;
      const date = dates[t];
      // 1. Mark to the close (carrying the last price forward) and accrue interest and borrow.
      this.mark(t, d > 0);
      let equity = this.equity();
      if (equity > this.peak) this.peak = equity;

      // Which inputs are due today.
      const due = this.targetSchedule?.byDay.get(t);
      if (due) this.active = due;
      const orders = this.orderSchedule?.get(t);
      // "signal": rebalance when inputs arrive; otherwise on the schedule, to the latest inputs.
      const rebalance = o.rebalance_frequency === 'signal'
        ? !!due || !!orders
        : scheduled[t] === 1 && (this.active !== null || o.use_case === 3);
      rec.rebalance[d] = rebalance ? 1 : 0;
      if (rebalance || d === 0) {
        if (this.targets.dynamic) this.targets.evaluate(marketVariables(instrCol, t, this.i0, equity, this.peak), this.groups, date, this.warnings);
      }
      const tv = this.targets.values;
      const hedging = o.enable_sector_hedge;
      const proportional = hedging && o.sector_hedge_method === 'proportional';

      // 2-5. Stock targets, the proportional method, stock trades.
      let basis = 0;
      let preRecorded = false;
      if (o.use_case !== 3 && rebalance && this.active) {
        this.sizeTargets(t, equity);
        if (proportional) {
          basis = this.groupSums(this.target, o.exposure_basis === 'nav' ? equity : NaN);
          this.recordExposures(rec.preExposure, d, basis);
          preRecorded = true;
          this.proportionalTargets(t, d, basis, tv, false, rec.rehedged);
        }
        this.tradeStocksToTarget(t, d, 'rebalance');
      } else if (orders) {
        for (const [j, q] of orders) {
          if (this.tradable(j, t)) this.trade(j, q, STOCK, 'order', t, d);
          else this.noPrice(j, date, 'order');
        }
      }
      if (proportional && !preRecorded) {
        // Orders' rebalance days re-hedge every sector; other days only those out of band.
        this.target.set(this.stockSh);
        equity = this.equity();
        basis = this.groupSums(this.target, o.exposure_basis === 'nav' ? equity : NaN);
        this.recordExposures(rec.preExposure, d, basis);
        if (this.proportionalTargets(t, d, basis, tv, !rebalance, rec.rehedged)) this.tradeStocksToTarget(t, d, 'proportional');
      }

      // 6. ETF method.
      equity = this.equity();
      if (!proportional) {
        basis = this.groupSums(this.stockSh, o.exposure_basis === 'nav' ? equity : NaN);
        this.recordExposures(rec.preExposure, d, basis);
        if (hedging) this.etfHedge(t, d, basis, tv, rebalance, rec.rehedged);
      }
      rec.basis[d] = basis;
      // Post-hedge exposures against the same basis.
      this.groupSums(this.stockSh, basis);
      for (let g = 0; g < G; g++) {
        const e = this.etfIdx[g];
        const hv = e >= 0 && this.groupHedgeSh[g] !== 0 ? this.groupHedgeSh[g] * this.px[e] : 0;
        rec.postExposure[g * T + d] = basis > 0 ? (this.sv[g] + hv) / basis : 0;
        rec.targetExposure[g * T + d] = tv[g];
      }

      // 7. Beta hedge, after the sector hedge so ETF betas count.
      if (rb) {
        rb.advance(t);
        equity = this.equity();
        const pre = this.dollarBeta(rb, true, date, t);
        let post = this.dollarBeta(rb, false, date, t);
        rec.preBeta[d] = equity !== 0 ? pre / equity : NaN;
        if (o.enable_beta_hedge && (post !== 0 || this.betaSh[this.instr] !== 0)) {
          const current = equity !== 0 ? post / equity : 0;
          if (rebalance || Math.abs(current - o.target_beta) > o.beta_hedge_tolerance) {
            if (this.tradable(this.instr, t)) {
              const p = this.px[this.instr];
              const others = this.stockSh[this.instr] + this.etfSh[this.instr];
              const nonInstr = post - (others + this.betaSh[this.instr]) * p;
              const want = roundHalfAwayFromZero((o.target_beta * equity - nonInstr) / p);
              this.trade(this.instr, want - others - this.betaSh[this.instr], BETA, 'beta_hedge', t, d);
            } else this.noPrice(this.instr, date, 'beta hedge');
            equity = this.equity();
            post = this.dollarBeta(rb, false, date, t);
          }
        }
        rec.postBeta[d] = equity !== 0 ? post / equity : NaN;
      }

      // 9. Record the day.
      this.recordDay(rec, d, prevEquity);
      if (!Number.isFinite(rec.equity[d])) this.failNonFinite(t, date);
      prevEquity = rec.equity[d];
      if (instrCol && instrCol[t] > 0) {
        if (Number.isNaN(benchBase)) benchBase = instrCol[t];
        rec.benchmark[d] = o.initial_cash * (instrCol[t] / benchBase);
      }
      if (this.onProgress && (d % progressEvery === 0 || d === T - 1)) {
        if (this.onProgress((d + 1) / T, date) === false) throw new CancelledError(date);
      }
    }
    this.finalWarnings();
    if (this.log.length === 0) {
      const closed = this.warnings.list().filter((w) => w.code === 'proportional-closed').map((w) => w.sector ?? '');
      this.warnings.add('no-trades', () => ({
        code: 'no-trades',
        message: closed.length
          ? `No trade happened between ${dates[this.i0]} and ${dates[this.i1]}: the proportional method closed every position of ${closed.join(', ')} (see the proportional-closed warning), so nothing was held.`
          : `No trade happened between ${dates[this.i0]} and ${dates[this.i1]}: check the inputs' dates and tickers against the price file and the run's dates.`,
      }));
    }
    attachTradeLog(rec, this.log);
    // Views, not copies: unused capacity past `length` was never touched, so it costs no RSS.
    rec.tradeDay = this.log.day.subarray(0, this.log.length);
    rec.tradeTicker = this.log.ticker.subarray(0, this.log.length);
    rec.warnings = this.warnings.list();
    return rec;
  }

  /** Step 1: prices carried forward, interest on cash, borrow on shorts. */
  private mark(t: number, accrue: boolean): void {
    const o = this.o, n = this.n, px = this.px;
    let shortValue = 0, stockShort = 0;
    for (let j = 0; j < n; j++) {
      const p = this.cols[j][t];
      this.close[j] = p;
      const held = this.stockSh[j] !== 0 || this.etfSh[j] !== 0 || this.betaSh[j] !== 0;
      if (p > 0) px[j] = p;
      else if (held) this.carried[j]++;
      if (held) {
        const sh = this.stockSh[j] + this.etfSh[j] + this.betaSh[j];
        if (sh < 0) shortValue -= sh * px[j];
        if (this.stockSh[j] < 0) stockShort -= this.stockSh[j] * px[j];
      }
    }
    this.closeDay = t;
    if (!accrue) return;
    if (o.cash_rate_annual !== 0) {
      const i = (this.cash * o.cash_rate_annual) / 252;
      this.cash += i;
      this.costs.interest += i;
      this.unhedgedCash += (this.unhedgedCash * o.cash_rate_annual) / 252;
    }
    if (o.borrow_rate_annual !== 0) {
      const b = (shortValue * o.borrow_rate_annual) / 252;
      this.cash -= b;
      this.costs.borrow += b;
      this.unhedgedCash -= (stockShort * o.borrow_rate_annual) / 252;
    }
  }

  /** cash + sum(shares * carried price). */
  private equity(): number {
    let v = this.cash;
    const n = this.n, px = this.px;
    for (let j = 0; j < n; j++) {
      const sh = this.stockSh[j] + this.etfSh[j] + this.betaSh[j];
      if (sh !== 0) v += sh * px[j];
    }
    return v;
  }

  private tradable(j: number, t: number): boolean { return this.closeOf(j, t) > 0; }

  /** cols[j][t], from the gathered row when t is the day being marked. */
  private closeOf(j: number, t: number): number { return t === this.closeDay ? this.close[j] : this.cols[j][t]; }

  private noPrice(j: number, date: string, what: string): void {
    const ticker = this.table.tickers[j];
    this.warnings.add(`no-price:${ticker}`, () => ({ code: 'no-price-no-trade', ticker, date, message: `${ticker} has no price on ${date}, so its ${what} could not trade that day (first such day; see count).` }));
  }

  /** Steps 2-3: target shares from the active weights or signals at today's equity. */
  private sizeTargets(t: number, equity: number): void {
    const o = this.o, a = this.active!;
    const w = Float64Array.from(a.values);
    if (o.use_case === 2) {
      if (o.demean_signals && w.length) {
        let m = 0;
        for (let k = 0; k < w.length; k++) m += w[k];
        m /= w.length;
        for (let k = 0; k < w.length; k++) w[k] -= m;
      }
      let s = 0;
      for (let k = 0; k < w.length; k++) s += Math.abs(w[k]);
      for (let k = 0; k < w.length; k++) w[k] = s > 0 ? (w[k] / s) * o.gross_leverage : 0;
    }
    // Tickers not in today's vector go to 0; a ticker without a price today keeps its shares.
    this.target.fill(0);
    for (let j = 0; j < this.n; j++) if (this.stockSh[j] !== 0 && !this.tradable(j, t)) this.target[j] = this.stockSh[j];
    for (let k = 0; k < a.tickers.length; k++) {
      const j = a.tickers[k];
      if (!this.tradable(j, t)) { this.target[j] = this.stockSh[j]; if (w[k] !== 0) this.noPrice(j, this.table.dates[t], 'rebalance'); continue; }
      this.target[j] = roundHalfAwayFromZero((w[k] * equity) / this.closeOf(j, t));
      if (this.target[j] !== 0 && this.groupOf[j] < 0) {
        const ticker = this.table.tickers[j];
        this.warnings.add(`unmapped-ticker:${ticker}`, () => ({ code: 'unmapped-ticker', ticker, message: `${ticker} has no ${this.o.hedge_group_column} in the sector mapping; its exposure is not hedged.` }));
      }
    }
  }

  /**
   * Net (sv) and gross (sg) stock value per group for a shares vector at carried prices.
   * Returns the exposure basis: `navBasis` when given (not NaN), else the gross; 0 when nothing is held.
   */
  private groupSums(shares: Float64Array, navBasis: number): number {
    this.sv.fill(0); this.sg.fill(0);
    let gross = 0;
    for (let j = 0; j < this.n; j++) {
      const sh = shares[j];
      if (sh === 0) continue;
      const v = sh * this.px[j];
      gross += Math.abs(v);
      const g = this.groupOf[j];
      if (g >= 0) { this.sv[g] += v; this.sg[g] += Math.abs(v); }
    }
    // Nothing held yet: every exposure is 0 and no hedge trades, whatever the basis.
    if (gross === 0) return 0;
    return Number.isNaN(navBasis) ? gross : navBasis;
  }

  private recordExposures(into: Float64Array, d: number, basis: number): void {
    const T = this.days;
    for (let g = 0; g < this.groups.length; g++) into[g * T + d] = basis > 0 ? this.sv[g] / basis : 0;
  }

  /**
   * Step 4 on `this.target` (sv/sg already summed for it): each position of a sector moves
   * by -(E - T * basis) * |v| / G. With `onlyOutOfBand`, only sectors further than the
   * tolerance from target move. Returns whether any target changed.
   */
  private proportionalTargets(t: number, d: number, basis: number, tv: Float64Array, onlyOutOfBand: boolean, rehedged: Uint8Array): boolean {
    if (!(basis > 0)) return false;
    const tol = this.o.sector_hedge_tolerance, T = this.days;
    let any = false;
    for (let j = 0; j < this.n; j++) {
      const g = this.groupOf[j];
      const sh = this.target[j];
      if (g < 0 || sh === 0 || !this.tradable(j, t)) continue;
      if (onlyOutOfBand && Math.abs(this.sv[g] / basis - tv[g]) <= tol) continue;
      rehedged[g * T + d] = 1;
      const p = this.px[j];
      const move = proportionalMove(sh * p, this.sv[g], this.sg[g], tv[g], basis);
      const next = roundHalfAwayFromZero(sh + move / p);
      if (next !== sh) { this.target[j] = next; any = true; }
      // A one-sided group (all long or all short) cannot reach its target by scaling: it is closed.
      if (next === 0 && Math.abs(this.sv[g]) === this.sg[g] && Math.abs(this.sv[g] / basis - tv[g]) > 1e-12) warnProportionalClosed(this.warnings, this.groups[g], this.table.dates[t], tv[g], this.sv[g] > 0);
    }
    return any;
  }

  /** Step 5: trade every stock whose target differs from its shares (priced today). */
  private tradeStocksToTarget(t: number, d: number, reason: TradeReason): void {
    for (let j = 0; j < this.n; j++) {
      const q = this.target[j] - this.stockSh[j];
      if (q !== 0 && this.tradable(j, t)) this.trade(j, q, STOCK, reason, t, d);
    }
  }

  /** Step 6 (ETF method), with step 8's tolerance band on days that are not rebalance days. */
  private etfHedge(t: number, d: number, basis: number, tv: Float64Array, rebalance: boolean, rehedged: Uint8Array): void {
    const G = this.groups.length, T = this.days, tol = this.o.sector_hedge_tolerance;
    const date = this.table.dates[t];
    // ETFs touched today, each trading once with the sum of its sectors' changes.
    const touched = this.touchedEtfs;
    touched.length = 0;
    for (let g = 0; g < G; g++) {
      const held = this.sg[g] > 0;
      if (!held && this.groupHedgeSh[g] === 0) continue;
      const e = this.etfIdx[g];
      const name = this.groups[g];
      if (e < 0) {
        const etf = this.groupEtf[g];
        this.warnings.add(`unhedged-sector:${name}`, () => ({
          code: etf ? 'etf-missing' : 'unhedged-sector', sector: name, ticker: etf ?? undefined, date,
          message: etf ? `${name}'s ETF ${etf} has no column in ${this.table.file}; ${name} stays unhedged.` : `${name} has no ETF in sector_etf_mapping; it stays unhedged.`,
        }));
        continue;
      }
      if (!this.tradable(e, t)) {
        const etf = this.table.tickers[e];
        this.warnings.add(`etf-no-price:${name}`, () => ({
          code: 'etf-no-price', sector: name, ticker: etf, date,
          message: `${etf} (ETF of ${name}) has no price on ${date}${this.table.firstIndex[e] > t ? ` (it starts on ${this.table.dates[this.table.firstIndex[e]] ?? 'no date'})` : ''}; ${name} stays unhedged on such days (see count).`,
        }));
        continue;
      }
      const p = this.px[e];
      const hedgeValue = this.groupHedgeSh[g] * p;
      const post = basis > 0 ? (this.sv[g] + hedgeValue) / basis : 0;
      if (!rebalance && held && Math.abs(post - tv[g]) <= tol) continue;
      const want = held && basis > 0 ? etfHedgeShares(tv[g], basis, this.sv[g], p) : 0;
      rehedged[g * T + d] = 1;
      const q = want - this.groupHedgeSh[g];
      if (q === 0) continue;
      this.groupHedgeSh[g] = want;
      if (this.etfDelta[e] === 0 && !touched.includes(e)) touched.push(e);
      this.etfDelta[e] += q;
    }
    for (const e of touched) {
      const q = this.etfDelta[e];
      this.etfDelta[e] = 0;
      if (q === 0) continue;
      const sectors: string[] = [];
      for (let g = 0; g < G; g++) if (this.etfIdx[g] === e && rehedged[g * T + d] === 1) sectors.push(this.groups[g]);
      this.trade(e, q, SECTOR, 'sector_hedge', t, d, sectors.join(', '));
    }
  }


  /** Dollar beta of the stock book only (`stocksOnly`), or of every position. */
  private dollarBeta(rb: RollingBeta, stocksOnly: boolean, date: string, day: number): number {
    let D = 0;
    for (let j = 0; j < this.n; j++) {
      const sh = stocksOnly ? this.stockSh[j] : this.stockSh[j] + this.etfSh[j] + this.betaSh[j];
      if (sh === 0) continue;
      // Each ticker's beta is computed once a day (this is called up to three times).
      if (this.betaDay[j] !== day) {
        let b = 1;
        if (j !== this.instr) {
          b = rb.beta(j);
          if (Number.isNaN(b)) {
            b = 1;
            if (this.o.enable_beta_hedge) addUnknownBetaWarning(this.warnings, this.table.tickers[j], this.o.beta_hedge_instrument, date, this.o.beta_lookback_days, rb.observations(j));
          }
        }
        this.betas[j] = b;
        this.betaDay[j] = day;
      }
      D += this.betas[j] * sh * this.px[j];
    }
    return D;
  }

  /** Executes one trade at today's close with the book's costs. */
  private trade(j: number, q: number, book: Book, reason: TradeReason, t: number, d: number, sector?: string): void {
    if (q === 0) return;
    const o = this.o;
    const c: CostSpec = book === STOCK ? o.stock_costs : o.etf_costs;
    const close = this.closeOf(j, t);
    const fill = fillPrice(close, q, c);
    const notional = q * fill;
    const commission = commissionFor(q, fill, c);
    const slippage = Math.abs(q * (fill - close));
    this.cash -= notional + commission;
    if (book === STOCK) {
      this.stockSh[j] += q;
      this.unhedgedCash -= notional + commission;
      this.costs.stockCommission += commission;
      this.costs.stockSlippage += slippage;
    } else {
      if (book === SECTOR) this.etfSh[j] += q; else this.betaSh[j] += q;
      this.costs.hedgeCommission += commission;
      this.costs.hedgeSlippage += slippage;
    }
    const g = this.groupOf[j];
    this.log.push(d, j, q, fill, notional, commission, slippage, reason, sector ?? (g >= 0 ? this.groups[g] : null));
  }

  private recordDay(rec: RunRecord, d: number, prevEquity: number): void {
    let long = 0, short = 0, stock = 0, hedge = 0;
    for (let j = 0; j < this.n; j++) {
      const s = this.stockSh[j], h = this.etfSh[j] + this.betaSh[j];
      if (s === 0 && h === 0) continue;
      const p = this.px[j];
      const v = (s + h) * p;
      if (v > 0) long += v; else short += v;
      stock += s * p;
      hedge += h * p;
    }
    const equity = this.cash + long + short;
    rec.equity[d] = equity;
    rec.cash[d] = this.cash;
    rec.longValue[d] = long;
    rec.shortValue[d] = short;
    rec.stockValue[d] = stock;
    rec.hedgeValue[d] = hedge;
    rec.dailyReturn[d] = prevEquity !== 0 ? equity / prevEquity - 1 : 0;
    rec.unhedgedEquity[d] = this.unhedgedCash + stock;
  }

  /**
   * Equity overflowed (an absurd price, usually a unit or exponent slip in data that did not
   * come through the CSV loader's bound): stop rather than return NaN results next to
   * finite metrics. Names the held ticker with the largest price as the likely cause.
   */
  private failNonFinite(t: number, date: string): never {
    let worst = -1;
    for (let j = 0; j < this.n; j++) {
      const sh = this.stockSh[j] + this.etfSh[j] + this.betaSh[j];
      if (sh === 0) continue;
      if (worst < 0 || !Number.isFinite(this.px[j]) || this.px[j] > this.px[worst]) worst = j;
    }
    const cause = worst >= 0
      ? `; the largest price held that day is ${this.table.tickers[worst]} at ${this.px[worst]}${this.cols[worst][t] > 0 ? '' : ' (carried forward)'}`
      : `; cash is ${this.cash}`;
    throw new BacktestError('non-finite-equity', `Equity became non-finite on ${date}${cause}.`, {
      fix: `check the prices of ${worst >= 0 ? this.table.tickers[worst] : 'the held tickers'} around ${date} in ${this.table.file} (a unit or exponent slip?).`,
    });
  }

  private finalWarnings(): void {
    for (let j = 0; j < this.n; j++) {
      if (this.carried[j] === 0) continue;
      const ticker = this.table.tickers[j];
      const days = this.carried[j];
      this.warnings.add(`carried:${ticker}`, () => ({ code: 'carried-price', ticker, count: days, message: `${ticker} was held on ${days} day(s) without a price and valued at its last known price.` }));
    }
  }
}

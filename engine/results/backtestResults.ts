// The results of one run: the guide's accessors (getTrades, getPositionHistory,
// calculateMetrics, ...), the JSON form for the panel, and the --out files.
import path from 'node:path';
import type { Metrics, ResultsJson, RunWarning, Trade, TradeReason } from '../types';
import { analyseRun, analysisJson, type AnalyseOptions, analysisMetrics, hedgeEffectivenessJson, type AnalysisSummaryJson, type RunAnalysis } from '../analysis';
import { calculateMetrics } from './calculateMetrics';
import { writeParquetTables, writeAttributionParquet } from './parquetOut';
import { writeFolderAtomically, writeMetricsFile, writeResultFolder, type StagedFolder, type TradesStreamed } from './resultFiles';
import { recordSource, type MetricsParts } from './resultSource';
import type { OutFormat } from './resultTables';
import { GroupsByDay, type RunRecord } from './runRecord';
import { ENGINE_VERSION } from './version';
import { HEDGE_TRADE_REASONS, TRADE_REASONS } from './tradeLog';
import { logTotals } from './logTotals';

export interface PositionRow { ticker: string; sector: string | null; shares: number; price: number; value: number }
export interface PositionSnapshot { date: string; rows: PositionRow[] }
export interface EquityPoint {
  date: string; equity: number; cash: number; longValue: number; shortValue: number;
  stockValue: number; hedgeValue: number; dailyReturn: number; unhedgedEquity: number;
}
export interface ExposurePoint {
  date: string; sector: string; preHedge: number; postHedge: number; target: number;
  /** The day's exposure basis in currency (gross stock notional, or equity for exposure_basis "nav"). */
  basis: number;
  /** Whether the sector's hedge was re-set that day (rebalance day, or outside the tolerance band). */
  rehedged: boolean;
}
export interface BetaPoint { date: string; preHedgeBeta: number; postHedgeBeta: number }

export interface WriteOptions {
  /** Write positions.csv (default: the config's write_positions, itself default true). */
  write_positions?: boolean;
  writePositions?: boolean;
  positions?: boolean;
  /** Table files as CSV (default) or Parquet (parquetOut.ts); metrics.json either way. */
  format?: OutFormat;
  /** CSV: trades.csv's first rows formatted by another thread (resultFiles.ts TradesStreamed). */
  tradesStream?: TradesStreamed;
  /** CSV: the folder's temporary folder, made before the run (resultFiles.ts stageFolder; the stream writes into it). */
  folder?: StagedFolder;
}

/** Runs above this many position rows embed `positions: null` in toJSON(). */
const MAX_EMBEDDED_POSITION_ROWS = 250_000;

/** NaN and infinities become null, as JSON has no such numbers. */
function finiteOrNull(x: number): number | null { return Number.isFinite(x) ? x : null; }

export class BacktestResults {
  private metricsCache: Metrics | null = null;
  private analysisCache: RunAnalysis | null = null;

  /** When the run finished: the `generatedAt` of toJSON() and of metrics.json alike. */
  private readonly generatedAt = new Date().toISOString();

  constructor(readonly record: RunRecord) {}

  /** Every trade, in execution order. */
  getTrades(): Trade[] { return this.record.trades.slice(); }

  /** Sector-ETF and beta-instrument trades. */
  getHedgeTrades(): Trade[] { return this.record.trades.filter((t) => HEDGE_TRADE_REASONS.has(t.reason)); }

  getWarnings(): RunWarning[] { return this.record.warnings.slice(); }

  /** Dates of the run. */
  getDates(): string[] { return this.record.dates.slice(); }

  getEquityCurve(): EquityPoint[] {
    const r = this.record;
    return r.dates.map((date, d) => ({
      date, equity: r.equity[d], cash: r.cash[d], longValue: r.longValue[d], shortValue: r.shortValue[d],
      stockValue: r.stockValue[d], hedgeValue: r.hedgeValue[d], dailyReturn: r.dailyReturn[d], unhedgedEquity: r.unhedgedEquity[d],
    }));
  }

  /** Pre- and post-hedge exposure and target of every hedge group on every day (fractions of the basis). */
  getExposures(): ExposurePoint[] {
    const r = this.record, T = r.dates.length, out: ExposurePoint[] = [];
    for (let d = 0; d < T; d++) {
      for (let g = 0; g < r.groups.length; g++) {
        const k = g * T + d;
        out.push({ date: r.dates[d], sector: r.groups[g], preHedge: r.preExposure[k], postHedge: r.postExposure[k], target: r.targetExposure[k], basis: r.basis[d], rehedged: r.rehedged[k] === 1 });
      }
    }
    return out;
  }

  /** Portfolio beta to the instrument: stocks only (pre) and with every hedge (post); NaN without the instrument. */
  getBeta(): BetaPoint[] {
    const r = this.record;
    return r.dates.map((date, d) => ({ date, preHedgeBeta: r.preBeta[d], postHedgeBeta: r.postBeta[d] }));
  }

  /**
   * Holdings at each day's close, all books summed per ticker, valued at the last known
   * price (carried forward). Rebuilt from the trades, so it costs nothing during the run.
   */
  getPositionHistory(): PositionSnapshot[] {
    const out: PositionSnapshot[] = [];
    this.forEachPositionDay((date, rows) => { out.push({ date, rows }); });
    return out;
  }

  calculateMetrics(): Metrics {
    if (!this.metricsCache) this.metricsCache = calculateMetrics(this.record);
    return { ...this.metricsCache, totalCosts: { ...this.metricsCache.totalCosts } };
  }

  /**
   * What the hedge did (docs/analytics.md): daily P&L attribution, hedge effectiveness per
   * sector / book / beta hedge, and bootstrap confidence intervals. Computed once, on first
   * use (`opts` apply to that first call: see AnalyseOptions).
   */
  analyse(opts?: AnalyseOptions): RunAnalysis {
    if (!this.analysisCache) this.analysisCache = analyseRun(this.record, opts);
    return this.analysisCache;
  }

  /** Trades per reason. */
  tradeCounts(): Record<TradeReason, number> {
    const c = Object.fromEntries(TRADE_REASONS.map((k) => [k, 0])) as Record<TradeReason, number>;
    const log = this.record.tradeLog;
    if (log) {
      // Count the reason codes, then name them (no string per trade); the metrics' pass counts them.
      const { byCode } = logTotals(log);
      TRADE_REASONS.forEach((r, i) => { c[r] += byCode[i]; });
    } else for (const t of this.record.trades) c[t.reason]++;
    return c;
  }

  /**
   * What a terminal summary needs: toJSON()'s meta, metrics, trade counts and warnings,
   * without building its arrays (W2: 14 M trades as objects, +2.6 GB).
   */
  summaryJSON(): Pick<ResultsJson, 'meta' | 'metrics' | 'tradeCounts' | 'warnings'> & { days: number } {
    return { meta: this.metaJson(), metrics: this.metricsJson(), tradeCounts: this.tradeCounts(), warnings: this.record.warnings.map((w) => ({ ...w })), days: this.record.dates.length };
  }

  /**
   * What a terminal summary shows of the analysis: toJSON()'s `analysis` without its daily
   * series (hedge effectiveness, attribution totals, confidence intervals, unhedged metrics),
   * the same values, NaN/Infinity as null.
   */
  analysisSummaryJSON(): AnalysisSummaryJson {
    const a = this.analyse();
    const j = { hedgeEffectiveness: hedgeEffectivenessJson(a), attribution: a.attributionTotals, confidenceIntervals: a.confidenceIntervals, unhedged: a.unhedged };
    return JSON.parse(JSON.stringify(j, (_k, v) => (typeof v === 'number' ? finiteOrNull(v) : v))) as AnalysisSummaryJson;
  }

  /** toJSON()'s analysis (NaN/Infinity as null). */
  analysisJSON(): ResultsJson['analysis'] {
    return JSON.parse(JSON.stringify(analysisJson(this.analyse(), this.record), (_k, v) => (typeof v === 'number' ? finiteOrNull(v) : v)));
  }

  private metaJson(): ResultsJson['meta'] {
    const r = this.record, o = r.options, T = r.dates.length;
    return {
      name: o.name,
      configPath: o.configPath,
      engineVersion: ENGINE_VERSION,
      startDate: r.dates[0],
      endDate: r.dates[T - 1],
      dataRange: { first: r.table.dates[0], last: r.table.dates[r.table.dates.length - 1] },
      hedgeMethod: o.enable_sector_hedge ? o.sector_hedge_method : 'none',
      betaHedge: o.enable_beta_hedge,
      betaInstrument: o.beta_hedge_instrument,
      initialCash: o.initial_cash,
      exposureBasis: o.exposure_basis,
      pricesFile: r.table.file,
      useCase: o.use_case,
      sectorHedgeRatio: o.sector_hedge_ratio,
      generatedAt: this.generatedAt,
    };
  }

  private metricsJson(): Metrics {
    return JSON.parse(JSON.stringify(this.calculateMetrics(), (_k, v) => (typeof v === 'number' ? finiteOrNull(v) : v))) as Metrics;
  }

  /** The JSON form of the run (schemas/results.schema.json); NaN/Infinity become null. */
  toJSON(): ResultsJson {
    const r = this.record, o = r.options, T = r.dates.length;
    const arr = (a: Float64Array) => Array.from(a, (x) => finiteOrNull(x) as number);
    const metrics = this.metricsJson();
    let positions: ResultsJson['positions'] = null;
    if (o.write_positions && this.positionRowCount() <= MAX_EMBEDDED_POSITION_ROWS) positions = this.getPositionHistory();
    return {
      schemaVersion: 1,
      meta: this.metaJson(),
      metrics,
      dates: r.dates.slice(),
      series: {
        equity: arr(r.equity), cash: arr(r.cash), longValue: arr(r.longValue), shortValue: arr(r.shortValue),
        stockValue: arr(r.stockValue), hedgeValue: arr(r.hedgeValue), dailyReturn: arr(r.dailyReturn),
        unhedgedEquity: arr(r.unhedgedEquity),
        benchmark: Array.from(r.benchmark, finiteOrNull),
      },
      sectors: r.groups.map((name, g) => ({
        name, etf: r.groupEtf[g], tolerance: o.sector_hedge_tolerance,
        target: arr(r.targetExposure.subarray(g * T, (g + 1) * T)),
        preHedge: arr(r.preExposure.subarray(g * T, (g + 1) * T)),
        postHedge: arr(r.postExposure.subarray(g * T, (g + 1) * T)),
      })),
      beta: { preHedge: arr(r.preBeta), postHedge: arr(r.postBeta) },
      trades: r.tradeLog ? r.tradeLog.toArray() : r.trades.map((t) => ({ ...t })),
      positions,
      warnings: r.warnings.map((w) => ({ ...w })),
      tradeCounts: this.tradeCounts(),
      analysis: this.analysisJSON(),
    };
  }

  /**
   * Writes equity.csv, trades.csv, positions.csv (unless turned off), exposures.csv,
   * beta.csv, attribution.csv and metrics.json into `dir` through the one writer of result
   * files (resultFiles.ts), atomically: a crash never leaves half-written results.
   */
  writeOutFiles(dir: string, opts: WriteOptions = {}): string[] {
    const r = this.record, T = r.dates.length, a = this.analyse();
    const positions = opts.write_positions ?? opts.writePositions ?? opts.positions ?? r.options.write_positions;
    const metrics: MetricsParts = {
      meta: this.metaJson(), metrics: this.calculateMetrics(), analysis: analysisMetrics(a),
      tradeCounts: this.tradeCounts(), finalEquity: r.equity[T - 1], warnings: r.warnings,
    };
    if (opts.format !== 'parquet') return writeResultFolder(dir, recordSource(r, a, positions, metrics), opts.tradesStream, opts.folder);
    opts.tradesStream?.abort();
    return writeFolderAtomically(dir, (tmp) => {
      const files: string[] = [];
      writeParquetTables(r, tmp, files, positions);
      writeAttributionParquet(a, r.dates, path.join(tmp, 'attribution.parquet'));
      files.push('attribution.parquet', writeMetricsFile(tmp, metrics, r.dates));
      return files;
    }, opts.folder);
  }

  /** Trade count and quantities, from the columns while the Trade[] has not been built. */
  private tradeQuantities(): { count: number; quantity: (k: number) => number } {
    const r = this.record, log = r.tradeLog;
    if (log) return { count: log.length, quantity: (k) => log.quantity[k] };
    return { count: r.trades.length, quantity: (k) => r.trades[k].quantity };
  }

  /** Rows positions.csv would have (held tickers summed over days), without building them. */
  private positionRowCount(): number {
    const r = this.record, shares = new Float64Array(r.table.tickers.length);
    const { count, quantity } = this.tradeQuantities();
    let held = 0, rows = 0, k = 0;
    for (let d = 0; d < r.dates.length; d++) {
      for (; k < count && r.tradeDay[k] === d; k++) {
        const j = r.tradeTicker[k], before = shares[j];
        shares[j] += quantity(k);
        held += (shares[j] !== 0 ? 1 : 0) - (before !== 0 ? 1 : 0);
      }
      rows += held;
    }
    return rows;
  }

  /** Replays the trades day by day, handing each day's holdings to `fn`. */
  private forEachPositionDay(fn: (date: string, rows: PositionRow[]) => void): void {
    const r = this.record, table = r.table, N = table.tickers.length, T = r.dates.length;
    const shares = new Float64Array(N), px = new Float64Array(N).fill(NaN);
    const held = new Set<number>();
    const { count, quantity } = this.tradeQuantities();
    const groups = new GroupsByDay(r);
    let k = 0;
    for (let d = 0; d < T; d++) {
      const t = r.i0 + d;
      groups.advance(t);
      while (k < count && r.tradeDay[k] === d) {
        const j = r.tradeTicker[k];
        shares[j] += quantity(k);
        if (shares[j] === 0) held.delete(j); else held.add(j);
        k++;
      }
      const rows: PositionRow[] = [];
      for (const j of held) {
        let p = table.columns[j][t];
        if (!(p > 0)) {
          p = px[j];
          if (Number.isNaN(p)) for (let s = t; s >= 0; s--) if (table.columns[j][s] > 0) { p = table.columns[j][s]; break; }
        }
        px[j] = p;
        const g = groups.groupOf[j];
        rows.push({ ticker: table.tickers[j], sector: g >= 0 ? r.groups[g] : null, shares: shares[j], price: p, value: shares[j] * p });
      }
      rows.sort((a, b) => (a.ticker < b.ticker ? -1 : a.ticker > b.ticker ? 1 : 0));
      fn(r.dates[d], rows);
    }
  }
}

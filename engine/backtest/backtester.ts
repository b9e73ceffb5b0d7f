// The library's Backtester: options from a config, data from a DataManager, one run of the
// day loop (simulation.ts) per call, results as BacktestResults.
import path from 'node:path';
import { DataError } from '../data/errors';
import { BacktestResults } from '../results/backtestResults';
import type { DatedValues, PriceTable, ProgressFn, SectorMapping } from '../types';
import type { InputLoader } from './inputs';
import type { BorrowTable } from '../data/borrow';
import { BacktestError } from './errors';
import { parseUseCase, resolveOptions, type ResolvedOptions, type RunInputs } from './options';
import { Simulation } from './simulation';

/** What the backtester reads: a DataManager, or anything with the same loaders. */
export interface BacktestData extends InputLoader {
  loadPrices(): PriceTable;
  loadSectorMapping(): SectorMapping;
  /** A borrow file (config borrow_file, relative to the data folder); needed only when one is set. */
  loadBorrow?(file: string): BorrowTable;
}

export interface RunOptions {
  start_date?: string;
  end_date?: string;
  use_case?: 1 | 2 | 3 | 4 | 'weights' | 'signals' | 'orders' | 'positions';
  inputs?: RunInputs & { signals_by_date?: DatedValues | Record<string, Record<string, number>> };
  /** Called as the run progresses; returning false cancels it (run throws CancelledError). */
  onProgress?: ProgressFn;
  /**
   * ETF method: also size the other sector_hedge_ratio ("dollar" or "beta") on the same days,
   * without trading it, so the metrics report the residual sector variance of both ratios.
   */
  compareHedgeRatios?: boolean;
}

export class Backtester {
  readonly options: ResolvedOptions;

  /**
   * @param config a BacktestConfig, or a plain object with the same snake_case keys
   * @param data a DataManager (or any object with loadPrices / loadSectorMapping / input loaders)
   */
  constructor(
    private readonly config: object,
    private readonly data: BacktestData,
  ) {
    this.options = resolveOptions(config);
  }

  /** Runs the backtest; synchronous. Throws CancelledError when onProgress returns false. */
  run(opts: RunOptions = {}): BacktestResults {
    const o: ResolvedOptions = { ...this.options };
    if (opts.start_date !== undefined) o.start_date = opts.start_date;
    if (opts.end_date !== undefined) o.end_date = opts.end_date;
    if (opts.compareHedgeRatios) o.compare_hedge_ratios = true;
    if (opts.use_case !== undefined) o.use_case = parseUseCase(opts.use_case);
    if (opts.inputs) {
      const { signals_by_date, ...rest } = opts.inputs;
      o.inputs = { ...o.inputs, ...rest };
      if (signals_by_date !== undefined) o.inputs.signals = signals_by_date;
    }
    const table = this.data.loadPrices();
    const mapping = this.data.loadSectorMapping();
    let borrow: BorrowTable | null = null;
    if (o.borrow_file) {
      if (!this.data.loadBorrow)
        throw new BacktestError('no-loader', `cannot read borrow_file ${o.borrow_file}: the data source has no borrow loader.`, {
          path: 'borrow_file',
          fix: 'run with a DataManager, or give the data source a loadBorrow(file) method.',
        });
      borrow = this.data.loadBorrow(o.borrow_file);
    }
    const sim = new Simulation(o, table, mapping, this.data, (p) => this.resolvePath(p), opts.onProgress, borrow);
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
      code: err.code,
      file: err.file,
      line: err.line,
      column: err.column,
      detail: err.detail,
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

// Parsed data files shared by the validator and any number of runs, so each file is read
// and parsed once: `backtest run` validates the config and then runs it on the same
// tables (the validation used to parse both CSVs a second time), `compare` runs three
// variants on them, and a sweep runs many configs over them.
//
//   const tables = new LoadedTables();
//   const diags = await validateConfigText(text, file, tables.dataAccess());
//   for (const c of configs) new Backtester(c, c.createDataManager(tables)).run();
//
// A failed load is remembered too: every reader gets the same DataError.
import type { DataAccess, DatedValues, LoadState, Order, PriceTable, SectorMapping } from '../types';
import { ColumnarDatedValues } from './columnarValues';
import { toDataErrorInfo } from './errors';
import type { FastPrices } from './fastPrices';
import { loadDatedValuesFile, loadOrdersFile, loadPricesFile, loadSectorMappingFile, loadWideValuesFile } from './load';
import { parseBorrowCsv, type BorrowTable } from './borrow';
import { readTextFile } from './files';

type Entry = { ok: true; value: unknown } | { ok: false; error: unknown };

export interface LoadedTablesOptions {
  /**
   * Forget a signals/weights file once a run has taken its columns (the default keeps it
   * for the next run). A single run sets this, so the columns are garbage once scheduled
   * instead of living through the whole simulation (W2: 121 MB).
   */
  releaseInputsAfterRun?: boolean;
}

export class LoadedTables {
  private readonly entries = new Map<string, Entry>();
  /** Wide files parsed elsewhere (jobs/prefetch.ts: on another thread), by entry key. */
  private readonly preloaded = new Map<string, () => FastPrices | null>();

  constructor(private readonly opts: LoadedTablesOptions = {}) {}

  /** `column`: a long file's value column (config value_columns), part of the key. */
  private get<T>(kind: string, file: string, load: () => T, column = ''): T {
    const key = column ? `${kind}\u0000${file}\u0000${column}` : `${kind}\u0000${file}`;
    let e = this.entries.get(key);
    if (!e) {
      try {
        e = { ok: true, value: load() };
      } catch (error) {
        e = { ok: false, error };
      }
      this.entries.set(key, e);
    }
    if (!e.ok) throw e.error;
    return e.value as T;
  }

  prices(file: string, column?: string): PriceTable {
    return this.get('prices', file, () => loadPricesFile(file, column), column);
  }

  mapping(file: string): SectorMapping {
    return this.get('mapping', file, () => loadSectorMappingFile(file));
  }

  /**
   * A signals/weights file being parsed elsewhere: the first `wide` read of it takes its
   * columns from `take` (which may block until they are there); when `take` gives null it
   * is loaded here as usual, so every error is this class's own.
   */
  preloadWide(file: string, column: string | undefined, take: () => FastPrices | null): void {
    this.preloaded.set(column ? `${file}\u0000${column}` : file, take);
  }

  /** Signals/weights as columns (any Parquet file, a plain wide CSV), or null (then `dated` reads it, and reports any error). */
  wide(file: string, column?: string): FastPrices | null {
    // A bad file is remembered as null here: `dated` then reports its error.
    return this.get(
      'wide',
      file,
      () => {
        const key = column ? `${file}\u0000${column}` : file;
        const take = this.preloaded.get(key);
        if (take) {
          this.preloaded.delete(key);
          const v = take();
          if (v) return v;
        }
        try {
          return loadWideValuesFile(file, column);
        } catch {
          return null;
        }
      },
      column,
    );
  }

  /** The wide columns for a run; forgotten afterwards when releaseInputsAfterRun is set. */
  takeWide(file: string, column?: string): FastPrices | null {
    const v = this.wide(file, column);
    if (this.opts.releaseInputsAfterRun) {
      const tail = column ? `\u0000${column}` : '';
      this.entries.delete(`wide\u0000${file}${tail}`);
      this.entries.delete(`dated\u0000${file}${tail}`);
    }
    return v;
  }

  dated(file: string, column?: string): DatedValues {
    return this.get(
      'dated',
      file,
      () => {
        const wide = this.wide(file, column);
        return wide ? new ColumnarDatedValues(wide) : loadDatedValuesFile(file, column);
      },
      column,
    );
  }

  orders(file: string): Order[] {
    return this.get('orders', file, () => loadOrdersFile(file));
  }

  borrow(file: string): BorrowTable {
    return this.get('borrow', file, () => parseBorrowCsv(readTextFile(file), file));
  }

  /** The validator's view of the same files (a failed load becomes an 'error' state, as createSyncDataAccess gives). */
  dataAccess(): DataAccess {
    const state = <T>(file: string, f: (file: string) => T): LoadState<T> => {
      try {
        return { state: 'ready', value: f(file) };
      } catch (err) {
        return { state: 'error', error: toDataErrorInfo(err, file) };
      }
    };
    return {
      prices: (p, col) => state(p, (f) => this.prices(f, col)),
      mapping: (p) => state(p, (f) => this.mapping(f)),
      datedValues: (p, col) => state(p, (f) => this.dated(f, col)),
      orders: (p) => state(p, (f) => this.orders(f)),
      borrow: (p) => state(p, (f) => this.borrow(f)),
    };
  }
}

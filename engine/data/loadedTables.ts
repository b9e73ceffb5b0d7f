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
import { isIsoDate } from './csv';
import { detectDatedValuesFormat, parseDatedValues } from './datedValues';
import { toDataErrorInfo } from './errors';
import { parseWideFast, type FastPrices } from './fastPrices';
import { readTextFile } from './files';
import { parseOrdersCsv } from './orders';
import { parsePricesCsv } from './prices';
import { parseSectorMappingCsv } from './sectorMapping';

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

  constructor(private readonly opts: LoadedTablesOptions = {}) {}

  private get<T>(kind: string, file: string, load: () => T): T {
    const key = `${kind}\u0000${file}`;
    let e = this.entries.get(key);
    if (!e) {
      try { e = { ok: true, value: load() }; } catch (error) { e = { ok: false, error }; }
      this.entries.set(key, e);
    }
    if (!e.ok) throw e.error;
    return e.value as T;
  }

  prices(file: string): PriceTable { return this.get('prices', file, () => parsePricesCsv(readTextFile(file), file)); }

  mapping(file: string): SectorMapping { return this.get('mapping', file, () => parseSectorMappingCsv(readTextFile(file), file)); }

  /** A plain wide signals/weights file as columns, or null (then `dated` reads it, and reports any error). */
  wide(file: string): FastPrices | null {
    return this.get('wide', file, () => {
      const text = readTextFile(file);
      if (detectDatedValuesFormat(text) !== 'wide') return null;
      return parseWideFast(text, isIsoDate, { positive: false, ascending: false });
    });
  }

  /** The wide columns for a run; forgotten afterwards when releaseInputsAfterRun is set. */
  takeWide(file: string): FastPrices | null {
    const v = this.wide(file);
    if (this.opts.releaseInputsAfterRun) { this.entries.delete(`wide\u0000${file}`); this.entries.delete(`dated\u0000${file}`); }
    return v;
  }

  dated(file: string): DatedValues {
    return this.get('dated', file, () => {
      const wide = this.wide(file);
      return wide ? new ColumnarDatedValues(wide) : parseDatedValues(readTextFile(file), file);
    });
  }

  orders(file: string): Order[] { return this.get('orders', file, () => parseOrdersCsv(readTextFile(file), file)); }

  /** The validator's view of the same files (a failed load becomes an 'error' state, as createSyncDataAccess gives). */
  dataAccess(): DataAccess {
    const state = <T>(file: string, f: (file: string) => T): LoadState<T> => {
      try { return { state: 'ready', value: f(file) }; } catch (err) { return { state: 'error', error: toDataErrorInfo(err, file) }; }
    };
    return {
      prices: (p) => state(p, (f) => this.prices(f)),
      mapping: (p) => state(p, (f) => this.mapping(f)),
      datedValues: (p) => state(p, (f) => this.dated(f)),
      orders: (p) => state(p, (f) => this.orders(f)),
    };
  }
}

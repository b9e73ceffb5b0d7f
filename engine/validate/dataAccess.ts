// Data access for validation. The sync version reads and parses files now (CLI); results
// are kept per instance so one validation never parses a file twice.
import type { DataAccess, LoadState, PriceTable, SectorMapping, DatedValues, Order } from '../types';
import { readTextFile } from '../data/files';
import { loadDatedValuesFile, loadOrdersFile, loadPricesFile, loadSectorMappingFile } from '../data/load';
import { toDataErrorInfo } from '../data/errors';
import { parseBorrowCsv, type BorrowTable } from '../data/borrow';

export type { DataAccess, LoadState };

/** Loads a file with a parser, turning any failure into an 'error' LoadState. */
export function loadState<T>(absPath: string, parse: (text: string, file: string) => T): LoadState<T> {
  try {
    return { state: 'ready', value: parse(readTextFile(absPath), absPath) };
  } catch (err) {
    return { state: 'error', error: toDataErrorInfo(err, absPath) };
  }
}

/** Loads a file of any supported format (CSV, JSON, Parquet) with a loader from data/load. */
function loadFileState<T>(absPath: string, load: (file: string) => T): LoadState<T> {
  try {
    return { state: 'ready', value: load(absPath) };
  } catch (err) {
    return { state: 'error', error: toDataErrorInfo(err, absPath) };
  }
}

export function createSyncDataAccess(): DataAccess {
  const cache = new Map<string, LoadState<unknown>>();
  const get = <T>(kind: string, p: string, load: (file: string) => T, column = ''): LoadState<T> => {
    const key = `${kind}\u0000${p}\u0000${column}`;
    let s = cache.get(key) as LoadState<T> | undefined;
    if (!s) cache.set(key, (s = loadFileState(p, load)));
    return s;
  };
  return {
    prices: (p, col) => get<PriceTable>('prices', p, (f) => loadPricesFile(f, col), col),
    mapping: (p) => get<SectorMapping>('mapping', p, loadSectorMappingFile),
    datedValues: (p, col) => get<DatedValues>('dated', p, (f) => loadDatedValuesFile(f, col), col),
    orders: (p) => get<Order[]>('orders', p, loadOrdersFile),
    borrow: (p) => get<BorrowTable>('borrow', p, (f) => parseBorrowCsv(readTextFile(f), f)),
  };
}

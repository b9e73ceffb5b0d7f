// Data access for validation. The sync version reads and parses files now (CLI); results
// are kept per instance so one validation never parses a file twice.
import type { DataAccess, LoadState, PriceTable, SectorMapping, DatedValues, Order } from '../types';
import { readTextFile } from '../data/files';
import { parsePricesCsv } from '../data/prices';
import { parseSectorMappingCsv } from '../data/sectorMapping';
import { parseDatedValues } from '../data/datedValues';
import { parseOrdersCsv } from '../data/orders';
import { toDataErrorInfo } from '../data/errors';

export type { DataAccess, LoadState };

/** Loads a file with a parser, turning any failure into an 'error' LoadState. */
export function loadState<T>(absPath: string, parse: (text: string, file: string) => T): LoadState<T> {
  try {
    return { state: 'ready', value: parse(readTextFile(absPath), absPath) };
  } catch (err) {
    return { state: 'error', error: toDataErrorInfo(err, absPath) };
  }
}

export function createSyncDataAccess(): DataAccess {
  const cache = new Map<string, LoadState<unknown>>();
  const get = <T>(kind: string, p: string, parse: (text: string, file: string) => T): LoadState<T> => {
    const key = `${kind}\u0000${p}`;
    let s = cache.get(key) as LoadState<T> | undefined;
    if (!s) cache.set(key, (s = loadState(p, parse)));
    return s;
  };
  return {
    prices: (p) => get<PriceTable>('prices', p, parsePricesCsv),
    mapping: (p) => get<SectorMapping>('mapping', p, parseSectorMappingCsv),
    datedValues: (p) => get<DatedValues>('dated', p, parseDatedValues),
    orders: (p) => get<Order[]>('orders', p, parseOrdersCsv),
  };
}

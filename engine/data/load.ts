// One entry per kind of data file, choosing the reader by the file's extension (.parquet)
// and, for text, by its header (long date,ticker,... or wide date,AAPL,...). Every caller
// (DataManager, validation, the language server's loader) goes through these, so a
// Parquet file and its CSV twin give the same tables.
import type { DatedValues, Order, PriceTable, SectorMapping } from '../types';
import { readBinaryFile, readTextFile, withBoundedFile } from './files';
import { parsePricesCsv } from './prices';
import { isLongHeader, parseLongPricesCsv } from './pricesLong';
import { parseSectorMappingCsv } from './sectorMapping';
import { detectDatedValuesFormat, parseDatedValues } from './datedValues';
import { parseOrdersCsv } from './orders';
import { parseWideFast, type FastPrices } from './fastPrices';
import { isIsoDate } from './csv';
import { parsePricesParquet } from './parquet/prices';
import { datedValuesFromColumns, parseOrdersParquet, parseSectorMappingParquet, readValuesParquet } from './parquet/inputs';

/** Names of long files' value columns, from the config's `value_columns`. */
export interface ValueColumns {
  prices?: string;
  signals?: string;
  weights?: string;
}

export function isParquetPath(file: string): boolean {
  return /\.(parquet|parq|pq)$/i.test(file);
}

/** Price text (wide or long CSV) -> PriceTable. */
export function parsePricesText(text: string, file: string, valueColumn?: string): PriceTable {
  return isLongHeader(text) ? parseLongPricesCsv(text, file, valueColumn) : parsePricesCsv(text, file);
}

export function loadPricesFile(file: string, valueColumn?: string): PriceTable {
  return isParquetPath(file)
    ? // Read a window at a time into the decoder's memory, never whole (W2's is ~90 MB).
      withBoundedFile(file, (fd, size) => parsePricesParquet({ fd, size }, file, valueColumn))
    : parsePricesText(readTextFile(file), file, valueColumn);
}

export function loadSectorMappingFile(file: string): SectorMapping {
  return isParquetPath(file) ? parseSectorMappingParquet(readBinaryFile(file), file) : parseSectorMappingCsv(readTextFile(file), file);
}

/** Signals or weights. `configKey` names the setting that picks a long file's value column. */
export function loadDatedValuesFile(file: string, valueColumn?: string, configKey = 'value_columns.signals'): DatedValues {
  if (isParquetPath(file)) return datedValuesFromColumns(readValuesParquet(readBinaryFile(file), file, valueColumn, configKey));
  return parseDatedValues(readTextFile(file), file, valueColumn);
}

/**
 * Signals/weights as columns when that is cheap: any Parquet file, or a plain wide CSV
 * (fastPrices.ts). Null otherwise (then loadDatedValuesFile reads it and reports errors).
 */
export function loadWideValuesFile(file: string, valueColumn?: string, configKey = 'value_columns.signals'): FastPrices | null {
  if (isParquetPath(file)) return readValuesParquet(readBinaryFile(file), file, valueColumn, configKey);
  const text = readTextFile(file);
  if (detectDatedValuesFormat(text) !== 'wide') return null;
  return parseWideFast(text, isIsoDate, { positive: false, ascending: false });
}

export function loadOrdersFile(file: string): Order[] {
  return isParquetPath(file) ? parseOrdersParquet(readBinaryFile(file), file) : parseOrdersCsv(readTextFile(file), file);
}

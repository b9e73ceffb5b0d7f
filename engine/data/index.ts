export { DataError, toDataErrorInfo, formatLocated } from './errors';
export { parsePricesCsv, priceQuality } from './prices';
export { parseSectorMappingCsv, groupMembers, mappingRowOn, VALIDITY_COLUMNS } from './sectorMapping';
export { parseBorrowCsv, borrowRowAt } from './borrow';
export type { BorrowTable, BorrowSeries } from './borrow';
export { columnHoldingGroups } from './groupColumns';
export { parseDatedValues, datedValuesFromJson, detectDatedValuesFormat } from './datedValues';
export type { DatedValuesFormat } from './datedValues';
export { parseOrdersCsv, ordersFromJson } from './orders';
export { readTextFile, readBoundedFile, describeFsError, formatBytes, MAX_DATA_FILE_BYTES, MAX_CONFIG_FILE_BYTES } from './files';
export type { BoundedReadOptions } from './files';
export { isIsoDate, stripBom } from './csv';
export { DataManager, unpricedTickers } from './manager';
export type { DataManagerOptions, InputSource } from './manager';
export { LoadedTables } from './loadedTables';
export type { LoadedTablesOptions } from './loadedTables';
export {
  isParquetPath,
  loadPricesFile,
  loadSectorMappingFile,
  loadDatedValuesFile,
  loadWideValuesFile,
  loadOrdersFile,
  parsePricesText,
} from './load';
export type { ValueColumns } from './load';

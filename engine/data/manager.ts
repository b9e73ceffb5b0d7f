// DataManager: the guide's `DataManager('../sample_data')`, loading prices, the sector
// mapping and strategy inputs. Each file is parsed once per manager.
import path from 'node:path';
import { defaultOf } from '../config/schema';
import type { PriceTable, SectorMapping, DatedValues, Order } from '../types';
import { datedValuesFromJson } from './datedValues';
import type { FastPrices } from './fastPrices';
import { ordersFromJson } from './orders';
import { sample } from './prices';
import { loadDatedValuesFile, loadOrdersFile, loadPricesFile, loadSectorMappingFile, loadWideValuesFile, type ValueColumns } from './load';
import { parseBorrowCsv, type BorrowTable } from './borrow';
import { readTextFile } from './files';
import type { LoadedTables } from './loadedTables';

export type InputSource = string | DatedValues | Record<string, unknown> | unknown[];

export interface DataManagerOptions {
  /** Price file, relative to dataDir unless absolute. Default "prices.csv". */
  pricesFile?: string;
  /** Sector mapping file, relative to dataDir unless absolute. Default "sector_mapping.csv". */
  sectorMappingFile?: string;
  /** Value columns of long files with several (config value_columns). */
  valueColumns?: ValueColumns;
  /** Parsed files shared with the validator and other runs (each file parsed once); default: this manager's own. */
  tables?: LoadedTables;
}

/** Mapping/price pairs already cross-checked: a mapping shared by many managers gets its warning once. */
const crossChecked = new WeakMap<SectorMapping, WeakSet<PriceTable>>();

export class DataManager {
  readonly dataDir: string;
  readonly pricesPath: string;
  readonly sectorMappingPath: string;
  readonly valueColumns: ValueColumns;
  private prices: PriceTable | null = null;
  private mapping: SectorMapping | null = null;
  private readonly borrow = new Map<string, BorrowTable>();
  private readonly tables: LoadedTables | null;

  constructor(dataDir: string, opts: DataManagerOptions = {}) {
    this.dataDir = path.resolve(dataDir);
    this.tables = opts.tables ?? null;
    this.pricesPath = this.resolve(opts.pricesFile ?? defaultOf('prices_file'));
    this.sectorMappingPath = this.resolve(opts.sectorMappingFile ?? defaultOf('sector_mapping_file'));
    this.valueColumns = opts.valueColumns ?? {};
  }

  /** A manager over tables already in memory (tests, the language server, the worker). */
  static fromTables(prices: PriceTable, mapping: SectorMapping): DataManager {
    const dm = new DataManager(path.dirname(prices.file || '.'));
    dm.prices = prices;
    dm.mapping = mapping;
    return dm;
  }

  /** A path relative to the data folder (absolute paths pass through). */
  resolve(p: string): string {
    return path.resolve(this.dataDir, p);
  }

  loadPrices(): PriceTable {
    if (!this.prices) {
      this.prices = this.tables
        ? this.tables.prices(this.pricesPath, this.valueColumns.prices)
        : loadPricesFile(this.pricesPath, this.valueColumns.prices);
      this.crossCheck();
    }
    return this.prices;
  }

  /** The mapping; once prices are loaded too, mapped tickers without a price column are reported in quality.warnings. */
  loadSectorMapping(): SectorMapping {
    if (!this.mapping) {
      this.mapping = this.tables ? this.tables.mapping(this.sectorMappingPath) : loadSectorMappingFile(this.sectorMappingPath);
      this.crossCheck();
    }
    return this.mapping;
  }

  /** The spec's "a mapped ticker with no price column is a warning", whichever file loads second. */
  private crossCheck(): void {
    if (!this.prices || !this.mapping) return;
    let seen = crossChecked.get(this.mapping);
    if (!seen) crossChecked.set(this.mapping, (seen = new WeakSet()));
    if (seen.has(this.prices)) return;
    seen.add(this.prices);
    const missing = unpricedTickers(this.mapping, this.prices);
    if (missing.length) this.mapping.quality.warnings.push(`${missing.length} mapped ticker(s) have no price column: ${sample(missing)}.`);
  }

  /** A borrow file (config borrow_file), relative to the data folder unless absolute. */
  loadBorrow(file: string): BorrowTable {
    const abs = this.resolve(file);
    const hit = this.borrow.get(abs);
    if (hit) return hit;
    const table = parseBorrowCsv(readTextFile(abs), abs);
    this.borrow.set(abs, table);
    return table;
  }

  loadSignals(fileOrInline: InputSource): DatedValues {
    return this.loadDated(fileOrInline, 'inline signals', 'signals');
  }

  loadWeights(fileOrInline: InputSource): DatedValues {
    return this.loadDated(fileOrInline, 'inline weights', 'weights');
  }

  /**
   * A wide signals/weights file as columns when it is plain (see fastPrices.ts), else null
   * (the caller then uses loadSignals/loadWeights, which also report any error). Lets the
   * backtester skip the Map per date that DatedValues needs.
   */
  loadWideValues(file: string): FastPrices | null {
    // A run reads one of signals or weights (its use case), so whichever is named applies.
    const { signals, weights } = this.valueColumns;
    if (this.tables) return this.tables.takeWide(this.resolve(file), signals ?? weights);
    return loadWideValuesFile(
      this.resolve(file),
      signals ?? weights,
      signals || !weights ? 'value_columns.signals' : 'value_columns.weights',
    );
  }

  loadOrders(fileOrInline: string | unknown[]): Order[] {
    if (typeof fileOrInline === 'string') {
      const file = this.resolve(fileOrInline);
      if (this.tables) return this.tables.orders(file);
      return loadOrdersFile(file);
    }
    return ordersFromJson(fileOrInline, 'inline orders');
  }

  private loadDated(src: InputSource, label: string, kind: 'signals' | 'weights'): DatedValues {
    if (src instanceof Map) return src;
    if (typeof src === 'string') {
      const file = this.resolve(src);
      if (this.tables) return this.tables.dated(file, this.valueColumns[kind]);
      return loadDatedValuesFile(file, this.valueColumns[kind], `value_columns.${kind}`);
    }
    return datedValuesFromJson(src, label);
  }
}

export function unpricedTickers(mapping: SectorMapping, prices: PriceTable | null): string[] {
  if (!prices) return [];
  return [...new Set(mapping.rows.filter((r) => !prices.index.has(r.ticker)).map((r) => r.ticker))];
}

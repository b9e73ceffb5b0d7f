// Where a config's files are: data_dir and inputs relative to the config file's folder,
// prices_file / sector_mapping_file relative to data_dir.
import path from 'node:path';
import { defaultOf } from './schema';

export interface ResolvedConfigPaths {
  configDir: string;
  dataDir: string;
  prices: string;
  sectorMapping: string;
  /** borrow_file relative to data_dir, when set. */
  borrow?: string;
  /** Absolute paths of file inputs (inline inputs are absent). */
  inputs: { weights?: string; signals?: string; orders?: string; positions?: string };
  /** value_columns: which column of a long file (date,ticker,...) holds the values. */
  valueColumns: { prices?: string; signals?: string; weights?: string };
}

const str = (v: unknown, fallback: string): string => (typeof v === 'string' && v.trim() ? v : fallback);

/** Resolves paths of a (possibly invalid, partial) config object; never throws. */
export function resolveConfigPaths(config: unknown, configPath: string | null): ResolvedConfigPaths {
  const c = (config && typeof config === 'object' && !Array.isArray(config) ? config : {}) as Record<string, unknown>;
  const configDir = configPath ? path.dirname(path.resolve(configPath)) : process.cwd();
  const dataDir = path.resolve(configDir, str(c.data_dir, defaultOf('data_dir')));
  const inputs: ResolvedConfigPaths['inputs'] = {};
  const rawInputs = c.inputs && typeof c.inputs === 'object' ? (c.inputs as Record<string, unknown>) : {};
  for (const k of ['weights', 'signals', 'orders', 'positions'] as const) {
    const v = rawInputs[k];
    if (typeof v === 'string' && v.trim()) inputs[k] = path.resolve(configDir, v);
  }
  const valueColumns: ResolvedConfigPaths['valueColumns'] = {};
  const rawValues = c.value_columns && typeof c.value_columns === 'object' ? (c.value_columns as Record<string, unknown>) : {};
  for (const k of ['prices', 'signals', 'weights'] as const) {
    const v = rawValues[k];
    if (typeof v === 'string' && v.trim()) valueColumns[k] = v.trim();
  }
  return {
    configDir,
    dataDir,
    prices: path.resolve(dataDir, str(c.prices_file, defaultOf('prices_file'))),
    sectorMapping: path.resolve(dataDir, str(c.sector_mapping_file, defaultOf('sector_mapping_file'))),
    ...(typeof c.borrow_file === 'string' && c.borrow_file.trim() ? { borrow: path.resolve(dataDir, c.borrow_file) } : {}),
    inputs,
    valueColumns,
  };
}

// The one place the CLI touches the engine's classes: loading a config (optionally with
// overrides for `compare`), its data, and running it.
import path from 'node:path';
import { BacktestConfig, checkConfigReadable } from '../engine/config';
import type { DataError } from '../engine/data/errors';
import { Backtester } from '../engine/backtest';
import type { ProgressFn } from '../engine/types';
import type { LoadedTables } from '../engine/data/loadedTables';
import { CliError } from './failure';

export type HedgeVariant = 'none' | 'proportional' | 'etf';

/** Fails early with a clear message when the config file is not there. */
export function checkConfigFile(configPath: string): string {
  const abs = path.resolve(configPath);
  // A FIFO, a device, a symlink loop or a huge file: refuse before anything reads it.
  try {
    checkConfigReadable(abs);
  } catch (e) {
    const d = e as DataError;
    if (d.detail === 'File not found.') {
      throw new CliError(
        `config file not found: ${configPath}`,
        `check the path (it is resolved from ${process.cwd()}); sample configs are in sample_data/configs/`,
      );
    }
    if (/folder, not a file/.test(d.detail ?? ''))
      throw new CliError(`${configPath} is a folder, not a config file`, 'pass a .backtest.jsonc file');
    throw new CliError(`${configPath}: ${d.detail ?? String(e)}`, d.fix ?? 'pass a .backtest.jsonc file');
  }
  return abs;
}

/**
 * Loads a config; a compare variant switches the sector hedge method (or turns every
 * hedge off) on an otherwise identical config, so all variants share the same inputs.
 */
export function loadConfig(configPath: string, variant?: HedgeVariant): BacktestConfig {
  const config = BacktestConfig.fromFile(configPath);
  if (!variant) return config;
  return variant === 'none'
    ? config.with({ enable_sector_hedge: false, enable_beta_hedge: false })
    : config.with({ enable_sector_hedge: true, sector_hedge_method: variant });
}

/** Runs a config; `tables` shares parsed data files with the validation and other runs (parse once, run many). */
export function runBacktest(config: BacktestConfig, onProgress?: ProgressFn, tables?: LoadedTables) {
  // The ETF method also sizes the other hedge ratio, so the summary shows both residual variances.
  return new Backtester(config, config.createDataManager(tables)).run({ onProgress, compareHedgeRatios: true });
}

export type Results = ReturnType<typeof runBacktest>;

export function isCancelledError(err: unknown): boolean {
  return err instanceof Error && (err.name === 'CancelledError' || err.constructor?.name === 'CancelledError');
}

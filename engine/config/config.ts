// BacktestConfig: the guide's config object. Built from code (`new BacktestConfig({...})`)
// or from a .backtest.jsonc file; validated by the one validator (engine/validate, as
// `backtest validate` and the editor), defaults filled from the schema, errors collected
// into one ConfigError naming every JSON path.
import { readBoundedFile, MAX_CONFIG_FILE_BYTES } from '../data/files';
import type { DataError } from '../data/errors';
import path from 'node:path';
import * as jsonc from 'jsonc-parser';
import { backtestSchema, withDefaults } from './schema';
import { ConfigError, type ConfigIssue } from './errors';
import { resolveConfigPaths } from './paths';
import { configTextDiagnostics } from '../validate/validate';
import type { ConfigDiagnostic } from '../types';
import {
  USE_CASE_NAMES,
  type BacktestConfigInput,
  type BacktestConfigOptions,
  type BacktestInputs,
  type CostSettings,
  type ExposureBasis,
  type RebalanceFrequency,
  type SectorHedgeMethod,
  type SectorHedgeRatio,
  type HedgeBandMode,
  type OnBankruptcy,
  type OnTargetOutOfRange,
  type UseCase,
  type UseCaseName,
} from './options';
import { DataManager } from '../data/manager';
import type { LoadedTables } from '../data/loadedTables';

/**
 * A validator diagnostic as a ConfigIssue: the same code, words and (for a file) the same
 * 1-based line and column as `backtest validate` and the editor show.
 */
function issueOf(d: ConfigDiagnostic, file: string | null): ConfigIssue {
  const fix = / Fix: (.+)$/.exec(d.message)?.[1];
  return {
    path: d.path ?? '',
    code: d.code,
    message: d.message,
    asShown: true,
    ...(fix ? { fix } : {}),
    ...(file ? { file, line: d.range.start.line + 1, column: d.range.start.character + 1 } : {}),
  };
}

/**
 * The errors of a config text, from the one validator of `backtest validate` and the
 * language server (engine/validate: syntax, schema, dates, target expressions; no data).
 * `file` null: a config built in code, whose text is generated and has no lines to show.
 */
export function configIssues(text: string, file: string | null): ConfigIssue[] {
  return configTextDiagnostics(text, file ?? path.resolve('config.backtest.jsonc'))
    .filter((d) => d.severity === 'error')
    .map((d) => issueOf(d, file));
}

/** A number JSON cannot carry (NaN, Infinity) in a config built in code, as issues. */
function nonFiniteIssues(v: unknown, segs: string[] = []): ConfigIssue[] {
  if (typeof v === 'number' && !Number.isFinite(v))
    return [
      {
        path: segs.join('.'),
        code: 'invalid-value',
        message: `${segs.join('.') || 'The config'}: ${v} is not a finite number.`,
        asShown: true,
      },
    ];
  if (!v || typeof v !== 'object') return [];
  return Object.entries(v).flatMap(([k, x]) => nonFiniteIssues(x, [...segs, k]));
}

function jsType(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

/** Normalises use_case names to numbers (before validation: the schema accepts both). */
function normaliseUseCase(v: unknown): unknown {
  return typeof v === 'string' && v in USE_CASE_NAMES ? USE_CASE_NAMES[v as UseCaseName] : v;
}

/** Objects fromText has just validated as text (validated once, not twice). */
const VALIDATED = new WeakSet<object>();

export class BacktestConfig implements BacktestConfigOptions {
  name!: string;
  initial_cash!: number;
  start_date?: string;
  end_date?: string;
  use_case!: UseCase;
  inputs!: BacktestInputs;
  data_dir!: string;
  prices_file!: string;
  sector_mapping_file!: string;
  value_columns!: { prices?: string; signals?: string; weights?: string };
  enable_sector_hedge!: boolean;
  sector_hedge_method!: SectorHedgeMethod;
  sector_hedge_ratio!: SectorHedgeRatio;
  sector_hedge_lookback_days!: number;
  sector_target_exposures!: Record<string, number | string>;
  sector_etf_mapping!: Record<string, string>;
  hedge_group_column!: string;
  sector_hedge_tolerance!: number;
  hedge_band_mode!: HedgeBandMode;
  enable_beta_hedge!: boolean;
  beta_hedge_instrument!: string;
  target_beta!: number;
  beta_lookback_days!: number;
  beta_hedge_tolerance!: number;
  exposure_basis!: ExposureBasis;
  execution_delay_days!: number;
  gross_leverage!: number;
  demean_signals!: boolean;
  rebalance_frequency!: RebalanceFrequency;
  stock_rebalance_frequency?: RebalanceFrequency | null;
  hedge_rebalance_frequency?: RebalanceFrequency | null;
  stock_costs!: CostSettings;
  etf_costs!: CostSettings;
  borrow_rate_annual!: number;
  etf_borrow_rate_annual?: number | null;
  borrow_file?: string | null;
  cash_rate_annual!: number;
  risk_free_rate!: number;
  bootstrap_samples!: number;
  bootstrap_block_days!: number;
  bootstrap_seed!: number;
  write_positions!: boolean;
  on_bankruptcy!: OnBankruptcy;
  on_target_out_of_range!: OnTargetOutOfRange;
  /** Absolute path of the config file, or null for a config built in code. */
  readonly configPath: string | null;

  /**
   * Validates `partial` against the schema and fills every default. Throws ConfigError
   * listing every problem. Relative paths resolve against `opts.configPath`'s folder
   * (or the working directory for a config built in code).
   */
  constructor(partial: BacktestConfigInput = {}, opts: { configPath?: string | null } = {}) {
    this.configPath = opts.configPath ? path.resolve(opts.configPath) : null;
    if (!partial || typeof partial !== 'object' || Array.isArray(partial)) {
      throw new ConfigError([
        { path: '', segments: [], code: 'invalid-type', message: `A config must be an object, got ${jsType(partial)}.` },
      ]);
    }
    const raw: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(partial)) if (v !== undefined) raw[k] = v;
    if ('use_case' in raw) raw.use_case = normaliseUseCase(raw.use_case);
    if (!VALIDATED.has(partial)) {
      // The one validator, on the object's JSON text: the same words as `backtest validate`.
      const issues = nonFiniteIssues(raw);
      if (!issues.length) issues.push(...configIssues(JSON.stringify(raw, null, 2), null));
      if (issues.length) throw new ConfigError(issues);
    }
    const full = withDefaults(raw);
    delete full.$schema;
    Object.assign(this, full);
  }

  /** Reads and validates a .backtest.jsonc file (comments and trailing commas allowed). */
  static fromFile(configPath: string): BacktestConfig {
    const abs = path.resolve(configPath);
    let text: string;
    try {
      text = readConfigText(abs);
    } catch (err) {
      const e = err as DataError;
      throw new ConfigError([
        {
          path: '',
          code: 'config-unreadable',
          file: abs,
          message:
            e.code === 'file-not-found' && e.detail === 'File not found.'
              ? 'Config file not found.'
              : `Cannot read the config file: ${e.detail ?? String(err)}`,
        },
      ]);
    }
    return BacktestConfig.fromText(text, abs);
  }

  /** Parses JSONC text; every issue carries file, 1-based line/column and the JSON path. */
  static fromText(rawText: string, configPath: string): BacktestConfig {
    const abs = path.resolve(configPath);
    // The same validation, codes, words and positions as `backtest validate` and the editor.
    const issues = configIssues(rawText, abs);
    if (issues.length) throw new ConfigError(issues);
    const text = rawText.charCodeAt(0) === 0xfeff ? rawText.slice(1) : rawText;
    const value = jsonc.parse(text, [], { allowTrailingComma: true, disallowComments: false }) as Record<string, unknown>;
    VALIDATED.add(value);
    return new BacktestConfig(value, { configPath: abs });
  }

  /** A copy with some keys changed (validated again). */
  with(overrides: BacktestConfigInput): BacktestConfig {
    return new BacktestConfig({ ...this.toJSON(), ...overrides } as BacktestConfigInput, { configPath: this.configPath });
  }

  /** The config's folder (working directory for a config built in code). */
  get configDir(): string {
    return this.configPath ? path.dirname(this.configPath) : process.cwd();
  }

  /** A path relative to the config file's folder (absolute paths pass through). */
  resolvePath(p: string): string {
    return path.resolve(this.configDir, p);
  }

  get dataDir(): string {
    return resolveConfigPaths(this, this.configPath).dataDir;
  }

  get pricesPath(): string {
    return resolveConfigPaths(this, this.configPath).prices;
  }

  get sectorMappingPath(): string {
    return resolveConfigPaths(this, this.configPath).sectorMapping;
  }

  /** The input of this config's use case: an absolute path for a file input, else the inline value. */
  get input(): InputValueResolved | undefined {
    const key = (['weights', 'signals', 'orders', 'positions'] as const)[this.use_case - 1];
    const v = this.inputs[key];
    if (v === undefined) return undefined;
    return typeof v === 'string' ? this.resolvePath(v) : v;
  }

  /** A DataManager over this config's data_dir, prices_file and sector_mapping_file. */
  /** A DataManager for this config's files; pass `tables` to share parsed files with the validator and other runs. */
  createDataManager(tables?: LoadedTables): DataManager {
    return new DataManager(this.dataDir, {
      pricesFile: this.pricesPath,
      sectorMappingFile: this.sectorMappingPath,
      valueColumns: this.value_columns,
      tables,
    });
  }

  /** Plain options (every key, defaults filled). */
  toJSON(): BacktestConfigOptions {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(backtestSchema.properties ?? {})) {
      const v = (this as unknown as Record<string, unknown>)[key];
      if (v !== undefined && key !== '$schema') out[key] = JSON.parse(JSON.stringify(v));
    }
    return out as unknown as BacktestConfigOptions;
  }
}

type InputValueResolved = string | Record<string, unknown> | unknown[];

/**
 * The text of a config file: a regular file of at most MAX_CONFIG_FILE_BYTES (a FIFO or
 * /dev/zero given as the config must not hang or exhaust memory). Throws a DataError.
 */
export function readConfigText(file: string): string {
  return readBoundedFile(file, { limit: MAX_CONFIG_FILE_BYTES, what: 'the .backtest.jsonc file' }).toString('utf8');
}

/** Throws a DataError when `file` is not a regular config file within the size limit (reads nothing). */
export function checkConfigReadable(file: string): void {
  readBoundedFile(file, { limit: MAX_CONFIG_FILE_BYTES, what: 'the .backtest.jsonc file', checkOnly: true });
}

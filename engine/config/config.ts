// BacktestConfig: the guide's config object. Built from code (`new BacktestConfig({...})`)
// or from a .backtest.jsonc file; validated against the schema with ajv, defaults filled
// from the schema, errors collected into one ConfigError naming every JSON path.
import { readBoundedFile, MAX_CONFIG_FILE_BYTES } from '../data/files';
import type { DataError } from '../data/errors';
import path from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import * as jsonc from 'jsonc-parser';
import { backtestSchema, keysAt, withDefaults } from './schema';
import { ConfigError, type ConfigIssue } from './errors';
import { didYouMean } from './nearest';
import { resolveConfigPaths } from './paths';
import { configSyntaxProblems, findValueNode, looksBinaryText } from './jsonSyntax';
import {
  USE_CASE_NAMES, type BacktestConfigInput, type BacktestConfigOptions, type BacktestInputs, type CostSettings,
  type ExposureBasis, type RebalanceFrequency, type SectorHedgeMethod, type SectorHedgeRatio, type HedgeBandMode, type OnBankruptcy, type OnTargetOutOfRange, type UseCase, type UseCaseName,
} from './options';
import { compileExpression, ExpressionError } from '../expressions/compile';
import { isIsoDate } from '../data/csv';
import { DataManager } from '../data/manager';
import type { LoadedTables } from '../data/loadedTables';

const validatorHolder: { fn: ValidateFunction | null } = { fn: null };
/** The schema compiled once per process (ajv code generation is the slow part). */
function schemaValidator(): ValidateFunction {
  if (!validatorHolder.fn) {
    const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
    validatorHolder.fn = ajv.compile(backtestSchema);
  }
  return validatorHolder.fn;
}

export function pathToString(segments: (string | number)[]): string {
  return segments.map((s) => String(s)).join('.');
}

function jsType(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

/** Schema errors of a config object as ConfigIssues (unknown keys name the nearest valid key). */
export function schemaIssues(value: unknown): ConfigIssue[] {
  const validate = schemaValidator();
  if (validate(value)) return [];
  const issues: ConfigIssue[] = [];
  const seen = new Set<string>();
  for (const e of validate.errors ?? []) {
    const segments = e.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    const issue = issueFromAjv(e, segments);
    if (!issue) continue;
    const key = `${issue.path}\u0000${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(issue);
  }
  return issues;
}

function issueFromAjv(e: ErrorObject, segments: string[]): ConfigIssue | null {
  const p = e.params as Record<string, any>;
  const parent = (e.parentSchema ?? {}) as Record<string, any>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(p.additionalProperty);
      const segs = [...segments, key];
      return { path: pathToString(segs), segments: segs, code: 'unknown-key', message: `Unknown key "${key}".${didYouMean(key, keysAt(segments))}` };
    }
    case 'type':
      return { path: pathToString(segments), segments, code: 'invalid-type', message: `Expected ${String(p.type).split(',').join(' or ')}, got ${jsType(e.data)} ${JSON.stringify(e.data)}.` };
    case 'enum':
      return { path: pathToString(segments), segments, code: 'invalid-value', message: `${JSON.stringify(e.data)} is not allowed. Use one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}.${typeof e.data === 'string' ? didYouMean(e.data, (p.allowedValues as unknown[]).map(String)) : ''}` };
    case 'minimum': case 'maximum': case 'exclusiveMinimum': case 'exclusiveMaximum':
      return { path: pathToString(segments), segments, code: segments[0] === 'sector_target_exposures' ? 'target-out-of-range' : 'out-of-range', message: `${JSON.stringify(e.data)} is out of range: it must be ${p.comparison} ${p.limit}.` };
    case 'pattern':
      return { path: pathToString(segments), segments, code: 'invalid-value', message: `${JSON.stringify(e.data)}: ${parent.patternErrorMessage ?? e.message}` };
    default:
      return { path: pathToString(segments), segments, code: 'invalid-value', message: `${e.message ?? 'invalid value'}.` };
  }
}

/** Checks the schema cannot express: calendar dates, date order, expressions. */
export function semanticIssues(value: Record<string, unknown>): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const key of ['start_date', 'end_date']) {
    const v = value[key];
    if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && !isIsoDate(v)) {
      issues.push({ path: key, segments: [key], code: 'invalid-date', message: `${v} is not a calendar date.` });
    }
  }
  const s = value.start_date, e = value.end_date;
  if (typeof s === 'string' && typeof e === 'string' && isIsoDate(s) && isIsoDate(e) && s > e) {
    issues.push({ path: 'end_date', segments: ['end_date'], code: 'dates-reversed', message: `end_date ${e} is before start_date ${s}; swap them.` });
  }
  const targets = value.sector_target_exposures;
  if (targets && typeof targets === 'object') {
    for (const [sector, t] of Object.entries(targets as Record<string, unknown>)) {
      if (typeof t !== 'string') continue;
      try {
        compileExpression(t);
      } catch (err) {
        if (!(err instanceof ExpressionError)) throw err;
        const segs = ['sector_target_exposures', sector];
        issues.push({ path: pathToString(segs), segments: segs, code: 'expression-invalid', message: err.message });
      }
    }
  }
  return issues;
}

/** Normalises use_case names to numbers (before validation: the schema accepts both). */
function normaliseUseCase(v: unknown): unknown {
  return typeof v === 'string' && v in USE_CASE_NAMES ? USE_CASE_NAMES[v as UseCaseName] : v;
}

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
      throw new ConfigError([{ path: '', segments: [], code: 'invalid-type', message: `A config must be an object, got ${jsType(partial)}.` }]);
    }
    const raw: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(partial)) if (v !== undefined) raw[k] = v;
    if ('use_case' in raw) raw.use_case = normaliseUseCase(raw.use_case);
    const issues = schemaIssues(raw);
    if (!issues.length) issues.push(...semanticIssues(raw));
    if (issues.length) throw new ConfigError(issues);
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
      throw new ConfigError([{ path: '', code: 'config-unreadable', file: abs, message: e.code === 'file-not-found' && e.detail === 'File not found.' ? 'Config file not found.' : `Cannot read the config file: ${e.detail ?? String(err)}` }]);
    }
    return BacktestConfig.fromText(text, abs);
  }

  /** Parses JSONC text; every issue carries file, 1-based line/column and the JSON path. */
  static fromText(rawText: string, configPath: string): BacktestConfig {
    const text = rawText.charCodeAt(0) === 0xfeff ? rawText.slice(1) : rawText;
    const abs = path.resolve(configPath);
    const errors: jsonc.ParseError[] = [];
    const tree = jsonc.parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
    const lc = (offset: number) => {
      const before = text.slice(0, offset);
      const line = before.split('\n').length;
      return { line, column: offset - (before.lastIndexOf('\n') + 1) + 1 };
    };
    if (errors.length || !tree || looksBinaryText(text)) {
      // The same wording as `backtest validate` and the editor (engine/config/jsonSyntax.ts).
      throw new ConfigError(configSyntaxProblems(text, errors, tree).map((p) => ({ path: '', code: 'syntax-error', file: abs, ...lc(p.offset), message: p.message, fix: p.fix })));
    }
    const value = jsonc.getNodeValue(tree);
    try {
      return new BacktestConfig(value, { configPath: abs });
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      throw new ConfigError(err.issues.map((i) => {
        const segs = i.segments ?? [];
        // A repeated key: the last copy is the one in effect (as in JSON.parse), so point there.
        let node = findValueNode(tree, segs);
        // An unknown key: point at the key itself rather than its value.
        if (node && i.code === 'unknown-key' && node.parent?.type === 'property') node = node.parent.children?.[0];
        // A key that is absent: point at its parent object.
        for (let k = segs.length - 1; !node && k >= 0; k--) node = findValueNode(tree, segs.slice(0, k));
        return { ...i, file: abs, ...lc(node ? node.offset : 0) };
      }));
    }
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
    return new DataManager(this.dataDir, { pricesFile: this.pricesPath, sectorMappingFile: this.sectorMappingPath, valueColumns: this.value_columns, tables });
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

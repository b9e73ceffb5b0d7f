// A NAME.sweep.jsonc file: parsed, checked against schemas/sweep.schema.json, its base
// config loaded, and its axes resolved against the config schema. Errors are ConfigErrors
// located at file:line:col in the sweep file (or the base config), like a config's.
import path from 'node:path';
import type AjvClass from 'ajv';
import type { ValidateFunction } from 'ajv';
import * as jsonc from 'jsonc-parser';
import sweepSchemaJson from '../../schemas/sweep.schema.json';
import { ConfigError, type ConfigIssue } from '../config/errors';
import type { DataError } from '../data/errors';
import { MAX_CONFIG_FILE_BYTES, readBoundedFile } from '../data/files';
import { configSyntaxProblems, findValueNode } from '../config/jsonSyntax';
import { didYouMean } from '../config/nearest';
import { keysAt, schemaAt, type SchemaNode } from '../config/schema';
import { expandAxis } from './axes';
import { parseMetricSpec, type MetricSpec } from './metrics';

export const sweepSchema = sweepSchemaJson as unknown as SchemaNode;

export interface SweepAxis {
  /** The key as written, e.g. `sector_target_exposures.Technology`. */
  key: string;
  segments: string[];
  values: unknown[];
}

export interface WalkForwardSpec {
  trainDays: number;
  testDays: number;
  stepDays: number;
  selectBy: MetricSpec;
}

export interface SweepSpec {
  /** Absolute path of the sweep file (null for a sweep built in code). */
  file: string | null;
  /** The base config as written (no defaults filled), a fresh copy per call of baseConfig(). */
  base: Record<string, unknown>;
  /** Path the variants' relative paths resolve against: the base config file, or the sweep file for an inline base. */
  basePath: string;
  axes: SweepAxis[];
  combine: 'product' | 'zip';
  rankBy: MetricSpec;
  walkForward: WalkForwardSpec | null;
}

let validator: ValidateFunction | null = null;
function sweepValidator(): ValidateFunction {
  if (!validator) {
    // Required here, not imported: only sweeps use ajv, and the bundles keep it in its own file (scripts/build.mjs).
    const Ajv = (require('ajv') as { default: typeof AjvClass }).default;
    validator = new Ajv({ allErrors: true, strict: false }).compile(sweepSchema);
  }
  return validator;
}

function lineCol(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - (before.lastIndexOf('\n') + 1) + 1 };
}

/** Splits an axis key on dots: `stock_costs.slippage_bps` -> ['stock_costs', 'slippage_bps']. */
export function axisSegments(key: string): string[] {
  return key.split('.');
}

/** The config schema node of an axis key, or an error message naming the nearest valid key. */
export function checkAxisKey(key: string): { node: SchemaNode } | { message: string; nearest?: string } {
  const segs = axisSegments(key);
  if (segs.some((s) => !s))
    return { message: `Axis key "${key}" has an empty part; write config keys joined by dots, e.g. "stock_costs.slippage_bps".` };
  for (let k = 1; k <= segs.length; k++) {
    if (!schemaAt(segs.slice(0, k))) {
      const candidates = keysAt(segs.slice(0, k - 1));
      const hint = didYouMean(segs[k - 1], candidates);
      const near = hint ? /"(.*)"/.exec(hint)?.[1] : undefined;
      const where = k === 1 ? 'config key' : `key of ${segs.slice(0, k - 1).join('.')}`;
      return {
        message: `Axis key "${key}": "${segs[k - 1]}" is not a ${where}.${hint}`,
        nearest: near ? [...segs.slice(0, k - 1), near].join('.') : undefined,
      };
    }
  }
  if (segs[0] === 'name' || segs[0] === '$schema') return { message: `Axis key "${key}" cannot vary: it does not change the backtest.` };
  return { node: schemaAt(segs)! };
}

/** Parses and checks sweep text; throws ConfigError (located) on any problem. */
export function parseSweepText(rawText: string, file: string): SweepSpec {
  const text = rawText.charCodeAt(0) === 0xfeff ? rawText.slice(1) : rawText;
  const abs = path.resolve(file);
  const errors: jsonc.ParseError[] = [];
  const tree = jsonc.parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length || !tree) {
    throw new ConfigError(
      configSyntaxProblems(text, errors, tree).map((p) => ({
        path: '',
        code: 'syntax-error',
        file: abs,
        ...lineCol(text, p.offset),
        message: p.message,
        fix: p.fix,
      })),
    );
  }
  const locate = (segs: (string | number)[], onKey = false): { line: number; column: number } => {
    let node = findValueNode(tree, segs);
    if (node && onKey && node.parent?.type === 'property') node = node.parent.children?.[0];
    for (let k = segs.length - 1; !node && k >= 0; k--) node = findValueNode(tree, segs.slice(0, k));
    return lineCol(text, node ? node.offset : 0);
  };
  return buildSweepSpec(jsonc.getNodeValue(tree), abs, (segs, onKey) => ({ file: abs, ...locate(segs, onKey) }));
}

/** A sweep or base config file: a regular file of at most MAX_CONFIG_FILE_BYTES (DataError otherwise). */
function readSweepText(file: string, what: string): string {
  const buf = readBoundedFile(file, { limit: MAX_CONFIG_FILE_BYTES, what });
  return buf.toString('utf8');
}

export function readSweepFile(file: string): SweepSpec {
  const abs = path.resolve(file);
  let text: string;
  try {
    // A FIFO or /dev/zero as the sweep file is refused, never read (it hung).
    text = readSweepText(abs, 'the sweep file');
  } catch (err) {
    const e = err as DataError;
    throw new ConfigError([
      {
        path: '',
        code: 'config-unreadable',
        file: abs,
        message: e.detail === 'File not found.' ? 'Sweep file not found.' : (e.detail ?? String(err)),
        ...(e.fix && e.detail !== 'File not found.' ? { fix: e.fix } : {}),
      },
    ]);
  }
  return parseSweepText(text, abs);
}

type Locate = (segs: (string | number)[], onKey?: boolean) => Partial<ConfigIssue>;

/** Checks a parsed sweep object (from a file, or built in code with `file` its notional path). */
export function buildSweepSpec(value: unknown, file: string, locate: Locate = () => ({})): SweepSpec {
  const issues: ConfigIssue[] = [];
  const issue = (segs: (string | number)[], message: string, extra: Partial<ConfigIssue> = {}, onKey = false) =>
    issues.push({ path: segs.join('.'), segments: segs, message, ...locate(segs, onKey), ...extra });
  const validate = sweepValidator();
  if (!validate(value)) {
    for (const e of validate.errors ?? []) {
      const segs = e.instancePath
        .split('/')
        .slice(1)
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
      const p = e.params as Record<string, unknown>;
      if (e.keyword === 'additionalProperties') {
        const key = String(p.additionalProperty);
        const owner = !segs.length
          ? sweepSchema
          : segs[0] === 'walk_forward'
            ? sweepSchema.properties?.walk_forward
            : sweepSchema.definitions?.range;
        const known = Object.keys(owner?.properties ?? {}).filter((k) => k !== '$schema');
        issue([...segs, key], `Unknown key "${key}".${didYouMean(key, known)}`, { code: 'unknown-key' }, true);
      } else if (e.keyword === 'enum') {
        const allowed = (p.allowedValues as unknown[]).map(String);
        const data = segs.reduce<unknown>((o, s) => (o as Record<string, unknown> | undefined)?.[s], value);
        issue(
          segs,
          `${JSON.stringify(data)} is not a metric. Use one of ${allowed.filter((a) => !a.startsWith('-')).join(', ')} (a leading "-" ranks ascending).${typeof data === 'string' ? didYouMean(data, allowed) : ''}`,
          { code: 'invalid-value' },
        );
      } else if (e.keyword === 'anyOf' || e.keyword === 'if') {
        // The axis branch errors below say it better.
      } else if (segs[0] === 'axes' && segs.length === 2) {
        issue(segs, 'An axis is a list of values, e.g. [0.01, 0.02], or {"from": -0.1, "to": 0.1, "step": 0.05}.', {
          code: 'invalid-type',
        });
      } else {
        issue(segs, `${e.message ?? 'invalid value'}.`, { code: 'invalid-value' });
      }
    }
    dedupe(issues);
    throw new ConfigError(issues);
  }
  const v = value as Record<string, unknown>;
  const dir = path.dirname(file);

  // The base config: a path relative to the sweep file, or inline.
  let base: Record<string, unknown>;
  let basePath: string;
  if (typeof v.base === 'string') {
    basePath = path.resolve(dir, v.base);
    let baseText: string;
    try {
      baseText = readSweepText(basePath, 'the base config');
    } catch (err) {
      const e = err as DataError;
      issue(['base'], `Cannot read the base config ${basePath}: ${e.detail ?? String(err)}`, {
        code: 'file-not-found',
        fix:
          e.detail === 'File not found.'
            ? "base is relative to the sweep file's folder"
            : (e.fix ?? "base is relative to the sweep file's folder"),
      });
      throw new ConfigError(issues);
    }
    const errs: jsonc.ParseError[] = [];
    const parsed = jsonc.parse(baseText.charCodeAt(0) === 0xfeff ? baseText.slice(1) : baseText, errs, { allowTrailingComma: true });
    if (errs.length || !parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      issue(['base'], `The base config ${v.base} is not a valid JSONC object; run \`backtest validate ${v.base}\` to see where.`, {
        code: 'syntax-error',
      });
      throw new ConfigError(issues);
    }
    base = parsed as Record<string, unknown>;
  } else {
    base = v.base as Record<string, unknown>;
    basePath = file;
  }
  delete base.$schema;

  const axes: SweepAxis[] = [];
  for (const [key, spec] of Object.entries(v.axes as Record<string, unknown>)) {
    const checked = checkAxisKey(key);
    if ('message' in checked) {
      issue(['axes', key], checked.message, { code: 'unknown-key' }, true);
      continue;
    }
    try {
      axes.push({ key, segments: axisSegments(key), values: expandAxis(spec) });
    } catch (err) {
      issue(['axes', key], (err as Error).message, { code: 'invalid-value' });
    }
  }
  const combine = (v.combine as 'product' | 'zip' | undefined) ?? 'product';
  if (combine === 'zip' && axes.length > 1) {
    const lens = axes.map((a) => a.values.length);
    if (lens.some((n) => n !== lens[0])) {
      issue(
        ['combine'],
        `combine "zip" takes the axes together, so they need equal lengths; got ${axes.map((a) => `${a.key}: ${a.values.length}`).join(', ')}.`,
        { code: 'invalid-value', fix: 'give every axis the same number of values, or use "product"' },
      );
    }
  }
  const rankBy = parseMetricSpec((v.rank_by as string | undefined) ?? 'sharpe_ratio');
  let walkForward: WalkForwardSpec | null = null;
  if (v.walk_forward) {
    const w = v.walk_forward as Record<string, unknown>;
    const testDays = w.test_days as number;
    const stepDays = (w.step_days as number | undefined) ?? testDays;
    if (stepDays < testDays) {
      issue(
        ['walk_forward', 'step_days'],
        `step_days ${stepDays} is shorter than test_days ${testDays}: the test windows would overlap, and the out-of-sample equity must be one chain of days.`,
        { code: 'out-of-range', fix: `set step_days to at least ${testDays}` },
      );
    }
    walkForward = {
      trainDays: w.train_days as number,
      testDays,
      stepDays,
      selectBy: w.select_by ? parseMetricSpec(w.select_by as string) : rankBy,
    };
  }
  if (issues.length) throw new ConfigError(issues);
  return { file, base, basePath, axes, combine, rankBy, walkForward };
}

function dedupe(issues: ConfigIssue[]): void {
  const seen = new Set<string>();
  for (let i = issues.length - 1; i >= 0; i--) {
    const k = `${issues[i].path}\u0000${issues[i].message}`;
    if (seen.has(k)) issues.splice(i, 1);
    else seen.add(k);
  }
}

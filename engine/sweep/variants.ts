// From a SweepSpec to its variants: each axis point applied to the base, validated by THE
// validation module (engine/validate, as `backtest validate` and the editor do) before
// anything runs, and given a stable id: a hash of the resolved config and the contents
// of the data files it reads.
import { createHash } from 'node:crypto';
import { openSync, readSync, closeSync, statSync } from 'node:fs';
import path from 'node:path';
import { BacktestConfig } from '../config/config';
import { resolveConfigPaths } from '../config/paths';
import type { BacktestConfigOptions } from '../config/options';
import type { ConfigDiagnostic, DataAccess } from '../types';
import { createSyncDataAccess } from '../validate/dataAccess';
import { validateConfigText } from '../validate/validate';
import { applyPoint, combineAxes, describePoint, type AxisPoint } from './axes';
import type { SweepSpec } from './spec';

export interface Variant {
  /** Position in the sweep's order (first axis slowest). */
  index: number;
  id: string;
  point: AxisPoint;
  /** The config as a user would write it: the base with the axis values set. */
  input: Record<string, unknown>;
  /** Every key with defaults filled (what the engine runs). */
  resolved: BacktestConfigOptions;
  /** The data files this variant reads, absolute, with their content fingerprints. */
  data: Record<string, string>;
}

export interface InvalidVariant {
  index: number;
  point: AxisPoint;
  errors: ConfigDiagnostic[];
}

export class SweepValidationError extends Error {
  readonly code = 'invalid-variant';
  constructor(
    readonly invalid: InvalidVariant[],
    readonly total: number,
  ) {
    super(formatInvalid(invalid, total));
    this.name = 'ValidationError';
  }
}

function formatInvalid(invalid: InvalidVariant[], total: number): string {
  const lines = [
    `${invalid.length} of ${total} variant${total === 1 ? '' : 's'} ${invalid.length === 1 ? 'is' : 'are'} not a valid config; nothing was run.`,
  ];
  for (const v of invalid.slice(0, 10)) {
    lines.push(`  variant ${v.index} (${describePoint(v.point)}):`);
    for (const d of v.errors.slice(0, 3)) lines.push(`    ${d.path ? `${d.path}: ` : ''}${d.message} [${d.code}]`);
  }
  if (invalid.length > 10) lines.push(`  ... and ${invalid.length - 10} more`);
  return lines.join('\n');
}

/** sha256 of a file's bytes, read in chunks (cached per path, size and mtime). */
const fingerprintCache = new Map<string, string>();
export function fileFingerprint(file: string): string {
  let st;
  try {
    st = statSync(file);
  } catch {
    return 'missing';
  }
  const key = `${file}\u0000${st.size}\u0000${st.mtimeMs}`;
  const hit = fingerprintCache.get(key);
  if (hit) return hit;
  const h = createHash('sha256');
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0;) h.update(buf.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  const fp = `sha256:${h.digest('hex')}`;
  fingerprintCache.set(key, fp);
  return fp;
}

/** JSON with object keys sorted, so equal configs hash equally whatever their key order. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/** The data files a resolved config reads (absolute paths). */
export function dataFilesOf(resolved: BacktestConfigOptions, basePath: string): string[] {
  const p = resolveConfigPaths(resolved, basePath);
  return [p.prices, p.sectorMapping, ...Object.values(p.inputs)].filter((f, i, a) => a.indexOf(f) === i);
}

/**
 * The id: the resolved config (paths as written, so the same sweep on another machine gets
 * the same ids) plus each data file's content hash, keyed by its name relative to the base.
 */
export function variantId(resolved: BacktestConfigOptions, data: Record<string, string>, basePath: string): string {
  const baseDir = path.dirname(basePath);
  const files = Object.fromEntries(Object.entries(data).map(([f, fp]) => [path.relative(baseDir, f).split(path.sep).join('/'), fp]));
  const { name: _name, ...rest } = resolved;
  return createHash('sha256')
    .update(canonicalJson({ config: rest, data: files }))
    .digest('hex')
    .slice(0, 16);
}

/**
 * Expands and validates every variant. Throws SweepValidationError listing each invalid
 * variant with its axis values and the validator's errors, before anything runs.
 */
export async function buildVariants(
  spec: SweepSpec,
  data: DataAccess = createSyncDataAccess(),
  opts: { workspaceRoot?: string } = {},
): Promise<Variant[]> {
  const points = combineAxes(spec.axes, spec.combine);
  const out: Variant[] = [];
  const invalid: InvalidVariant[] = [];
  for (let index = 0; index < points.length; index++) {
    const point = points[index];
    const input = applyPoint(spec.base, spec.axes, point);
    const text = JSON.stringify(input, null, 2);
    const errors = (await validateConfigText(text, spec.basePath, data, { workspaceRoot: opts.workspaceRoot })).filter(
      (d) => d.severity === 'error',
    );
    if (errors.length) {
      invalid.push({ index, point, errors });
      continue;
    }
    let resolved: BacktestConfigOptions;
    try {
      resolved = new BacktestConfig(input, { configPath: spec.basePath }).toJSON();
    } catch (err) {
      const issues = (err as { issues?: { path: string; message: string; code?: string }[] }).issues ?? [
        { path: '', message: (err as Error).message },
      ];
      invalid.push({
        index,
        point,
        errors: issues.map((i) => ({
          code: i.code ?? 'invalid-value',
          severity: 'error',
          file: spec.basePath,
          path: i.path,
          message: i.message,
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        })),
      });
      continue;
    }
    const files = Object.fromEntries(dataFilesOf(resolved, spec.basePath).map((f) => [f, fileFingerprint(f)]));
    out.push({ index, id: variantId(resolved, files, spec.basePath), point, input, resolved, data: files });
  }
  if (invalid.length) throw new SweepValidationError(invalid, points.length);
  return out;
}

/** The sweep's id: its variant ids in order (equal for the same sweep over the same data). */
export function sweepId(variants: Variant[]): string {
  return createHash('sha256')
    .update(variants.map((v) => v.id).join(','))
    .digest('hex')
    .slice(0, 16);
}

/** The I-th of N deterministic slices: every N-th variant starting at I. */
export function shardOf<T extends { index: number }>(variants: T[], shard: number, of: number): T[] {
  return variants.filter((v) => v.index % of === shard);
}

// Shape checks for data arriving from the host or the embedded JSON: a malformed
// message shows a readable error in the panel instead of throwing half-way through render.
import type { CompareJson, ResultsJson } from '../engine/types';
import { isLazy } from './lazyDecode';

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Returns a problem description, or null when `x` looks like a ResultsJson. */
export function checkResults(x: unknown, where = 'results'): string | null {
  if (!isObj(x)) return `${where} is not an object`;
  if (x.schemaVersion !== 1) return `${where}.schemaVersion is ${JSON.stringify(x.schemaVersion)}; this panel reads version 1`;
  for (const k of ['meta', 'metrics', 'series', 'beta', 'tradeCounts']) if (!isObj(x[k])) return `${where}.${k} is missing`;
  // Lazily decoded trades are checked when decoded, not here (that would decode them now).
  for (const k of ['dates', 'sectors', 'trades', 'warnings'])
    if (!(k === 'trades' && isLazy(x, k)) && !Array.isArray(x[k])) return `${where}.${k} must be an array`;
  const n = (x.dates as unknown[]).length;
  if (!n) return `${where}.dates is empty: the run has no trading days`;
  const series = x.series as Record<string, unknown>;
  for (const k of ['equity', 'unhedgedEquity', 'benchmark', 'dailyReturn', 'cash', 'longValue', 'shortValue', 'stockValue', 'hedgeValue']) {
    const s = series[k];
    if (!Array.isArray(s) || s.length !== n) return `${where}.series.${k} must have one value per date (${n})`;
  }
  for (const [i, s] of (x.sectors as unknown[]).entries()) {
    if (!isObj(s) || typeof s.name !== 'string') return `${where}.sectors[${i}].name is missing`;
    for (const k of ['target', 'preHedge', 'postHedge'])
      if (!Array.isArray(s[k]) || (s[k] as unknown[]).length !== n) return `${where}.sectors[${i}].${k} must have one value per date`;
  }
  if (!isLazy(x, 'positions') && x.positions !== null && x.positions !== undefined && !Array.isArray(x.positions))
    return `${where}.positions must be an array or null`;
  return null;
}

export function checkCompare(x: unknown): string | null {
  if (!isObj(x)) return 'compare data is not an object';
  if (!Array.isArray(x.runs) || !x.runs.length) return 'compare data has no runs';
  for (const [i, r] of x.runs.entries()) {
    if (!isObj(r) || typeof r.label !== 'string') return `runs[${i}].label is missing`;
    const p = checkResults(r.results, `runs[${i}].results`);
    if (p) return p;
  }
  return null;
}

export function isCompare(x: ResultsJson | CompareJson): x is CompareJson {
  return Array.isArray((x as CompareJson).runs);
}

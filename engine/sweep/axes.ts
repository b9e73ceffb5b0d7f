// Axis values and their combinations: lists as given, {from, to, step} ranges inclusive of
// `to`, combined as a product (every combination) or zipped (taken together).
import type { SweepAxis } from './spec';

/** The most variants one sweep may make (a typo like step 0.0001 should not queue a million runs). */
export const MAX_VARIANTS = 100_000;

function decimals(x: number): number {
  const s = String(x);
  const e = /e-(\d+)$/.exec(s);
  if (e) return Number(e[1]) + (s.split('e')[0].split('.')[1]?.length ?? 0);
  return s.split('.')[1]?.length ?? 0;
}

/**
 * The values of one axis. A range includes `to` when it lies within a small tolerance of a
 * step (so -0.1..0.1 by 0.05 gives five values), and each value is rounded to the decimals
 * of from/step so 0.1 + 0.05 is 0.15, not 0.15000000000000002.
 */
export function expandAxis(spec: unknown): unknown[] {
  if (Array.isArray(spec)) {
    if (!spec.length) throw new Error('An axis needs at least one value.');
    return spec.map((v) => (v && typeof v === 'object' ? JSON.parse(JSON.stringify(v)) : v));
  }
  const r = spec as { from: number; to: number; step: number };
  if (!(r.step > 0)) throw new Error(`step must be positive, got ${r.step}.`);
  const span = Math.abs(r.to - r.from);
  const count = Math.floor(span / r.step + 1e-9) + 1;
  if (count > MAX_VARIANTS)
    throw new Error(`{from ${r.from}, to ${r.to}, step ${r.step}} makes ${count} values; the limit is ${MAX_VARIANTS}. Use a larger step.`);
  const dir = r.to >= r.from ? 1 : -1;
  const d = Math.min(15, Math.max(decimals(r.from), decimals(r.step), decimals(r.to)));
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const x = Number((r.from + dir * i * r.step).toFixed(d));
    out.push(x === 0 ? 0 : x); // no -0
  }
  return out;
}

/** One combination: the value of each axis, by axis key. */
export type AxisPoint = Record<string, unknown>;

/** Every combination, in a fixed order (the first axis varies slowest), or the zipped tuples. */
export function combineAxes(axes: SweepAxis[], combine: 'product' | 'zip'): AxisPoint[] {
  if (!axes.length) return [{}];
  if (combine === 'zip') {
    const n = axes[0].values.length;
    return Array.from({ length: n }, (_, i) => Object.fromEntries(axes.map((a) => [a.key, a.values[i]])));
  }
  const total = axes.reduce((n, a) => n * a.values.length, 1);
  if (total > MAX_VARIANTS) throw new Error(`the axes make ${total} variants; the limit is ${MAX_VARIANTS}.`);
  let points: AxisPoint[] = [{}];
  for (const a of axes) {
    const next: AxisPoint[] = [];
    for (const p of points) for (const v of a.values) next.push({ ...p, [a.key]: v });
    points = next;
  }
  return points;
}

/** Sets a nested key (creating objects on the way) in a deep copy of `base`. */
export function applyPoint(base: Record<string, unknown>, axes: SweepAxis[], point: AxisPoint): Record<string, unknown> {
  const out = JSON.parse(JSON.stringify(base)) as Record<string, unknown>;
  for (const a of axes) {
    let o = out;
    for (const seg of a.segments.slice(0, -1)) {
      const next = o[seg];
      if (!next || typeof next !== 'object' || Array.isArray(next)) o[seg] = {};
      o = o[seg] as Record<string, unknown>;
    }
    o[a.segments[a.segments.length - 1]] = point[a.key];
  }
  return out;
}

/** `key=value, key=value` for messages. */
export function describePoint(point: AxisPoint): string {
  return Object.entries(point)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(', ');
}

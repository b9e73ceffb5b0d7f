// A run whose equity reached zero or below and went on (config on_bankruptcy "continue")
// has invalid metrics (Metrics.invalid). The one place the panel decides what that hides:
// every tab of such a run opens with the same alert (app.ts puts it there), and every
// figure derived from the equity path (returns, Sharpe, drawdown, the attribution,
// hedge effectiveness, intervals, exposure error; charts and tables) reads "invalid"
// instead of a number. Facts of the run (trade counts, costs paid, dates, the book held)
// keep their values. Compare and the sweep view mark each invalid variant the same way.
import './invalidMetrics.css';
import { h } from '../dom';
import type { CompareJson, Metrics } from '../../engine/types';
import { metricInvalid, type FlatVariant } from '../sweep/data';

export const INVALID = 'invalid';

const FACT_CARDS = new Set(['Costs', 'Hedge trades', 'All trades']);

/** The text a metric card shows: its value, or "invalid" for a bankrupt run's performance metrics. */
export function cardValue(m: Metrics, label: string, value: string): string {
  return FACT_CARDS.has(label) ? value : perf(m, value);
}

/**
 * A performance figure of a run (or of the difference of several runs): its text, or
 * "invalid" when any of their metrics are. A function is only called for valid runs.
 */
export function perf(m: Metrics | readonly (Metrics | undefined)[], text: string | (() => string)): string {
  const all = Array.isArray(m) ? m : [m as Metrics];
  if (all.some((x) => x?.invalid)) return INVALID;
  return typeof text === 'function' ? text() : text;
}

/** The alert above the tabs' content of a bankrupt run (`label`: which run of several), or null. */
export function invalidBanner(m: Metrics, label?: string): HTMLElement | null {
  if (!m.invalid) return null;
  const who = label ? `Every metric of “${label}” is invalid` : 'Every metric is invalid';
  return h(
    'p',
    { className: 'warn-summary metrics-invalid', role: 'alert' },
    h('strong', { text: `${who}: equity reached zero or below on ${m.invalid.date} (on_bankruptcy "continue"). ` }),
    h('span', { text: m.invalid.message }),
  );
}

/** The alerts of a comparison: one per run whose metrics are invalid (none: an empty list). */
export function compareBanners(cmp: CompareJson): HTMLElement[] {
  return cmp.runs.flatMap((r) => invalidBanner(r.results.metrics, r.label) ?? []);
}

/** The part of a chart a view uses: its element, and drawing it once visible. */
export interface Figure {
  root: HTMLElement;
  mount(): void;
}

function invalidFigure(m: Metrics, title: string, id: string): HTMLElement {
  return h(
    'section',
    { className: 'figure-invalid', id, role: 'group', 'aria-label': title },
    h('div', { className: 'figure-title', text: title }),
    h('div', { className: 'figure-value', text: INVALID }),
    h('p', {
      className: 'muted small',
      text: `Not drawn: it is derived from the equity, which reached zero or below on ${m.invalid!.date}.`,
    }),
  );
}

/** A chart derived from the equity path (built only for a valid run), or its "invalid" placeholder. */
export function perfChart(m: Metrics, title: string, id: string, build: () => Figure): Figure {
  if (!m.invalid) return build();
  return { root: invalidFigure(m, title, id), mount: () => {} };
}

/** Something that only makes sense for a valid run (e.g. a verdict on its Sharpe ratio), or null. */
export function validOnly<T>(m: Metrics, build: () => T): T | null {
  return m.invalid ? null : build();
}

/** A table or block derived from the equity path (built only for a valid run), or its "invalid" placeholder. */
export function perfBlock(m: Metrics, title: string, id: string, build: () => HTMLElement): HTMLElement {
  return m.invalid ? invalidFigure(m, title, id) : build();
}

// The sweep view's variants: metrics as flat snake_case numbers, the reason beside them
// (which metrics stay facts: metricInvalid in sweep/data.ts).
/** The tooltip of a sweep variant's invalid metric cell (why), else null. */
export function variantNote(v: FlatVariant, metric: string): string | null {
  const why = v.metrics_invalid;
  return why && metricInvalid(v, metric) ? `Invalid: equity reached zero or below on ${why.date}. ${why.message}` : null;
}

/** The sweep view's alert when some variants went bankrupt and continued, or null. */
export function sweepBanner(variants: readonly (FlatVariant & { variant_id: string })[]): HTMLElement | null {
  const bad = variants.filter((v) => v.metrics_invalid);
  if (!bad.length) return null;
  const ids = bad.slice(0, 5).map((v) => v.variant_id.slice(0, 8));
  return h(
    'p',
    { className: 'warn-summary metrics-invalid', role: 'alert' },
    h('strong', {
      text: `${bad.length} of ${variants.length} variant${variants.length === 1 ? '' : 's'} had equity reach zero or below and went on (on_bankruptcy "continue"): their metrics read invalid and sort last. `,
    }),
    h('span', { text: `${ids.join(', ')}${bad.length > ids.length ? ` and ${bad.length - ids.length} more` : ''}.` }),
  );
}

/** A sweep variant's metric cell: `fmt`'s text, or "invalid". */
export function variantCell(v: FlatVariant, metric: string, fmt: (metric: string, x: number | null) => string): string {
  return metricInvalid(v, metric) ? INVALID : fmt(metric, v.metrics[metric] ?? null);
}

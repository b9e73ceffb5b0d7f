// A run whose equity reached zero or below and went on (config on_bankruptcy "continue")
// has invalid metrics (Metrics.invalid): the overview says so above the cards, and every
// performance card reads "invalid" instead of n/a or a number. Costs and trade counts are
// facts of the run and keep their values.
import { h } from '../dom';
import type { Metrics } from '../../engine/types';

const FACT_CARDS = new Set(['Costs', 'Hedge trades', 'All trades']);

/** The text a metric card shows: its value, or "invalid" for a bankrupt run's performance metrics. */
export function cardValue(m: Metrics, label: string, value: string): string {
  return m.invalid && !FACT_CARDS.has(label) ? 'invalid' : value;
}

/** The alert above the cards of a bankrupt run, or null. */
export function invalidBanner(m: Metrics): HTMLElement | null {
  if (!m.invalid) return null;
  return h(
    'p',
    { className: 'warn-summary metrics-invalid', role: 'alert' },
    h('strong', { text: `Every metric is invalid: equity reached zero or below on ${m.invalid.date} (on_bankruptcy "continue"). ` }),
    h('span', { text: m.invalid.message }),
  );
}

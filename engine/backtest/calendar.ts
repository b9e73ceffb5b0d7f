// Which trading days are rebalance days.
import type { RebalanceFrequency } from './options';

function dayNumber(iso: string): number {
  return Math.floor(Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / 86_400_000);
}

/** Monday-based week number (1970-01-01 was a Thursday, hence the +3). */
function weekNumber(iso: string): number {
  return Math.floor((dayNumber(iso) + 3) / 7);
}

/**
 * 1 where a scheduled rebalance falls within dates[i0..i1]: the first day of the run and
 * the first trading day of each week / month; every day for `daily`. For `signal` no day
 * is scheduled (rebalances follow the inputs).
 */
export function scheduledRebalances(dates: readonly string[], i0: number, i1: number, freq: RebalanceFrequency): Uint8Array {
  const out = new Uint8Array(dates.length);
  if (freq === 'signal') return out;
  for (let t = i0; t <= i1; t++) {
    if (t === i0 || freq === 'daily') {
      out[t] = 1;
      continue;
    }
    const a = dates[t - 1],
      b = dates[t];
    if (freq === 'weekly' ? weekNumber(a) !== weekNumber(b) : a.slice(0, 7) !== b.slice(0, 7)) out[t] = 1;
  }
  return out;
}

/** Index of the last date <= d (binary search), -1 if none. */
export function lastIndexAtOrBefore(dates: readonly string[], d: string): number {
  let lo = 0,
    hi = dates.length - 1,
    ans = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (dates[mid] <= d) {
      ans = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return ans;
}

/** Index of the first date >= d, dates.length if none. */
export function firstIndexAtOrAfter(dates: readonly string[], d: string): number {
  const i = lastIndexAtOrBefore(dates, d);
  return i >= 0 && dates[i] === d ? i : i + 1;
}

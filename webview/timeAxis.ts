// Date-axis ticks for the charts: calendar-aligned splits (days, weeks, months, quarters,
// years) at the finest step that fits the width, and labels that are never repeated
// (uPlot's default splits can fall twice in one month, which printed "Jan 2023 Jan 2023").
// Pure: unix seconds (UTC midnight dates) in, splits and labels out.

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAY = 86400;

type Step = { unit: 'day'; n: number } | { unit: 'month'; n: number } | { unit: 'year'; n: number };
const STEPS: Step[] = [
  { unit: 'day', n: 1 },
  { unit: 'day', n: 2 },
  { unit: 'day', n: 7 },
  { unit: 'day', n: 14 },
  { unit: 'month', n: 1 },
  { unit: 'month', n: 2 },
  { unit: 'month', n: 3 },
  { unit: 'month', n: 6 },
  { unit: 'year', n: 1 },
  { unit: 'year', n: 2 },
  { unit: 'year', n: 5 },
  { unit: 'year', n: 10 },
  { unit: 'year', n: 20 },
  { unit: 'year', n: 50 },
];

function splitsFor(step: Step, min: number, max: number, limit: number): number[] | null {
  const out: number[] = [];
  const push = (ts: number) => {
    if (ts >= min && ts <= max) out.push(ts);
    return out.length <= limit;
  };
  const start = new Date(min * 1000);
  if (step.unit === 'day') {
    // Weekly steps fall on Mondays (1970-01-05 was one); 1- and 2-day steps on any day.
    const anchor = step.n >= 7 ? 4 * DAY : 0;
    let ts = Math.ceil((min - anchor) / (step.n * DAY)) * step.n * DAY + anchor;
    for (; ts <= max; ts += step.n * DAY) if (!push(ts)) return null;
  } else if (step.unit === 'month') {
    let y = start.getUTCFullYear(),
      m = Math.floor(start.getUTCMonth() / step.n) * step.n;
    for (;;) {
      const ts = Date.UTC(y, m, 1) / 1000;
      if (ts > max) break;
      if (!push(ts)) return null;
      m += step.n;
      if (m >= 12) {
        y += Math.floor(m / 12);
        m %= 12;
      }
    }
  } else {
    for (let y = Math.floor(start.getUTCFullYear() / step.n) * step.n; ; y += step.n) {
      const ts = Date.UTC(y, 0, 1) / 1000;
      if (ts > max) break;
      if (!push(ts)) return null;
    }
  }
  return out;
}

function labelsFor(unit: Step['unit'], splits: number[]): string[] {
  const ds = splits.map((s) => new Date(s * 1000));
  const full = ds.map((d) =>
    unit === 'year'
      ? String(d.getUTCFullYear())
      : unit === 'month'
        ? `${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`
        : `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`,
  );
  if (unit === 'year') return full;
  // The year only where it changes (and on the first tick), unless that makes labels repeat.
  const short = ds.map((d, k) =>
    k === 0 || d.getUTCFullYear() !== ds[k - 1].getUTCFullYear()
      ? full[k]
      : unit === 'month'
        ? MONTHS[d.getUTCMonth()]
        : `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`,
  );
  return new Set(short).size === short.length ? short : full;
}

/**
 * Ticks between `min` and `max` (unix seconds): at most `maxTicks` splits on calendar
 * boundaries, with labels that appear once each. Falls back to the range's ends when
 * no boundary falls inside it (a single day).
 */
export function timeTicks(min: number, max: number, maxTicks: number): { splits: number[]; labels: string[] } {
  const limit = Math.max(2, Math.floor(maxTicks));
  for (const step of STEPS) {
    const s = splitsFor(step, min, max, limit);
    if (s && s.length >= 2) return { splits: s, labels: labelsFor(step.unit, s) };
    if (s && s.length < 2 && step.unit !== 'day') break;
  }
  const ends = max > min ? [min, max] : [min];
  return { splits: ends, labels: labelsFor('day', ends) };
}

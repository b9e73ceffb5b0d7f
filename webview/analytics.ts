// Pure calculations behind the views (no DOM), unit-tested in node.
import type { ResultsJson } from '../engine/types';

type Sector = ResultsJson['sectors'][number];

/** Index of the last trading date <= `date` (0 if before the first). Dates are ascending ISO strings. */
export function snapDate(dates: readonly string[], date: string): number {
  let lo = 0,
    hi = dates.length - 1,
    ans = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (dates[mid] <= date) {
      ans = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return ans;
}

/** A typed YYYY-MM-DD date (what the picker shows and accepts), or null. */
export function parseIsoDate(s: string): string | null {
  const m = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$/.exec(s);
  if (!m) return null;
  const iso = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  const t = Date.parse(iso + 'T00:00:00Z');
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === iso ? iso : null;
}

export interface SectorSummary {
  meanPre: number;
  meanPost: number;
  meanAbsErr: number;
  daysOutside: number;
  lastTarget: number;
}

/** Averages of one sector's exposures over the run and the days spent outside its band. */
export function summariseSector(s: Sector): SectorSummary {
  const n = s.postHedge.length;
  let pre = 0,
    post = 0,
    err = 0,
    out = 0;
  for (let i = 0; i < n; i++) {
    pre += s.preHedge[i];
    post += s.postHedge[i];
    const e = Math.abs(s.postHedge[i] - s.target[i]);
    err += e;
    if (e > s.tolerance + 1e-12) out++;
  }
  return {
    meanPre: n ? pre / n : 0,
    meanPost: n ? post / n : 0,
    meanAbsErr: n ? err / n : 0,
    daysOutside: out,
    lastTarget: s.target[n - 1] ?? 0,
  };
}

/**
 * Annualised tracking error of `a` against `ref`: std (ddof 1) of the daily return
 * difference over the dates both runs have, times sqrt(252). NaN with < 2 common days.
 */
export function trackingError(a: ResultsJson, ref: ResultsJson): number {
  const refIdx = new Map(ref.dates.map((d, i) => [d, i]));
  const diffs: number[] = [];
  for (let i = 1; i < a.dates.length; i++) {
    const j = refIdx.get(a.dates[i]);
    if (j === undefined || j === 0) continue;
    diffs.push(a.series.dailyReturn[i] - ref.series.dailyReturn[j]);
  }
  if (diffs.length < 2) return NaN;
  const mean = diffs.reduce((x, y) => x + y, 0) / diffs.length;
  const v = diffs.reduce((x, y) => x + (y - mean) ** 2, 0) / (diffs.length - 1);
  return Math.sqrt(v) * Math.sqrt(252);
}

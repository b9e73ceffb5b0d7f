// "Did you mean ...?" suggestions: case-insensitive Levenshtein distance.

export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (!a.length) return b.length;
  if (!b.length) return a.length;
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length];
}

/**
 * The candidate closest to `name`, or undefined when nothing is plausibly meant
 * (distance above max(2, 40% of the longer name)). Ties keep the earlier candidate.
 */
export function nearest(name: string, candidates: Iterable<string>): string | undefined {
  // No key, sector or ticker is this long; Levenshtein on a pasted blob would take seconds.
  if (name.length > 200) return undefined;
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const cl = c.toLowerCase();
    let d = levenshtein(lower, cl);
    // A prefix or containment ("Tech" for "Technology") is a strong hint.
    if (d > 2 && lower.length >= 3 && (cl.startsWith(lower) || lower.startsWith(cl))) d = 2;
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  if (best === undefined) return undefined;
  const limit = Math.max(2, Math.ceil(0.4 * Math.max(name.length, best.length)));
  return bestD <= limit ? best : undefined;
}

export function didYouMean(name: string, candidates: Iterable<string>): string {
  const n = nearest(name, candidates);
  return n ? ` Did you mean "${n}"?` : '';
}

// The NYSE trading calendar (weekdays less the usual full-day holidays).

function iso(y: number, m: number, d: number): string {
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
function weekday(y: number, m: number, d: number): number {
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}
function nthWeekday(y: number, m: number, dow: number, n: number): string {
  const first = weekday(y, m, 1);
  return iso(y, m, 1 + ((dow - first + 7) % 7) + 7 * (n - 1));
}
function lastWeekday(y: number, m: number, dow: number): string {
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const last = weekday(y, m, days);
  return iso(y, m, days - ((last - dow + 7) % 7));
}
/** A fixed-date holiday falling on a weekend is observed on the nearest weekday. */
function observed(y: number, m: number, d: number): string {
  const t = new Date(Date.UTC(y, m - 1, d));
  const w = t.getUTCDay();
  if (w === 6) t.setUTCDate(d - 1);
  else if (w === 0) t.setUTCDate(d + 1);
  return t.toISOString().slice(0, 10);
}
function easter(y: number): Date {
  // Anonymous Gregorian algorithm.
  const a = y % 19,
    b = Math.floor(y / 100),
    c = y % 100,
    d = Math.floor(b / 4),
    e = b % 4;
  const f = Math.floor((b + 8) / 25),
    g = Math.floor((b - f + 1) / 3),
    h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4),
    k = c % 4,
    l = (32 + 2 * e + 2 * i - h - k) % 7,
    m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31),
    day = ((h + l - 7 * m + 114) % 31) + 1;
  return new Date(Date.UTC(y, month - 1, day));
}
/** NYSE full-day holidays (the usual ones; enough for realistic 252-day years). */
function nyseHolidays(y: number): Set<string> {
  const goodFriday = easter(y);
  goodFriday.setUTCDate(goodFriday.getUTCDate() - 2);
  const h = [
    observed(y, 1, 1),
    nthWeekday(y, 1, 1, 3),
    nthWeekday(y, 2, 1, 3),
    goodFriday.toISOString().slice(0, 10),
    lastWeekday(y, 5, 1),
    observed(y, 7, 4),
    nthWeekday(y, 9, 1, 1),
    nthWeekday(y, 11, 4, 4),
    observed(y, 12, 25),
  ];
  if (y >= 2022) h.push(observed(y, 6, 19));
  if (y === 2018) h.push('2018-12-05');
  return new Set(h);
}
export function tradingDays(first: string, last: string): string[] {
  const out: string[] = [];
  const t = new Date(`${first}T00:00:00Z`);
  const end = new Date(`${last}T00:00:00Z`);
  let year = -1;
  let holidays = new Set<string>();
  while (t <= end) {
    if (t.getUTCFullYear() !== year) {
      year = t.getUTCFullYear();
      holidays = nyseHolidays(year);
    }
    const w = t.getUTCDay();
    const s = t.toISOString().slice(0, 10);
    if (w !== 0 && w !== 6 && !holidays.has(s)) out.push(s);
    t.setUTCDate(t.getUTCDate() + 1);
  }
  return out;
}

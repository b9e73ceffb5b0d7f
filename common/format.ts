// Number formatting, one copy for every surface: the terminal (`n/a` for a missing value,
// exact decimals: fixed, pct, num, times, int, money) and the results panel and report
// (`–` for a missing value, en-US grouping: fmtPct, fmtNum, fmtInt, fmtMoney, fmtRatio,
// fmtCompact). Both print a value that rounds to zero without a sign ("-0.00" reads as a bug).

/** A rounded value of zero prints without a sign. */
const noNegZero = (s: string): string => (/^-0(\.0*)?$/.test(s) ? s.slice(1) : s);

// ---- terminal --------------------------------------------------------------------------

/** toFixed without "-0.00": a value that rounds to zero prints unsigned. */
export function fixed(x: number, digits: number): string {
  return noNegZero(x.toFixed(digits));
}

export function pct(x: number, digits = 2): string {
  return Number.isFinite(x) ? `${fixed(x * 100, digits)}%` : 'n/a';
}

export function num(x: number, digits = 2): string {
  return Number.isFinite(x) ? fixed(x, digits) : 'n/a';
}

/** A multiple such as turnover: "3.21x", or "n/a" (never "n/ax"). */
export function times(x: number, digits = 2): string {
  return Number.isFinite(x) ? `${fixed(x, digits)}x` : 'n/a';
}

export function int(x: number): string {
  return Number.isFinite(x) ? (Math.round(x) || 0).toLocaleString('en-US') : 'n/a';
}

export function money(x: number): string {
  if (!Number.isFinite(x)) return 'n/a';
  const s = Math.abs(x).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return `${x < 0 && s !== '0.00' ? '-' : ''}$${s}`;
}

// ---- panel and report -----------------------------------------------------------------

const money0 = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const num2 = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const int0 = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

const bad = (x: number | null | undefined): x is null | undefined => x === null || x === undefined || !Number.isFinite(x);

export const fmtPct = (x: number | null | undefined, digits = 2): string => (bad(x) ? '–' : `${noNegZero((x * 100).toFixed(digits))}%`);
export const fmtNum = (x: number | null | undefined): string => (bad(x) ? '–' : noNegZero(num2.format(x)));
export const fmtInt = (x: number | null | undefined): string => (bad(x) ? '–' : noNegZero(int0.format(x)));
export const fmtMoney = (x: number | null | undefined): string => (bad(x) ? '–' : noNegZero(money0.format(x)));
export const fmtRatio = (x: number | null | undefined): string => (bad(x) ? '–' : noNegZero(x.toFixed(2)));

/** Compact currency for axes: 10.2M, 950k. */
export function fmtCompact(x: number): string {
  const a = Math.abs(x);
  if (a >= 1e9) return `${(x / 1e9).toFixed(1)}B`;
  if (a >= 1e6) return `${(x / 1e6).toFixed(a >= 1e7 ? 1 : 2)}M`;
  if (a >= 1e3) return `${(x / 1e3).toFixed(0)}k`;
  return noNegZero(x.toFixed(0));
}

/** ISO date (YYYY-MM-DD) -> unix seconds at UTC midnight, for uPlot's time axis. */
export const dateToTs = (d: string): number => Date.parse(d + 'T00:00:00Z') / 1000;
export const tsToDate = (t: number): string => new Date(t * 1000).toISOString().slice(0, 10);

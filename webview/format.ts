// Number formatting for cards, tables and chart axes (en-US, fixed decimals).

const money0 = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const num2 = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

const bad = (x: number | null | undefined): x is null | undefined => x === null || x === undefined || !Number.isFinite(x);

/** A rounded value of zero prints without a sign ("-0.0%" reads as a bug). */
const noNegZero = (s: string): string => (/^-0(\.0+)?$/.test(s) ? s.slice(1) : s);

export const fmtPct = (x: number | null | undefined, digits = 2): string => (bad(x) ? '–' : `${noNegZero((x * 100).toFixed(digits))}%`);
export const fmtNum = (x: number | null | undefined): string => (bad(x) ? '–' : noNegZero(num2.format(x)));
export const fmtInt = (x: number | null | undefined): string => (bad(x) ? '–' : noNegZero(int.format(x)));
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

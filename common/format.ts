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

// int and money print what toLocaleString('en-US') prints, without it: the first use of
// Intl loads ICU's data (~12 ms), which a terminal run would otherwise pay for two numbers.

export function int(x: number): string {
  if (!Number.isFinite(x)) return 'n/a';
  const r = Math.round(x) || 0;
  return `${r < 0 ? '-' : ''}${group(decimalParts(Math.abs(r))[0])}`;
}

export function money(x: number): string {
  if (!Number.isFinite(x)) return 'n/a';
  const [whole, cents] = roundHalfExpand(Math.abs(x), 2);
  const s = `${group(whole)}.${cents}`;
  return `${x < 0 && s !== '0.00' ? '-' : ''}$${s}`;
}

/** Integer digits with en-US thousands separators. */
function group(digits: string): string {
  let out = '';
  for (let i = 0; i < digits.length; i++) out += (i > 0 && (digits.length - i) % 3 === 0 ? ',' : '') + digits[i];
  return out;
}

/** The shortest round-trip decimal of a finite a >= 0 (String(a)) as integer and fraction digits, without an exponent. */
function decimalParts(a: number): [string, string] {
  const s = String(a);
  const e = s.indexOf('e');
  if (e < 0) {
    const dot = s.indexOf('.');
    return dot < 0 ? [s, ''] : [s.slice(0, dot), s.slice(dot + 1)];
  }
  const digits = s.slice(0, e).replace('.', ''),
    point = 1 + Number(s.slice(e + 1)); // digits before the point
  if (point <= 0) return ['0', '0'.repeat(-point) + digits];
  return point >= digits.length ? [digits + '0'.repeat(point - digits.length), ''] : [digits.slice(0, point), digits.slice(point)];
}

/** a >= 0 rounded to `places` decimals half away from zero on its shortest decimal, as Intl's default rounding does. */
function roundHalfExpand(a: number, places: number): [string, string] {
  const [whole, frac] = decimalParts(a);
  if (frac.length <= places) return [whole, frac.padEnd(places, '0')];
  const d = (whole + frac.slice(0, places)).split('');
  if (frac.charCodeAt(places) >= 53 /* '5' */) {
    let k = d.length - 1;
    for (; k >= 0 && d[k] === '9'; k--) d[k] = '0';
    if (k < 0) d.unshift('1');
    else d[k] = String(Number(d[k]) + 1);
  }
  const cut = d.length - places;
  return [
    d
      .slice(0, cut)
      .join('')
      .replace(/^0+(?=\d)/, ''),
    d.slice(cut).join(''),
  ];
}

// ---- panel and report -----------------------------------------------------------------

// Made on first use: a terminal run that never shows the panel never loads ICU.
let money0: Intl.NumberFormat | undefined, num2: Intl.NumberFormat | undefined, int0: Intl.NumberFormat | undefined;
const intl0 = (): Intl.NumberFormat => (money0 ??= new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }));
const intl2 = (): Intl.NumberFormat => (num2 ??= new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
const intlInt = (): Intl.NumberFormat => (int0 ??= new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }));

const bad = (x: number | null | undefined): x is null | undefined => x === null || x === undefined || !Number.isFinite(x);

export const fmtPct = (x: number | null | undefined, digits = 2): string => (bad(x) ? '–' : `${noNegZero((x * 100).toFixed(digits))}%`);
export const fmtNum = (x: number | null | undefined): string => (bad(x) ? '–' : noNegZero(intl2().format(x)));
export const fmtInt = (x: number | null | undefined): string => (bad(x) ? '–' : noNegZero(intlInt().format(x)));
export const fmtMoney = (x: number | null | undefined): string => (bad(x) ? '–' : noNegZero(intl0().format(x)));
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

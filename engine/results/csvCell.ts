// One CSV cell format for every CSV we write (--out, Export, the panel's table exports,
// sweep tables): numbers at full precision, NaN/null as empty, RFC 4180 quoting, and a
// text cell that a spreadsheet would run as a formula (OWASP "CSV injection") prefixed
// with ' so it is shown instead. Pure, no imports: the webview uses it.

const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * A text starting with = + - @ (or a tab / CR some programs strip first) gets a leading
 * apostrophe; a plain number written as text ("-3", "+1.5e3") stays; "-2+3" does not.
 */
export function neutraliseFormula(s: string): string {
  const c = s.charCodeAt(0);
  // = + - @ \t \r
  return (c === 61 || c === 43 || c === 45 || c === 64 || c === 9 || c === 13) && !PLAIN_NUMBER.test(s) ? "'" + s : s;
}

/** A CSV cell. */
export function cell(v: string | number | null | undefined): string {
  if (typeof v === 'number') return v - v === 0 ? '' + v : '';
  if (v === null || v === undefined) return '';
  const s = neutraliseFormula(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** `cell` for any value (booleans and other values as their text). */
export function csvCell(v: unknown): string {
  return cell(v === null || v === undefined || typeof v === 'number' || typeof v === 'string' ? v : String(v));
}

// One CSV cell format for every CSV we write (--out, Export, the panel's table exports):
// numbers at full precision, NaN/null as empty, RFC 4180 quoting, and a text cell that
// starts with = + - @ tab or CR prefixed with ' so a spreadsheet shows it instead of
// running it as a formula (OWASP "CSV injection"). Pure, no imports: the webview uses it.

/** A CSV cell. */
export function cell(v: string | number | null | undefined): string {
  if (typeof v === 'number') return v - v === 0 ? '' + v : '';
  if (v === null || v === undefined) return '';
  const c = v.charCodeAt(0);
  // = + - @ \t \r
  const s = c === 61 || c === 43 || c === 45 || c === 64 || c === 9 || c === 13 ? "'" + v : v;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

// THE CSV cell encoder for every CSV the project writes (`--out` files, Export from the
// panel, the panel's copy/save of a table). Pure (no fs), so the webview bundles it too.

const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * A cell that a spreadsheet would run as a formula (=, +, -, @, or a leading tab / CR
 * that some programs strip first) gets a leading apostrophe; a plain number written as
 * text ("-3", "+1.5e3") stays as it is; "-2+3" does not.
 */
export function neutraliseFormula(s: string): string {
  return /^[=+\-@\t\r]/.test(s) && !PLAIN_NUMBER.test(s) ? `'${s}` : s;
}

/** Numbers at full precision, NaN/Infinity/null as empty, text formula-safe and quoted when needed (RFC 4180). */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  const s = neutraliseFormula(String(v));
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

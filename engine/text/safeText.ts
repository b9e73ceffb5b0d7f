// Data strings (tickers, sector names, cells, file lines) reach terminals, reports, the
// panel and spreadsheets. One place makes them harmless to show: control characters
// (terminal escape sequences), bidi overrides (U+202E reverses a warning's text) and
// unbounded length (a 50 MB line must not become a 50 MB message).

/** Longest run of a data string quoted in a message. */
export const MAX_QUOTED_CHARS = 200;

// C0 controls except tab/newline are escaped in display text; C1, DEL, bidi embeddings,
// overrides, isolates and marks, line/paragraph separators, and BOM / zero-width no-break space.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069\uFEFF]/g;
// eslint-disable-next-line no-control-regex
const UNSAFE_ONE_LINE = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069\uFEFF]/g;

const escapeChar = (ch: string) => `\\u${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;

/** True when `s` holds a character that `displaySafe` would escape. */
export function hasUnsafeChars(s: string): boolean {
  UNSAFE.lastIndex = 0;
  return UNSAFE.test(s);
}

/** Control and bidi characters written as visible `\u001B` escapes; tabs and newlines kept. */
export function displaySafe(s: string): string {
  return s.replace(UNSAFE, escapeChar);
}

/** As displaySafe, and tabs / line breaks escaped too: for one-line output (a table cell, a terminal line). */
export function displaySafeLine(s: string): string {
  return s.replace(UNSAFE_ONE_LINE, escapeChar);
}

/** At most `max` characters of `s`, with how much was left out. */
export function clip(s: string, max = MAX_QUOTED_CHARS): string {
  if (s.length <= max) return s;
  return `${s.slice(0, max)}… (${s.length - max} more characters)`;
}

/** A data string for a message: clipped to MAX_QUOTED_CHARS and made safe to show on one line. */
export function quoteData(s: string, max = MAX_QUOTED_CHARS): string {
  return displaySafeLine(clip(s, max));
}

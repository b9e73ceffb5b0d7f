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

/**
 * Makes every string inside a JSON-like value display-safe, in place (typed arrays and
 * numbers are skipped; only strings that need it are replaced). For results data about to
 * be shown: the panel and the report render tickers, sectors and warnings from it.
 */
export function makeStringsDisplaySafe<T>(value: T): T {
  const seen = new Set<object>();
  const visit = (v: unknown): unknown => {
    if (typeof v === 'string') return hasUnsafeChars(v) ? displaySafe(v) : v;
    if (!v || typeof v !== 'object' || ArrayBuffer.isView(v) || seen.has(v)) return v;
    seen.add(v);
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) { const x = v[i]; if (typeof x === 'string' || (x && typeof x === 'object')) v[i] = visit(x); }
      return v;
    }
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      const x = o[k];
      const nv = typeof x === 'string' || (x && typeof x === 'object') ? visit(x) : x;
      // Keys too (a map by ticker must still find the escaped ticker).
      if (hasUnsafeChars(k)) { delete o[k]; o[displaySafe(k)] = nv; } else if (nv !== x) o[k] = nv;
    }
    return v;
  };
  return visit(value) as T;
}

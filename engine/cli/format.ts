// Number formatting and plain-text tables for terminal output.

/** toFixed without "-0.00": a value that rounds to zero prints unsigned. */
export function fixed(x: number, digits: number): string {
  const s = x.toFixed(digits);
  return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s;
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

/** Left-aligned first column, right-aligned others; `header` first, then a rule. */
export function table(header: string[], rows: string[][], indent = ''): string {
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => (r[j] ?? '').length)));
  const line = (cells: string[]) => indent + cells.map((c, j) => (j === 0 ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join('  ').trimEnd();
  return [line(header), indent + widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n') + '\n';
}

/** Two-column label/value list. */
export function pairs(items: [string, string][], indent = '  '): string {
  const w = Math.max(...items.map(([k]) => k.length));
  return items.map(([k, v]) => `${indent}${k.padEnd(w)}  ${v}`).join('\n') + '\n';
}

// Plain-text tables for terminal output.

/** Left-aligned first column, right-aligned others; `header` first, then a rule. */
export function table(header: string[], rows: string[][], indent = ''): string {
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => (r[j] ?? '').length)));
  const line = (cells: string[]) =>
    indent +
    cells
      .map((c, j) => (j === 0 ? c.padEnd(widths[j]) : c.padStart(widths[j])))
      .join('  ')
      .trimEnd();
  return [line(header), indent + widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n') + '\n';
}

/** Two-column label/value list. */
export function pairs(items: [string, string][], indent = '  '): string {
  const w = Math.max(...items.map(([k]) => k.length));
  return items.map(([k, v]) => `${indent}${k.padEnd(w)}  ${v}`).join('\n') + '\n';
}

import { closeSync, openSync, writeSync } from 'node:fs';

/** A CSV cell: numbers at full precision, NaN/null as empty, text quoted when needed. */
export function cell(v: string | number | null | undefined): string {
  if (typeof v === 'number') return v - v === 0 ? '' + v : '';
  if (v === null || v === undefined) return '';
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Writes a CSV in chunks, so a large positions file never becomes one giant string. */
export class CsvWriter {
  private readonly fd: number;
  private buf: string[] = [];
  private size = 0;

  constructor(file: string, header: readonly string[]) {
    this.fd = openSync(file, 'w');
    this.row(header);
  }

  row(cells: readonly (string | number | null | undefined)[]): void {
    const line = cells.map(cell).join(',') + '\n';
    this.buf.push(line);
    this.size += line.length;
    if (this.size > 1 << 20) this.flush();
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }

  private flush(): void {
    if (this.buf.length) writeSync(this.fd, this.buf.join(''));
    this.buf = [];
    this.size = 0;
  }
}

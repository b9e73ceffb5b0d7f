import { closeSync, openSync, writeSync } from 'node:fs';
import { csvCell } from './csvCell';

/** A CSV cell (see csvCell.ts: formula-safe, RFC 4180 quoting). */
export const cell: (v: string | number | null | undefined) => string = csvCell;

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

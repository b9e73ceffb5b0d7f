// A CSV writer that formats straight into a byte buffer: numbers through writeNumber (the
// characters of String(x), so every double reads back exactly), text cells encoded once
// and reused (tickers, dates, reasons repeat on every row), and the buffer written to the
// file in 1 MB chunks. No string or array per cell or row: the --out files of a large run
// hold tens of millions of cells.
import { closeSync, openSync, writeSync } from 'node:fs';
import { cell } from './csv';
import { MAX_NUMBER_BYTES, writeNumber } from './numberBytes';

const CHUNK = 1 << 20;
const COMMA = 44, NEWLINE = 10;

/** The bytes of a text cell, quoted as `cell()` quotes it. */
export function textCell(s: string | null | undefined): Uint8Array {
  return Buffer.from(cell(s), 'utf8');
}

/** Encodes each distinct text once (the list of tickers, dates, sectors of a run). */
export function textCells(list: readonly (string | null)[]): Uint8Array[] {
  return list.map(textCell);
}

export class ByteCsvWriter {
  private readonly fd: number;
  private readonly buf = Buffer.allocUnsafe(CHUNK + 4096);
  private pos = 0;
  private first = true;

  constructor(file: string, header: readonly string[]) {
    this.fd = openSync(file, 'w');
    for (const h of header) this.text(textCell(h));
    this.end();
  }

  /** A number cell: String(x) for finite x, empty for NaN and infinities. */
  num(x: number): void {
    if (this.pos > this.buf.length - MAX_NUMBER_BYTES - 1) this.flush();
    if (!this.first) this.buf[this.pos++] = COMMA;
    this.first = false;
    if (x - x === 0) this.pos = writeNumber(x, this.buf, this.pos);
  }

  /** A text cell already encoded (textCell). */
  text(bytes: Uint8Array): void {
    if (!this.first) this.buf[this.pos++] = COMMA;
    this.first = false;
    if (this.pos + bytes.length > this.buf.length - MAX_NUMBER_BYTES) this.flush();
    if (bytes.length > this.buf.length) { writeSync(this.fd, bytes); return; }
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  /** Ends the row; writes the buffer out once it holds a chunk. */
  end(): void {
    this.buf[this.pos++] = NEWLINE;
    this.first = true;
    if (this.pos >= CHUNK) this.flush();
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }

  private flush(): void {
    let off = 0;
    while (off < this.pos) off += writeSync(this.fd, this.buf, off, this.pos - off);
    this.pos = 0;
  }
}

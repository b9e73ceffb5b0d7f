// A CSV writer that formats straight into a byte buffer: numbers through writeNumber (the
// characters of String(x), so every double reads back exactly), text cells encoded once
// and reused (tickers, dates, reasons repeat on every row), and the buffer written to the
// file in 1 MB chunks. No string or array per cell or row: the --out files of a large run
// hold tens of millions of cells.
import { closeSync, openSync, writeSync } from 'node:fs';
import { cell } from './csvCell';
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

/** Where a writer's bytes go: a file, or memory (Export builds the files as strings). */
export interface ByteSink {
  write(bytes: Uint8Array, offset: number, length: number): void;
  close(): void;
}

/** A file opened for writing (`append`: after what it holds). */
export function fileSink(file: string, append = false): ByteSink {
  const fd = openSync(file, append ? 'a' : 'w');
  return {
    write(bytes, offset, length) { let off = offset; const end = offset + length; while (off < end) off += writeSync(fd, bytes, off, end - off); },
    close() { closeSync(fd); },
  };
}

/** Bytes collected in memory; text() is the content once closed. */
export class MemorySink implements ByteSink {
  private readonly parts: Buffer[] = [];
  write(bytes: Uint8Array, offset: number, length: number): void { this.parts.push(Buffer.from(bytes.subarray(offset, offset + length))); }
  close(): void { /* nothing to release */ }
  text(): string { return Buffer.concat(this.parts).toString('utf8'); }
  /** Writes the bytes into `sink`, then closes it. */
  writeTo(sink: ByteSink): void {
    for (const p of this.parts) sink.write(p, 0, p.length);
    sink.close();
  }
}

export class ByteCsvWriter {
  private readonly sink: ByteSink;
  private readonly buf = Buffer.allocUnsafe(CHUNK + 4096);
  private pos = 0;
  private first = true;

  /** `target`: a file path, or a sink; `header` null: rows only (the rest of a file). */
  constructor(target: string | ByteSink, header: readonly string[] | null) {
    this.sink = typeof target === 'string' ? fileSink(target) : target;
    if (!header) return;
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
    const n = bytes.length;
    if (n > this.buf.length) { this.sink.write(bytes, 0, n); return; }
    if (n > 32) this.buf.set(bytes, this.pos);
    else for (let k = 0, at = this.pos; k < n; k++) this.buf[at + k] = bytes[k]; // set() costs a call into C++; cells are short
    this.pos += n;
  }

  /** Ends the row; writes the buffer out once it holds a chunk. */
  end(): void {
    this.buf[this.pos++] = NEWLINE;
    this.first = true;
    if (this.pos >= CHUNK) this.flush();
  }

  close(): void {
    this.flush();
    this.sink.close();
  }

  private flush(): void {
    if (this.pos) this.sink.write(this.buf, 0, this.pos);
    this.pos = 0;
  }
}

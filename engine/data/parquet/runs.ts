// A long file's date and ticker chunks kept as runs instead of one value per row: the
// dictionary pages' RLE runs (one value for many rows) and bit-packed runs (their packed
// indices copied out of the page memory, 13 bits a row for W2's dates instead of an
// Int32 row written and read again). Rows of any other page (plain, with nulls, an
// unusual width) stay decoded in the chunk's array as before. long.ts walks the runs
// beside each value page: a ticker's run against a run of packed dates goes through one
// loop that unpacks each date as it stores the price (longScatter.ts); anything else is
// first written into the arrays (materialize) and takes the row-by-row path.

/** Rows decoded in the chunk's own array (by decodeFlat). */
export const EXPLICIT = 0;
/** Rows that all hold `val`. */
export const CONSTANT = 1;
/** Rows whose dictionary indices are packed at bit `val` of `bytes`, `width` bits each. */
export const PACKED = 2;

export class Runs {
  /** Runs in row order: [first row, stop) of run k is [stop[k - 1] (0 for k = 0), stop[k]). */
  n = 0;
  stop = new Int32Array(256);
  kind = new Uint8Array(256);
  val = new Int32Array(256);
  width = new Uint8Array(256);
  dcs: Int32Array[] = [];
  /** Packed indices of every PACKED run (4 spare bytes after each, for the 4-byte reads). */
  bytes = new Uint8Array(1 << 16);
  view = new DataView(this.bytes.buffer);
  private used = 0;
  /** Run holding the last row asked for (rows are asked for in order). */
  private at = 0;

  /** Empties the table for the next row group. */
  reset(): void {
    this.n = 0;
    this.used = 0;
    this.at = 0;
    this.dcs.length = 0;
  }

  /** Rows covered so far. */
  get end(): number {
    return this.n ? this.stop[this.n - 1] : 0;
  }

  private push(stop: number, kind: number, val: number, width = 0, dc?: Int32Array): void {
    if (this.n === this.stop.length) {
      const grow = <T extends Int32Array | Uint8Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2);
        b.set(a);
        return b;
      };
      this.stop = grow(this.stop);
      this.kind = grow(this.kind);
      this.val = grow(this.val);
      this.width = grow(this.width);
    }
    const k = this.n++;
    this.stop[k] = stop;
    this.kind[k] = kind;
    this.val[k] = val;
    this.width[k] = width;
    this.dcs[k] = dc as Int32Array;
  }

  /**
   * A dictionary page's `count` indices (RLE/bit-packed runs of `width` bits in
   * b[pos, end)) for rows [row, row + count), taken as runs through the converted
   * dictionary `dc`. False (nothing kept) when a run is cut short or an RLE value is past
   * the dictionary: decodeFlat then decodes the page itself and reports the problem.
   * An index in a packed run is checked when it is read.
   */
  packed(b: Uint8Array, pos: number, end: number, width: number, dc: Int32Array, row: number, count: number): boolean {
    if (row > this.end) this.push(row, EXPLICIT, 0);
    const n0 = this.n,
      used0 = this.used,
      bytesPerValue = (width + 7) >> 3;
    let seen = 0;
    while (seen < count) {
      if (pos >= end) return this.undo(n0, used0);
      let header = 0,
        shift = 0,
        byte: number;
      do {
        byte = b[pos++];
        header |= (byte & 0x7f) << shift;
        shift += 7;
      } while (byte & 0x80 && shift < 35);
      if (header & 1) {
        const groups = header >>> 1,
          n = Math.min(groups * 8, count - seen),
          len = (n * width + 7) >> 3;
        if (!n) return this.undo(n0, used0);
        if (pos + len > end) return this.undo(n0, used0);
        this.room(len + 4);
        this.bytes.set(b.subarray(pos, pos + len), this.used);
        this.push(row + seen + n, PACKED, this.used * 8, width, dc);
        this.used += len + 4;
        seen += n;
        pos += groups * width;
      } else {
        const n = Math.min(header >>> 1, count - seen);
        let v = 0;
        for (let k = 0; k < bytesPerValue; k++) v |= b[pos++] << (8 * k);
        if (v >= dc.length || pos > end) return this.undo(n0, used0);
        if (n) this.push(row + seen + n, CONSTANT, dc[v]);
        seen += n;
      }
    }
    return true;
  }

  private undo(n: number, used: number): false {
    this.n = n;
    this.used = used;
    return false;
  }

  private room(len: number): void {
    if (this.used + len <= this.bytes.length) return;
    const b = new Uint8Array(Math.max(this.bytes.length * 2, this.used + len));
    b.set(this.bytes.subarray(0, this.used));
    this.bytes = b;
    this.view = new DataView(b.buffer);
  }

  /** Closes the row group's table: rows after the last run are in the chunk's array. */
  finish(rows: number): void {
    if (rows > this.end) this.push(rows, EXPLICIT, 0);
  }

  /** The run holding row i (rows are asked for in increasing order within a row group). */
  runAt(i: number): number {
    let k = this.at;
    while (this.stop[k] <= i) k++;
    return (this.at = k);
  }

  /** First row of run k. */
  first(k: number): number {
    return k ? this.stop[k - 1] : 0;
  }

  /**
   * Rows [from, to) of the runs written into `out` (the chunk's array, which already
   * holds the EXPLICIT rows). Null, or what is wrong (a packed index past its
   * dictionary, in the words decodeFlat uses).
   */
  materialize(out: Int32Array, from: number, to: number): string | null {
    for (let i = from; i < to;) {
      const k = this.runAt(i),
        stop = Math.min(this.stop[k], to),
        kind = this.kind[k];
      if (kind === CONSTANT) out.fill(this.val[k], i, stop);
      else if (kind === PACKED) {
        const w = this.width[k],
          dc = this.dcs[k];
        if (!unpack(this.view, this.val[k] + (i - this.first(k)) * w, w, dc, out, i, stop))
          return `the dictionary indices end early or are out of range (${dc.length} entries)`;
      }
      i = stop;
    }
    return null;
  }
}

/** out[from, to) = dc[index] for the packed indices from bit `bit` on; false when one is past dc. */
function unpack(dv: DataView, bit: number, width: number, dc: Int32Array, out: Int32Array, from: number, to: number): boolean {
  const mask = (1 << width) - 1,
    size = dc.length;
  for (let i = from; i < to; i++, bit += width) {
    const e = (dv.getUint32(bit >>> 3, true) >>> (bit & 7)) & mask;
    if (e >= size) return false;
    out[i] = dc[e];
  }
  return true;
}

// Parquet's RLE / bit-packed hybrid encoding (definition levels, dictionary indices)
// decoded into an Int32Array, and the per-row loops that scatter a page into a column.
// hyparquet's decoder writes into any array one getUint8 at a time; this one keeps a bit
// buffer and fills runs with Int32Array.fill, which matters at 15 M rows. Each loop here
// sees one array type only (Float64Array or Int32Array), so V8 keeps it monomorphic.

/**
 * Decodes `count` values of bit width `width` from `b[pos, end)` into `out` (from 0).
 * Returns false when the runs end early (a damaged page).
 */
export function decodeHybrid(b: Uint8Array, pos: number, end: number, width: number, out: Int32Array, count: number): boolean {
  if (width > 32) return false;
  // Wider than 24 bits (a dictionary of over 16 M entries) the bit buffer below would
  // overflow: those runs are read by unpackWide, and a value of 2^31 or more is damage.
  const wide = width > 24;
  const mask = (1 << width) - 1,
    bytesPerValue = (width + 7) >> 3;
  let seen = 0;
  while (seen < count) {
    if (pos >= end) return false;
    let header = 0,
      shift = 0,
      byte: number;
    do {
      byte = b[pos++];
      header |= (byte & 0x7f) << shift;
      shift += 7;
    } while (byte & 0x80 && shift < 35);
    if (header & 1) {
      // Bit-packed: (header >> 1) groups of 8 values, `width` bytes per group.
      const groups = header >>> 1,
        n = Math.min(groups * 8, count - seen);
      if (wide) {
        if (!unpackWide(b, pos, end, width, out, seen, n)) return false;
        seen += n;
      } else {
        let buf = 0,
          bits = 0,
          p = pos;
        for (let k = 0; k < n; k++) {
          while (bits < width) {
            buf |= (p < end ? b[p] : 0) << bits;
            p++;
            bits += 8;
          }
          out[seen++] = buf & mask;
          buf >>>= width;
          bits -= width;
        }
      }
      pos += groups * width;
    } else {
      const n = Math.min(header >>> 1, count - seen);
      if (pos + bytesPerValue > end) return false;
      let v = 0;
      for (let k = 0; k < bytesPerValue; k++) v |= b[pos++] << (8 * k);
      // 4 bytes of 2^31 or more read as negative: not an index.
      if (v < 0) return false;
      out.fill(v, seen, seen + n);
      seen += n;
    }
  }
  return true;
}

/**
 * n values of a bit-packed run `width` bits wide (25-32) from b[pos] into out[at...], each
 * read from its 5 bytes with float arithmetic (exact below 2^53); bytes past `end` read as
 * zero, as in decodeHybrid. False when a value is 2^31 or more.
 */
function unpackWide(b: Uint8Array, pos: number, end: number, width: number, out: Int32Array, at: number, n: number): boolean {
  const span = 2 ** width;
  for (let k = 0; k < n; k++) {
    const bit = k * width,
      p = pos + (bit >> 3);
    let acc = 0;
    for (let i = 4; i >= 0; i--) acc = acc * 256 + (p + i < end ? b[p + i] : 0);
    const v = Math.floor(acc / 2 ** (bit & 7)) % span;
    if (v > 0x7fffffff) return false;
    out[at + k] = v;
  }
  return true;
}

/**
 * Whether a bit-packed run of n values of `width` bits from b[pos] lies before `end` and
 * every 4-byte read of it inside the buffer (`room` bytes from b[0]).
 */
function fits(pos: number, end: number, width: number, n: number, room: number): boolean {
  return width <= 24 && pos + ((n * width + 7) >> 3) <= end && pos + (((n - 1) * width) >> 3) + 4 <= room;
}

/**
 * A dictionary-encoded run of `count` indices decoded straight into `out[at...]` through
 * the converted dictionary `dc` (no index array, one pass; a run of one ticker is a fill).
 * Returns false when an index is out of range or the runs end early.
 */
export function dictRunsI32(
  b: Uint8Array,
  pos: number,
  end: number,
  width: number,
  dc: Int32Array,
  out: Int32Array,
  at: number,
  count: number,
): boolean {
  const mask = (1 << width) - 1,
    bytesPerValue = (width + 7) >> 3,
    size = dc.length;
  // Bytes of b's buffer from b[0] on (a 4-byte read may run past the page: its extra bits are masked off).
  const room = b.buffer.byteLength - b.byteOffset,
    dv = new DataView(b.buffer, b.byteOffset, room);
  let seen = 0;
  while (seen < count) {
    if (pos >= end) return false;
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
        n = Math.min(groups * 8, count - seen);
      if (n && fits(pos, end, width, n, room)) {
        // A 4-byte read holds each value (width <= 24 plus a shift of at most 7 bits).
        const o = at + seen;
        for (let k = 0, bit = pos * 8; k < n; k++, bit += width) {
          const e = (dv.getUint32(bit >>> 3, true) >>> (bit & 7)) & mask;
          if (e >= size) return false;
          out[o + k] = dc[e];
        }
        seen += n;
        pos += groups * width;
        continue;
      }
      let buf = 0,
        bits = 0,
        p = pos;
      for (let k = 0; k < n; k++) {
        while (bits < width) {
          buf |= (p < end ? b[p] : 0) << bits;
          p++;
          bits += 8;
        }
        const e = buf & mask;
        if (e >= size) return false;
        out[at + seen++] = dc[e];
        buf >>>= width;
        bits -= width;
      }
      pos += groups * width;
    } else {
      const n = Math.min(header >>> 1, count - seen);
      let v = 0;
      for (let k = 0; k < bytesPerValue; k++) v |= b[pos++] << (8 * k);
      if (v >= size) return false;
      out.fill(dc[v], at + seen, at + seen + n);
      seen += n;
    }
  }
  return true;
}

/**
 * dictRunsI32 for a number column (dictionary-encoded doubles, as pyarrow writes them). A copy
 * rather than one function over both array kinds, so each hot loop sees a single typed-array
 * kind and V8 keeps its element accesses monomorphic.
 */
export function dictRunsF64(
  b: Uint8Array,
  pos: number,
  end: number,
  width: number,
  dc: Float64Array,
  out: Float64Array,
  at: number,
  count: number,
): boolean {
  const mask = (1 << width) - 1,
    bytesPerValue = (width + 7) >> 3,
    size = dc.length;
  // Bytes of b's buffer from b[0] on (a 4-byte read may run past the page: its extra bits are masked off).
  const room = b.buffer.byteLength - b.byteOffset,
    dv = new DataView(b.buffer, b.byteOffset, room);
  let seen = 0;
  while (seen < count) {
    if (pos >= end) return false;
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
        n = Math.min(groups * 8, count - seen);
      if (n && fits(pos, end, width, n, room)) {
        // A 4-byte read holds each value (width <= 24 plus a shift of at most 7 bits).
        const o = at + seen;
        for (let k = 0, bit = pos * 8; k < n; k++, bit += width) {
          const e = (dv.getUint32(bit >>> 3, true) >>> (bit & 7)) & mask;
          if (e >= size) return false;
          out[o + k] = dc[e];
        }
        seen += n;
        pos += groups * width;
        continue;
      }
      let buf = 0,
        bits = 0,
        p = pos;
      for (let k = 0; k < n; k++) {
        while (bits < width) {
          buf |= (p < end ? b[p] : 0) << bits;
          p++;
          bits += 8;
        }
        const e = buf & mask;
        if (e >= size) return false;
        out[at + seen++] = dc[e];
        buf >>>= width;
        bits -= width;
      }
      pos += groups * width;
    } else {
      const n = Math.min(header >>> 1, count - seen);
      let v = 0;
      for (let k = 0; k < bytesPerValue; k++) v |= b[pos++] << (8 * k);
      if (v >= size) return false;
      out.fill(dc[v], at + seen, at + seen + n);
      seen += n;
    }
  }
  return true;
}

/** Largest entry of an index array (to check dictionary indices once per page). */
export function maxOf(a: Int32Array): number {
  let m = -1;
  for (let i = 0; i < a.length; i++) if (a[i] > m) m = a[i];
  return m;
}

/** Dictionary page -> number column: out[at + i] = dc[idx[k]] (NaN where levels[i] is 0). */
export function dictToF64(out: Float64Array, at: number, n: number, idx: Int32Array, levels: Int32Array | null, dc: Float64Array): void {
  if (!levels) {
    for (let i = 0; i < n; i++) out[at + i] = dc[idx[i]];
    return;
  }
  for (let i = 0, k = 0; i < n; i++) out[at + i] = levels[i] ? dc[idx[k++]] : NaN;
}

/** Dictionary page -> day numbers or string codes (-1 where levels[i] is 0). */
export function dictToI32(out: Int32Array, at: number, n: number, idx: Int32Array, levels: Int32Array | null, dc: Int32Array): void {
  if (!levels) {
    for (let i = 0; i < n; i++) out[at + i] = dc[idx[i]];
    return;
  }
  for (let i = 0, k = 0; i < n; i++) out[at + i] = levels[i] ? dc[idx[k++]] : -1;
}

/** PLAIN doubles with nulls: out[at + i] = vals[k] or NaN. */
export function spreadF64(out: Float64Array, at: number, n: number, vals: Float64Array, levels: Int32Array): void {
  for (let i = 0, k = 0; i < n; i++) out[at + i] = levels[i] ? vals[k++] : NaN;
}

/** Row (within the page) of the first null, or -1. */
export function firstNull(levels: Int32Array | null, n: number): number {
  if (!levels) return -1;
  for (let i = 0; i < n; i++) if (!levels[i]) return i;
  return -1;
}

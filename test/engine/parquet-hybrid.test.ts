// Parquet's RLE / bit-packed hybrid runs decoded through a dictionary (a long file's date
// and ticker indices): every bit width the fast 4-byte-read path takes, at the very end of
// a buffer (where it must fall back to byte reads), and with an index past the dictionary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeHybrid, dictRunsF64, dictRunsI32 } from '../../engine/data/parquet/hybrid';

/** A bit-packed run (header, then LSB-first values) of `idx` (a multiple of 8 values). */
function bitPacked(idx: number[], width: number): number[] {
  const bytes: number[] = [];
  let header = ((idx.length / 8) << 1) | 1;
  while (header >= 0x80) {
    bytes.push((header & 0x7f) | 0x80);
    header >>>= 7;
  }
  bytes.push(header);
  let acc = 0n,
    bits = 0n;
  for (const v of idx) {
    acc |= BigInt(v) << bits;
    bits += BigInt(width);
    while (bits >= 8n) {
      bytes.push(Number(acc & 0xffn));
      acc >>= 8n;
      bits -= 8n;
    }
  }
  if (bits > 0n) bytes.push(Number(acc));
  return bytes;
}

/** An RLE run of `count` copies of `v`. */
function rle(v: number, count: number, width: number): number[] {
  const out = [count << 1];
  for (let k = 0; k < (width + 7) >> 3; k++) out.push(Math.floor(v / 2 ** (8 * k)) & 0xff);
  return out;
}

test('dictionary indices of every bit width 1-24 decode to their entries, mid-buffer and at its last byte', () => {
  let seed = 7;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  for (let width = 1; width <= 24; width++) {
    const size = Math.min(2 ** width, 5000);
    const dc = Int32Array.from({ length: size }, (_, e) => e * 3 - 7);
    const dcF = Float64Array.from(dc, (x) => x / 4);
    const idx = Array.from({ length: 1000 }, () => rand(size));
    idx[0] = size - 1;
    idx[999] = size - 1;
    const runs = [...bitPacked(idx.slice(0, 496), width), ...rle(idx[496], 8, width), ...bitPacked(idx.slice(504), width)];
    const want = idx.map((e) => dc[e]);
    for (const slack of [0, 16]) {
      // slack 0: the page ends at the run's last byte (no 4-byte read may run past it in a bare buffer).
      const b = new Uint8Array(2 + runs.length + slack);
      b.set(runs, 2);
      const expect = [...want];
      expect.splice(496, 8, ...Array<number>(8).fill(dc[idx[496]]));
      const out = new Int32Array(1003).fill(99);
      assert.equal(dictRunsI32(b, 2, 2 + runs.length, width, dc, out, 3, 1000), true, `width ${width}`);
      assert.deepEqual(Array.from(out.subarray(3)), expect, `width ${width}, slack ${slack}`);
      assert.deepEqual(Array.from(out.subarray(0, 3)), [99, 99, 99]);
      const outF = new Float64Array(1000);
      assert.equal(dictRunsF64(b, 2, 2 + runs.length, width, dcF, outF, 0, 1000), true);
      assert.deepEqual(
        Array.from(outF),
        expect.map((x) => x / 4),
        `width ${width} (doubles)`,
      );
      // A view into a larger buffer: the fast reads may run past the view, never into its values.
      const big = new Uint8Array(b.length + 64);
      big.set(b, 32);
      const view = big.subarray(32, 32 + b.length);
      const out2 = new Int32Array(1000);
      assert.equal(dictRunsI32(view, 2, 2 + runs.length, width, dc, out2, 0, 1000), true);
      assert.deepEqual(Array.from(out2), expect, `width ${width}, view`);
    }
    if (size < 2 ** width) {
      // An index past the dictionary's end fails (the caller reports the page as damaged).
      const bad = [...idx.slice(0, 8)];
      bad[5] = size;
      const b = new Uint8Array([...bitPacked(bad, width), 0, 0, 0, 0]);
      assert.equal(dictRunsI32(b, 0, b.length, width, dc, new Int32Array(8), 0, 8), false, `width ${width}: index ${size}`);
    }
  }
});

test('a bit-packed run cut short by the page end reads as zero bits there, as before', () => {
  // 8 values of width 5, but only 3 of the run's 5 bytes in the page.
  const idx = [1, 2, 3, 4, 5, 6, 7, 8];
  const run = bitPacked(idx, 5);
  const b = new Uint8Array(run.slice(0, 4));
  const dc = Int32Array.from({ length: 32 }, (_, e) => e);
  const out = new Int32Array(8);
  assert.equal(dictRunsI32(b, 0, b.length, 5, dc, out, 0, 8), true);
  assert.deepEqual(Array.from(out.subarray(0, 4)), [1, 2, 3, 4]);
});

test('indices 25-32 bits wide (a dictionary of over 16 M entries) decode exactly; one of 2^31 or more is damage', () => {
  for (let width = 25; width <= 32; width++) {
    const top = Math.min(2 ** width, 2 ** 31) - 1;
    // Values at every bit position of a 32-bit word, the largest index, and zero.
    const idx = Array.from({ length: 64 }, (_, i) => (i === 0 ? top : i === 63 ? 0 : Math.floor((i * 2654435761) % (top + 1))));
    const runs = [...bitPacked(idx.slice(0, 48), width), ...rle(top - 5, 8, width), ...bitPacked(idx.slice(56), width)];
    const out = new Int32Array(64);
    assert.equal(decodeHybrid(new Uint8Array(runs), 0, runs.length, width, out, 64), true, `width ${width}`);
    const want = [...idx];
    want.splice(48, 8, ...Array<number>(8).fill(top - 5));
    assert.deepEqual(Array.from(out), want, `width ${width}`);
  }
  const big = bitPacked([2 ** 31, 1, 2, 3, 4, 5, 6, 7], 32);
  assert.equal(decodeHybrid(new Uint8Array(big), 0, big.length, 32, new Int32Array(8), 8), false);
});

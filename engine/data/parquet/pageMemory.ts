// Where a Parquet file's bytes are read to and its pages decompressed, for the big tables.
// One WebAssembly instance of hysnappy's snappy decoder (snappyWasm.ts) per file, with its
// own memory laid out as
//   [0, BASE)            the decoder's C stack and data
//   [BASE, BASE + in)    the input: a window of the file (read straight into it), or a
//                        page copied in when the file came as bytes
//   [out, out + outCap)  the last decompressed page, decoded where it lands
// so a 100 MB file is neither held whole nor copied page by page into and out of the
// decoder (hysnappy's own uncompressor does both: ~35 % of its time on W2's long file).
// A page's bytes stay valid until the next page is decompressed or the window moves;
// whoever keeps values (a dictionary, a column) copies them.
import { readSync } from 'node:fs';
import { SNAPPY_WASM_BASE64 } from './snappyWasm';

/** hysnappy leaves the first 68 kB of its memory to the C stack and data. */
const BASE = 68_000;
/** Bytes between the input and the output (the decoder never needs them; a margin). */
const SLACK = 64;
const WASM_PAGE = 65_536;
/** The file is read in windows of at least this (a wide file's chunks are ~30 kB each). */
const WINDOW = 2 << 20;

// Node's WebAssembly global, typed here: its types come with the DOM lib, which the layers
// without DOM do not load.
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: unknown };
};
let compiled: object | undefined;

interface SnappyExports {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  uncompress: (input: number, inputLength: number, output: number) => number;
}

export class PageMemory {
  private readonly wasm: SnappyExports;
  private inCap = 0;
  private outAt = BASE;
  private outCap = 0;
  /** The whole memory (recreated when it grows). */
  private u8: Uint8Array;
  /** File bytes [winStart, winEnd) are at BASE (file sources only). */
  private winStart = 0;
  private winEnd = 0;

  constructor() {
    compiled ??= new WebAssembly.Module(Buffer.from(SNAPPY_WASM_BASE64, 'base64'));
    this.wasm = new WebAssembly.Instance(compiled).exports as unknown as SnappyExports;
    this.u8 = new Uint8Array(this.wasm.memory.buffer);
  }

  /** The memory's buffer: a value in it is a view that the next page overwrites. */
  get buffer(): ArrayBufferLike {
    return this.u8.buffer;
  }

  /**
   * Room for `input` bytes of input and an `output`-byte page. Called before a column
   * chunk is decoded (never during: growing the memory detaches every view of it). The
   * window's bytes are kept when only the output grows.
   */
  reserve(input: number, output: number): void {
    if (input <= this.inCap && output <= this.outCap) return;
    const inCap = Math.max(input, this.inCap),
      outCap = Math.max(output, this.outCap);
    const outAt = (BASE + inCap + SLACK + 7) & ~7;
    const need = outAt + outCap + SLACK;
    const mem = this.wasm.memory;
    if (mem.buffer.byteLength < need) mem.grow(Math.ceil((need - mem.buffer.byteLength) / WASM_PAGE));
    this.u8 = new Uint8Array(mem.buffer);
    this.inCap = inCap;
    this.outAt = outAt;
    this.outCap = outCap;
  }

  /**
   * Bytes [start, start + length) of the open file `fd` of `size` bytes, read into the
   * window (a larger slice than asked for, so the next chunks are usually there already).
   * Null when the file ends first. Valid until the next call. `ahead` false reads just the
   * range (a long file's date dictionaries, one per row group, read before any chunk).
   */
  fileRange(fd: number, size: number, start: number, length: number, ahead = true): Uint8Array | null {
    if (start < 0 || start + length > size) return null;
    if (start < this.winStart || start + length > this.winEnd) {
      const want = ahead ? Math.min(size - start, Math.max(length, WINDOW)) : length;
      this.reserve(want, this.outCap);
      let got = 0;
      while (got < want) {
        const n = readSync(fd, this.u8, BASE + got, want - got, start + got);
        if (n === 0) break;
        got += n;
      }
      this.winStart = start;
      this.winEnd = start + got;
      if (got < length) return null;
    }
    const at = BASE + start - this.winStart;
    return this.u8.subarray(at, at + length);
  }

  /**
   * A snappy block decompressed into the output: `size` bytes, valid until the next call.
   * Throws when the block is damaged or does not hold `size` bytes (the caller names the
   * file, row group and column).
   */
  snappy(input: Uint8Array, size: number): Uint8Array {
    if (size > this.outCap) throw new Error(`a page of ${size} bytes is larger than its column chunk says`);
    let at = input.byteOffset;
    if (input.buffer !== this.u8.buffer) {
      // Bytes given whole (not read into the window): copied into the input space.
      this.reserve(input.length, this.outCap);
      this.u8.set(input, BASE);
      at = BASE;
    }
    // The block starts with its uncompressed length (a varint); the decoder writes that many bytes.
    const u8 = this.u8;
    let declared = 0,
      shift = 0,
      p = at;
    const end = at + input.length;
    for (; p < end && shift < 35; shift += 7) {
      const b = u8[p++];
      declared += (b & 0x7f) * 2 ** shift;
      if (!(b & 0x80)) break;
    }
    if (declared !== size) throw new Error(`the snappy block holds ${declared} bytes, its page header says ${size}`);
    const rc = this.wasm.uncompress(at, input.length, this.outAt);
    if (rc === -2 || rc === -3) throw new Error('a snappy block ends early');
    if (rc) throw new Error(`a snappy block is damaged: error ${rc}`);
    return u8.subarray(this.outAt, this.outAt + size);
  }
}

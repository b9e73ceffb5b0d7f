// Fast decoding of one flat (non-nested) column straight into typed arrays, for the big
// tables (W2's long prices: 15 M rows). hyparquet's readColumn turns every page into a JS
// array of boxed values (its generic list assembly handles nulls even in flat columns,
// then dates and strings are converted one callback per value): ~75 % of the load in a
// profile. Here its page primitives (header, decompression, level and value decoding)
// are used as they are, and only the last step is ours: definition levels scatter the
// values into a Float64Array (NaN = null) or an Int32Array of day numbers or of string
// codes, and a dictionary-encoded column is read as its indices (one conversion per
// dictionary entry, not per row).
import type { DecodedArray, SchemaElement } from 'hyparquet';
import { parquetHeader } from 'hyparquet/src/column.js';
import { convert } from 'hyparquet/src/convert.js';
import { decompressPage, readDataPage, readDataPageV2 } from 'hyparquet/src/datapage.js';
import { readPlain } from 'hyparquet/src/plain.js';
import { decimalScale, decimalToNumber } from './decimal';
import { decodeHybrid, dictRunsF64, dictRunsI32, dictToF64, dictToI32, firstNull, maxOf, spreadF64 } from './hybrid';
import type { ColumnDecoder } from './reader';

export type FlatMode = 'number' | 'day' | 'code';
type PageHeader = ReturnType<typeof parquetHeader>;

const DAY_MS = 86_400_000;

/** Per-column conversion state: the raw element, and for strings the interned values. */
export interface FlatTarget {
  mode: FlatMode;
  /** The column's own element (DATE/TIMESTAMP/DECIMAL decide the raw conversion). */
  element: SchemaElement;
  /** code mode: interned strings (codes index this), shared over row groups. */
  strings: string[];
  intern: Map<string, number>;
  /** day mode, string dates: ISO text -> day number; throws (with the row) when invalid. */
  dayOfText: (s: string, row: number) => number;
  /** A null where a value is required (day mode). */
  nullAt: (row: number) => never;
  /**
   * day mode, mapped: the column holds mapDay(day) instead of the day (a long file's row
   * of the wide table). Dictionary pages map once per entry, not per row.
   */
  mapDay?: (day: number) => number;
  /**
   * number mode: each data page's values (`n` of them, for rows [row, row + n) of the
   * chunk) handed over as decoded instead of kept: a view of the page memory when the
   * page is plain doubles without nulls (valid during the call only). The chunk's array
   * is then scratch.
   */
  pageSink?: (vals: Float64Array, row: number, n: number) => void;
  /**
   * day/code mode: a dictionary page's indices (no nulls, every entry valid) offered
   * as they are, for rows [row, row + count) (runs.ts); when it returns true they are
   * kept there and the page's rows of the chunk's array are left as they were.
   */
  packed?: (page: Uint8Array, pos: number, end: number, width: number, dc: Int32Array, row: number, count: number) => boolean;
}

/** Milliseconds per raw unit of a timestamp column (INT64), or 0 when not a timestamp. */
export function timestampScale(el: SchemaElement): number {
  const lt = el.logical_type;
  if (lt?.type === 'TIMESTAMP') return lt.unit === 'MILLIS' ? 1 : lt.unit === 'MICROS' ? 1e-3 : 1e-6;
  if (el.converted_type === 'TIMESTAMP_MILLIS') return 1;
  if (el.converted_type === 'TIMESTAMP_MICROS') return 1e-3;
  return 0;
}

/** Raw values (after hyparquet's plain/dictionary decoding) -> what the target stores. */
function converter(t: FlatTarget): (v: unknown, row: number) => number {
  const el = t.element;
  if (t.mode === 'number') {
    const scale = decimalScale(el);
    if (scale !== undefined) return (v) => decimalToNumber(v, scale);
    return (v) => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : typeof v === 'boolean' ? +v : NaN);
  }
  if (t.mode === 'day') {
    const scale = timestampScale(el);
    // INT96 (old Spark/Impala timestamps) comes converted to epoch ms by hyparquet.
    if (el.type === 'INT96') return (v) => Math.floor((v as number) / DAY_MS);
    if (scale) return (v) => Math.floor((Number(v as bigint) * scale) / DAY_MS);
    if (el.converted_type === 'DATE' || el.logical_type?.type === 'DATE') return (v) => v as number;
    return (v, row) => t.dayOfText(v as string, row);
  }
  return (v) => {
    const s = (v as string).trim();
    let c = t.intern.get(s);
    if (c === undefined) {
      c = t.strings.length;
      t.strings.push(s);
      t.intern.set(s, c);
    }
    return c;
  };
}

/** One data page's levels and values. `levels` is null when the page has no nulls. */
interface PageValues {
  n: number;
  levels: Int32Array | null;
  data: DecodedArray;
  dict: boolean;
  page?: Uint8Array;
  pos?: number;
  count?: number;
}

/**
 * The values of a data page. PLAIN and dictionary pages (what pandas, polars, DuckDB and
 * Spark write) are decoded here into typed arrays: definition levels into an Int32Array
 * (skipped when a v2 page says it has no nulls, or the column is REQUIRED), dictionary
 * indices into an Int32Array. Other encodings (DELTA_*, BYTE_STREAM_SPLIT) go through
 * hyparquet's page readers.
 */
function pageValues(header: PageHeader, compressed: Uint8Array, decoder: ColumnDecoder, maxDef: number): PageValues {
  if (header.type === 'DATA_PAGE') {
    const daph = header.data_page_header!;
    const n = daph.num_values,
      enc = daph.encoding;
    const page = decompressPage(compressed, Number(header.uncompressed_page_size), decoder.codec, decoder.compressors);
    if (enc !== 'PLAIN' && !enc.endsWith('_DICTIONARY')) {
      const r = readDataPage(page, daph, decoder);
      return { n, levels: levelsOf(r.definitionLevels), data: r.dataPage, dict: false };
    }
    let pos = 0,
      levels: Int32Array | null = null,
      nulls = 0;
    if (maxDef) {
      // v1: the levels' byte length (4 bytes, little-endian), then the runs.
      const len = page[0] | (page[1] << 8) | (page[2] << 16) | (page[3] << 24);
      levels = new Int32Array(n);
      if (!decodeHybrid(page, 4, 4 + len, 1, levels, n)) throw new Error('the definition levels end early');
      pos = 4 + len;
      for (let i = 0; i < n; i++) nulls += levels[i] ^ 1;
      if (!nulls) levels = null;
    }
    return { n, levels, ...values(page, pos, enc, n - nulls, decoder) };
  }
  const daph2 = header.data_page_header_v2!;
  const n = daph2.num_values,
    enc = daph2.encoding;
  if (enc !== 'PLAIN' && !enc.endsWith('_DICTIONARY')) {
    const r = readDataPageV2(compressed, header, decoder);
    return { n, levels: levelsOf(r.definitionLevels), data: r.dataPage, dict: false };
  }
  const repLen = daph2.repetition_levels_byte_length,
    defLen = daph2.definition_levels_byte_length;
  let levels: Int32Array | null = null;
  if (maxDef && daph2.num_nulls > 0) {
    levels = new Int32Array(n);
    if (!decodeHybrid(compressed, repLen, repLen + defLen, 1, levels, n)) throw new Error('the definition levels end early');
  }
  let page = compressed.subarray(repLen + defLen);
  if (daph2.is_compressed !== false)
    page = decompressPage(page, Number(header.uncompressed_page_size) - repLen - defLen, decoder.codec, decoder.compressors);
  return { n, levels, ...values(page, 0, enc, n - (maxDef ? daph2.num_nulls : 0), decoder) };
}

/** PLAIN values of a page from byte `pos`; for dictionary pages where the indices start (decoded by the caller). */
function values(
  page: Uint8Array,
  pos: number,
  encoding: string,
  count: number,
  decoder: ColumnDecoder,
): { data: DecodedArray; dict: boolean; page?: Uint8Array; pos?: number; count?: number } {
  if (encoding === 'PLAIN')
    return {
      data: readPlain(
        { view: new DataView(page.buffer, page.byteOffset, page.byteLength), offset: pos },
        decoder.type,
        count,
        decoder.element.type_length,
      ),
      dict: false,
    };
  return { data: [], dict: true, page, pos, count };
}

/** The dictionary indices of a page (bit width byte, then the runs). */
function indices(page: Uint8Array, pos: number, count: number): Int32Array {
  const idx = new Int32Array(count);
  const bitWidth = page[pos];
  if (bitWidth && count && !decodeHybrid(page, pos + 1, page.length, bitWidth, idx, count))
    throw new Error('the dictionary indices end early');
  return idx;
}

/** hyparquet's levels ([] = no nulls) as an Int32Array, or null when there are no nulls. */
function levelsOf(defs: number[] | undefined): Int32Array | null {
  return defs && defs.length ? Int32Array.from(defs) : null;
}

/**
 * A dictionary converted once per entry. An entry whose conversion fails (an invalid
 * date string) is marked bad; a page using it throws at the first row that does.
 */
interface Converted {
  dc: Float64Array | Int32Array;
  bad: Uint8Array | null;
}

function convertDictionary(dict: DecodedArray, t: FlatTarget, conv: (v: unknown, row: number) => number): Converted {
  const dc = t.mode === 'number' ? new Float64Array(dict.length) : new Int32Array(dict.length);
  let bad: Uint8Array | null = null;
  for (let e = 0; e < dict.length; e++) {
    try {
      dc[e] = conv(dict[e], -1);
    } catch {
      (bad ??= new Uint8Array(dict.length))[e] = 1;
    }
  }
  return { dc, bad };
}

/**
 * Decodes a column chunk (`view`, one row group) of `rows` rows into `out` (Float64Array
 * for numbers, Int32Array otherwise); nulls become NaN (numbers), -1 (codes) or an error
 * (days). `decoder` is hyparquet's, with DATE/TIMESTAMP/DECIMAL left raw. Returns `out`,
 * or with `adopt` the decoded page itself when one page of doubles covers the chunk.
 */
export function decodeFlat(
  view: DataView,
  rows: number,
  start: number,
  decoder: ColumnDecoder,
  t: FlatTarget,
  out: Float64Array | Int32Array,
  adopt = false,
  scratch?: ArrayBufferLike,
): Float64Array | Int32Array {
  const reader = { view, offset: 0 };
  const raw = converter(t),
    keys = t.mapDay,
    sink = t.mode === 'number' ? t.pageSink : undefined;
  const conv = keys ? (v: unknown, row: number): number => keys(raw(v, row)) : raw;
  // A flat top-level column: OPTIONAL has definition levels 0/1, REQUIRED none.
  const maxDef = decoder.element.repetition_type === 'REQUIRED' ? 0 : 1;
  // DECIMAL values are unscaled integers: every one goes through the converter.
  const decimal = decimalScale(t.element) !== undefined;
  let dictionary: DecodedArray | undefined;
  let converted: Converted | undefined;
  let row = 0;
  while (row < rows && reader.offset < view.byteLength - 1) {
    const header = parquetHeader(reader);
    const compressed = new Uint8Array(view.buffer, view.byteOffset + reader.offset, header.compressed_page_size);
    reader.offset += header.compressed_page_size;
    if (header.type === 'DICTIONARY_PAGE') {
      let page = decompressPage(compressed, Number(header.uncompressed_page_size), decoder.codec, decoder.compressors);
      // Kept for the chunk's data pages: copied out of the page memory they overwrite.
      if (scratch && page.buffer === scratch) page = page.slice();
      const plain = readPlain(
        { view: new DataView(page.buffer, page.byteOffset, page.byteLength), offset: 0 },
        decoder.type,
        header.dictionary_page_header!.num_values,
        decoder.element.type_length,
      );
      dictionary = convert(plain, decoder);
      converted = undefined;
      continue;
    }
    if (header.type !== 'DATA_PAGE' && header.type !== 'DATA_PAGE_V2') continue;
    const pv = pageValues(header, compressed, decoder, maxDef);
    const { n, levels, data, dict } = pv;
    if (row + n > rows) throw new Error(`the pages hold more than the row group's ${rows} rows`);
    const base = start + row;
    if (t.mode === 'day') {
      const z = firstNull(levels, n);
      if (z >= 0) t.nullAt(base + z);
    }
    if (dict) {
      if (!dictionary) throw new Error('a dictionary-encoded page comes without a dictionary page');
      const entries = dictionary,
        page = pv.page!,
        pos = pv.pos!,
        count = pv.count!;
      converted ??= convertDictionary(entries, t, conv);
      const width = page[pos];
      if (!levels && !converted.bad && width && width <= 24) {
        // The common case (no nulls, every entry valid): indices -> values in one pass,
        // or kept as they are (a long file's dates and tickers).
        if (
          t.packed &&
          !(out instanceof Float64Array) &&
          t.packed(page, pos + 1, page.length, width, converted.dc as Int32Array, row, count)
        ) {
          row += n;
          continue;
        }
        const ok =
          out instanceof Float64Array
            ? dictRunsF64(page, pos + 1, page.length, width, converted.dc as Float64Array, out, row, count)
            : dictRunsI32(page, pos + 1, page.length, width, converted.dc as Int32Array, out as Int32Array, row, count);
        if (!ok) throw new Error(`the dictionary indices end early or are out of range (${entries.length} entries)`);
        sink?.((out as Float64Array).subarray(row, row + n), row, n);
        row += n;
        continue;
      }
      const idx = indices(page, pos, count);
      if (maxOf(idx) >= entries.length) throw new Error(`a dictionary index is out of range (${entries.length} entries)`);
      const bad = converted.bad;
      if (bad) {
        // Rethrow the conversion error with the first row that uses a bad entry.
        for (let i = 0, k = 0; i < n; i++)
          if (!levels || levels[i]) {
            const e = idx[k++];
            if (bad[e]) conv(entries[e], base + i);
          }
      }
      if (out instanceof Float64Array) dictToF64(out, row, n, idx, levels, converted.dc as Float64Array);
      else dictToI32(out, row, n, idx, levels, converted.dc as Int32Array);
    } else {
      const vals = convert(data, decoder);
      if (sink && !levels && vals instanceof Float64Array) {
        // Plain doubles: handed over where they were decoded (no copy).
        sink(vals, row, n);
        row += n;
        continue;
      }
      if (
        !levels &&
        !decimal &&
        ((t.mode === 'number' && (vals instanceof Float64Array || vals instanceof Float32Array || vals instanceof Int32Array)) ||
          (t.mode === 'day' && !keys && vals instanceof Int32Array && !timestampScale(t.element)))
      ) {
        // One decompressed page of doubles for the whole chunk (a wide file's column): the
        // decoded array is the column (no copy; never a view into the file's bytes or the
        // page memory, which the next page overwrites).
        if (
          adopt &&
          row === 0 &&
          n === rows &&
          vals instanceof Float64Array &&
          out instanceof Float64Array &&
          vals.length === rows &&
          vals.buffer !== view.buffer &&
          vals.buffer !== scratch
        )
          return vals;
        out.set(vals as ArrayLike<number>, row);
      } else if (out instanceof Float64Array && vals instanceof Float64Array && levels) {
        spreadF64(out, row, n, vals, levels);
      } else {
        const nullValue = t.mode === 'number' ? NaN : -1;
        for (let i = 0, k = 0; i < n; i++) out[row + i] = levels && !levels[i] ? nullValue : conv(vals[k++], base + i);
      }
    }
    sink?.((out as Float64Array).subarray(row, row + n), row, n);
    row += n;
  }
  if (row < rows) throw new Error(`the pages hold ${row} of the row group's ${rows} rows`);
  return out;
}

/** The decoder element with the conversions we do ourselves removed (raw ints for DATE/TIMESTAMP/DECIMAL). */
export function rawElement(el: SchemaElement): SchemaElement {
  const ct = el.converted_type,
    lt = el.logical_type?.type;
  if (
    ct === 'DATE' ||
    ct === 'DECIMAL' ||
    ct === 'TIMESTAMP_MILLIS' ||
    ct === 'TIMESTAMP_MICROS' ||
    lt === 'DATE' ||
    lt === 'TIMESTAMP' ||
    lt === 'DECIMAL'
  ) {
    return { ...el, converted_type: undefined, logical_type: undefined };
  }
  return el;
}

/**
 * The values of a column chunk's dictionary page (the chunk's first page), converted as
 * `t` says (entries whose conversion fails are left out: a row using one fails when the
 * chunk is decoded), or null when the chunk does not start with a dictionary page.
 */
export function dictionaryValues(view: DataView, decoder: ColumnDecoder, t: FlatTarget): number[] | null {
  const reader = { view, offset: 0 };
  const header = parquetHeader(reader);
  if (header.type !== 'DICTIONARY_PAGE') return null;
  const compressed = new Uint8Array(view.buffer, view.byteOffset + reader.offset, header.compressed_page_size);
  const page = decompressPage(compressed, Number(header.uncompressed_page_size), decoder.codec, decoder.compressors);
  const plain = readPlain(
    { view: new DataView(page.buffer, page.byteOffset, page.byteLength), offset: 0 },
    decoder.type,
    header.dictionary_page_header!.num_values,
    decoder.element.type_length,
  );
  const entries = convert(plain, decoder),
    conv = converter({ ...t, mapDay: undefined });
  const out: number[] = [];
  for (let e = 0; e < entries.length; e++) {
    try {
      out.push(conv(entries[e], -1));
    } catch {
      // An invalid entry: reported with its row if a row uses it.
    }
  }
  return out;
}

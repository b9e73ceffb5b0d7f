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
import { convert, parseDecimal } from 'hyparquet/src/convert.js';
import { decompressPage, readDataPage, readDataPageV2 } from 'hyparquet/src/datapage.js';
import { readPlain } from 'hyparquet/src/plain.js';
import type { ColumnDecoder } from './reader';

export type FlatMode = 'number' | 'day' | 'code';

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
}

/** Milliseconds per raw unit of a timestamp column (INT64), or 0 when not a timestamp. */
function timestampScale(el: SchemaElement): number {
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
    if (el.converted_type === 'DECIMAL') {
      const div = 10 ** (el.scale ?? 0);
      return (v) => (v instanceof Uint8Array ? parseDecimal(v) : Number(v as number | bigint)) / div;
    }
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
    if (c === undefined) { c = t.strings.length; t.strings.push(s); t.intern.set(s, c); }
    return c;
  };
}

/**
 * Decodes a column chunk (`view`, one row group) of `rows` rows into `out` (Float64Array
 * for numbers, Int32Array otherwise); nulls become NaN (numbers), -1 (codes) or an error
 * (days). `decoder` is hyparquet's, with DATE/TIMESTAMP/DECIMAL left raw.
 */
export function decodeFlat(view: DataView, rows: number, start: number, decoder: ColumnDecoder, t: FlatTarget, out: Float64Array | Int32Array): void {
  const reader = { view, offset: 0 };
  const conv = converter(t);
  const nullValue = t.mode === 'number' ? NaN : -1;
  let dictionary: DecodedArray | undefined;
  let dictConverted: Float64Array | Int32Array | undefined;
  let dictDone: Uint8Array | undefined;
  let row = 0;
  while (row < rows && reader.offset < view.byteLength - 1) {
    const header = parquetHeader(reader);
    const compressed = new Uint8Array(view.buffer, view.byteOffset + reader.offset, header.compressed_page_size);
    reader.offset += header.compressed_page_size;
    let defs: number[] | undefined, data: DecodedArray, encoding: string, n: number;
    if (header.type === 'DICTIONARY_PAGE') {
      const page = decompressPage(compressed, Number(header.uncompressed_page_size), decoder.codec, decoder.compressors);
      const plain = readPlain({ view: new DataView(page.buffer, page.byteOffset, page.byteLength), offset: 0 }, decoder.type, header.dictionary_page_header!.num_values, decoder.element.type_length);
      dictionary = convert(plain, decoder);
      dictConverted = undefined;
      dictDone = undefined;
      continue;
    } else if (header.type === 'DATA_PAGE') {
      const daph = header.data_page_header!;
      const page = decompressPage(compressed, Number(header.uncompressed_page_size), decoder.codec, decoder.compressors);
      ({ definitionLevels: defs, dataPage: data } = readDataPage(page, daph, decoder));
      encoding = daph.encoding; n = daph.num_values;
    } else if (header.type === 'DATA_PAGE_V2') {
      const daph2 = header.data_page_header_v2!;
      ({ definitionLevels: defs, dataPage: data } = readDataPageV2(compressed, header, decoder));
      encoding = daph2.encoding; n = daph2.num_values;
    } else continue;
    const base = start + row;
    const levels = defs ?? [];
    if (dictionary && encoding.endsWith('_DICTIONARY')) {
      // One conversion per dictionary entry (done when first needed, with the row for errors).
      if (!dictConverted || !dictDone) {
        dictConverted = t.mode === 'number' ? new Float64Array(dictionary.length) : new Int32Array(dictionary.length);
        dictDone = new Uint8Array(dictionary.length);
      }
      const dc = dictConverted, done = dictDone, dict = dictionary, idx = data as ArrayLike<number>;
      // Plain loops (no callback per value): this runs for every row of the file.
      for (let i = 0, k = 0; i < n; i++) {
        if (levels.length && levels[i] !== 1) { if (t.mode === 'day') t.nullAt(base + i); out[row + i] = nullValue; continue; }
        const e = idx[k++];
        if (!done[e]) { dc[e] = conv(dict[e], base + i); done[e] = 1; }
        out[row + i] = dc[e];
      }
    } else {
      const vals = convert(data, decoder);
      if (!levels.length && ((t.mode === 'number' && (vals instanceof Float64Array || vals instanceof Float32Array || vals instanceof Int32Array)) || (t.mode === 'day' && vals instanceof Int32Array && !timestampScale(t.element)))) {
        out.set(vals as ArrayLike<number>, row);
      } else if (t.mode === 'number' && vals instanceof Float64Array) {
        for (let i = 0, k = 0; i < n; i++) out[row + i] = levels[i] === 1 ? vals[k++] : NaN;
      } else {
        for (let i = 0, k = 0; i < n; i++) {
          if (levels.length && levels[i] !== 1) { if (t.mode === 'day') t.nullAt(base + i); out[row + i] = nullValue; continue; }
          out[row + i] = conv(vals[k++], base + i);
        }
      }
    }
    row += n;
  }
}

/** The decoder element with the conversions we do ourselves removed (raw ints for DATE/TIMESTAMP/DECIMAL). */
export function rawElement(el: SchemaElement): SchemaElement {
  const ct = el.converted_type, lt = el.logical_type?.type;
  if (ct === 'DATE' || ct === 'DECIMAL' || ct === 'TIMESTAMP_MILLIS' || ct === 'TIMESTAMP_MICROS' || lt === 'DATE' || lt === 'TIMESTAMP' || lt === 'DECIMAL') {
    return { ...el, converted_type: undefined, logical_type: undefined };
  }
  return el;
}

// A synchronous Parquet column reader on top of hyparquet (pure JavaScript, so it runs in
// the CLI, the language server's worker and the extension host alike). hyparquet's own
// entry points are async (they read through an AsyncBuffer); our loaders are sync like
// the CSV ones, so this drives hyparquet's page decoder (`readColumn`, or flat.ts for the
// big tables) over the file's bytes one row group at a time. The bytes come whole, or
// from the open file a window at a time into the snappy decoder's memory (pageMemory.ts).
import { readSync } from 'node:fs';
import { parquetMetadata, parquetSchema } from 'hyparquet';
import type { ColumnMetaData, DecodedArray, FileMetaData, SchemaElement, SchemaTree } from 'hyparquet';
import { readColumn } from 'hyparquet/src/column.js';
import { compressors } from 'hyparquet-compressors';

export type ColumnDecoder = Parameters<typeof readColumn>[2];
import { DataError } from '../errors';
import { PARSERS } from './dates';
import { decimalScale, decimalToNumber } from './decimal';
import { decodeFlat, dictionaryValues, rawElement, type FlatTarget } from './flat';
import { PageMemory } from './pageMemory';
import { columnsOf, isMagic, type ParquetColumn } from './schema';

export { readParquetSchema, type ColumnKind, type ParquetColumn } from './schema';
export { dateCell, dayProblem, daysFromIso, isoFromDays } from './dates';

/** A Parquet file's bytes: all of them, or an open file read a window at a time (big price files). */
export type ParquetSource = Uint8Array | { fd: number; size: number };

/** Values of one column in one row group. Dates come as ISO strings (or null), numbers as numbers (NaN for null). */
export interface ColumnChunk<T> {
  rowGroup: number;
  start: number;
  values: ArrayLike<T>;
}

/** Where a value sits, for error messages: "row 5,123 (row group 2, row 123), column "close"". */
export function rowLabel(row: number, groupOf: (row: number) => { group: number; offset: number }, column: string): string {
  const g = groupOf(row);
  return `row ${(row + 1).toLocaleString('en-US')} (row group ${g.group + 1}, row ${(g.offset + 1).toLocaleString('en-US')}), column "${column}"`;
}

/**
 * A column chunk's first byte: its dictionary page, else its first data page. Some writers
 * (parquet-mr before PARQUET-1547, old parquet-cpp) write a dictionary offset of 0 for a
 * chunk without one; hyparquet ignores it too.
 */
function chunkStart(meta: ColumnMetaData): number {
  const dict = Number(meta.dictionary_page_offset ?? 0),
    data = Number(meta.data_page_offset);
  return dict > 0 && dict <= data ? dict : data;
}

export class ParquetFile {
  readonly metadata: FileMetaData;
  readonly columns: ParquetColumn[];
  readonly numRows: number;
  /** First row (0-based, file-wide) of each row group. */
  readonly groupStarts: number[];
  private readonly tree: SchemaTree;
  private readonly source: ParquetSource;
  /** Created on the first chunk decoded by flatChunks. */
  private pages: PageMemory | null = null;
  /** hyparquet's decompressors with snappy into `pages`. */
  private snappyInto: ColumnDecoder['compressors'] | undefined;
  /** Column name -> its position among the schema's children and in every row group's chunks (flat files). */
  private readonly position = new Map<string, number>();

  constructor(
    readonly file: string,
    source: ParquetSource,
  ) {
    this.source = source;
    const size = source instanceof Uint8Array ? source.length : source.size;
    const head = this.bytesAt(0, Math.min(4, size)),
      tail = size >= 12 ? this.bytesAt(size - 8, 8) : null;
    if (!tail || !isMagic(tail, 4) || !head || !isMagic(head, 0)) {
      throw new DataError({
        code: 'parquet-invalid',
        file,
        detail: !size
          ? 'This file is empty (0 bytes): it was not written, or its writing failed.'
          : head && head.length >= 4 && isMagic(head, 0)
            ? 'This Parquet file is cut short (no footer): it was not written completely.'
            : 'This file has a .parquet name but is not a Parquet file (no PAR1 marker).',
        fix: "Write the file again with pandas (df.to_parquet), polars (df.write_parquet) or DuckDB (COPY ... TO 'x.parquet'), or point the config at the CSV file.",
      });
    }
    try {
      // The footer alone for an open file; a view, not a copy, of bytes given whole
      // (hyparquet reads a Uint8Array in place and finds the footer at its end).
      const footerLength = tail[0] | (tail[1] << 8) | (tail[2] << 16) | (tail[3] << 24);
      const footer =
        source instanceof Uint8Array
          ? source
          : footerLength >= 0 && footerLength + 8 <= size
            ? this.bytesAt(size - footerLength - 8, footerLength + 8)
            : null;
      if (!footer) throw new Error(`the footer length ${footerLength} is past the start of the file`);
      this.metadata = parquetMetadata(footer as unknown as ArrayBuffer);
    } catch (err) {
      throw new DataError({
        code: 'parquet-invalid',
        file,
        detail: `The Parquet footer cannot be read (${(err as Error).message}).`,
        fix: 'Write the file again; it may be damaged or from a Parquet writer this reader does not support.',
      });
    }
    this.tree = parquetSchema(this.metadata);
    this.columns = columnsOf(this.tree);
    this.tree.children.forEach((c, k) => {
      if (!this.position.has(c.element.name)) this.position.set(c.element.name, k);
    });
    this.numRows = Number(this.metadata.num_rows);
    this.groupStarts = [];
    let start = 0;
    for (const g of this.metadata.row_groups) {
      this.groupStarts.push(start);
      start += Number(g.num_rows);
    }
  }

  /** A copy of bytes [start, start + length) (small reads: the magic markers, the footer), or null past the end. */
  private bytesAt(start: number, length: number): Uint8Array | null {
    const src = this.source;
    if (src instanceof Uint8Array) return start + length <= src.length ? src.subarray(start, start + length) : null;
    const buf = Buffer.alloc(length);
    let got = 0;
    while (got < length) {
      const n = readSync(src.fd, buf, got, length - got, start + got);
      if (n === 0) return null;
      got += n;
    }
    return buf;
  }

  /**
   * A column chunk's bytes: a view of the bytes given whole, or of an open file's window
   * in `pages` (valid until the next chunk is asked for). Null when the file ends first.
   */
  private chunkBytes(start: number, length: number, pages: PageMemory | null, ahead = true): Uint8Array | null {
    const src = this.source;
    if (src instanceof Uint8Array) return start >= 0 && start + length <= src.length ? src.subarray(start, start + length) : null;
    return (pages ?? this.memory()).fileRange(src.fd, src.size, start, length, ahead);
  }

  private memory(): PageMemory {
    return (this.pages ??= new PageMemory());
  }

  /** The schema element of a top-level column. */
  element(name: string): SchemaElement {
    return this.tree.children[this.position.get(name)!].element;
  }

  column(name: string): ParquetColumn | undefined {
    return this.columns.find((c) => c.name === name);
  }

  /** Row group and offset within it of a file-wide row index. */
  groupOf = (row: number): { group: number; offset: number } => {
    let g = 0;
    while (g + 1 < this.groupStarts.length && this.groupStarts[g + 1] <= row) g++;
    return { group: g, offset: row - (this.groupStarts[g] ?? 0) };
  };

  /** "row 12 (row group 1, row 12), column "close"" */
  where(row: number, column: string): string {
    return rowLabel(row, this.groupOf, column);
  }

  /**
   * A flat column decoded per row group into typed arrays (flat.ts): numbers as a
   * Float64Array (NaN = null), dates as Int32Array day numbers, strings as Int32Array codes
   * into `target.strings` (-1 = null). The fast path of the big long/wide tables.
   * With `reuse`, every row group is decoded into the same array (the caller consumes
   * each chunk before asking for the next); with `into` (the whole column's array, as
   * long as the file), each into its own rows of it.
   */
  *flatChunks(
    name: string,
    target: FlatTarget,
    reuse = false,
    into?: Float64Array | Int32Array,
  ): Generator<{ start: number; rows: number; out: Float64Array | Int32Array }> {
    // reuse: one output array for every row group (the caller is done with each before the next).
    let last: Float64Array | Int32Array | null = null;
    const k = this.position.get(name);
    const child = k === undefined ? undefined : this.tree.children[k];
    if (!child || k === undefined) throw new Error(`no column ${name}`);
    const element = rawElement(child.element);
    for (let g = 0; g < this.metadata.row_groups.length; g++) {
      const meta = this.chunkMeta(g, name, k);
      const rows = Number(this.metadata.row_groups[g].num_rows);
      const startByte = chunkStart(meta),
        length = Number(meta.total_compressed_size);
      const start = this.groupStarts[g];
      let out: Float64Array | Int32Array = into
        ? into.subarray(start, start + rows)
        : reuse && last && last.length >= rows
          ? last.subarray(0, rows)
          : target.mode === 'number'
            ? new Float64Array(rows)
            : new Int32Array(rows);
      if (reuse && (!last || last.length < rows)) last = out;
      try {
        const chunk = this.paged(meta, child, element, startByte, length);
        if (!chunk) throw new Error('the file ends before the column chunk does (it is cut short)');
        out = decodeFlat(chunk.view, rows, start, chunk.decoder, target, out, !reuse && !into, chunk.scratch);
      } catch (err) {
        if (err instanceof DataError) throw err;
        throw this.undecodable(name, g, err);
      }
      yield { start, rows, out };
    }
  }

  /**
   * Bytes [startByte, startByte + length) of a column chunk (or a part of it) with the
   * decoder of its pages, set up for the page memory: snappy pages decompress into it (no
   * copies in or out), a chunk's pages being at most its uncompressed size, reserved
   * before any view of it is taken; `scratch` is its buffer (views of it are overwritten
   * by the next page). Null when the file ends first.
   */
  private paged(
    meta: ColumnMetaData,
    child: SchemaTree,
    element: SchemaElement,
    startByte: number,
    length: number,
    ahead = true,
  ): { view: DataView; decoder: ColumnDecoder; scratch: ArrayBufferLike | undefined } | null {
    const snappy = meta.codec === 'SNAPPY',
      whole = this.source instanceof Uint8Array;
    const pages = snappy || !whole ? this.memory() : null;
    pages?.reserve(whole && snappy ? length : 0, snappy ? Number(meta.total_uncompressed_size) : 0);
    const bytes = this.chunkBytes(startByte, length, pages, ahead);
    if (!bytes) return null;
    const codecs =
      pages && snappy ? (this.snappyInto ??= { ...compressors, SNAPPY: (input, size) => pages.snappy(input, size) }) : compressors;
    return {
      view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      decoder: this.decoder(meta, child, element, codecs),
      scratch: pages?.buffer,
    };
  }

  /**
   * The converted entries of row group g's dictionary of column `name` when every data
   * page of the chunk is dictionary-encoded (its encoding_stats say so), else null: the
   * distinct values of the chunk (or more: an entry may be unused) without its rows.
   */
  chunkDictionary(name: string, target: FlatTarget, g: number): number[] | null {
    const k = this.position.get(name);
    const child = k === undefined ? undefined : this.tree.children[k];
    if (!child || k === undefined) throw new Error(`no column ${name}`);
    const meta = this.chunkMeta(g, name, k);
    const stats = meta.encoding_stats;
    const dataPages = stats?.filter((s) => s.page_type === 'DATA_PAGE' || s.page_type === 'DATA_PAGE_V2');
    if (!dataPages?.length || dataPages.some((s) => !s.encoding.endsWith('_DICTIONARY'))) return null;
    // No dictionary page (chunkStart is the first data page): length 0, null below.
    const startByte = chunkStart(meta),
      length = Number(meta.data_page_offset) - startByte;
    if (!(length > 0) || length > Number(meta.total_compressed_size)) return null;
    try {
      // Just the dictionary page (no read-ahead: the next read is another row group's).
      const chunk = this.paged(meta, child, rawElement(child.element), startByte, length, false);
      return chunk && dictionaryValues(chunk.view, chunk.decoder, target);
    } catch {
      // Left to the full decode, which names the problem.
      return null;
    }
  }

  /**
   * The decoded values of a column, one chunk per row group. Nulls are null (undefined
   * from hyparquet is normalised). Dates: days since epoch; timestamps: epoch ms;
   * DECIMAL: unscaled integer / 10^scale (so 123.45 is the double "123.45" parses to).
   */
  *chunks(name: string): Generator<ColumnChunk<unknown>> {
    const child = this.tree.children.find((c) => c.element.name === name);
    if (!child) throw new Error(`no column ${name}`);
    const el = child.element;
    const scale = decimalScale(el),
      decimal = scale !== undefined;
    // DECIMAL is read unscaled (hyparquet multiplies by 10^-scale, which is not the double the text parses to).
    const element: SchemaElement = decimal ? { ...el, converted_type: undefined, logical_type: undefined } : el;
    for (let g = 0; g < this.metadata.row_groups.length; g++) {
      const meta = this.chunkMeta(g, name);
      const rows = Number(this.metadata.row_groups[g].num_rows);
      const startByte = chunkStart(meta);
      const endByte = startByte + Number(meta.total_compressed_size);
      const decoder = this.decoder(meta, child, element, compressors);
      // A copy when read from an open file (hyparquet's values may be views of the bytes, kept past the next chunk's read).
      const window = this.chunkBytes(startByte, endByte - startByte, null);
      const bytes = this.source instanceof Uint8Array ? window : window?.slice();
      const reader = { view: new DataView(bytes?.buffer ?? new ArrayBuffer(0), bytes?.byteOffset ?? 0, bytes?.byteLength ?? 0), offset: 0 };
      let data: DecodedArray[];
      try {
        data = readColumn(reader, { groupStart: this.groupStarts[g], selectStart: 0, selectEnd: rows, groupRows: rows }, decoder).data;
      } catch (err) {
        throw this.undecodable(name, g, err);
      }
      const values = data.length === 1 ? data[0] : concatChunks(data);
      yield { rowGroup: g, start: this.groupStarts[g], values: decimal ? unscale(values, scale) : values };
    }
  }

  /** Row group g's chunk of column `name` (its schema position `k` first, when known). */
  private chunkMeta(g: number, name: string, k?: number): ColumnMetaData {
    const rg = this.metadata.row_groups[g];
    const isIt = (m: ColumnMetaData | undefined) => !!m && m.path_in_schema.length === 1 && m.path_in_schema[0] === name;
    // A flat file has one chunk per column, in schema order (checked; else searched).
    const direct = k === undefined ? undefined : rg.columns[k]?.meta_data;
    const meta = isIt(direct) ? direct : rg.columns.find((c) => isIt(c.meta_data))?.meta_data;
    if (!meta)
      throw new DataError({
        code: 'parquet-invalid',
        file: this.file,
        detail: `Row group ${g + 1} has no data for column "${name}".`,
        fix: 'Write the file again.',
      });
    return meta;
  }

  private decoder(meta: ColumnMetaData, child: SchemaTree, element: SchemaElement, codecs: ColumnDecoder['compressors']): ColumnDecoder {
    return {
      pathInSchema: meta.path_in_schema,
      type: meta.type,
      element,
      schemaPath: [this.tree, { ...child, element }],
      codec: meta.codec,
      parsers: PARSERS,
      compressors: codecs,
    };
  }

  /** The error of a column chunk that cannot be decoded (`g`: its row group). */
  undecodable(name: string, g: number, err: unknown): DataError {
    return new DataError({
      code: 'parquet-invalid',
      file: this.file,
      detail: `Column "${name}" in row group ${g + 1} cannot be decoded (${(err as Error).message}).`,
      fix: /unsupported compression/i.test((err as Error).message)
        ? 'Write the file again with snappy, zstd, gzip, brotli or lz4 compression (or none).'
        : 'The file is damaged (cut short or changed after it was written): write it again from its source (pandas df.to_parquet, polars write_parquet, DuckDB COPY ... TO).',
    });
  }
}

function concatChunks(parts: DecodedArray[]): DecodedArray {
  const n = parts.reduce((s, p) => s + p.length, 0);
  if (parts.every((p) => p instanceof Float64Array)) {
    const out = new Float64Array(n);
    let o = 0;
    for (const p of parts) {
      out.set(p as Float64Array, o);
      o += p.length;
    }
    return out;
  }
  const out: unknown[] = new Array(n);
  let o = 0;
  for (const p of parts) for (let i = 0; i < p.length; i++) out[o++] = p[i];
  return out as DecodedArray;
}

function unscale(values: ArrayLike<unknown>, scale: number): number[] {
  return Array.from(values, (v) => {
    if (v === null || v === undefined) return v as unknown as number;
    return decimalToNumber(v, scale);
  });
}

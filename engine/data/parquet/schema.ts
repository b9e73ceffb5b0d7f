// A Parquet file's columns as the loaders see them (kind and type name), from the schema
// tree or from the footer alone (the language server's schema summary of a big file).
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { parquetMetadata, parquetSchema } from 'hyparquet';
import type { SchemaElement, SchemaTree } from 'hyparquet';
import { decimalScale } from './decimal';

/** What a loader needs to know of a column's type. */
export type ColumnKind = 'date' | 'timestamp' | 'string' | 'number' | 'boolean' | 'other';

export interface ParquetColumn {
  name: string;
  kind: ColumnKind;
  /** Human-readable type, e.g. "DATE", "DOUBLE", "STRING", "TIMESTAMP(MICROS)". */
  typeName: string;
  nullable: boolean;
}

export function kindOf(el: SchemaElement): { kind: ColumnKind; typeName: string } {
  const lt = el.logical_type,
    ct = el.converted_type;
  if (ct === 'DATE' || lt?.type === 'DATE') return { kind: 'date', typeName: 'DATE' };
  if (lt?.type === 'TIMESTAMP') return { kind: 'timestamp', typeName: `TIMESTAMP(${lt.unit})` };
  if (ct === 'TIMESTAMP_MILLIS' || ct === 'TIMESTAMP_MICROS') return { kind: 'timestamp', typeName: ct };
  if (el.type === 'INT96') return { kind: 'timestamp', typeName: 'INT96 timestamp' };
  if (ct === 'UTF8' || lt?.type === 'STRING' || ct === 'ENUM' || lt?.type === 'ENUM') return { kind: 'string', typeName: 'STRING' };
  if (ct === 'DECIMAL' || lt?.type === 'DECIMAL')
    return { kind: 'number', typeName: `DECIMAL(${el.precision ?? '?'},${decimalScale(el) ?? 0})` };
  if (el.type === 'DOUBLE' || el.type === 'FLOAT' || el.type === 'INT32' || el.type === 'INT64')
    return { kind: 'number', typeName: el.type };
  if (el.type === 'BOOLEAN') return { kind: 'boolean', typeName: 'BOOLEAN' };
  if (el.type === 'BYTE_ARRAY') return { kind: 'string', typeName: 'BYTE_ARRAY' };
  return { kind: 'other', typeName: String(lt?.type ?? ct ?? el.type ?? 'group') };
}

export function columnsOf(tree: SchemaTree): ParquetColumn[] {
  return tree.children.map((c) => {
    const nested = c.children.length > 0 || c.element.repetition_type === 'REPEATED';
    const k = nested ? { kind: 'other' as const, typeName: 'nested (list/struct)' } : kindOf(c.element);
    return { name: c.element.name, ...k, nullable: c.element.repetition_type !== 'REQUIRED' };
  });
}

/**
 * Columns, row count and row groups of a Parquet file from its footer alone (a price file
 * can be hundreds of MB; its schema is a few KB at the end). Null when unreadable.
 */
export function readParquetSchema(
  file: string,
): { columns: ParquetColumn[]; numRows: number; rowGroups: number; createdBy?: string } | null {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const size = fstatSync(fd).size;
    if (size < 12) return null;
    const tail = Buffer.alloc(8);
    readSync(fd, tail, 0, 8, size - 8);
    const len = tail.readUInt32LE(0);
    if (!isMagic(tail, 4) || len + 8 > size) return null;
    const buf = Buffer.alloc(len + 8);
    readSync(fd, buf, 0, len + 8, size - len - 8);
    const meta = parquetMetadata(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer);
    return {
      columns: columnsOf(parquetSchema(meta)),
      numRows: Number(meta.num_rows),
      rowGroups: meta.row_groups.length,
      createdBy: meta.created_by,
    };
  } catch {
    return null;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export function isMagic(b: Uint8Array, at: number): boolean {
  return b[at] === 0x50 && b[at + 1] === 0x41 && b[at + 2] === 0x52 && b[at + 3] === 0x31;
}

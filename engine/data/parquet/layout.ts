// How a Parquet data file is laid out (long date,ticker,value or wide date,AAPL,MSFT,...),
// and reading its date column as day numbers, with errors that name the row group, the
// row and the column.
import { DataError } from '../errors';
import { dateCell, daysFromIso, type ParquetColumn, type ParquetFile } from './reader';

const DAY_MS = 86_400_000;

export type Layout = { kind: 'long'; date: ParquetColumn; ticker: ParquetColumn } | { kind: 'wide'; date: ParquetColumn };

export function findColumn(pf: ParquetFile, name: string): ParquetColumn | undefined {
  return pf.columns.find((c) => c.name.trim().toLowerCase() === name);
}

/** The file's layout: a "ticker" column makes it long; otherwise every non-date column is a ticker. */
export function layoutOf(pf: ParquetFile, what: string, longExample: string, wideExample: string): Layout {
  const date = findColumn(pf, 'date');
  if (!date) {
    throw new DataError({
      code: 'parquet-columns',
      file: pf.file,
      detail: `This ${what} Parquet file has no "date" column (its columns: ${pf.columns.map((c) => c.name).join(', ') || 'none'}).`,
      fix: `Name the date column "date": long layout ${longExample}, or wide ${wideExample}. From pandas, write df.reset_index() so the date index becomes a column.`,
    });
  }
  if (date.kind !== 'date' && date.kind !== 'timestamp' && date.kind !== 'string') {
    throw new DataError({
      code: 'parquet-columns',
      file: pf.file,
      detail: `Column "${date.name}" has type ${date.typeName}, not a date.`,
      fix: 'Store dates as a Parquet DATE, a TIMESTAMP or ISO strings (YYYY-MM-DD).',
    });
  }
  const ticker = findColumn(pf, 'ticker');
  if (ticker) {
    if (ticker.kind !== 'string')
      throw new DataError({
        code: 'parquet-columns',
        file: pf.file,
        detail: `Column "${ticker.name}" has type ${ticker.typeName}, not text.`,
        fix: 'Store tickers as strings.',
      });
    return { kind: 'long', date, ticker };
  }
  return { kind: 'wide', date };
}

/** Converts one date cell to a day number (days since 1970-01-01), or throws with the cell's location. */
export function dayReader(pf: ParquetFile, col: ParquetColumn): (v: unknown, row: number) => number {
  const fail = (row: number, why: string): never => {
    throw new DataError({
      code: 'invalid-date',
      file: pf.file,
      detail: `${pf.where(row, col.name)}: the date ${why}.`,
      fix: 'Give every row a date: a Parquet DATE, a TIMESTAMP or an ISO string YYYY-MM-DD.',
    });
  };
  if (col.kind === 'date') return (v, row) => (typeof v === 'number' ? v : fail(row, 'is empty (null)'));
  if (col.kind === 'timestamp')
    return (v, row) =>
      typeof v === 'number' && Number.isFinite(v)
        ? Math.floor(v / DAY_MS)
        : fail(row, v == null ? 'is empty (null)' : 'is not a valid timestamp');
  const memo = new Map<string, number>();
  return (v, row) => {
    if (typeof v === 'string') {
      const d = memo.get(v);
      if (d !== undefined) return d;
    }
    const iso = dateCell('string', v);
    if (typeof iso !== 'string') return fail(row, iso.bad);
    const d = daysFromIso(iso);
    memo.set(v as string, d);
    return d;
  };
}

/** Iterates row groups over several columns at once: fn(values per column, first row of the group). */
export function forEachRowGroup(
  pf: ParquetFile,
  names: string[],
  fn: (cols: ArrayLike<unknown>[], start: number, rows: number) => void,
): void {
  const its = names.map((n) => pf.chunks(n));
  for (;;) {
    const parts = its.map((it) => it.next());
    if (parts.some((p) => p.done)) return;
    const chunks = parts.map((p) => p.value as { start: number; values: ArrayLike<unknown> });
    fn(
      chunks.map((c) => c.values),
      chunks[0].start,
      chunks[0].values.length,
    );
  }
}

/** A number cell: number (NaN for null), BigInt INT64 as number. */
export function num(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  return NaN;
}

// Per-column decoding targets (flat.ts) and the value check every numeric Parquet reader
// shares, with errors that name the file, row group, row and column.
import { DataError } from '../errors';
import { valueProblem, type ValueKind } from '../longValues';
import type { FlatMode, FlatTarget } from './flat';
import { dateCell, dayProblem, daysFromIso, isoFromDays, type ParquetColumn, type ParquetFile } from './reader';

/** Throws the error of an invalid value (the caller found it failing the quick test). */
export function check(pf: ParquetFile, kind: ValueKind, v: number, ticker: string, day: number, row: number, column: string): void {
  const p = valueProblem(kind, v, String(v), ticker, isoFromDays(day));
  if (p) throw new DataError({ code: p.code, file: pf.file, detail: `${pf.where(row, column)}: ${p.detail}`, fix: p.fix });
}

/** Throws the error of the first day of `days` that is not a calendar date (`rowOf` finds its row). */
export function checkDays(pf: ParquetFile, column: string, days: ArrayLike<number>, rowOf: (k: number) => number): void {
  for (let k = 0; k < days.length; k++) {
    const p = dayProblem(days[k]);
    if (p)
      throw new DataError({
        code: 'invalid-date',
        file: pf.file,
        detail: `${pf.where(rowOf(k), column)}: the date ${p}.`,
        fix: 'Give every row a real date (drop or fix the placeholder rows), as a Parquet DATE, a TIMESTAMP or an ISO string YYYY-MM-DD.',
      });
  }
}

/** What flatChunks needs for one column; string dates are parsed once per distinct text. */
export function target(
  pf: ParquetFile,
  mode: FlatMode,
  col: ParquetColumn,
  shared?: { strings: string[]; intern: Map<string, number> },
): FlatTarget {
  const el = pf.element(col.name);
  const memo = new Map<string, number>();
  return {
    mode,
    element: el,
    strings: shared?.strings ?? [],
    intern: shared?.intern ?? new Map(),
    dayOfText: (text, row) => {
      const hit = memo.get(text);
      if (hit !== undefined) return hit;
      const iso = dateCell('string', text);
      if (typeof iso !== 'string')
        throw new DataError({
          code: 'invalid-date',
          file: pf.file,
          detail: `${pf.where(row, col.name)}: the date ${iso.bad}.`,
          fix: 'Give every row a date: a Parquet DATE, a TIMESTAMP or an ISO string YYYY-MM-DD.',
        });
      const d = daysFromIso(iso);
      memo.set(text, d);
      return d;
    },
    nullAt: (row) => {
      throw new DataError({
        code: 'invalid-date',
        file: pf.file,
        detail: `${pf.where(row, col.name)}: the date is empty (null).`,
        fix: 'Give every row a date: a Parquet DATE, a TIMESTAMP or an ISO string YYYY-MM-DD.',
      });
    },
  };
}

/**
 * A Float64Array of n doubles holding whatever the allocator had (not zeroed: the caller
 * writes every one before handing it on): the price columns, 121 MB on W2.
 */
export function uninitialized(n: number): Float64Array {
  return new Float64Array(Buffer.allocUnsafeSlow(n * 8).buffer, 0, n);
}

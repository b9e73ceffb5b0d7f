// Parquet dates as the loaders see them: day numbers since 1970-01-01 and their ISO text,
// the range of dates YYYY-MM-DD can name, timestamps as their UTC calendar date (hyparquet's
// parsers, rounded down), and one date cell of any supported type.
import { DEFAULT_PARSERS } from 'hyparquet/src/convert.js';
import { isIsoDate } from '../csv';
import type { ColumnKind } from './schema';

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 -> "YYYY-MM-DD" (proleptic Gregorian, as Parquet DATE is). */
export function isoFromDays(days: number): string {
  return new Date(days * DAY_MS).toISOString().slice(0, 10);
}

/** 0001-01-01 and 9999-12-31 in days since 1970-01-01: the dates YYYY-MM-DD can name. */
export const MIN_DAY = -719_162,
  MAX_DAY = 2_932_896;

/** Why a day number is not a calendar date (DuckDB's DATE 'infinity' is 2^31 - 1), or undefined. */
export function dayProblem(day: number): string | undefined {
  if (day >= MIN_DAY && day <= MAX_DAY) return undefined;
  return `is ${day} days from 1970-01-01, outside 0001-01-01 to 9999-12-31 (an 'infinity' or placeholder date?)`;
}

/** "YYYY-MM-DD" -> days since 1970-01-01. */
export function daysFromIso(iso: string): number {
  return Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / DAY_MS;
}

/**
 * Timestamps are taken as calendar dates: the UTC date of the instant (a pandas/polars
 * naive datetime at midnight is that day). Parsers return epoch milliseconds.
 */
export const PARSERS = {
  ...DEFAULT_PARSERS,
  timestampFromMilliseconds: (v: bigint) => Number(v),
  timestampFromMicroseconds: (v: bigint) => Number(floorDiv(v, 1000n)),
  timestampFromNanoseconds: (v: bigint) => Number(floorDiv(v, 1000000n)),
  dateFromDays: (d: number) => d,
};

/** a / b rounded down (BigInt division truncates: 1969-06-01 23:59:59.9999 would be June 2nd). */
function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a < 0n && q * b !== a ? q - 1n : q;
}

/**
 * A date cell of any supported type as "YYYY-MM-DD", or a reason it is not one. `kind` is
 * the column's kind; `v` what chunks() gave.
 */
export function dateCell(kind: ColumnKind, v: unknown): string | { bad: string } {
  if (v === null || v === undefined) return { bad: 'is empty (null)' };
  if (kind === 'date' && typeof v === 'number') {
    const p = dayProblem(v);
    return p ? { bad: p } : isoFromDays(v);
  }
  if (kind === 'timestamp' && typeof v === 'number') {
    if (!Number.isFinite(v)) return { bad: `is not a valid timestamp (${v})` };
    const p = dayProblem(Math.floor(v / DAY_MS));
    return p ? { bad: p } : new Date(v).toISOString().slice(0, 10);
  }
  if (kind === 'string' && typeof v === 'string') {
    const s = v.trim();
    // "2023-01-03T00:00:00" style strings are taken by their date part.
    const d = /^\d{4}-\d{2}-\d{2}(?:[T ]00:00(?::00(?:\.0+)?)?Z?)?$/.test(s) ? s.slice(0, 10) : s;
    return isIsoDate(d) ? d : { bad: `"${v}" is not an ISO date` };
  }
  return { bad: `has type ${typeof v}` };
}

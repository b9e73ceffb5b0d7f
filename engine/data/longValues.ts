// What long files share, CSV or Parquet: which column holds the values, and the checks a
// price or a signal/weight value must pass (the same as the wide CSV loaders apply).
import { DataError } from './errors';
import { MAX_PRICE } from './prices';

export type ValueKind = 'price' | 'value';

/** A value cell's problem, or null when it is fine. NaN never gets here: it is "no value". */
export function valueProblem(
  kind: ValueKind,
  v: number,
  shown: string,
  ticker: string,
  date: string,
): { code: string; detail: string; fix: string } | null {
  if (kind === 'value') {
    return Number.isFinite(v)
      ? null
      : {
          code: 'invalid-value',
          detail: `Value ${shown} for ${ticker} on ${date} is not a number.`,
          fix: 'Use a finite number (negative = short).',
        };
  }
  if (v > 0 && v <= MAX_PRICE) return null;
  if (v > MAX_PRICE && v !== Infinity) {
    return {
      code: 'implausible-price',
      detail: `Price ${shown} for ${ticker} on ${date} is above the plausible maximum of ${MAX_PRICE.toExponential().replace('e+', 'e')} per share.`,
      fix: 'Correct the price (check for a unit or exponent slip), or leave the cell empty for "no price that day".',
    };
  }
  const bad = Number.isNaN(v) || v === Infinity;
  return {
    code: bad ? 'invalid-price' : 'non-positive-price',
    detail: bad ? `Price ${shown} for ${ticker} on ${date} is not a number.` : `Price ${shown} for ${ticker} on ${date} is not positive.`,
    fix: 'Use a positive number, or leave the cell empty for "no price that day".',
  };
}

/**
 * The value column of a long file: the named one, or the only column besides date and
 * ticker (`skip`). `names` are the file's columns as written; matching ignores case.
 */
export function pickValueColumn(
  names: string[],
  skip: number[],
  wanted: string | undefined,
  file: string,
  what: string,
  configKey: string,
  locate: { line?: number; column?: number } = {},
): number {
  const lower = names.map((n) => n.trim().toLowerCase());
  const candidates = names.map((_, k) => k).filter((k) => !skip.includes(k));
  const list = candidates.map((k) => names[k]);
  if (wanted) {
    const k = candidates.find((c) => lower[c] === wanted.trim().toLowerCase());
    if (k !== undefined) return k;
    throw new DataError({
      code: 'value-column',
      file,
      ...locate,
      detail: `The ${what} file has no value column "${wanted}"; its columns are ${names.join(', ')}.`,
      fix: list.length ? `Set ${configKey} to one of ${list.join(', ')}, or add the column.` : 'Add a value column after date and ticker.',
    });
  }
  if (candidates.length === 1) return candidates[0];
  throw new DataError({
    code: 'value-column',
    file,
    ...locate,
    detail: candidates.length
      ? `This long ${what} file has several value columns (${list.join(', ')}) and the config does not say which to use.`
      : `This long ${what} file has no value column besides ${names.join(' and ')}.`,
    fix: candidates.length ? `Set ${configKey} to the column to read, e.g. "${list[0]}".` : 'Add a value column, e.g. date,ticker,close.',
  });
}

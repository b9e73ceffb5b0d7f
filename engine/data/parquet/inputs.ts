// Parquet sector mapping (ticker, sector[, industry, ...]), signals/weights (long or wide)
// and orders (date, ticker, quantity): the same values and checks as the CSV loaders.
import type { DatedValues, Order, SectorMapping } from '../../types';
import { DataError } from '../errors';
import type { WideColumns } from '../longTable';
import { parseSectorMappingCsv } from '../sectorMapping';
import { dayReader, findColumn, forEachRowGroup, num } from './layout';
import { readNumericTable } from './prices';
import { dateCell, isoFromDays, ParquetFile } from './reader';

/**
 * The mapping's rows are handed to the CSV parser as text, so a Parquet mapping means
 * exactly what its CSV twin means (point-in-time valid_from/valid_to rows included);
 * errors are re-located from CSV lines to Parquet rows.
 */
export function parseSectorMappingParquet(bytes: Uint8Array, file: string): SectorMapping {
  const pf = new ParquetFile(file, bytes);
  if (!findColumn(pf, 'ticker') || pf.columns.length < 2) {
    throw new DataError({
      code: 'mapping-header',
      file,
      detail: `The columns are ${pf.columns.map((c) => c.name).join(', ') || 'none'}; a mapping needs a "ticker" column and at least one classification column.`,
      fix: 'Write columns such as ticker, sector or ticker, sector, industry.',
    });
  }
  const bad = pf.columns.find((c) => c.kind !== 'string' && c.kind !== 'date' && c.kind !== 'timestamp');
  if (bad)
    throw new DataError({
      code: 'mapping-header',
      file,
      detail: `Column "${bad.name}" has type ${bad.typeName}, not text.`,
      fix: 'Store tickers and sector names as strings (valid_from / valid_to may be dates).',
    });
  const q = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = [pf.columns.map((c) => q(c.name)).join(',')];
  forEachRowGroup(
    pf,
    pf.columns.map((c) => c.name),
    (cols, _start, n) => {
      for (let i = 0; i < n; i++) {
        lines.push(
          pf.columns
            .map((c, j) => {
              const v = cols[j][i];
              if (v === null || v === undefined) return '';
              if (c.kind === 'string') return q(String(v));
              const d = dateCell(c.kind, v);
              return typeof d === 'string' ? d : '';
            })
            .join(','),
        );
      }
    },
  );
  try {
    return { ...parseSectorMappingCsv(lines.join('\n') + '\n', file), file };
  } catch (err) {
    if (!(err instanceof DataError) || err.line === undefined) throw err;
    // CSV line 1 is the header: line L is row L - 2 of the file.
    const row = err.line - 2;
    const col = pf.columns[Math.max(0, Math.min(pf.columns.length - 1, columnIndexAt(lines[err.line - 1] ?? '', err.column ?? 1)))];
    const where = row >= 0 ? `${pf.where(row, col.name)}: ` : '';
    throw new DataError({
      code: err.code,
      file,
      detail: where + err.detail.replace(/line (\d+)/g, (_m, l: string) => `row ${+l - 1}`),
      fix: err.fix,
    });
  }
}

/** 0-based field index of a 1-based character column in a CSV line. */
function columnIndexAt(line: string, column: number): number {
  let k = 0,
    quoted = false;
  for (let i = 0; i < column - 1 && i < line.length; i++) {
    const ch = line[i];
    if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) k++;
  }
  return k;
}

/** Signals or weights, long or wide, as columns (NaN = no value). */
export function readValuesParquet(bytes: Uint8Array, file: string, valueColumn: string | undefined, configKey: string): WideColumns {
  const w = readNumericTable(new ParquetFile(file, bytes), 'value', valueColumn, configKey);
  if (!w.dates.length)
    throw new DataError({
      code: 'no-data-rows',
      file,
      detail: 'The file has no rows.',
      fix: 'Write one row per date and ticker (long) or per date (wide).',
    });
  return w;
}

/** Columns -> date -> ticker -> value (what parseDatedValues gives for a CSV). */
export function datedValuesFromColumns(w: WideColumns): DatedValues {
  const out: DatedValues = new Map();
  w.dates.forEach((date, i) => {
    const day = new Map<string, number>();
    for (let j = 0; j < w.tickers.length; j++) {
      const v = w.columns[j][i];
      if (v === v) day.set(w.tickers[j], v);
    }
    out.set(date, day);
  });
  return out;
}

export function parseOrdersParquet(bytes: Uint8Array, file: string): Order[] {
  const pf = new ParquetFile(file, bytes);
  const date = findColumn(pf, 'date'),
    ticker = findColumn(pf, 'ticker'),
    qty = findColumn(pf, 'quantity');
  if (!date || !ticker || !qty) {
    throw new DataError({
      code: 'orders-header',
      file,
      detail: `The columns are ${pf.columns.map((c) => c.name).join(', ') || 'none'}.`,
      fix: 'Write the columns date, ticker, quantity (signed shares).',
    });
  }
  if (qty.kind !== 'number')
    throw new DataError({
      code: 'orders-header',
      file,
      detail: `Column "${qty.name}" has type ${qty.typeName}, not a number.`,
      fix: 'Store quantities as numbers (signed shares).',
    });
  const dayOf = dayReader(pf, date);
  const out: Order[] = [];
  forEachRowGroup(pf, [date.name, ticker.name, qty.name], ([d, t, q], start, n) => {
    for (let i = 0; i < n; i++) {
      const row = start + i;
      const day = dayOf(d[i], row);
      const tk = typeof t[i] === 'string' ? (t[i] as string).trim() : '';
      if (!tk)
        throw new DataError({
          code: 'empty-ticker',
          file,
          detail: `${pf.where(row, ticker.name)}: this order has no ticker.`,
          fix: 'Fill in the ticker.',
        });
      const quantity = num(q[i]);
      if (!Number.isFinite(quantity))
        throw new DataError({
          code: 'invalid-quantity',
          file,
          detail: `${pf.where(row, qty.name)}: quantity ${String(q[i])} is not a number.`,
          fix: 'Use signed shares: 100 buys, -100 sells.',
        });
      out.push({ date: isoFromDays(day), ticker: tk, quantity, line: row + 2 });
    }
  });
  // Stable by date: orders on the same date keep file order (as for CSV).
  return out
    .map((o, i) => [o, i] as const)
    .sort((a, b) => (a[0].date < b[0].date ? -1 : a[0].date > b[0].date ? 1 : a[1] - b[1]))
    .map((x) => x[0]);
}

// Parquet sector mapping (ticker, sector[, industry, ...]), signals/weights (long or wide)
// and orders (date, ticker, quantity): the same values and checks as the CSV loaders.
import type { DatedValues, Order, SectorMapping, SectorMappingRow } from '../../types';
import { DataError } from '../errors';
import type { WideColumns } from '../longTable';
import { dayReader, findColumn, forEachRowGroup, num } from './layout';
import { readNumericTable } from './prices';
import { isoFromDays, ParquetFile } from './reader';

export function parseSectorMappingParquet(bytes: Uint8Array, file: string): SectorMapping {
  const pf = new ParquetFile(file, bytes);
  const tickerCol = findColumn(pf, 'ticker');
  if (!tickerCol || pf.columns.length < 2) {
    throw new DataError({
      code: 'mapping-header', file,
      detail: `The columns are ${pf.columns.map((c) => c.name).join(', ') || 'none'}; a mapping needs a "ticker" column and at least one classification column.`,
      fix: 'Write columns such as ticker, sector or ticker, sector, industry.',
    });
  }
  const bad = pf.columns.find((c) => c.kind !== 'string');
  if (bad) throw new DataError({ code: 'mapping-header', file, detail: `Column "${bad.name}" has type ${bad.typeName}, not text.`, fix: 'Store tickers and sector names as strings.' });
  const columns = pf.columns.map((c) => c.name.trim().toLowerCase());
  // As in the CSV mapping: "__proto__" would set the row's prototype instead of a column.
  if (columns.includes('__proto__')) throw new DataError({ code: 'mapping-header', file, detail: 'The column name "__proto__" cannot be used.', fix: 'Rename the column, e.g. to "group".' });
  const rows: SectorMappingRow[] = [];
  const byTicker = new Map<string, SectorMappingRow>();
  const firstRow = new Map<string, number>();
  forEachRowGroup(pf, pf.columns.map((c) => c.name), (cols, start, n) => {
    const tk = cols[pf.columns.indexOf(tickerCol)];
    for (let i = 0; i < n; i++) {
      const row = start + i;
      const ticker = typeof tk[i] === 'string' ? (tk[i] as string).trim() : '';
      if (!ticker) throw new DataError({ code: 'empty-ticker', file, detail: `${pf.where(row, tickerCol.name)}: this row has no ticker.`, fix: 'Fill in the ticker or drop the row.' });
      const prev = firstRow.get(ticker);
      if (prev !== undefined) {
        throw new DataError({ code: 'duplicate-ticker', file, detail: `${pf.where(row, tickerCol.name)}: ticker ${ticker} is mapped twice (first at row ${prev + 1}).`, fix: 'Keep one row per ticker: a stock belongs to exactly one sector.' });
      }
      firstRow.set(ticker, row);
      const values: Record<string, string> = Object.create(null) as Record<string, string>;
      columns.forEach((c, j) => { const v = cols[j][i]; values[c] = typeof v === 'string' ? v.trim() : ''; });
      // `line` is the row's 0-based position below a header, as for CSV.
      const entry: SectorMappingRow = { ticker, line: row + 1, values };
      rows.push(entry);
      byTicker.set(ticker, entry);
    }
  });
  const warnings: string[] = [];
  for (const c of columns) {
    if (c === 'ticker') continue;
    const blank = rows.filter((r) => !r.values[c]).length;
    if (blank) warnings.push(`${blank} ticker(s) have an empty "${c}" value and form no ${c} hedge group.`);
  }
  return { file, columns, rows, byTicker, quality: { warnings } };
}

/** Signals or weights, long or wide, as columns (NaN = no value). */
export function readValuesParquet(bytes: Uint8Array, file: string, valueColumn: string | undefined, configKey: string): WideColumns {
  const w = readNumericTable(new ParquetFile(file, bytes), 'value', valueColumn, configKey);
  if (!w.dates.length) throw new DataError({ code: 'no-data-rows', file, detail: 'The file has no rows.', fix: 'Write one row per date and ticker (long) or per date (wide).' });
  return w;
}

/** Columns -> date -> ticker -> value (what parseDatedValues gives for a CSV). */
export function datedValuesFromColumns(w: WideColumns): DatedValues {
  const out: DatedValues = new Map();
  w.dates.forEach((date, i) => {
    const day = new Map<string, number>();
    for (let j = 0; j < w.tickers.length; j++) { const v = w.columns[j][i]; if (v === v) day.set(w.tickers[j], v); }
    out.set(date, day);
  });
  return out;
}

export function parseOrdersParquet(bytes: Uint8Array, file: string): Order[] {
  const pf = new ParquetFile(file, bytes);
  const date = findColumn(pf, 'date'), ticker = findColumn(pf, 'ticker'), qty = findColumn(pf, 'quantity');
  if (!date || !ticker || !qty) {
    throw new DataError({ code: 'orders-header', file, detail: `The columns are ${pf.columns.map((c) => c.name).join(', ') || 'none'}.`, fix: 'Write the columns date, ticker, quantity (signed shares).' });
  }
  if (qty.kind !== 'number') throw new DataError({ code: 'orders-header', file, detail: `Column "${qty.name}" has type ${qty.typeName}, not a number.`, fix: 'Store quantities as numbers (signed shares).' });
  const dayOf = dayReader(pf, date);
  const out: Order[] = [];
  forEachRowGroup(pf, [date.name, ticker.name, qty.name], ([d, t, q], start, n) => {
    for (let i = 0; i < n; i++) {
      const row = start + i;
      const day = dayOf(d[i], row);
      const tk = typeof t[i] === 'string' ? (t[i] as string).trim() : '';
      if (!tk) throw new DataError({ code: 'empty-ticker', file, detail: `${pf.where(row, ticker.name)}: this order has no ticker.`, fix: 'Fill in the ticker.' });
      const quantity = num(q[i]);
      if (!Number.isFinite(quantity)) throw new DataError({ code: 'invalid-quantity', file, detail: `${pf.where(row, qty.name)}: quantity ${String(q[i])} is not a number.`, fix: 'Use signed shares: 100 buys, -100 sells.' });
      out.push({ date: isoFromDays(day), ticker: tk, quantity, line: row + 2 });
    }
  });
  // Stable by date: orders on the same date keep file order (as for CSV).
  return out.map((o, i) => [o, i] as const).sort((a, b) => (a[0].date < b[0].date ? -1 : a[0].date > b[0].date ? 1 : a[1] - b[1])).map((x) => x[0]);
}

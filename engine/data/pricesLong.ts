// Long price CSV: date,ticker,close rows (any order, extra columns allowed when the config
// names the value column) -> the same PriceTable as the wide file with those prices.
import type { PriceTable } from '../types';
import { parseDecimal } from './numbers';
import { DataError } from './errors';
import { quoteData } from '../text/safeText';
import { forEachCsvRow, fieldColumn, isIsoDate, countLines, stripBom } from './csv';
import { LongTableBuilder } from './longTable';
import { pickValueColumn, valueProblem } from './longValues';
import { daysFromIso } from './parquet/reader';
import { priceTableFrom } from './prices';

/** True when the first line reads date,ticker,... (a long file) rather than date,AAPL,... */
export function isLongHeader(rawText: string): boolean {
  const text = stripBom(rawText);
  const end = text.search(/\r?\n|$/);
  const cells = text
    .slice(0, end)
    .split(',')
    .map((s) => s.trim().replace(/^"|"$/g, '').toLowerCase());
  return cells.length >= 3 && cells[0] === 'date' && cells[1] === 'ticker';
}

export function parseLongPricesCsv(rawText: string, file: string, valueColumn?: string): PriceTable {
  const text = stripBom(rawText);
  const builder = new LongTableBuilder(countLines(text));
  const extraDays = new Set<number>();
  const lineOfRow: number[] = [];
  let header: string[] | null = null;
  let valueAt = -1;
  forEachCsvRow(text, file, (row) => {
    const f = row.fields;
    if (!header) {
      header = f.map((s) => s.trim());
      valueAt = pickValueColumn(header, [0, 1], valueColumn, file, 'price', 'value_columns.prices', { line: row.line, column: 1 });
      return;
    }
    const width = header.length;
    if (f.length !== width) {
      throw new DataError({
        code: 'row-length',
        file,
        line: row.line,
        column: fieldColumn(text, row.offset, Math.min(f.length, width) - 1),
        detail: `This row has ${f.length} cells but the header has ${width}.`,
        fix: 'Write one date,ticker,price row per line.',
      });
    }
    const date = f[0].trim(),
      ticker = f[1].trim(),
      cell = f[valueAt].trim();
    if (!isIsoDate(date))
      throw new DataError({
        code: 'invalid-date',
        file,
        line: row.line,
        column: fieldColumn(text, row.offset, 0),
        detail: `"${quoteData(f[0])}" is not an ISO date.`,
        fix: 'Write dates as YYYY-MM-DD, e.g. 2023-01-03.',
      });
    if (!ticker)
      throw new DataError({
        code: 'empty-ticker',
        file,
        line: row.line,
        column: fieldColumn(text, row.offset, 1),
        detail: 'This row has no ticker.',
        fix: 'Fill in the ticker or delete the row.',
      });
    const day = daysFromIso(date);
    if (cell === '') {
      builder.noteTicker(ticker);
      extraDays.add(day);
      return;
    }
    const v = parseDecimal(cell);
    const problem = valueProblem('price', v, Number.isNaN(v) ? `"${quoteData(cell)}"` : quoteData(cell), quoteData(ticker), date);
    if (problem) throw new DataError({ ...problem, file, line: row.line, column: fieldColumn(text, row.offset, valueAt) });
    lineOfRow.push(row.line);
    builder.add(day, ticker, v, lineOfRow.length - 1);
  });
  if (!header)
    throw new DataError({
      code: 'empty-file',
      file,
      line: 1,
      column: 1,
      detail: 'The price file is empty.',
      fix: 'Add a header line date,ticker,close and one row per price.',
    });
  const wide = builder.build((first, row, ticker, date) => {
    throw new DataError({
      code: 'duplicate-value',
      file,
      line: lineOfRow[row],
      column: 1,
      detail: `${ticker} on ${date} already has a price (line ${lineOfRow[first]}).`,
      fix: 'Keep one price per date and ticker.',
    });
  }, extraDays);
  if (!wide.dates.length)
    throw new DataError({
      code: 'no-data-rows',
      file,
      line: Math.min(2, countLines(text)),
      column: 1,
      detail: 'The price file has a header but no rows.',
      fix: 'Add one date,ticker,price row per price below the header.',
    });
  return priceTableFrom(file, wide.dates, wide.tickers, wide.columns);
}

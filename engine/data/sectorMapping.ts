// Sector mapping CSV: ticker,sector[,industry,...]. Column names are lower-cased so a
// `Sector` header still matches hedge_group_column "sector".
import type { SectorMapping, SectorMappingRow } from '../types';
import { DataError } from './errors';
import { quoteData } from '../text/safeText';
import { forEachCsvRow, fieldColumn, stripBom } from './csv';

export function parseSectorMappingCsv(rawText: string, file: string): SectorMapping {
  const text = stripBom(rawText);
  let columns: string[] | null = null;
  let tickerCol = -1;
  const rows: SectorMappingRow[] = [];
  const byTicker = new Map<string, SectorMappingRow>();

  forEachCsvRow(text, file, (row) => {
    const f = row.fields;
    if (!columns) {
      columns = f.map((s) => s.trim().toLowerCase());
      tickerCol = columns.indexOf('ticker');
      if (tickerCol < 0 || columns.length < 2) {
        throw new DataError({
          code: 'mapping-header', file, line: row.line, column: 1,
          detail: `The header is "${quoteData(f.join(','))}"; it needs a "ticker" column and at least one classification column.`,
          fix: 'Start the file with a header such as: ticker,sector or ticker,sector,industry',
        });
      }
      // "__proto__" would set the row object's prototype instead of a column (and hedge nothing).
      const reserved = columns.findIndex((c) => c === '__proto__');
      if (reserved >= 0) {
        throw new DataError({ code: 'mapping-header', file, line: row.line, column: fieldColumn(text, row.offset, reserved), detail: 'The column name "__proto__" cannot be used.', fix: 'Rename the column, e.g. to "group".' });
      }
      const empty = columns.findIndex((c) => !c);
      if (empty >= 0) {
        throw new DataError({ code: 'mapping-header', file, line: row.line, column: fieldColumn(text, row.offset, empty), detail: `Header column ${empty + 1} has no name.`, fix: 'Name every column or delete the empty one.' });
      }
      return;
    }
    const cols: string[] = columns;
    if (f.length > cols.length) {
      throw new DataError({
        code: 'row-length', file, line: row.line, column: fieldColumn(text, row.offset, cols.length),
        detail: `This row has ${f.length} cells but the header has ${cols.length}.`,
        fix: 'Quote values that contain commas ("Consumer, Other") or remove the extra cells.',
      });
    }
    const ticker = (f[tickerCol] ?? '').trim();
    if (!ticker) {
      throw new DataError({ code: 'empty-ticker', file, line: row.line, column: fieldColumn(text, row.offset, tickerCol), detail: 'This row has no ticker.', fix: 'Fill in the ticker or delete the row.' });
    }
    const prev = byTicker.get(ticker);
    if (prev) {
      throw new DataError({
        code: 'duplicate-ticker', file, line: row.line, column: fieldColumn(text, row.offset, tickerCol),
        detail: `Ticker ${quoteData(ticker)} is mapped twice (first on line ${prev.line + 1}).`,
        fix: 'Keep one row per ticker: a stock belongs to exactly one sector.',
      });
    }
    // No prototype: a hedge_group_column such as "constructor" must not find Object's methods.
    const values: Record<string, string> = Object.create(null) as Record<string, string>;
    cols.forEach((c, j) => { values[c] = (f[j] ?? '').trim(); });
    const entry: SectorMappingRow = { ticker, line: row.line - 1, values };
    rows.push(entry);
    byTicker.set(ticker, entry);
  });

  if (!columns) {
    throw new DataError({ code: 'empty-file', file, line: 1, column: 1, detail: 'The sector mapping file is empty.', fix: 'Add a header ticker,sector and one row per stock.' });
  }
  const warnings: string[] = [];
  const cols: string[] = columns;
  for (const c of cols) {
    if (c === 'ticker') continue;
    const blank = rows.filter((r) => !r.values[c]).length;
    if (blank) warnings.push(`${blank} ticker(s) have an empty "${c}" value and form no ${c} hedge group.`);
  }
  return { file, columns: cols, rows, byTicker, quality: { warnings } };
}

/** Hedge group name -> tickers, for one mapping column (e.g. "sector" or "industry"). */
export function groupMembers(mapping: SectorMapping, column = 'sector'): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const r of mapping.rows) {
    const g = r.values[column];
    if (!g) continue;
    let list = groups.get(g);
    if (!list) groups.set(g, (list = []));
    list.push(r.ticker);
  }
  return groups;
}

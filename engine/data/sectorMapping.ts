// Sector mapping CSV: ticker,sector[,industry,...]. Column names are lower-cased so a
// `Sector` header still matches hedge_group_column "sector". Optional valid_from/valid_to
// columns (inclusive, empty = open) make it point-in-time: a ticker may then have several
// rows, as long as their ranges do not overlap.
import type { SectorMapping, SectorMappingRow } from '../types';
import { DataError } from './errors';
import { quoteData } from '../text/safeText';
import { forEachCsvRow, fieldColumn, isIsoDate, stripBom } from './csv';

/** The point-in-time columns; they are not classification columns. */
export const VALIDITY_COLUMNS: readonly string[] = ['valid_from', 'valid_to'];

export function parseSectorMappingCsv(rawText: string, file: string): SectorMapping {
  const text = stripBom(rawText);
  let columns: string[] | null = null;
  let tickerCol = -1;
  const rows: SectorMappingRow[] = [];
  const byTicker = new Map<string, SectorMappingRow>();
  let fromCol = -1,
    toCol = -1;
  const history = new Map<string, SectorMappingRow[]>();

  forEachCsvRow(text, file, (row) => {
    const f = row.fields;
    if (!columns) {
      columns = f.map((s) => s.trim().toLowerCase());
      tickerCol = columns.indexOf('ticker');
      fromCol = columns.indexOf('valid_from');
      toCol = columns.indexOf('valid_to');
      const classes = columns.filter((c) => c !== 'ticker' && !VALIDITY_COLUMNS.includes(c));
      if (tickerCol < 0 || !classes.length) {
        throw new DataError({
          code: 'mapping-header',
          file,
          line: row.line,
          column: 1,
          detail: `The header is "${quoteData(f.join(','))}"; it needs a "ticker" column and at least one classification column.`,
          fix: 'Start the file with a header such as: ticker,sector or ticker,sector,industry',
        });
      }
      // "__proto__" would set the row object's prototype instead of a column (and hedge nothing).
      const reserved = columns.findIndex((c) => c === '__proto__');
      if (reserved >= 0) {
        throw new DataError({
          code: 'mapping-header',
          file,
          line: row.line,
          column: fieldColumn(text, row.offset, reserved),
          detail: 'The column name "__proto__" cannot be used.',
          fix: 'Rename the column, e.g. to "group".',
        });
      }
      const empty = columns.findIndex((c) => !c);
      if (empty >= 0) {
        throw new DataError({
          code: 'mapping-header',
          file,
          line: row.line,
          column: fieldColumn(text, row.offset, empty),
          detail: `Header column ${empty + 1} has no name.`,
          fix: 'Name every column or delete the empty one.',
        });
      }
      return;
    }
    const cols: string[] = columns;
    if (f.length > cols.length) {
      throw new DataError({
        code: 'row-length',
        file,
        line: row.line,
        column: fieldColumn(text, row.offset, cols.length),
        detail: `This row has ${f.length} cells but the header has ${cols.length}.`,
        fix: 'Quote values that contain commas ("Consumer, Other") or remove the extra cells.',
      });
    }
    const ticker = (f[tickerCol] ?? '').trim();
    if (!ticker) {
      throw new DataError({
        code: 'empty-ticker',
        file,
        line: row.line,
        column: fieldColumn(text, row.offset, tickerCol),
        detail: 'This row has no ticker.',
        fix: 'Fill in the ticker or delete the row.',
      });
    }
    const prev = byTicker.get(ticker);
    const pointInTime = fromCol >= 0 || toCol >= 0;
    if (prev && !pointInTime) {
      throw new DataError({
        code: 'duplicate-ticker',
        file,
        line: row.line,
        column: fieldColumn(text, row.offset, tickerCol),
        detail: `Ticker ${quoteData(ticker)} is mapped twice (first on line ${prev.line + 1}).`,
        fix: 'Keep one row per ticker (a stock belongs to one sector), or add valid_from,valid_to columns for a point-in-time mapping.',
      });
    }
    // No prototype: a hedge_group_column such as "constructor" must not find Object's methods.
    const values: Record<string, string> = Object.create(null) as Record<string, string>;
    cols.forEach((c, j) => {
      values[c] = (f[j] ?? '').trim();
    });
    const entry: SectorMappingRow = { ticker, line: row.line - 1, values };
    if (pointInTime) {
      const date = (k: number): string | null => {
        if (k < 0) return null;
        const v = (f[k] ?? '').trim();
        if (v === '') return null;
        if (!isIsoDate(v)) {
          throw new DataError({
            code: 'mapping-date',
            file,
            line: row.line,
            column: fieldColumn(text, row.offset, k),
            detail: `${cols[k]} "${v}" is not a date.`,
            fix: `Write ${cols[k]} as YYYY-MM-DD (inclusive), or leave it empty for an open-ended range.`,
          });
        }
        return v;
      };
      entry.validFrom = date(fromCol);
      entry.validTo = date(toCol);
      if (entry.validFrom && entry.validTo && entry.validTo < entry.validFrom) {
        throw new DataError({
          code: 'mapping-date',
          file,
          line: row.line,
          column: fieldColumn(text, row.offset, toCol),
          detail: `valid_to ${entry.validTo} is before valid_from ${entry.validFrom}.`,
          fix: 'Both dates are inclusive: valid_to must be on or after valid_from.',
        });
      }
      const list = history.get(ticker) ?? [];
      const clash = list.find((r) => overlaps(r, entry));
      if (clash) {
        throw new DataError({
          code: 'mapping-overlap',
          file,
          line: row.line,
          column: fieldColumn(text, row.offset, fromCol >= 0 ? fromCol : toCol),
          detail: `${ticker}'s range ${range(entry)} overlaps its range ${range(clash)} on line ${clash.line + 1}.`,
          fix: 'A ticker is in one sector at a time: end the earlier row the day before the next one starts (both dates are inclusive).',
        });
      }
      list.push(entry);
      history.set(ticker, list);
    }
    rows.push(entry);
    if (!prev || !pointInTime || (entry.validFrom ?? '') >= (prev.validFrom ?? '')) byTicker.set(ticker, entry);
  });

  if (!columns) {
    throw new DataError({
      code: 'empty-file',
      file,
      line: 1,
      column: 1,
      detail: 'The sector mapping file is empty.',
      fix: 'Add a header ticker,sector and one row per stock.',
    });
  }
  const warnings: string[] = [];
  const cols: string[] = columns;
  for (const c of cols) {
    if (c === 'ticker' || VALIDITY_COLUMNS.includes(c)) continue;
    const blank = rows.filter((r) => !r.values[c]).length;
    if (blank) warnings.push(`${blank} ticker(s) have an empty "${c}" value and form no ${c} hedge group.`);
  }
  if (fromCol >= 0 || toCol >= 0) {
    for (const list of history.values()) list.sort((a, b) => ((a.validFrom ?? '') < (b.validFrom ?? '') ? -1 : 1));
    return { file, columns: cols, rows, byTicker, history, quality: { warnings } };
  }
  return { file, columns: cols, rows, byTicker, quality: { warnings } };
}

function overlaps(a: SectorMappingRow, b: SectorMappingRow): boolean {
  const aFrom = a.validFrom ?? '',
    bFrom = b.validFrom ?? '';
  const aTo = a.validTo ?? '9999-99-99',
    bTo = b.validTo ?? '9999-99-99';
  return aFrom <= bTo && bFrom <= aTo;
}

function range(r: SectorMappingRow): string {
  return `${r.validFrom ?? '(open)'}..${r.validTo ?? '(open)'}`;
}

/** The row of `ticker` in force on `date` (any row when the mapping is not point-in-time). */
export function mappingRowOn(mapping: SectorMapping, ticker: string, date: string): SectorMappingRow | undefined {
  const list = mapping.history?.get(ticker);
  if (!list) return mapping.byTicker.get(ticker);
  return list.find((r) => (r.validFrom ?? '') <= date && date <= (r.validTo ?? '9999-99-99'));
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

// Wide price CSV -> column-major Float64Arrays (NaN = no price that day).
import type { PriceTable, DataQualityReport } from '../types';
import { DataError } from './errors';
import { quoteData } from '../text/safeText';
import { forEachCsvRow, fieldColumn, fieldStarts, isIsoDate, countLines, stripBom } from './csv';
import { parsePricesFast } from './fastPrices';
import { numberHint, parseDecimal } from './numbers';
import { MIN_PLAUSIBLE_PRICE, SPIKE_FACTOR, describeAnomaly, findPriceAnomalies, scanPrices, type ColumnScans } from './priceAnomalies';

/**
 * Largest price per share the loader accepts. Real share prices stay far below it (the
 * dearest US stock has traded around 1e6); anything above is a data bug (a unit or
 * exponent slip such as 1e308) that would overflow equity to Infinity/NaN mid-run.
 */
export const MAX_PRICE = 1e9;

export function parsePricesCsv(rawText: string, file: string): PriceTable {
  const text = stripBom(rawText);
  let tickers: string[] | null = null;
  let headerOffsets: number[] = [];
  let columns: Float64Array[] = [];
  const dates: string[] = [];
  let capacity = 0;
  let prevDate = '';
  let prevLine = 0;

  // A valid plain file takes the direct typed-array path; anything else (and every error)
  // goes through the general parser below, which names file, line and column.
  let fast = parsePricesFast(text, isIsoDate);
  // The fast scan only checks positivity: a price above MAX_PRICE goes through the general
  // parser, which reports it with file, line and column.
  if (
    fast &&
    fast.columns.some((c) => {
      for (let i = 0; i < c.length; i++) if (c[i] > MAX_PRICE) return true;
      return false;
    })
  )
    fast = null;
  if (fast) {
    tickers = fast.tickers;
    headerOffsets = fieldStarts(text, 0).slice(1, fast.tickers.length + 1);
    columns = fast.columns;
    for (const d of fast.dates) dates.push(d);
    capacity = dates.length;
  }
  if (!fast)
    forEachCsvRow(text, file, (row) => {
      const f = row.fields;
      if (!tickers) {
        const first = f[0].trim().toLowerCase();
        if (first !== 'date') {
          throw new DataError({
            code: 'prices-header',
            file,
            line: row.line,
            column: 1,
            detail: `The first header cell is "${quoteData(f[0])}", expected "date".`,
            fix: 'Start the price file with a header line: date,TICKER1,TICKER2,...',
          });
        }
        const names = f.slice(1).map((s) => s.trim());
        if (!names.length) {
          throw new DataError({
            code: 'prices-header',
            file,
            line: row.line,
            column: 1,
            detail: 'The header has no ticker columns.',
            fix: 'Add one column per ticker after "date".',
          });
        }
        const seen = new Map<string, number>();
        names.forEach((name, j) => {
          if (!name) {
            throw new DataError({
              code: 'empty-ticker',
              file,
              line: row.line,
              column: fieldColumn(text, row.offset, j + 1),
              detail: `Header column ${j + 2} has no ticker name.`,
              fix: 'Name every price column or delete the empty column.',
            });
          }
          const prev = seen.get(name);
          if (prev !== undefined) {
            throw new DataError({
              code: 'duplicate-ticker',
              file,
              line: row.line,
              column: fieldColumn(text, row.offset, j + 1),
              detail: `Ticker ${quoteData(name)} appears twice in the header (columns ${prev + 2} and ${j + 2}).`,
              fix: 'Keep one column per ticker; merge or delete the duplicate.',
            });
          }
          seen.set(name, j);
        });
        tickers = names;
        headerOffsets = fieldStarts(text, row.offset).slice(1, names.length + 1);
        capacity = countLines(text);
        columns = names.map(() => new Float64Array(capacity));
        return;
      }
      const width = tickers.length + 1;
      if (f.length !== width) {
        throw new DataError({
          code: 'row-length',
          file,
          line: row.line,
          column: fieldColumn(text, row.offset, f.length > width ? width : f.length - 1),
          detail: `This row has ${f.length} cells but the header has ${width}.`,
          fix: 'Give every row one cell per header column; leave a cell empty (",,") for "no price that day".',
        });
      }
      const date = f[0].trim();
      if (!isIsoDate(date)) {
        throw new DataError({
          code: 'invalid-date',
          file,
          line: row.line,
          column: fieldColumn(text, row.offset, 0),
          detail: `"${quoteData(f[0])}" is not an ISO date.`,
          fix: 'Write dates as YYYY-MM-DD, e.g. 2023-01-03.',
        });
      }
      if (prevDate && date <= prevDate) {
        throw new DataError({
          code: date === prevDate ? 'duplicate-date' : 'dates-not-ascending',
          file,
          line: row.line,
          column: fieldColumn(text, row.offset, 0),
          detail:
            date === prevDate
              ? `Date ${quoteData(date)} repeats line ${prevLine}.`
              : `Date ${quoteData(date)} comes after ${quoteData(prevDate)} (line ${prevLine}); dates must be strictly ascending.`,
          fix: date === prevDate ? 'Keep one row per trading day.' : 'Sort the rows by date, oldest first.',
        });
      }
      const i = dates.length;
      for (let j = 1; j < width; j++) {
        const cell = f[j];
        let v = NaN;
        if (cell !== '' && cell.trim() !== '') {
          v = parseDecimal(cell);
          if (!(v > 0) || v === Infinity) {
            const bad = Number.isNaN(v) || v === Infinity;
            throw new DataError({
              code: bad ? 'invalid-price' : 'non-positive-price',
              file,
              line: row.line,
              column: fieldColumn(text, row.offset, j),
              detail: bad
                ? `Price "${quoteData(cell)}" for ${quoteData(tickers[j - 1])} on ${date} is not a number.${numberHint(cell)}`
                : `Price ${quoteData(cell)} for ${quoteData(tickers[j - 1])} on ${date} is not positive.`,
              fix: 'Use a positive number, or leave the cell empty for "no price that day".',
            });
          }
          if (v > MAX_PRICE) {
            throw new DataError({
              code: 'implausible-price',
              file,
              line: row.line,
              column: fieldColumn(text, row.offset, j),
              detail: `Price ${quoteData(cell.trim())} for ${quoteData(tickers[j - 1])} on ${quoteData(date)} is above the plausible maximum of ${MAX_PRICE.toExponential().replace('e+', 'e')} per share.`,
              fix: 'Correct the price (check for a unit or exponent slip), or leave the cell empty for "no price that day".',
            });
          }
        }
        columns[j - 1][i] = v;
      }
      dates.push(date);
      prevDate = date;
      prevLine = row.line;
    });

  if (!tickers) {
    throw new DataError({
      code: 'empty-file',
      file,
      line: 1,
      column: 1,
      detail: 'The price file is empty.',
      fix: 'Add a header line date,TICKER,... and one row per trading day.',
    });
  }
  if (!dates.length) {
    throw new DataError({
      code: 'no-data-rows',
      file,
      line: Math.min(2, countLines(text)),
      column: 1,
      detail: 'The price file has a header but no rows.',
      fix: 'Add one row per trading day below the header.',
    });
  }
  const n = dates.length;
  if (n < capacity) columns = columns.map((c) => c.slice(0, n));
  return priceTableFrom(file, dates, tickers, columns, headerOffsets);
}

/**
 * The PriceTable of validated columns (dates strictly ascending, prices positive or NaN):
 * the one place every price loader (wide or long CSV, Parquet) finishes, so they agree.
 * `scans`: each column's first/last row and scan, when the loader found them already.
 */
export function priceTableFrom(
  file: string,
  dates: string[],
  names: string[],
  columns: Float64Array[],
  headerOffsets: number[] = [],
  scans?: ColumnScans,
): PriceTable {
  const n = dates.length;
  const index = new Map<string, number>();
  names.forEach((t, j) => index.set(t, j));
  const firstIndex = scans ? scans.first : new Int32Array(names.length).fill(-1);
  const lastIndex = scans ? scans.last : new Int32Array(names.length).fill(-1);
  for (let j = 0; !scans && j < names.length; j++) {
    const c = columns[j];
    for (let i = 0; i < n; i++)
      if (c[i] === c[i]) {
        firstIndex[j] = i;
        break;
      }
    for (let i = n - 1; i >= 0; i--)
      if (c[i] === c[i]) {
        lastIndex[j] = i;
        break;
      }
  }
  const table: PriceTable = {
    file,
    dates,
    tickers: names,
    columns,
    index,
    firstIndex,
    lastIndex,
    headerOffsets,
    quality: emptyQuality(file),
  };
  table.quality = priceQuality(table, scans);
  return table;
}

function emptyQuality(file: string): DataQualityReport {
  return { file, rows: 0, columns: 0, lateStarts: [], earlyEnds: [], gaps: [], emptyColumns: [], warnings: [] };
}

/** Late starts, early ends, carried-forward gap days and empty columns of a table. */
export function priceQuality(t: PriceTable, scans?: ColumnScans): DataQualityReport {
  const q = emptyQuality(t.file);
  const n = t.dates.length;
  q.rows = n;
  q.columns = t.tickers.length;
  const suspicious: number[] = [];
  for (let j = 0; j < t.tickers.length; j++) {
    const ticker = t.tickers[j];
    const first = t.firstIndex[j],
      last = t.lastIndex[j];
    if (first < 0) {
      q.emptyColumns.push(ticker);
      continue;
    }
    if (first > 0) q.lateStarts.push({ ticker, firstDate: t.dates[first] });
    if (last < n - 1) q.earlyEnds.push({ ticker, lastDate: t.dates[last] });
    // One pass per column: gap days, and whether it can hold an anomaly at all.
    if (scans) {
      if (scans.suspicious[j]) suspicious.push(j);
      if (scans.gaps[j]) q.gaps.push({ ticker, days: scans.gaps[j] });
      continue;
    }
    const { gaps, suspicious: s } = scanPrices(t.columns[j], first, last);
    if (s) suspicious.push(j);
    if (gaps) q.gaps.push({ ticker, days: gaps });
  }
  if (q.emptyColumns.length) q.warnings.push(`${q.emptyColumns.length} column(s) have no price at all: ${sample(q.emptyColumns)}.`);
  if (q.lateStarts.length)
    q.warnings.push(
      `${q.lateStarts.length} ticker(s) start after ${t.dates[0]}: ${sample(q.lateStarts.map((x) => `${x.ticker} (${x.firstDate})`))}.`,
    );
  if (q.earlyEnds.length)
    q.warnings.push(
      `${q.earlyEnds.length} ticker(s) end before ${t.dates[n - 1]}: ${sample(q.earlyEnds.map((x) => `${x.ticker} (${x.lastDate})`))}.`,
    );
  // Kept even when empty: the validator and the run read it instead of scanning the whole
  // matrix again (the language server validates on every keystroke).
  const anomalies = findPriceAnomalies(t, 1000, suspicious);
  q.anomalies = anomalies;
  if (anomalies.length) {
    q.warnings.push(
      `${anomalies.length} price(s) look like typos (a one-day jump of ${SPIKE_FACTOR}x that reverts, or below ${MIN_PLAUSIBLE_PRICE}): ${sample(anomalies.map(describeAnomaly), 3)}.`,
    );
  }
  if (q.gaps.length) {
    const total = q.gaps.reduce((s, g) => s + g.days, 0);
    q.warnings.push(
      `${total} missing price(s) inside ${q.gaps.length} ticker(s)' ranges are valued at the last known price: ${sample(q.gaps.map((g) => `${g.ticker} ${g.days}d`))}.`,
    );
  }
  return q;
}

export function sample(items: string[], max = 5): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

// Go-to-definition into a Parquet file has no text position to land on, so it opens a
// plain-text summary of the file instead: its schema (from the footer) and one line per
// ticker (prices) or per mapped stock and hedge group (mapping). The summary's lines are
// the definition targets. Writing the text is the host's job (ServiceEnv.writeSummary).
import path from 'node:path';
import type { PriceTable, SectorMapping } from '../../engine/types';
import { readParquetSchema } from '../../engine/data/parquet/reader';
import { formatPrice } from './dataView';

export interface Summary {
  text: string;
  /** 0-based line of each ticker (prices, mapping) and of each hedge group (`group:NAME`). */
  lineOf: Map<string, number>;
}

function header(file: string, what: string): string[] {
  const schema = readParquetSchema(file);
  const lines = [
    `${path.basename(file)}: ${what} (Parquet; a summary written by the Backtest language server, the file itself is binary)`,
    file,
    '',
  ];
  if (schema) {
    lines.push(
      `${schema.numRows.toLocaleString('en-US')} rows in ${schema.rowGroups} row group${schema.rowGroups === 1 ? '' : 's'}${schema.createdBy ? `, written by ${schema.createdBy}` : ''}`,
      '',
      'columns:',
    );
    for (const c of schema.columns) lines.push(`  ${c.name}: ${c.typeName}${c.nullable ? '' : ' (required)'}`);
  }
  lines.push('');
  return lines;
}

export function pricesSummary(t: PriceTable): Summary {
  const lines = header(t.file, 'prices');
  const lineOf = new Map<string, number>();
  lines.push(
    `${t.dates.length} trading days ${t.dates[0] ?? '-'} .. ${t.dates[t.dates.length - 1] ?? '-'}, ${t.tickers.length} tickers`,
    '',
    'ticker  first date .. last date  last price',
  );
  const width = Math.max(6, ...t.tickers.map((s) => s.length));
  t.tickers.forEach((ticker, j) => {
    const first = t.firstIndex[j],
      last = t.lastIndex[j];
    lineOf.set(ticker, lines.length);
    lines.push(
      first < 0
        ? `${ticker.padEnd(width)}  (no prices)`
        : `${ticker.padEnd(width)}  ${t.dates[first]} .. ${t.dates[last]}  ${formatPrice(t.columns[j][last])}`,
    );
  });
  return { text: lines.join('\n') + '\n', lineOf };
}

export function mappingSummary(m: SectorMapping, groupColumn: string): Summary {
  const lines = header(m.file, 'sector mapping');
  const lineOf = new Map<string, number>();
  const groups = new Map<string, string[]>();
  for (const r of m.rows) {
    const g = r.values[groupColumn];
    if (!g) continue;
    let list = groups.get(g);
    if (!list) groups.set(g, (list = []));
    list.push(r.ticker);
  }
  lines.push(`${groupColumn} groups:`);
  for (const [g, tickers] of groups) {
    lineOf.set(`group:${g}`, lines.length);
    lines.push(`  ${g}: ${tickers.join(', ')}`);
  }
  lines.push('', `${m.rows.length} rows (${m.columns.join(', ')}):`);
  for (const r of m.rows) {
    lineOf.set(r.ticker, lines.length);
    lines.push(`  ${m.columns.map((c) => (c === 'ticker' ? r.ticker : (r.values[c] ?? ''))).join('  ')}`);
  }
  return { text: lines.join('\n') + '\n', lineOf };
}

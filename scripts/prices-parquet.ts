// A wide price CSV as a long Parquet file (date DATE, ticker STRING, close DOUBLE), one
// ticker after another in the CSV's column order, empty cells left out. Deterministic:
// the sample generator uses it for sample_data/prices.parquet.
//   tsx scripts/prices-parquet.ts prices.csv prices.parquet [long|wide]
import { readFileSync } from 'node:fs';
import type { SchemaElement } from 'hyparquet';
import { parquetWriteFile } from 'hyparquet-writer';
import { parsePricesCsv } from '../engine/data/prices';
import { dayNumbers, ParquetTableWriter } from '../engine/results/parquetOut';

export function writeLongPricesParquet(csvText: string, outFile: string): void {
  const t = parsePricesCsv(csvText, 'prices.csv');
  const days = dayNumbers(t.dates);
  const w = new ParquetTableWriter(outFile, { columns: [{ name: 'date', type: 'date' }, { name: 'ticker', type: 'string' }, { name: 'close', type: 'double' }] });
  t.tickers.forEach((ticker, j) => {
    const c = t.columns[j];
    for (let i = 0; i < c.length; i++) if (c[i] === c[i]) w.row([days[i], ticker, c[i]]);
  });
  w.close();
}

if (require.main === module) {
  const [input, output, layout = 'long'] = process.argv.slice(2);
  if (!input || !output || (layout !== 'long' && layout !== 'wide')) { console.error('usage: tsx scripts/prices-parquet.ts PRICES.csv OUT.parquet [long|wide]'); process.exit(2); }
  (layout === 'wide' ? writeWidePricesParquet : writeLongPricesParquet)(readFileSync(input, 'utf8'), output);
  console.log(`wrote ${output}`);
}

/** The same prices in the wide layout (date DATE, then one DOUBLE column per ticker; null = no price). */
export function writeWidePricesParquet(csvText: string, outFile: string, codec: 'SNAPPY' | 'UNCOMPRESSED' = 'SNAPPY'): void {
  const t = parsePricesCsv(csvText, 'prices.csv');
  const schema: SchemaElement[] = [
    { name: 'root', num_children: t.tickers.length + 1 },
    { name: 'date', type: 'INT32', converted_type: 'DATE', logical_type: { type: 'DATE' }, repetition_type: 'REQUIRED' },
    ...t.tickers.map((name): SchemaElement => ({ name, type: 'DOUBLE', repetition_type: 'OPTIONAL' })),
  ];
  const columnData = [
    { name: 'date', data: Array.from(dayNumbers(t.dates)) },
    ...t.tickers.map((name, j) => ({ name, data: Array.from(t.columns[j], (v) => (v === v ? v : null)) })),
  ];
  // One row group (as pyarrow and DuckDB write a few thousand rows).
  parquetWriteFile({ filename: outFile, columnData, schema, codec, rowGroupSize: Math.max(1, t.dates.length) });
}

// A wide price CSV as a long Parquet file (date DATE, ticker STRING, close DOUBLE), one
// ticker after another in the CSV's column order, empty cells left out. Deterministic:
// the sample generator uses it for sample_data/prices.parquet.
//   tsx scripts/prices-parquet.ts prices.csv prices.parquet
import { readFileSync } from 'node:fs';
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
  const [input, output] = process.argv.slice(2);
  if (!input || !output) { console.error('usage: tsx scripts/prices-parquet.ts PRICES.csv OUT.parquet'); process.exit(2); }
  writeLongPricesParquet(readFileSync(input, 'utf8'), output);
  console.log(`wrote ${output}`);
}

// A wide price CSV as a long Parquet file (date DATE, ticker STRING, close DOUBLE), written
// the way pandas/pyarrow writes `df.to_parquet()` of a long frame: snappy, row groups of
// 1,048,576 rows (pyarrow's default), ~1 MB pages, dictionary-encoded ticker and date
// (the writer keeps a dictionary where it pays: not for close), sorted by ticker then
// date (one ticker after another in the CSV's column order, as df.melt() gives), empty
// cells left out. Deterministic: the sample generator uses it for sample_data/prices.parquet.
//   tsx scripts/prices-parquet.ts prices.csv prices.parquet [long|wide]
import { readFileSync } from 'node:fs';
import type { SchemaElement } from 'hyparquet';
import { ParquetWriter, fileWriter, parquetWriteFile } from 'hyparquet-writer';
import { parsePricesCsv } from '../engine/data/prices';
import { dayNumbers } from '../engine/results/parquetOut';

/** pyarrow's default max_row_group_length (pandas and polars via pyarrow write the same). */
export const LONG_GROUP_ROWS = 1 << 20;

export function writeLongPricesParquet(csvText: string, outFile: string, codec: 'SNAPPY' | 'UNCOMPRESSED' = 'SNAPPY'): void {
  const t = parsePricesCsv(csvText, 'prices.csv');
  const days = dayNumbers(t.dates);
  const schema: SchemaElement[] = [
    { name: 'root', num_children: 3 },
    { name: 'date', type: 'INT32', converted_type: 'DATE', logical_type: { type: 'DATE' }, repetition_type: 'OPTIONAL' },
    { name: 'ticker', type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' }, repetition_type: 'OPTIONAL' },
    { name: 'close', type: 'DOUBLE', repetition_type: 'OPTIONAL' },
  ];
  const w = new ParquetWriter({ writer: fileWriter(outFile), schema, codec });
  const date = new Array<number>(LONG_GROUP_ROWS),
    ticker = new Array<string>(LONG_GROUP_ROWS),
    close = new Float64Array(LONG_GROUP_ROWS);
  let n = 0;
  const flush = (): void => {
    void w.write({
      columnData: [
        { name: 'date', data: date.slice(0, n), encoding: 'RLE_DICTIONARY' },
        { name: 'ticker', data: ticker.slice(0, n), encoding: 'RLE_DICTIONARY' },
        { name: 'close', data: close.slice(0, n) },
      ],
      rowGroupSize: Math.max(1, n),
    });
    n = 0;
  };
  t.tickers.forEach((name, j) => {
    const c = t.columns[j];
    for (let i = 0; i < c.length; i++) {
      if (c[i] !== c[i]) continue;
      date[n] = days[i];
      ticker[n] = name;
      close[n] = c[i];
      if (++n === LONG_GROUP_ROWS) flush();
    }
  });
  if (n || !w.row_groups.length) flush();
  void w.finish();
}

if (require.main === module) {
  const [input, output, layout = 'long'] = process.argv.slice(2);
  if (!input || !output || (layout !== 'long' && layout !== 'wide')) {
    console.error('usage: tsx scripts/prices-parquet.ts PRICES.csv OUT.parquet [long|wide]');
    process.exit(2);
  }
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

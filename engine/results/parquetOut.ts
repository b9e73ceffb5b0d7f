// `--out DIR --format parquet`: the result tables as Parquet files (hyparquet-writer),
// DOUBLE columns at full precision (NaN -> null, as the CSV leaves the cell empty), DATE
// columns for dates. Streamed: rows go into fixed-size column buffers written out as one
// row group each, and the file writer flushes to disk every ~1 MB, so a W2-sized trades
// table is never held in memory (as rows or as a file).
import path from 'node:path';
import type * as HyparquetWriter from 'hyparquet-writer';
import type { SchemaElement } from 'hyparquet';
import type { RunRecord } from './runRecord';
import { replayedPositions } from './resultSource';
import { resultTable, type ResultColumn, type ResultTableSpec } from './resultTables';
import { TRADE_REASONS } from './tradeLog';
import { ATTRIBUTION_PARTS, type RunAnalysis } from '../analysis';

/** Rows per row group: ~1-4 MB of column data per group for our widest table. */
const GROUP_ROWS = 1 << 16;
const DAY_MS = 86_400_000;

function schemaOf(columns: readonly ResultColumn[]): SchemaElement[] {
  const root: SchemaElement = { name: 'root', num_children: columns.length };
  return [root, ...columns.map((c): SchemaElement => {
    if (c.type === 'date') return { name: c.name, type: 'INT32', converted_type: 'DATE', logical_type: { type: 'DATE' }, repetition_type: 'REQUIRED' };
    if (c.type === 'string') return { name: c.name, type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' }, repetition_type: 'OPTIONAL' };
    return { name: c.name, type: 'DOUBLE', repetition_type: 'OPTIONAL' };
  })];
}

type Cell = string | number | null;

/** One Parquet file written a row group at a time. Dates are given as day numbers. */
export class ParquetTableWriter {
  private readonly writer: HyparquetWriter.ParquetWriter;
  private readonly bufs: (Float64Array | Int32Array | (string | null)[])[];
  private n = 0;

  constructor(file: string, private readonly spec: { columns: readonly ResultColumn[] }) {
    // Required here, not imported: only --format parquet uses it, and the bundles keep it in its own file (scripts/build.mjs).
    const { ParquetWriter, fileWriter } = require('hyparquet-writer') as typeof HyparquetWriter;
    this.writer = new ParquetWriter({ writer: fileWriter(file), schema: schemaOf(spec.columns), codec: 'SNAPPY' });
    this.bufs = spec.columns.map((c) => (c.type === 'double' ? new Float64Array(GROUP_ROWS) : c.type === 'date' ? new Int32Array(GROUP_ROWS) : new Array<string | null>(GROUP_ROWS)));
  }

  /** One row; cells in the spec's column order (dates as day numbers, see dayNumbers). */
  row(cells: readonly Cell[]): void {
    const i = this.n;
    for (let c = 0; c < cells.length; c++) (this.bufs[c] as Cell[])[i] = cells[c];
    if (++this.n === GROUP_ROWS) this.flush();
  }

  close(): void {
    if (this.n || !this.writer.row_groups.length) this.flush();
    this.writer.finish();
  }

  private flush(): void {
    const n = this.n;
    const columnData = this.spec.columns.map((c, j) => {
      const buf = this.bufs[j];
      if (c.type === 'double') {
        const f = (buf as Float64Array).subarray(0, n);
        // NaN (no value) is written as null; a column without NaN goes as it is.
        let clean = true;
        for (let i = 0; i < n; i++) if (f[i] !== f[i]) { clean = false; break; }
        return { name: c.name, data: clean ? f : Array.from(f, (v) => (v === v ? v : null)) };
      }
      if (c.type === 'date') return { name: c.name, data: Array.from((buf as Int32Array).subarray(0, n)) };
      return { name: c.name, data: (buf as (string | null)[]).slice(0, n) };
    });
    void this.writer.write({ columnData, rowGroupSize: Math.max(1, n) });
    this.n = 0;
  }
}

/** Day numbers (days since 1970-01-01) of ISO dates. */
export function dayNumbers(dates: readonly string[]): Int32Array {
  return Int32Array.from(dates, (s) => Date.UTC(+s.slice(0, 4), +s.slice(5, 7) - 1, +s.slice(8, 10)) / DAY_MS);
}

/**
 * Writes equity, trades, positions (when asked), exposures and beta as .parquet into
 * `dir`; pushes the file names onto `files`. Same rows and values as the CSV files.
 */
export function writeParquetTables(r: RunRecord, dir: string, files: string[], positions: boolean): void {
  const T = r.dates.length;
  const days = dayNumbers(r.dates);
  const open = (name: ResultTableSpec['name']) => new ParquetTableWriter(path.join(dir, `${name}.parquet`), resultTable(name));

  let w = open('equity');
  for (let d = 0; d < T; d++) w.row([days[d], r.equity[d], r.cash[d], r.longValue[d], r.shortValue[d], r.stockValue[d], r.hedgeValue[d], r.dailyReturn[d]]);
  w.close(); files.push('equity.parquet');

  w = open('trades');
  const log = r.tradeLog;
  if (log) {
    const logDays = dayNumbers(log.dates);
    for (let k = 0; k < log.length; k++) {
      w.row([logDays[log.dayOffset + log.day[k]], log.tickers[log.ticker[k]], log.quantity[k], log.price[k], log.notional[k], log.commission[k], log.slippage[k], TRADE_REASONS[log.reason[k]]]);
    }
  } else {
    for (let k = 0; k < r.trades.length; k++) {
      const t = r.trades[k];
      w.row([days[r.tradeDay[k]], t.ticker, t.quantity, t.price, t.notional, t.commission, t.slippage, t.reason]);
    }
  }
  w.close(); files.push('trades.parquet');

  if (positions) { writePositions(r, open('positions'), days); files.push('positions.parquet'); }

  w = open('exposures');
  for (let d = 0; d < T; d++) {
    for (let g = 0; g < r.groups.length; g++) {
      const k = g * T + d;
      w.row([days[d], r.groups[g], r.preExposure[k], r.postExposure[k], r.targetExposure[k]]);
    }
  }
  w.close(); files.push('exposures.parquet');

  w = open('beta');
  for (let d = 0; d < T; d++) w.row([days[d], r.preBeta[d], r.postBeta[d]]);
  w.close(); files.push('beta.parquet');
}

/** Holdings at each day's close, in ticker order, from the trades replayed (the CSV writer's rows). */
function writePositions(r: RunRecord, w: ParquetTableWriter, days: Int32Array): void {
  const tickers = r.table.tickers;
  replayedPositions(r).forEach((d, j, sh, p, value) => w.row([days[d], tickers[j], sh, p, value]));
  w.close();
}

/** attribution.parquet: the same rows and columns as attribution.csv. */
export function writeAttributionParquet(a: RunAnalysis, dates: readonly string[], file: string): void {
  const w = new ParquetTableWriter(file, resultTable('attribution'));
  const days = dayNumbers(dates), at = a.attribution, parts = ATTRIBUTION_PARTS.map((k) => at.parts[k]);
  for (let i = 0; i < dates.length; i++) w.row([days[i], ...parts.map((p) => p[i]), at.total[i], at.equityChange[i]]);
  w.close();
}

// W2's prices from CSV and from Parquet (wide and long), each loaded and then run end to
// end in this one process (so all three see the same machine load):
//   node --expose-gc --import tsx bench/measureParquet.ts WORKLOAD_JSON
// The Parquet twins are made from the workload's prices.csv on first use and cached beside
// it (scripts/prices-parquet.ts). Prints `RESULT {...}`: wall and CPU seconds of the load
// (fastest of LOADS) and of the whole run per format, and the load's share of the run.
import { existsSync, readFileSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';
import type * as Engine from '../engine';
import { writeLongPricesParquet, writeWidePricesParquet } from '../scripts/prices-parquet';
import type { WorkloadFiles } from './workload';

const ROOT = path.resolve(__dirname, '..');
const engine = require(path.join(ROOT, 'dist', 'engine.js')) as typeof Engine;

export interface FormatMeasurement {
  format: 'csv' | 'parquet-wide' | 'parquet-long';
  file: string;
  bytes: number;
  loadSeconds: number;
  loadCpuSeconds: number;
  endToEndSeconds: number;
  endToEndCpuSeconds: number;
  /** Load CPU / end-to-end CPU. */
  loadShare: number;
  finalEquity: number;
}
export interface ParquetMeasurement {
  workload: string;
  formats: FormatMeasurement[];
  convertSeconds: number;
}

/** Loads per format; the fastest is reported (the end-to-end run uses the first). */
const LOADS = 3;
const now = (): number => performance.now() / 1000;
const cpuNow = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const gc = (): void => {
  (globalThis as { gc?: () => void }).gc?.();
};

function ensure(file: string, make: (tmp: string) => void): void {
  if (existsSync(file)) return;
  const tmp = `${file}.tmp-${process.pid}`;
  make(tmp);
  renameSync(tmp, file);
}

function main(): void {
  const wl = JSON.parse(process.argv[2]) as WorkloadFiles & { name: string };
  // .v2: the long twin as pyarrow writes it (1 M-row groups, dictionary date and ticker).
  const wide = path.join(wl.dir, 'prices.wide.parquet'),
    long = path.join(wl.dir, 'prices.long.v2.parquet');
  let t = now();
  if (!existsSync(wide) || !existsSync(long)) {
    const text = readFileSync(wl.prices, 'utf8');
    ensure(wide, (tmp) => writeWidePricesParquet(text, tmp));
    ensure(long, (tmp) => writeLongPricesParquet(text, tmp));
  }
  const convertSeconds = now() - t;
  const formats: FormatMeasurement[] = [];
  for (const [format, file] of [
    ['csv', wl.prices],
    ['parquet-wide', wide],
    ['parquet-long', long],
  ] as const) {
    gc();
    // End to end as measureRun: config, prices, mapping, signals, simulation, metrics.
    const cpu0 = cpuNow(),
      t0 = now();
    const config = engine.BacktestConfig.fromFile(wl.config);
    const dm = new engine.DataManager(wl.dir, { pricesFile: file });
    t = now();
    let c = cpuNow();
    dm.loadPrices();
    let loadSeconds = now() - t,
      loadCpuSeconds = cpuNow() - c;
    // The load again (outside the end-to-end times): the machine is shared, so the
    // smallest of LOADS is the load's own cost.
    const firstWall = loadSeconds,
      firstCpu = loadCpuSeconds;
    const e2eWall = now() - t0,
      e2eCpu = cpuNow() - cpu0;
    for (let k = 1; k < LOADS; k++) {
      gc();
      t = now();
      c = cpuNow();
      new engine.DataManager(wl.dir, { pricesFile: file }).loadPrices();
      loadSeconds = Math.min(loadSeconds, now() - t);
      loadCpuSeconds = Math.min(loadCpuSeconds, cpuNow() - c);
    }
    gc();
    const cpu1 = cpuNow(),
      t1 = now();
    dm.loadSectorMapping();
    const results = new engine.Backtester(config, dm).run();
    results.calculateMetrics();
    // End to end with the fastest load in place of the first (so the share compares like with like).
    const endToEndSeconds = e2eWall - firstWall + loadSeconds + now() - t1,
      endToEndCpuSeconds = e2eCpu - firstCpu + loadCpuSeconds + cpuNow() - cpu1;
    formats.push({
      format,
      file,
      bytes: statSync(file).size,
      loadSeconds,
      loadCpuSeconds,
      endToEndSeconds,
      endToEndCpuSeconds,
      loadShare: loadCpuSeconds / endToEndCpuSeconds,
      finalEquity: results.record.equity[results.record.equity.length - 1],
    });
  }
  const eq = formats.map((f) => f.finalEquity);
  if (eq.some((e) => e !== eq[0])) throw new Error(`the formats disagree on final equity: ${eq.join(', ')}`);
  const m: ParquetMeasurement = { workload: wl.name, formats, convertSeconds };
  process.stdout.write(`RESULT ${JSON.stringify(m)}\n`);
}

main();

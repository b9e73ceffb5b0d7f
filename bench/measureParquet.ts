// W2's prices from CSV and from Parquet (wide and long), each loaded and then run end to
// end in this one process (so all three see the same machine load):
//   node --expose-gc --import tsx bench/measureParquet.ts WORKLOAD_JSON
// The Parquet twins are made from the workload's prices.csv on first use and cached beside
// it (scripts/prices-parquet.ts). Prints `RESULT {...}`: wall and CPU seconds of the load
// and of the whole run per format, and the load's share of the run.
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
export interface ParquetMeasurement { workload: string; formats: FormatMeasurement[]; convertSeconds: number }

const now = (): number => performance.now() / 1000;
const cpuNow = (): number => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
const gc = (): void => { (globalThis as { gc?: () => void }).gc?.(); };

function ensure(file: string, make: (tmp: string) => void): void {
  if (existsSync(file)) return;
  const tmp = `${file}.tmp-${process.pid}`;
  make(tmp);
  renameSync(tmp, file);
}

function main(): void {
  const wl = JSON.parse(process.argv[2]) as WorkloadFiles & { name: string };
  const wide = path.join(wl.dir, 'prices.wide.parquet'), long = path.join(wl.dir, 'prices.long.parquet');
  let t = now();
  if (!existsSync(wide) || !existsSync(long)) {
    const text = readFileSync(wl.prices, 'utf8');
    ensure(wide, (tmp) => writeWidePricesParquet(text, tmp));
    ensure(long, (tmp) => writeLongPricesParquet(text, tmp));
  }
  const convertSeconds = now() - t;
  const formats: FormatMeasurement[] = [];
  for (const [format, file] of [['csv', wl.prices], ['parquet-wide', wide], ['parquet-long', long]] as const) {
    gc();
    // End to end as measureRun: config, prices, mapping, signals, simulation, metrics.
    const cpu0 = cpuNow(), t0 = now();
    const config = engine.BacktestConfig.fromFile(wl.config);
    const dm = new engine.DataManager(wl.dir, { pricesFile: file });
    t = now();
    const c = cpuNow();
    dm.loadPrices();
    const loadSeconds = now() - t, loadCpuSeconds = cpuNow() - c;
    dm.loadSectorMapping();
    const results = new engine.Backtester(config, dm).run();
    results.calculateMetrics();
    const endToEndSeconds = now() - t0, endToEndCpuSeconds = cpuNow() - cpu0;
    formats.push({
      format, file, bytes: statSync(file).size, loadSeconds, loadCpuSeconds, endToEndSeconds, endToEndCpuSeconds,
      loadShare: loadCpuSeconds / endToEndCpuSeconds, finalEquity: results.record.equity[results.record.equity.length - 1],
    });
  }
  const eq = formats.map((f) => f.finalEquity);
  if (eq.some((e) => e !== eq[0])) throw new Error(`the formats disagree on final equity: ${eq.join(', ')}`);
  const m: ParquetMeasurement = { workload: wl.name, formats, convertSeconds };
  process.stdout.write(`RESULT ${JSON.stringify(m)}\n`);
}

main();

// One workload, measured in its own process (so peak RSS is this workload's alone):
//   node --expose-gc --import tsx bench/measureRun.ts WORKLOAD_JSON OUT_DIR [--json-out FILE]
// Uses the built engine (dist/engine.js), the same bundle the CLI and extension run.
// Prints one JSON line `RESULT {...}` with seconds, throughputs and peak RSS.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import os from 'node:os';
import path from 'node:path';
import type * as Engine from '../engine';
import { parseWideDirect } from './directCsv';
import { measureFloor } from './floor';
import { measureFused } from './fusedFloor';
import { measureFormatting } from './formatFloor';
import { resolveOptions } from '../engine/backtest/options';
import { scheduleWideTargets } from '../engine/backtest/inputs';
import { WarningLog } from '../engine/backtest/warnings';
import type { WorkloadFiles } from './workload';

const ROOT = path.resolve(__dirname, '..');
const engine = require(path.join(ROOT, 'dist', 'engine.js')) as typeof Engine;

export interface RunMeasurement {
  workload: string;
  days: number;
  names: number;
  stocks: number;
  priceBytes: number;
  signalBytes: number;
  configSeconds: number;
  pricesSeconds: number;
  pricesCpuSeconds: number;
  signalsCpuSeconds: number;
  writeCpuSeconds: number;
  pricesMBps: number;
  directParseSeconds: number;
  directParseMBps: number;
  mappingSeconds: number;
  signalsSeconds: number;
  signalsMBps: number;
  simSeconds: number;
  simCpuSeconds: number;
  endToEndCpuSeconds: number;
  loadAverage: number;
  cellsPerSecond: number;
  metricsSeconds: number;
  /** What the hedge did (engine/analysis: replay, attribution, effectiveness, bootstrap) and the run's summary, computed once; part of the end to end. */
  analysisSeconds: number;
  analysisCpuSeconds: number;
  endToEndSeconds: number;
  writeSeconds: number;
  writtenBytes: number;
  writtenFiles: string[];
  writePositions: boolean;
  toJsonSeconds: number | null;
  jsonBytes: number | null;
  floorSeconds: number;
  /** Simulation alone, data already loaded (LoadedTables, as a sweep runs it): full config and the no-hedge one. */
  simLoadedSeconds: number;
  simLoadedCpuSeconds: number;
  noHedgeSimSeconds: number;
  noHedgeSimCpuSeconds: number;
  /** The fused one-pass floor of the no-hedge job (bench/fusedFloor.ts), and whether it reproduced the engine. */
  fusedSeconds: number;
  fusedCpuSeconds: number;
  fusedMatches: boolean;
  /** Number formatting of every number of trades.csv: String(x), and the writer's formatter into bytes. */
  formatNumbers: number;
  formatStringSeconds: number;
  formatBytesSeconds: number;
  simOverFloor: number;
  trades: number;
  /** Peak RSS after load, run and metrics (before --out and JSON). */
  peakRssRunBytes: number;
  /** Peak RSS after writing the --out files too (before the panel JSON). */
  peakRssBytes: number;
  heapUsedAfterRunBytes: number;
  finalEquity: number;
  sharpe: number;
}

const now = (): number => performance.now() / 1000;
/** Process CPU seconds (user + system, all threads): with other work on the machine, wall time overstates cost. */
const cpuNow = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const gc = (): void => {
  (globalThis as { gc?: () => void }).gc?.();
};

/**
 * CPU profile of one phase only (`--sim-profile FILE`): the whole-process profile is
 * dominated by writing files, which hides where the simulation's own time goes.
 */
function phaseProfiler(file: string | undefined): { start(): void; stop(): void } {
  if (!file) return { start() {}, stop() {} };
  const session = new Session();
  session.connect();
  // The inspector answers same-thread posts synchronously.
  return {
    start() {
      session.post('Profiler.enable');
      session.post('Profiler.setSamplingInterval', { interval: 200 });
      session.post('Profiler.start');
    },
    stop() {
      session.post('Profiler.stop', (err, r) => {
        if (!err) writeFileSync(file, JSON.stringify(r.profile));
        session.disconnect();
      });
    },
  };
}

function flag(args: string[], name: string): string | undefined {
  const k = args.indexOf(name);
  return k >= 0 ? args[k + 1] : undefined;
}

function main(): void {
  const [wlJson, outDir, ...rest] = process.argv.slice(2);
  const jsonOut = flag(rest, '--json-out');
  const simProfile = phaseProfiler(flag(rest, '--sim-profile'));
  const wl = JSON.parse(wlJson) as WorkloadFiles & { name: string };
  const priceBytes = statSync(wl.prices).size;
  const signalBytes = statSync(wl.signals).size;

  // End to end as a user runs it: config, prices, mapping, signals, simulation, metrics,
  // analysis and summary (what `backtest run` prints).
  const cpu0 = cpuNow();
  let t = now();
  const config = engine.BacktestConfig.fromFile(wl.config);
  const configSeconds = now() - t;
  const dm = new engine.DataManager(wl.dir);
  t = now();
  let c = cpuNow();
  const table = dm.loadPrices();
  const pricesSeconds = now() - t;
  const pricesCpuSeconds = cpuNow() - c;
  t = now();
  dm.loadSectorMapping();
  const mappingSeconds = now() - t;
  // The backtester reads the signals itself (as the CLI does, so the parsed file is garbage
  // once scheduled); the loader is timed from inside and that time is not simulation time.
  // (A --sim-profile covers the whole run(), signal parsing included.)
  let signalsSeconds = 0,
    signalsCpu = 0;
  const timed =
    <A extends unknown[], R>(f: (...a: A) => R) =>
    (...a: A): R => {
      const t0 = now(),
        c0 = cpuNow();
      const v = f(...a);
      signalsSeconds += now() - t0;
      signalsCpu += cpuNow() - c0;
      return v;
    };
  dm.loadSignals = timed(dm.loadSignals.bind(dm));
  // The column path for plain wide files (engine/backtest/inputs.ts).
  dm.loadWideValues = timed(dm.loadWideValues.bind(dm));
  t = now();
  const simCpu0 = cpuNow();
  simProfile.start();
  const bt = new engine.Backtester(config, dm);
  const results = bt.run();
  simProfile.stop();
  const simSeconds = now() - t - signalsSeconds;
  const simCpuSeconds = cpuNow() - simCpu0 - signalsCpu;
  t = now();
  const metrics = results.calculateMetrics();
  const metricsSeconds = now() - t;
  // The analysis (engine/analysis) and the summary, as `backtest run` computes and prints
  // them: the CLI's work, so the in-process end to end includes it too.
  t = now();
  const analysisCpu0 = cpuNow();
  results.analyse();
  results.summaryJSON();
  results.analysisSummaryJSON();
  const analysisSeconds = now() - t;
  const analysisCpuSeconds = cpuNow() - analysisCpu0;
  const endToEndSeconds = configSeconds + pricesSeconds + mappingSeconds + signalsSeconds + simSeconds + metricsSeconds + analysisSeconds;
  const endToEndCpuSeconds = cpuNow() - cpu0;
  const heapUsedAfterRunBytes = process.memoryUsage().heapUsed;
  const peakRssRunBytes = process.resourceUsage().maxRSS * 1024;

  // --out files (positions.csv per the workload's write_positions).
  t = now();
  c = cpuNow();
  const written = results.writeOutFiles(outDir);
  const writeSeconds = now() - t;
  const writeCpuSeconds = cpuNow() - c;
  const writtenBytes = written.reduce((s, f) => s + statSync(f).size, 0);
  const peakRssBytes = process.resourceUsage().maxRSS * 1024;

  // The panel's payload (W1-sized runs only: a W2 JSON is not something a panel loads).
  let toJsonSeconds: number | null = null,
    jsonBytes: number | null = null;
  if (jsonOut) {
    t = now();
    const text = JSON.stringify(results.toJSON());
    toJsonSeconds = now() - t;
    jsonBytes = Buffer.byteLength(text);
    writeFileSync(jsonOut, text);
  }

  // The simulation alone on loaded tables (the load-once path a sweep uses), best of 3,
  // for the full config and the no-hedge one, and the fused floor of the no-hedge job.
  const tables = new engine.LoadedTables();
  const noHedge = config.with({ enable_sector_hedge: false, enable_beta_hedge: false });
  const timedRun = (cfg: typeof config) => {
    let best = Infinity,
      bestCpu = Infinity,
      res: ReturnType<Engine.Backtester['run']> | null = null;
    for (let k = 0; k < 3; k++) {
      gc();
      const t0 = now(),
        c0 = cpuNow();
      res = new engine.Backtester(cfg, cfg.createDataManager(tables)).run();
      best = Math.min(best, now() - t0);
      bestCpu = Math.min(bestCpu, cpuNow() - c0);
    }
    return { seconds: best, cpu: bestCpu, res: res! };
  };
  new engine.Backtester(config, config.createDataManager(tables)).run(); // loads the tables
  const full = timedRun(config);
  const nh = timedRun(noHedge);
  const o = resolveOptions(noHedge);
  const loaded = tables.prices(path.resolve(wl.prices));
  const wide = tables.wide(path.resolve(wl.signals));
  if (!wide) throw new Error('bench: the workload signals are not a plain wide file');
  const schedule = scheduleWideTargets(wide, loaded, 0, loaded.dates.length - 1, o.execution_delay_days, 'signal', new WarningLog());
  const fused = measureFused(o, loaded, schedule, 0, loaded.dates.length - 1);
  const nhEquity = nh.res.record.equity[nh.res.record.equity.length - 1];
  const fusedMatches = fused.finalEquity === nhEquity && fused.trades === nh.res.record.tradeDay.length;
  const fmt = measureFormatting(results.record);

  // Yardsticks in this same process: the one-pass floor and a direct typed-array parser.
  gc();
  const floor = measureFloor(table.columns);
  const text = readFileSync(wl.prices, 'utf8');
  t = now();
  const direct = parseWideDirect(text);
  const directParseSeconds = now() - t;
  if (direct.columns.length !== table.tickers.length) throw new Error('direct parser disagrees on the column count');

  const cells = table.dates.length * table.tickers.length;
  const m: RunMeasurement = {
    workload: wl.name,
    days: table.dates.length,
    names: table.tickers.length,
    stocks: wl.stocks,
    priceBytes,
    signalBytes,
    configSeconds,
    pricesSeconds,
    pricesCpuSeconds,
    signalsCpuSeconds: signalsCpu,
    writeCpuSeconds,
    pricesMBps: priceBytes / 1e6 / pricesSeconds,
    directParseSeconds,
    directParseMBps: priceBytes / 1e6 / directParseSeconds,
    mappingSeconds,
    signalsSeconds,
    signalsMBps: signalBytes / 1e6 / signalsSeconds,
    simSeconds,
    simCpuSeconds,
    endToEndCpuSeconds,
    loadAverage: os.loadavg()[0],
    cellsPerSecond: cells / simSeconds,
    metricsSeconds,
    analysisSeconds,
    analysisCpuSeconds,
    endToEndSeconds,
    writeSeconds,
    writtenBytes,
    writtenFiles: written.map((f) => path.basename(f)),
    writePositions: written.some((f) => path.basename(f) === 'positions.csv'),
    toJsonSeconds,
    jsonBytes,
    floorSeconds: floor.seconds,
    simLoadedSeconds: full.seconds,
    simLoadedCpuSeconds: full.cpu,
    noHedgeSimSeconds: nh.seconds,
    noHedgeSimCpuSeconds: nh.cpu,
    fusedSeconds: fused.seconds,
    fusedCpuSeconds: fused.cpuSeconds,
    fusedMatches,
    formatNumbers: fmt.numbers,
    formatStringSeconds: fmt.stringSeconds,
    formatBytesSeconds: fmt.bytesSeconds,
    simOverFloor: simSeconds / floor.seconds,
    trades: results.record.trades.length,
    peakRssRunBytes,
    peakRssBytes,
    heapUsedAfterRunBytes,
    finalEquity: results.record.equity[results.record.equity.length - 1],
    sharpe: metrics.sharpeRatio,
  };
  process.stdout.write(`RESULT ${JSON.stringify(m)}\n`);
}

main();

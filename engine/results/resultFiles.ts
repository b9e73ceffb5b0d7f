// The one writer of result files: equity.csv, trades.csv, positions.csv, exposures.csv,
// beta.csv, attribution.csv and metrics.json from a run's ResultSource (resultSource.ts),
// through the byte CSV writer: no string or object per cell, no file held whole (W2's
// trades.csv is ~1 GB). `backtest run --out` and the editor's results folder write a
// RunRecord's tables to disk (writeResultFolder); the extension's Export writes the
// panel's ResultsJson tables to memory (resultFileTexts). Same code, same bytes.
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { checkOutputFolder, cleanStaleTemps, describeWriteError, removeOurFiles, removeOwnTemp } from './outputFolder';
import path from 'node:path';
import type { CompareJson, ResultsJson } from '../types';
import { metricsSnakeCase } from './calculateMetrics';
import { ByteCsvWriter, fileSink, MemorySink, textCells, type ByteSink } from './csvBytes';
import { jsonSource, type MetricsParts, type ResultSource, type TradeColumns } from './resultSource';
import { resultTable, type ResultTableSpec } from './resultTables';
import { TRADE_REASONS } from './tradeLog';

/** Every file a run can write, in the order they are listed to the user. */
export const RESULT_FILE_NAMES = ['equity.csv', 'trades.csv', 'positions.csv', 'exposures.csv', 'beta.csv', 'attribution.csv', 'metrics.json'] as const;

/** metrics.json: snake_case metrics, the analysis sections, trade counts, the run's metadata, warnings. */
export function metricsFileText(p: MetricsParts, dates: readonly string[]): string {
  const m = p.meta, T = dates.length;
  const metrics = {
    ...metricsSnakeCase(p.metrics),
    // A bankrupt run's analysis (intervals, effectiveness, attribution) is as invalid as its metrics.
    ...(p.metrics.invalid ? nullNumbers(p.analysis ?? {}) : (p.analysis ?? {})),
    trade_counts: p.tradeCounts,
    run: {
      name: m.name,
      config_path: m.configPath,
      engine_version: m.engineVersion,
      data_range: m.dataRange,
      start_date: dates[0],
      end_date: dates[T - 1],
      trading_days: T,
      prices_file: m.pricesFile ?? null,
      use_case: m.useCase ?? null,
      hedge_method: m.hedgeMethod,
      beta_hedge: m.betaHedge,
      beta_instrument: m.betaInstrument,
      exposure_basis: m.exposureBasis,
      initial_cash: m.initialCash,
      final_equity: p.finalEquity,
      generated_at: m.generatedAt,
    },
    warnings: p.warnings,
  };
  return JSON.stringify(metrics, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n';
}

/** `v` with every number replaced by null (the shape kept, so readers find the keys). */
function nullNumbers<T>(v: T): T {
  return JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === 'number' ? null : x)));
}

export const TRADES_HEADER: readonly string[] = resultTable('trades').columns.map((c) => c.name);

/** Rows from..to of trades.csv (k = from..to-1) into `w`, then closes it. */
export function writeTradeRows(w: ByteCsvWriter, tr: TradeColumns, dates: readonly Uint8Array[], from: number, to: number): void {
  const tickers = textCells(tr.tickers), reasons = textCells(TRADE_REASONS);
  for (let k = from; k < to; k++) {
    w.text(dates[tr.dayOffset + tr.day[k]]); w.text(tickers[tr.ticker[k]]);
    w.num(tr.quantity[k]); w.num(tr.price[k]); w.num(tr.notional[k]); w.num(tr.commission[k]); w.num(tr.slippage[k]);
    w.text(reasons[tr.reason[k]]);
    w.end();
  }
  w.close();
}

/**
 * trades.csv shared with another thread that formats its first rows (tradesStream.ts):
 * `covers` says whether these are the trades it has, `begin` gives it the file and a wait
 * for its rows (how many: rows [0, n) after the header; -1 when it failed), `claimBack`
 * gives this thread the chunks left from the end, `abort` stops it.
 */
export interface TradesStreamed {
  covers(tr: TradeColumns): boolean;
  begin(file: string): () => number;
  claimBack(): readonly [number, number] | null;
  abort(): void;
}

/** TradesStreamed with its file given; `open(name, true)` must then append to that file. */
interface StreamedTrades {
  covers(tr: TradeColumns): boolean;
  begin(): () => number;
  claimBack(): readonly [number, number] | null;
  abort(): void;
}

/** A sink whose close() leaves the file open (several writers in turn). */
const keepOpen = (s: ByteSink): ByteSink => ({ write: (b, o, l) => s.write(b, o, l), close() {} });

/**
 * Writes every file of `t`, each into the sink `open(name)` gives; returns the names written.
 * With `streamed`, trades.csv's first rows come from another thread (TradesStreamed).
 */
export function writeResultFiles(t: ResultSource, open: (name: string, append?: boolean) => ByteSink, streamed?: StreamedTrades): string[] {
  const shared = streamed?.covers(t.trades) ? streamed : null;
  if (streamed && !shared) streamed.abort();
  const wait = shared?.begin();
  try {
    return writeFiles(t, open, shared && wait ? { stream: shared, wait } : null);
  } catch (err) {
    // Nothing more into the folder from the other thread: it is about to be removed.
    if (shared && wait) {
      shared.abort();
      wait();
    }
    throw err;
  }
}

function writeFiles(t: ResultSource, open: (name: string, append?: boolean) => ByteSink, shared: { stream: StreamedTrades; wait: () => number } | null): string[] {
  const T = t.dates.length, s = t.series, files: string[] = [];
  const dates = textCells(t.dates);
  const csv = (table: ResultTableSpec['name']) => {
    files.push(`${table}.csv`);
    return new ByteCsvWriter(open(`${table}.csv`), resultTable(table).columns.map((c) => c.name));
  };

  let w = csv('equity');
  for (let d = 0; d < T; d++) {
    w.text(dates[d]);
    w.num(s.equity[d]); w.num(s.cash[d]); w.num(s.longValue[d]); w.num(s.shortValue[d]);
    w.num(s.stockValue[d]); w.num(s.hedgeValue[d]); w.num(s.dailyReturn[d]);
    w.end();
  }
  w.close();

  // trades.csv: with `shared`, its first rows come from the other thread, and this one takes
  // what is left of them from the end once the other files are written.
  files.push('trades.csv');
  const n = t.trades.length;
  if (!shared) writeTradeRows(new ByteCsvWriter(open('trades.csv'), TRADES_HEADER), t.trades, dates, 0, n);

  if (t.positions) {
    const pw = csv('positions');
    const names = textCells(t.positions.tickers);
    t.positions.forEach((d, j, sh, p, v) => { pw.text(dates[d]); pw.text(names[j]); pw.num(sh); pw.num(p); pw.num(v); pw.end(); });
    pw.close();
  }

  w = csv('exposures');
  const groups = textCells(t.sectors.map((x) => x.name));
  for (let d = 0; d < T; d++) {
    for (let g = 0; g < t.sectors.length; g++) {
      const x = t.sectors[g];
      w.text(dates[d]); w.text(groups[g]);
      w.num(x.preHedge[d]); w.num(x.postHedge[d]); w.num(x.target[d]);
      w.end();
    }
  }
  w.close();

  w = csv('beta');
  for (let d = 0; d < T; d++) { w.text(dates[d]); w.num(t.beta.preHedge[d]); w.num(t.beta.postHedge[d]); w.end(); }
  w.close();

  if (t.attribution) {
    const at = t.attribution;
    w = csv('attribution');
    for (let d = 0; d < T; d++) {
      w.text(dates[d]);
      for (const p of at.parts) w.num(p[d]);
      w.num(at.total[d]); w.num(at.equityChange[d]);
      w.end();
    }
    w.close();
  }

  if (shared) {
    // Chunks from the end, last first, until the other thread has the rest.
    const tail: { from: number; rows: MemorySink }[] = [];
    for (let c = shared.stream.claimBack(); c; c = shared.stream.claimBack()) {
      const rows = new MemorySink();
      writeTradeRows(new ByteCsvWriter(rows, null), t.trades, dates, c[0], c[1]);
      tail.push({ from: c[0], rows });
    }
    // Its rows in the file up to ours: append ours. Any failure there: the whole file here.
    if (shared.wait() === (tail.at(-1)?.from ?? n)) {
      const sink = open('trades.csv', true);
      for (let i = tail.length - 1; i >= 0; i--) tail[i].rows.writeTo(keepOpen(sink));
      sink.close();
    } else writeTradeRows(new ByteCsvWriter(open('trades.csv'), TRADES_HEADER), t.trades, dates, 0, n);
  }

  const json = Buffer.from(metricsFileText(t.metrics, t.dates), 'utf8');
  const sink = open('metrics.json');
  sink.write(json, 0, json.length);
  sink.close();
  files.push('metrics.json');
  return files;
}

/**
 * The temporary folder a result folder is filled in (`.NAME.tmp-PID-TIME` next to it), made
 * after the same checks as the write: writeFolderAtomically renames it into place, or
 * `discard` removes it. Made before a run, an --out's trades.csv streams into it while the
 * run goes on (no copy of the rows held in memory until the end).
 */
export interface StagedFolder {
  readonly target: string;
  readonly tmp: string;
  /** Removes the folder and what it holds (nothing when it was already renamed into place). */
  discard(): void;
}

export function stageFolder(dir: string): StagedFolder {
  const target = path.resolve(dir);
  const parent = path.dirname(target);
  // Never replace what a run did not write (a link, a sub-folder named trades.csv, a user's file).
  checkOutputFolder(target, OUR_FILE_NAMES);
  // Temp folders of killed runs in this place are ours: clean them first.
  cleanStaleTemps(target, OUR_FILE_NAMES);
  try {
    mkdirSync(parent, { recursive: true });
    const tmp = path.join(parent, `.${path.basename(target)}.tmp-${process.pid}-${Date.now()}`);
    mkdirSync(tmp);
    const discard = () => {
      // A file the other thread still holds open may delay it (Windows): retried, and never
      // in the way of the error being reported; what is left, the next run here removes.
      try {
        removeOwnTemp(tmp);
      } catch {
        /* cleanStaleTemps, next run */
      }
    };
    return { target, tmp, discard };
  } catch (err) {
    throw describeWriteError(err, target) ?? err;
  }
}

/**
 * Fills `dir` as a whole, atomically: `fill` writes into a temporary folder next to it
 * (`staged`, or one made now), which is renamed into place at the end, so a crash or a
 * kill never leaves half-written results. `fill` returns the names it wrote; the result
 * is their absolute paths.
 */
export function writeFolderAtomically(dir: string, fill: (tmp: string) => string[], staged?: StagedFolder): string[] {
  const target = path.resolve(dir);
  if (staged && staged.target !== target) throw new Error(`the staged folder is for ${staged.target}, not ${target}`);
  // A staged folder was checked when made; the place is checked again just before it is replaced.
  if (staged) checkOutputFolder(target, OUR_FILE_NAMES);
  const st = staged ?? stageFolder(target);
  const parent = path.dirname(target);
  let written: string[];
  try {
    written = fill(st.tmp);
    if (existsSync(target)) {
      const old = path.join(parent, `.${path.basename(target)}.old-${process.pid}-${Date.now()}`);
      renameSync(target, old);
      renameSync(st.tmp, target);
      // Only our regular files go; anything else (there should be nothing) stays in the .old folder.
      removeOurFiles(old, [...OUR_FILE_NAMES, ...written]);
    } else {
      renameSync(st.tmp, target);
    }
  } catch (err) {
    st.discard();
    throw describeWriteError(err, target) ?? err;
  }
  return written.map((f) => path.join(target, f));
}

/** Every name a result folder of ours may hold (CSV or Parquet tables, metrics.json). */
const OUR_FILE_NAMES: readonly string[] = [...RESULT_FILE_NAMES, ...RESULT_FILE_NAMES.filter((f) => f.endsWith('.csv')).map((f) => f.replace(/\.csv$/, '.parquet'))];

/**
 * Writes the CSV files and metrics.json of `t` as the whole content of `dir` (atomically);
 * with `streamed`, trades.csv's first rows come from another thread (TradesStreamed), into
 * the temporary folder's trades.csv; `folder`: that temporary folder, made before the run.
 */
export function writeResultFolder(dir: string, t: ResultSource, streamed?: TradesStreamed, folder?: StagedFolder): string[] {
  if (!streamed) return writeFolderAtomically(dir, (tmp) => writeResultFiles(t, (name, append) => fileSink(path.join(tmp, name), append)), folder);
  const fill = (tmp: string) => {
    const file = path.join(tmp, 'trades.csv');
    const inTmp: StreamedTrades = {
      covers: (tr) => streamed.covers(tr),
      claimBack: () => streamed.claimBack(),
      abort: () => streamed.abort(),
      begin: () => {
        const wait = streamed.begin(file);
        // Not written: a new file, so a late write of the other thread cannot reach it.
        return () => {
          const rows = wait();
          if (rows < 0) rmSync(file, { force: true });
          return rows;
        };
      },
    };
    return writeResultFiles(t, (name, append) => fileSink(path.join(tmp, name), append), inTmp);
  };
  return writeFolderAtomically(dir, fill, folder);
}

/** metrics.json into `dir` (the Parquet form's, beside its tables). */
export function writeMetricsFile(dir: string, p: MetricsParts, dates: readonly string[]): string {
  const json = Buffer.from(metricsFileText(p, dates), 'utf8');
  const sink = fileSink(path.join(dir, 'metrics.json'));
  sink.write(json, 0, json.length);
  sink.close();
  return 'metrics.json';
}

export interface ResultFileText { name: string; content: string }

/** The files of a run as the panel holds it, in memory (the extension's Export). */
export function resultFileTexts(r: ResultsJson): ResultFileText[] {
  const sinks = new Map<string, MemorySink>();
  const names = writeResultFiles(jsonSource(r), (name) => { const m = new MemorySink(); sinks.set(name, m); return m; });
  return names.map((name) => ({ name, content: sinks.get(name)!.text() }));
}

/** A compare run: one folder per run, named from its label (`etf/equity.csv`, ...). */
export function compareFileTexts(c: CompareJson): ResultFileText[] {
  const used = new Set<string>();
  return c.runs.flatMap((run, i) => {
    let dir = run.label.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || `run-${i + 1}`;
    while (used.has(dir)) dir += `-${i + 1}`;
    used.add(dir);
    return resultFileTexts(run.results).map((f) => ({ name: `${dir}/${f.name}`, content: f.content }));
  });
}

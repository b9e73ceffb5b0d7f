// Walk-forward on the pool: every variant scored on each train window (independent runs),
// the best (argmax of select_by, first on ties) run on the following test window starting
// from the equity the previous test window ended with; the test windows stitched.
import path from 'node:path';
import { DataManager } from '../../engine/data';
import {
  bestIndex,
  describePoint,
  stitchedMetrics,
  walkForwardWindows,
  type StitchedDay,
  type Variant,
  type WalkForwardSpec,
  type Window,
} from '../../engine/sweep';
import { resolveConfigPaths } from '../../engine/config';
import { CliError, displayPath } from '../../jobs/failure';
import type { CliFailure } from '../../common/failure';
import { createProgressBar, createProgressLines } from '../progress';
import type { SweepPool } from './pool';
import type { SweepTask } from './task';
import { csvCell, runnableConfig, writeAtomic, type VariantRecord } from './outputs';
import { windowRunId, WindowRunStore, type WindowRun } from './windowRuns';

export interface WalkForwardResult {
  windows: (Window & {
    variant_id: string;
    axes: Record<string, unknown>;
    train_score: number | null;
    test_score: number | null;
    test_final_equity: number;
  })[];
  out_of_sample: Record<string, number | null>;
  in_sample_best: { variant_id: string; axes: Record<string, unknown>; metrics: Record<string, number | null> } | null;
  select_by: string;
  files: string[];
}

class Stop extends Error {}

/**
 * Runs the tasks whose window run is not in the store yet; each finished one is stored at
 * once (so Ctrl-C or a crash keeps it for --resume), stored ones are reused as they are.
 */
async function runAll(
  pool: SweepPool,
  store: WindowRunStore,
  tasks: { id: string; task: SweepTask }[],
  stopped: () => boolean,
  onDone: (i: number, r: WindowRun) => void,
): Promise<void> {
  let failure: CliFailure | null = null;
  const todo: number[] = [];
  tasks.forEach((t, i) => {
    const hit = store.get(t.id);
    if (hit) onDone(i, hit);
    else todo.push(i);
  });
  let next = 0;
  const worker = async () => {
    while (next < todo.length && !failure && !stopped()) {
      const i = todo[next++];
      const r = await pool.run(tasks[i].task);
      if (r.ok) onDone(i, store.put(tasks[i].id, r));
      else if (!r.cancelled) failure ??= r.failure;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(pool.threads, todo.length)) }, worker));
  if (failure)
    throw Object.assign(new CliError((failure as CliFailure).message, (failure as CliFailure).fix, (failure as CliFailure).file), {
      line: (failure as CliFailure).line,
      column: (failure as CliFailure).column,
    });
  if (stopped()) throw new Stop();
}

/** The trading days of the run's range (the first variant's start/end; windows need one calendar). */
function runDates(v: Variant, basePath: string): string[] {
  const p = resolveConfigPaths(v.resolved, basePath);
  const table = new DataManager(p.dataDir, { pricesFile: p.prices, sectorMappingFile: p.sectorMapping }).loadPrices();
  const s = v.resolved.start_date ?? table.dates[0],
    e = v.resolved.end_date ?? table.dates[table.dates.length - 1];
  return table.dates.filter((d) => d >= s && d <= e);
}

export async function runWalkForward(
  pool: SweepPool,
  variants: Variant[],
  wf: WalkForwardSpec,
  records: VariantRecord[],
  rankMetric: { metric: string; descending: boolean },
  opts: {
    outDir: string;
    basePath: string;
    cancel: SharedArrayBuffer;
    stopped: () => boolean;
    stderr: NodeJS.WriteStream;
    resume?: boolean;
  },
): Promise<WalkForwardResult | 'cancelled'> {
  const windows = walkForwardWindows(runDates(variants[0], opts.basePath), wf);
  const configs = variants.map((v) => runnableConfig(v, opts.basePath));
  const store = new WindowRunStore(opts.outDir, !!opts.resume);
  const bar = createProgressBar(opts.stderr);
  const lines = createProgressLines(opts.stderr, 'sweep: ');
  // Every variant on every train window, then one test run per window.
  const trainTotal = windows.length * variants.length;
  const total = trainTotal + windows.length;
  let done = 0;
  const report = () => {
    const stage = done < trainTotal ? `train ${done}/${trainTotal}` : `test window ${done - trainTotal}/${windows.length}`;
    const label = `walk-forward ${done}/${total} runs (${stage})`;
    bar.update(done / total, label);
    lines.update(label, done === 0 || done === total);
  };
  const tick = () => {
    done++;
    report();
  };
  report();
  const scores: (number | null)[][] = windows.map(() => variants.map(() => null));
  try {
    const trainTasks: { id: string; task: SweepTask }[] = [];
    for (const w of windows) {
      variants.forEach((v, k) =>
        trainTasks.push({
          id: windowRunId(v.id, 'train', w.trainStart, w.trainEnd),
          task: { config: configs[k], basePath: opts.basePath, cancel: opts.cancel, window: { start: w.trainStart, end: w.trainEnd } },
        }),
      );
    }
    const reusedTrain = trainTasks.filter((t) => store.get(t.id)).length;
    if (store.size)
      opts.stderr.write(
        `resume: walk-forward: ${reusedTrain} of ${trainTasks.length} train-window runs already in ${displayPath(opts.outDir)}; running ${trainTasks.length - reusedTrain}\n`,
      );
    await runAll(pool, store, trainTasks, opts.stopped, (i, r) => {
      scores[Math.floor(i / variants.length)][i % variants.length] = r.metrics[wf.selectBy.metric];
      tick();
    });
    const initialCash = variants[0].resolved.initial_cash;
    let equity = initialCash;
    const stitched: StitchedDay[] = [];
    const rows: WalkForwardResult['windows'] = [];
    for (const w of windows) {
      const k = bestIndex(scores[w.index], wf.selectBy);
      if (k < 0)
        throw new CliError(
          `walk-forward window ${w.index} (${w.trainStart} to ${w.trainEnd}): no variant has a ${wf.selectBy.metric} on its train window`,
          'choose a select_by metric defined on short windows, or longer train_days',
        );
      const v = variants[k];
      let result: WindowRun | null = null;
      // The id holds the starting equity too: a test run is reused only after the same chain.
      const test = {
        id: windowRunId(v.id, 'test', w.testStart, w.testEnd, equity),
        task: {
          config: configs[k],
          basePath: opts.basePath,
          cancel: opts.cancel,
          window: { start: w.testStart, end: w.testEnd, initialCash: equity },
          wantEquity: true,
        },
      };
      await runAll(pool, store, [test], opts.stopped, (_i, r) => {
        result = r;
      });
      const r = result as unknown as WindowRun;
      tick();
      r.dates!.forEach((date, d) => stitched.push({ date, equity: r.equity![d], window: w.index, variantId: v.id }));
      equity = r.finalEquity;
      rows.push({
        ...w,
        variant_id: v.id,
        axes: v.point,
        train_score: scores[w.index][k],
        test_score: r.metrics[wf.selectBy.metric],
        test_final_equity: r.finalEquity,
      });
    }
    bar.clear();
    const files = writeWalkForwardFiles(opts.outDir, rows, windows, variants, scores, stitched);
    const best = records.slice().sort((a, b) => {
      const x = a.metrics[rankMetric.metric as keyof typeof a.metrics],
        y = b.metrics[rankMetric.metric as keyof typeof b.metrics];
      if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
      return rankMetric.descending ? y - x : x - y;
    })[0];
    return {
      windows: rows,
      select_by: wf.selectBy.text,
      files,
      out_of_sample: stitchedMetrics(stitched, initialCash, variants[0].resolved.risk_free_rate),
      in_sample_best: best ? { variant_id: best.variant_id, axes: best.axes, metrics: best.metrics } : null,
    };
  } catch (err) {
    bar.clear();
    if (err instanceof Stop) return 'cancelled';
    throw err;
  }
}

function writeWalkForwardFiles(
  dir: string,
  rows: WalkForwardResult['windows'],
  windows: Window[],
  variants: Variant[],
  scores: (number | null)[][],
  stitched: StitchedDay[],
): string[] {
  const line = (cells: unknown[]) => cells.map(csvCell).join(',');
  const main = [line(['window', 'train_start', 'train_end', 'test_start', 'test_end', 'variant_id', 'train_score', 'test_score'])];
  for (const r of rows)
    main.push(line([r.index, r.trainStart, r.trainEnd, r.testStart, r.testEnd, r.variant_id, r.train_score, r.test_score]));
  const cand = [line(['window', 'variant_id', 'train_score'])];
  for (const w of windows) variants.forEach((v, k) => cand.push(line([w.index, v.id, scores[w.index][k]])));
  const eq = [line(['date', 'equity', 'window', 'variant_id'])];
  for (const d of stitched) eq.push(line([d.date, d.equity, d.window, d.variantId]));
  const files = ['walk_forward.csv', 'walk_forward_candidates.csv', 'walk_forward_equity.csv'];
  [main, cand, eq].forEach((lines, i) => writeAtomic(path.join(dir, files[i]), lines.join('\n') + '\n'));
  return files.map((f) => path.join(dir, f));
}

export function formatWalkForward(wf: WalkForwardResult): string {
  const keys = ['total_return', 'cagr', 'annual_volatility', 'sharpe_ratio', 'sortino_ratio', 'max_drawdown', 'calmar_ratio'];
  const lines = [`Walk-forward (${wf.windows.length} windows, chosen by ${wf.select_by} on each train window):`];
  for (const w of wf.windows)
    lines.push(
      `  ${w.index}: train ${w.trainStart}..${w.trainEnd} -> test ${w.testStart}..${w.testEnd}: ${w.variant_id} (${describePoint(w.axes)}), train ${num(w.train_score)}, test ${num(w.test_score)}`,
    );
  lines.push('', `  ${'metric'.padEnd(20)} ${'out-of-sample'.padStart(14)} ${'in-sample best'.padStart(14)}`);
  for (const k of keys)
    lines.push(`  ${k.padEnd(20)} ${num(wf.out_of_sample[k]).padStart(14)} ${num(wf.in_sample_best?.metrics[k] ?? null).padStart(14)}`);
  if (wf.in_sample_best)
    lines.push(`  (in-sample best: ${wf.in_sample_best.variant_id}, ${describePoint(wf.in_sample_best.axes)}, over the whole range)`);
  return lines.join('\n') + '\n';
}

function num(x: number | null): string {
  return x === null || x === undefined ? 'n/a' : x.toFixed(4);
}

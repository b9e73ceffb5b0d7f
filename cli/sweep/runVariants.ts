// Runs a set of variants on the pool: at most one task per thread in flight, a record
// written as each variant finishes, progress with done / ETA / best so far, and Ctrl-C
// that stops dispatching, cancels the running variants at their next day and keeps
// everything that finished.
import path from 'node:path';
import { describePoint, type MetricSpec, type Variant } from '../../engine/sweep';
import { displayPath } from '../../jobs/failure';
import type { CliFailure } from '../../common/failure';
import { createProgressBar, createProgressLines } from '../progress';
import type { SweepPool } from './pool';
import type { SweepTask, SweepTaskResult } from './task';
import { runnableConfig, sampleEquityCurve, writeAtomic, writeVariantRecord, type VariantRecord } from './outputs';

export interface RunVariantsOptions {
  outDir: string;
  basePath: string;
  keepRuns: boolean;
  rankBy: MetricSpec;
  stderr: NodeJS.WriteStream;
  /** Shared with the workers: set to 1 to cancel. */
  cancel: SharedArrayBuffer;
  /** True once the user asked to stop. */
  stopped: () => boolean;
}

export interface RunVariantsResult {
  records: VariantRecord[];
  failure: { variant: Variant; failure: CliFailure } | null;
  cancelled: boolean;
  simMs: number;
  /** Data parsing inside the workers (once per thread and file). */
  loadMs: number;
  /** CPU milliseconds in the worker threads (NaN where the platform does not say). */
  cpu: { simMs: number; loadMs: number; taskMs: number; threadsMs: number; startupMs: number };
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

export async function runVariants(
  pool: SweepPool,
  todo: Variant[],
  alreadyDone: number,
  total: number,
  opts: RunVariantsOptions,
): Promise<RunVariantsResult> {
  const bar = createProgressBar(opts.stderr);
  const records: VariantRecord[] = [];
  const start = Date.now();
  let best: VariantRecord | null = null;
  let failure: RunVariantsResult['failure'] = null;
  let cancelled = false;
  let simMs = 0,
    loadMs = 0;
  const cpu = { simMs: 0, loadMs: 0, taskMs: 0 };
  const threadCpu = new Map<number, number>(),
    threadStart = new Map<number, number>();
  const lines = createProgressLines(opts.stderr, 'sweep: ');
  const report = () => {
    const done = alreadyDone + records.length;
    const elapsed = Date.now() - start;
    const eta = records.length ? (elapsed / records.length) * (todo.length - records.length) : NaN;
    const bestText = best ? `, best ${opts.rankBy.metric} ${fmt(best.metrics[opts.rankBy.metric])} (${describePoint(best.axes)})` : '';
    const label = `${done}/${total} variants${Number.isFinite(eta) && done < total ? `, ETA ${formatDuration(eta)}` : ''}${bestText}`;
    bar.update(total ? done / total : 1, label);
    lines.update(label, done === total);
  };
  const better = (r: VariantRecord) => {
    const a = r.metrics[opts.rankBy.metric],
      b = best?.metrics[opts.rankBy.metric];
    if (a === null) return !best;
    return !best || b === null || b === undefined || (opts.rankBy.descending ? a > b : a < b);
  };

  let next = 0;
  const worker = async () => {
    while (next < todo.length && !failure && !opts.stopped()) {
      const v = todo[next++];
      const config = runnableConfig(v, opts.basePath);
      const task: SweepTask = {
        config,
        basePath: opts.basePath,
        cancel: opts.cancel,
        wantEquity: true,
        outDir: opts.keepRuns ? path.join(opts.outDir, 'runs', v.id) : null,
      };
      const res: SweepTaskResult = await pool.run(task);
      if (res.ok) {
        const rec: VariantRecord = {
          variant_id: v.id,
          index: v.index,
          axes: v.point,
          metrics: res.metrics,
          ...(res.metricsInvalid ? { metrics_invalid: res.metricsInvalid } : {}),
          trade_counts: res.tradeCounts,
          final_equity: res.finalEquity,
          trading_days: res.days,
          config,
          ...(res.dates && res.equity ? { equity_curve: sampleEquityCurve(res.dates, res.equity) } : {}),
        };
        writeVariantRecord(opts.outDir, rec);
        if (opts.keepRuns) {
          // Beside its results, the variant's own config: `backtest run` reproduces it.
          writeAtomic(
            path.join(opts.outDir, 'runs', v.id, 'variant.backtest.jsonc'),
            `// Variant ${v.id} of ${displayPath(opts.basePath)}: ${describePoint(v.point)}\n${JSON.stringify(config, null, 2)}\n`,
          );
        }
        records.push(rec);
        simMs += res.simMs;
        loadMs += res.loadMs;
        cpu.simMs += res.cpu.simMs;
        cpu.loadMs += res.cpu.loadMs;
        cpu.taskMs += res.cpu.taskMs;
        threadCpu.set(res.cpu.threadId, Math.max(threadCpu.get(res.cpu.threadId) ?? 0, res.cpu.threadMs));
        threadStart.set(res.cpu.threadId, Math.min(threadStart.get(res.cpu.threadId) ?? Infinity, res.cpu.startMs));
        if (better(rec)) best = rec;
        report();
      } else if (res.cancelled) {
        cancelled = true;
      } else if (!failure) {
        failure = { variant: v, failure: res.failure };
      }
    }
  };
  report();
  await Promise.all(Array.from({ length: Math.max(1, Math.min(pool.threads, todo.length)) }, worker));
  bar.clear();
  const threadsMs = [...threadCpu.values()].reduce((a, b) => a + b, 0);
  // A thread's CPU before its first task is its start-up (loading the bundle, piscina).
  const startupMs = [...threadStart.values()].reduce((a, b) => a + b, 0);
  return { records, failure, cancelled: cancelled || opts.stopped(), simMs, loadMs, cpu: { ...cpu, threadsMs, startupMs } };
}

function fmt(x: number | null): string {
  if (x === null) return 'n/a';
  return Math.abs(x) >= 100 ? x.toFixed(0) : x.toPrecision(4);
}

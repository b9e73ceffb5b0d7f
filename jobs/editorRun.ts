// One backtest (or a compare of hedge methods) for the VS Code client, run by the worker
// thread jobs/runWorker.ts with a RunRequest; posts WorkerMessages: progress while it
// runs, then exactly one of done / cancelled / error.
// It loads, runs and locates failures exactly as the CLI does (jobs/job.ts), so a run from
// the editor and `backtest run` give the same files. A cancelled run writes nothing:
// files are written only after the run completed with the cancel flag still clear.
import { readConfigText } from '../engine/config';
import { isCancelledError, loadConfig, runBacktest } from './engineApi';
import { toFailure } from './failure';
import { CancelledError } from '../engine/backtest/errors';
import { assertSafeOutDir, assertSafeOutputs, COMPARE_VARIANTS, configuredLabel, PROGRESS_INTERVAL_MS, throttledProgress } from './job';
import type { CompareJson, ResultsJson } from '../engine/types';
import { COMPACT_FORMAT, encodeResults, type CompactCompare } from '../common/compact';
import { pointAtConfig } from './configReference';
import type { PostedWorkerMessage, RunRequest, WorkerMessage } from '../common/workerProtocol';

/** Runs the request, reporting through `post`. Exported so tests can run it in-process. */
export function executeRun(req: RunRequest, post: (m: WorkerMessage) => void): void {
  const flag = new Int32Array(req.cancelFlag);
  const cancelled = () => Atomics.load(flag, 0) !== 0;
  let configText: string | null = null;
  try { configText = readConfigText(req.configPath); } catch { /* loadConfig reports it */ }
  const progress = throttledProgress(cancelled, PROGRESS_INTERVAL_MS, (fraction, date, label) => post({ type: 'progress', fraction, date, label }));
  try {
    // Said at once, so the status bar and notification show a stage while data files load.
    post({ type: 'progress', fraction: 0, date: '', label: 'loading data' });
    if (req.kind === 'run') {
      const config = loadConfig(req.configPath);
      assertSafeOutputs(req.outDir, null);
      const results = runBacktest(config, progress('run', 0, 1));
      if (cancelled()) throw new CancelledError();
      const json = results.toJSON() as ResultsJson;
      if (req.outDir) {
        assertSafeOutDir(req.outDir);
        post({ type: 'writing', outDir: req.outDir });
        // positions.csv follows the config's write_positions, as with `backtest run --out`.
        results.writeOutFiles(req.outDir);
      }
      post({ type: 'done', kind: 'run', results: json, outDir: req.outDir });
    } else {
      const runs: CompareJson['runs'] = [];
      const n = COMPARE_VARIANTS.length;
      COMPARE_VARIANTS.forEach(({ variant, label }, i) => {
        // The stage names the method and its place: "Proportional (2/3)".
        const results = runBacktest(loadConfig(req.configPath, variant), progress(`${label} (${i + 1}/${n})`, i / n, 1 / n));
        if (cancelled()) throw new CancelledError();
        // Positions are left out: three runs side by side only need the series and trades.
        runs.push({ label, results: { ...(results.toJSON() as ResultsJson), positions: null } });
      });
      post({ type: 'done', kind: 'compare', results: { schemaVersion: 1, runs, configured: configuredLabel(loadConfig(req.configPath)) }, outDir: null });
    }
  } catch (err) {
    if (cancelled() || isCancelledError(err)) post({ type: 'cancelled' });
    else post({ type: 'error', failure: pointAtConfig(toFailure(err, req.configPath, configText), req.configPath, configText) });
  }
}

/**
 * The message as the thread posts it: `done` compact-encoded here, off the extension host's
 * thread, so the host clones columns instead of one object per trade and forwards them to
 * the panel as they are.
 */
export function toPosted(m: WorkerMessage): PostedWorkerMessage {
  if (m.type !== 'done') return m;
  if (m.kind === 'run') return { ...m, results: encodeResults(m.results) };
  const results: CompactCompare = { format: COMPACT_FORMAT, schemaVersion: m.results.schemaVersion, runs: m.results.runs.map((r) => ({ label: r.label, results: encodeResults(r.results) })), ...(m.results.configured ? { configured: m.results.configured } : {}) };
  return { ...m, results };
}

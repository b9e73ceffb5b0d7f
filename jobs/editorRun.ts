// One backtest (or a compare of hedge methods) for the VS Code client, run by the worker
// thread jobs/runWorker.ts with a RunRequest; posts WorkerMessages: progress while it
// runs, then exactly one of done / cancelled / error.
// It is the CLI's job runner (jobs/job.ts executeJob) with the full results kept, so a run
// from the editor and `backtest run` check, run, cancel and write in the same order and
// give the same files; this file only translates the request and the messages.
import { executeJob, type JobMessage } from './job';
import { COMPACT_FORMAT, encodeResults, type CompactCompare } from '../common/compact';
import type { PostedWorkerMessage, RunRequest, WorkerMessage } from '../common/workerProtocol';

/** Runs the request, reporting through `post`; every message is posted before it returns. */
export function executeRun(req: RunRequest, post: (m: WorkerMessage) => void): void {
  const flag = new Int32Array(req.cancelFlag);
  const job =
    req.kind === 'run'
      ? { kind: 'run' as const, configPath: req.configPath, outDir: req.outDir, htmlFile: null, keepResults: true }
      : { kind: 'compare' as const, configPath: req.configPath, htmlFile: null, keepResults: true };
  // No `validate`: executeJob runs to its end synchronously (the worker thread's only task).
  void executeJob(
    job,
    (m) => {
      const w = toWorkerMessage(m, req);
      if (w) post(w);
    },
    () => Atomics.load(flag, 0) !== 0,
  );
}

function toWorkerMessage(m: JobMessage, req: RunRequest): WorkerMessage | null {
  switch (m.type) {
    case 'progress':
    case 'cancelled':
    case 'error':
      return m;
    // Nothing to protect from a kill when there is no folder to write.
    case 'writing':
      return m.outDir ? { type: 'writing', outDir: m.outDir } : null;
    case 'invalid':
      return { type: 'error', failure: { message: m.errors[0]?.message ?? 'the config has errors', file: req.configPath } };
    case 'done':
      if (!m.results) return { type: 'error', failure: { message: 'the job ended without its results', internal: true } };
      return m.kind === 'run'
        ? { type: 'done', kind: 'run', results: m.results, outDir: req.outDir }
        : { type: 'done', kind: 'compare', results: m.results, outDir: null };
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
  const results: CompactCompare = {
    format: COMPACT_FORMAT,
    schemaVersion: m.results.schemaVersion,
    runs: m.results.runs.map((r) => ({ label: r.label, results: encodeResults(r.results) })),
    ...(m.results.configured ? { configured: m.results.configured } : {}),
  };
  return { ...m, results };
}

// Entry of dist/sideWorker.js, a job's second thread (jobs/sideThread.ts): it parses a big
// signals/weights file while the job's thread parses the prices, and later computes the
// bootstrap confidence intervals while the job's thread replays the trades, and the first
// rows of trades.csv while the job's thread writes the other --out files. Replies carry
// the request's id; a failed request replies { ok: false } and the job does it itself.
import { workerData, type MessagePort } from 'node:worker_threads';
import { loadWideValuesFile } from '../engine/data/load';
import { confidenceIntervals } from '../engine/analysis/bootstrap';
import { writeTradesHead } from '../engine/results/resultFiles';
import type { SideReply, SideRequest } from './sideThread';

const { port, replies } = workerData as { port: MessagePort; replies: SharedArrayBuffer };
const counter = new Int32Array(replies);

function answer(req: SideRequest): { reply: SideReply; transfer: ArrayBuffer[] } {
  if (req.kind === 'wide') {
    const table = loadWideValuesFile(req.file, req.column);
    if (!table) return { reply: { id: req.id, ok: false }, transfer: [] };
    return { reply: { id: req.id, ok: true, value: table }, transfer: [...new Set(table.columns.map((c) => c.buffer as ArrayBuffer))] };
  }
  if (req.kind === 'tradesHead') {
    writeTradesHead(req.file, req.trades, req.dates, req.rows);
    return { reply: { id: req.id, ok: true, value: true }, transfer: [] };
  }
  const r = req.request;
  return { reply: { id: req.id, ok: true, value: confidenceIntervals(r.returns, r.unhedged, r.options) }, transfer: [] };
}

port.on('message', (req: SideRequest) => {
  try {
    const { reply, transfer } = answer(req);
    port.postMessage(reply, transfer);
  } catch {
    // The job's thread does it again and reports any error itself.
    port.postMessage({ id: req.id, ok: false } satisfies SideReply);
  }
  // After the message is on the port: the job's thread waits on this counter.
  Atomics.add(counter, 0, 1);
  Atomics.notify(counter, 0);
});

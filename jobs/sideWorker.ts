// Entry of dist/sideWorker.js, a job's second thread (jobs/sideThread.ts): it parses a big
// signals/weights file while the job's thread parses the prices, formats an --out's
// trades.csv from the shared trade log while the run goes on (and, between its chunks,
// answers the job's other requests: the bootstrap confidence intervals while the job's
// thread replays the trades), or during a plain run touches the trade log's pages ahead and
// draws the bootstrap's index paths, which the bootstrap request after the run then finds.
// Replies carry the request's id; a failed request replies { ok: false } and the job does
// it itself.
import { receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { loadWideValuesFile } from '../engine/data/load';
import { bootstrapPaths, confidenceIntervals, type PathOptions } from '../engine/analysis/bootstrap';
import type { BootstrapRequest } from '../engine/analysis';
import { TRADES_HEADER, writeTradeRows } from '../engine/results/resultFiles';
import { formatTradeStream, prefaultTradeStream } from '../engine/results/tradesStream';
import type { SideReply, SideRequest } from './sideThread';

const { port, replies } = workerData as { port: MessagePort; replies: SharedArrayBuffer };
const counter = new Int32Array(replies);
/** The file of the stream being formatted, once the job's thread said it. */
let streamFile: string | null = null;
let streaming = false;
/** The bootstrap's index paths drawn during a plain run, for the bootstrap request that follows it. */
let drawn: { n: number; opts: PathOptions; paths: Int32Array } | null = null;
/** At most 2^24 path cells (64 MB) are drawn ahead; a bigger bootstrap draws its paths as it goes. */
const MAX_DRAWN = 1 << 24;

function drawPaths(n: number, opts: PathOptions | null): void {
  drawn = null;
  if (!opts || !(n > 1) || !(opts.samples > 0) || n * opts.samples > MAX_DRAWN) return;
  try {
    drawn = { n, opts, paths: bootstrapPaths(n, opts) };
  } catch {
    /* the bootstrap draws them itself */
  }
}

/** The paths drawn ahead when they are this request's (the same days and options), once. */
function drawnFor(r: BootstrapRequest): Int32Array | null {
  const d = drawn,
    o = r.options;
  drawn = null;
  return d && d.n === r.returns.length && d.opts.seed === o.seed && d.opts.samples === o.samples && d.opts.blockDays === o.blockDays
    ? d.paths
    : null;
}

function answer(req: SideRequest): { reply: SideReply; transfer: ArrayBuffer[] } {
  if (req.kind === 'wide') {
    const table = loadWideValuesFile(req.file, req.column);
    if (!table) return { reply: { id: req.id, ok: false }, transfer: [] };
    return { reply: { id: req.id, ok: true, value: table }, transfer: [...new Set(table.columns.map((c) => c.buffer as ArrayBuffer))] };
  }
  if (req.kind === 'tradesStream') {
    if (streaming) return { reply: { id: req.id, ok: false }, transfer: [] };
    streaming = true;
    streamFile = null;
    try {
      const rows = formatTradeStream(req.share, TRADES_HEADER, writeTradeRows, serveWaiting);
      return { reply: rows >= 0 ? { id: req.id, ok: true, value: rows } : { id: req.id, ok: false }, transfer: [] };
    } finally {
      streaming = false;
    }
  }
  if (req.kind === 'tradesPrefault') {
    // A failed paths draw or touch leaves both to the job: the totals' reply is all it waits for.
    const totals = prefaultTradeStream(req.share, () => drawPaths(req.share.days, req.paths));
    if (!totals) return { reply: { id: req.id, ok: false }, transfer: [] };
    const { traded, hedgeTrades, byCode, length } = totals;
    return { reply: { id: req.id, ok: true, value: { traded, hedgeTrades, byCode, length } }, transfer: [] };
  }
  if (req.kind === 'tradesFile') throw new Error('not a request with a reply');
  const r = req.request;
  return { reply: { id: req.id, ok: true, value: confidenceIntervals(r.returns, r.unhedged, r.options, drawnFor(r)) }, transfer: [] };
}

function serve(req: SideRequest): void {
  if (req.kind === 'tradesFile') {
    // No reply: the stream's own reply says how many rows went into the file.
    if (streaming) streamFile = req.file;
    return;
  }
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
}

/** Between a stream's chunks: the requests that came meanwhile; the stream's file once known. */
function serveWaiting(): string | null {
  for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) serve(m.message as SideRequest);
  return streamFile;
}

port.on('message', serve);

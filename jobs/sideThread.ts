// A job's second core. Two things a run does can go beside the job's thread: parsing the
// signals/weights file while the prices parse (W1: ~80 ms, W2: ~1.3 s off the critical
// path), and the bootstrap confidence intervals while the trades replay (W1: ~50 ms). The
// engine stays synchronous: a request returns a function that blocks (Atomics.wait) until
// its reply, then gives the value, or null on any failure, and the caller does the work
// itself, with the same results and errors (test/cli/sideThread.test.ts).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { BootstrapRequest, ConfidenceIntervals } from '../engine/analysis';
import type { FastPrices } from '../engine/data/fastPrices';
import type { TradeColumns } from '../engine/results';

/** trades.csv's header and first `rows` rows into `file` (engine/results writeTradesHead). */
export interface TradesHeadRequest {
  kind: 'tradesHead';
  file: string;
  trades: TradeColumns;
  dates: readonly string[];
  rows: number;
}

export type SideRequest =
  | { id: number; kind: 'wide'; file: string; column: string | undefined }
  | { id: number; kind: 'bootstrap'; request: BootstrapRequest }
  | ({ id: number } & TradesHeadRequest);

export type SideReply = { id: number; ok: true; value: unknown } | { id: number; ok: false };

type Ask =
  { kind: 'wide'; file: string; column: string | undefined } | { kind: 'bootstrap'; request: BootstrapRequest } | TradesHeadRequest;

export class SideThread {
  private nextId = 0;
  private readonly received = new Map<number, SideReply>();
  private stopped = false;

  private constructor(
    private readonly worker: Worker,
    private readonly port: MessagePort,
    private readonly replies: Int32Array,
  ) {}

  /** The thread, or null where its bundle is not beside this one (from source: jobs/ has none) or it cannot start. */
  static start(script = path.join(__dirname, 'sideWorker.js')): SideThread | null {
    try {
      if (!existsSync(script)) return null;
      const replies = new SharedArrayBuffer(4);
      const { port1, port2 } = new MessageChannel();
      const worker = new Worker(script, { workerData: { port: port2, replies }, transferList: [port2] });
      worker.unref();
      worker.on('error', () => {}); // its pending requests give null after their limit; the job does them
      return new SideThread(worker, port1, new Int32Array(replies));
    } catch {
      return null;
    }
  }

  /** A signals/weights file's columns (engine/data/load.ts loadWideValuesFile), or null. */
  wide(file: string, column: string | undefined, limitMs: number): () => FastPrices | null {
    return this.ask({ kind: 'wide', file, column }, [], limitMs) as () => FastPrices | null;
  }

  /** engine/analysis confidenceIntervals of the request (its arrays move to the thread), or null. */
  bootstrap(request: BootstrapRequest, limitMs: number): () => ConfidenceIntervals | null {
    const transfer = [request.returns.buffer as ArrayBuffer, request.unhedged.buffer as ArrayBuffer];
    return this.ask({ kind: 'bootstrap', request }, transfer, limitMs) as () => ConfidenceIntervals | null;
  }

  /**
   * Writes trades.csv's header and first `rows` rows into `file` (an engine TradesBeside):
   * the wait gives true once they are in the file, false on any failure. The rows' columns
   * are copied and moved to the thread (W1: ~40 MB, a few ms).
   */
  tradesHead(file: string, tr: TradeColumns, dates: readonly string[], rows: number, limitMs: number): () => boolean {
    const cut = (c: ArrayLike<number>) =>
      ArrayBuffer.isView(c) ? (c as Float64Array).slice(0, rows) : Float64Array.from({ length: rows }, (_, k) => c[k]);
    const cols = {
      day: cut(tr.day),
      ticker: cut(tr.ticker),
      quantity: cut(tr.quantity),
      price: cut(tr.price),
      notional: cut(tr.notional),
      commission: cut(tr.commission),
      slippage: cut(tr.slippage),
      reason: cut(tr.reason),
    };
    const trades: TradeColumns = { length: rows, dayOffset: tr.dayOffset, tickers: tr.tickers.slice(), ...cols };
    const wait = this.ask(
      { kind: 'tradesHead', file, trades, dates: dates.slice(), rows },
      Object.values(cols).map((c) => c.buffer as ArrayBuffer),
      limitMs,
    );
    return () => wait() === true;
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.port.close();
    void this.worker.terminate();
  }

  private ask(what: Ask, transfer: ArrayBuffer[], limitMs: number): () => unknown {
    if (this.stopped) return () => null;
    const id = this.nextId++;
    try {
      this.port.postMessage({ id, ...what } as SideRequest, transfer);
    } catch {
      return () => null;
    }
    return () => this.await(id, Date.now() + limitMs);
  }

  /** Blocks until reply `id` is on the port (one that died cannot say so: `deadline` bounds the wait). */
  private await(id: number, deadline: number): unknown {
    for (;;) {
      const seen = Atomics.load(this.replies, 0);
      for (let m = receiveMessageOnPort(this.port); m; m = receiveMessageOnPort(this.port)) {
        const reply = m.message as SideReply;
        this.received.set(reply.id, reply);
      }
      const reply = this.received.get(id);
      if (reply) {
        this.received.delete(id);
        return reply.ok ? reply.value : null;
      }
      if (this.stopped || Date.now() >= deadline) return null;
      Atomics.wait(this.replies, 0, seen, 250);
    }
  }
}

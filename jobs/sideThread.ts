// A job's second core. Three things a run does can go beside the job's thread: parsing the
// signals/weights file while the prices parse (W1: ~80 ms, W2: ~1.3 s off the critical
// path), an --out's trades.csv formatted from the shared trade log while the simulation
// runs (streamTrades), and the bootstrap confidence intervals while the trades replay
// (W1: ~50 ms, answered between the stream's chunks; in a plain run its index paths are
// drawn during the simulation, prefaultTrades). The
// engine stays synchronous: a request returns a function that blocks (Atomics.wait) until
// its reply, then gives the value, or null on any failure, and the caller does the work
// itself, with the same results and errors (test/cli/sideThread.test.ts).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { BootstrapRequest, ConfidenceIntervals, PathOptions } from '../engine/analysis';
import type { FastPrices } from '../engine/data/fastPrices';
import type { TradeColumns } from '../engine/results';
import type { StagedFolder, TradesStreamed } from '../engine/results/resultFiles';
import { TradeStream, type TradeStreamShare } from '../engine/results/tradesStream';
import { withSharedTradeLog, type TradeLog } from '../engine/results/tradeLog';
import { adoptLogTotals, type LogTotalsOf } from '../engine/results/logTotals';

type Ask =
  | { kind: 'wide'; file: string; column: string | undefined }
  | { kind: 'bootstrap'; request: BootstrapRequest }
  /** trades.csv formatted from a shared trade log while the run goes on (engine/results/tradesStream.ts). */
  | { kind: 'tradesStream'; share: TradeStreamShare }
  /** The stream's file: the folder exists now (no reply: the stream's reply says how many rows went in). */
  | { kind: 'tradesFile'; file: string }
  /**
   * A plain run's shared trade log, whose pages the thread touches ahead of the run and whose
   * totals it sums (the reply, once the run ended), and the options of the bootstrap that
   * follows it, whose paths it draws meanwhile.
   */
  | { kind: 'tradesPrefault'; share: TradeStreamShare; paths: PathOptions | null };

export type SideRequest = { id: number } & Ask;

export type SideReply = { id: number; ok: true; value: unknown } | { id: number; ok: false };

/** A run's progress callback wrapped to publish the rows logged first (TradeStream.publish). */
type Watch = <A extends unknown[], R>(progress: (...a: A) => R) => (...a: A) => R;

/**
 * Runs `run` with its trade log shared (withSharedTradeLog): `onStream` gets the log's stream
 * as soon as the log exists, and the wrapped progress callback publishes its rows. A run
 * that throws aborts the stream (the other thread stops) and rethrows.
 */
function sharedRun<T>(run: (watch: Watch) => T, onStream: (stream: TradeStream) => void): { value: T; stream: TradeStream | null } {
  let stream: TradeStream | null = null;
  const watch: Watch =
    (progress) =>
    (...a) => {
      stream?.publish();
      return progress(...a);
    };
  try {
    const value = withSharedTradeLog(
      (log: TradeLog) => onStream((stream = new TradeStream(log))),
      () => run(watch),
    );
    return { value, stream };
  } catch (err) {
    (stream as TradeStream | null)?.abort();
    throw err;
  }
}

export class SideThread {
  private nextId = 0;
  private readonly received = new Map<number, SideReply>();
  private stopped = false;

  private constructor(
    private readonly worker: Worker,
    private readonly port: MessagePort,
    private readonly replies: Int32Array,
  ) {}

  private static early: SideThread | null = null;

  /**
   * Starts a thread now for the next start() to return: the CLI calls it as its bundle
   * begins to run (cli/prestart.ts), so the thread's boot (~80 ms) overlaps the CLI's own
   * start and the signals parse it is given first ends sooner.
   */
  static prestart(script = path.join(__dirname, 'sideWorker.js')): void {
    SideThread.early ??= SideThread.create(script);
  }

  /** The thread, or null where its bundle is not beside this one (from source: jobs/ has none) or it cannot start. */
  static start(script = path.join(__dirname, 'sideWorker.js')): SideThread | null {
    const early = SideThread.early;
    SideThread.early = null;
    return early ?? SideThread.create(script);
  }

  private static create(script: string): SideThread | null {
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
   * Runs `run` (the run of an --out job) with its trade log shared with this thread, which
   * formats trades.csv's rows while the run goes on (`watch` wraps the run's progress
   * callback: the rows logged are published there). The result's `streamed` is for the
   * writer (resultFiles.ts TradesStreamed); null when no log was shared (a small run).
   * `folder`: the results' temporary folder, made before the run, whose trades.csv the
   * thread writes from the first chunk (without it, the rows wait in memory for the folder).
   */
  streamTrades<T>(run: (watch: Watch) => T, limitMs: number, folder?: StagedFolder): { value: T; streamed: TradesStreamed | null } {
    let wait: () => unknown = () => null;
    const { value, stream: s } = sharedRun(run, (stream) => {
      wait = this.ask({ kind: 'tradesStream', share: stream.share() }, [], limitMs);
      // The results' temporary folder exists already: the rows go straight into its trades.csv.
      if (folder) this.tell({ kind: 'tradesFile', file: path.join(folder.tmp, 'trades.csv') });
    });
    if (!s) return { value, streamed: null };
    s.end();
    const streamed: TradesStreamed = {
      covers: (tr: TradeColumns) => s.covers(tr),
      claimBack: () => s.claimBack(),
      abort: () => s.abort(),
      begin: (file: string) => {
        this.tell({ kind: 'tradesFile', file });
        s.wake();
        return () => {
          const rows = wait();
          return typeof rows === 'number' ? rows : -1;
        };
      },
    };
    return { value, streamed };
  }

  /**
   * Runs `run` (a run without trades.csv to format) with its trade log shared with this
   * thread, which touches the log's pages ahead of the rows logged (engine/results/
   * pagePrefault.ts), so the run's stores do not take the page faults of fresh memory, and
   * sums the log's totals as the rows arrive (engine/results/logTotals.ts). Meanwhile it
   * draws the index paths of the run's bootstrap (`paths`: its options, which the bootstrap
   * request then finds drawn: engine/analysis/bootstrap.ts bootstrapPaths). `settle()`
   * blocks until the totals are back and makes them the log's (false: the job sums them).
   */
  prefaultTrades<T>(run: (watch: Watch) => T, paths: PathOptions | null = null): { value: T; settle: () => boolean } {
    let wait: () => unknown = () => null;
    const { value, stream } = sharedRun(run, (stream) => {
      wait = this.ask({ kind: 'tradesPrefault', share: stream.share(), paths }, [], 60_000);
    });
    if (!stream) return { value, settle: () => false };
    // The run logs nothing more: the thread sums the last rows and replies.
    stream.end();
    let adopted: boolean | null = null;
    // True when the log's totals are the thread's.
    const settle = () => {
      if (adopted === null) {
        const totals = wait() as LogTotalsOf | null;
        adopted = !!totals && adoptLogTotals(stream.log, totals);
      }
      return adopted;
    };
    return { value, settle };
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.port.close();
    void this.worker.terminate();
  }

  /** A message that has no reply. */
  private tell(what: Ask): void {
    if (this.stopped) return;
    try {
      this.port.postMessage({ id: this.nextId++, ...what } as SideRequest);
    } catch {
      /* the stream's wait then gives null after its limit */
    }
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

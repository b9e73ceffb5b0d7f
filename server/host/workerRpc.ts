// Requests to one worker thread, each with an id its answer echoes: the thread is started on
// the first request, a pending entry per id waits for the answer, and if the thread cannot
// start or stops it stays down and every entry still waiting is handed back to the owner
// (to fail it or finish it on the main thread). Used by the data loader threads
// (dataLoader.ts) and the big-document thread (bigDocuments.ts).
import type { Worker } from 'node:worker_threads';

export interface WorkerRpcOptions<FromWorker, Pending> {
  /** Starts the thread (may throw); it is unref'd so it never keeps the process alive. */
  start(): Worker;
  /** A message from the thread; `take(id)` removes and returns the entry waiting for that id. */
  message(m: FromWorker, take: (id: number) => Pending | undefined): void;
  /** The thread stopped (`error` when it threw): the entries that were still waiting. */
  stopped(pending: Pending[], error: unknown): void;
  /** The thread could not be started. */
  startFailed?(error: unknown): void;
}

export class WorkerRpc<FromWorker, Pending> {
  private worker: Worker | undefined;
  private down = false;
  private nextId = 1;
  private readonly waiting = new Map<number, Pending>();

  constructor(private readonly opts: WorkerRpcOptions<FromWorker, Pending>) {}

  /** False once the thread failed to start, stopped, or was disposed. */
  get usable(): boolean {
    return !this.down;
  }

  /**
   * Starts the thread if needed and posts `build(id)` with `pending` waiting for its answer.
   * False (nothing posted, `build` not called) when the thread is down.
   */
  call(pending: Pending, build: (id: number) => unknown): boolean {
    const w = this.ensure();
    if (!w) return false;
    const id = this.nextId++;
    const m = build(id);
    this.waiting.set(id, pending);
    w.postMessage(m);
    return true;
  }

  /** Posts a message that has no answer, if the thread is running. */
  post(m: unknown): void {
    this.worker?.postMessage(m);
  }

  /** Stops the thread for good; entries still waiting are dropped. */
  dispose(): void {
    const w = this.worker;
    this.worker = undefined;
    this.down = true;
    if (w) void w.terminate();
  }

  private ensure(): Worker | undefined {
    if (this.worker || this.down) return this.worker;
    try {
      const w = this.opts.start();
      w.unref();
      w.on('message', (m: FromWorker) =>
        this.opts.message(m, (id) => {
          const p = this.waiting.get(id);
          this.waiting.delete(id);
          return p;
        }),
      );
      const stop = (error?: unknown) => {
        if (this.worker !== w) return;
        this.worker = undefined;
        this.down = true;
        const pending = [...this.waiting.values()];
        this.waiting.clear();
        this.opts.stopped(pending, error);
      };
      w.on('error', stop);
      w.on('exit', () => stop());
      this.worker = w;
    } catch (e) {
      this.down = true;
      this.opts.startFailed?.(e);
    }
    return this.worker;
  }
}

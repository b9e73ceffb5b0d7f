// A run reads two big files before it starts: the prices and its signals (or weights). The
// job's thread parses the prices while dist/loadWorker.js parses the other on a second
// core; the validator and the run then take its columns from LoadedTables as if parsed
// here (W1: the 8.8 MB signals file, ~80 ms, off the critical path; W2: ~1.3 s).
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads';
import type { LoadedTables } from '../engine/data/loadedTables';
import type { LoadWorkerInput, LoadWorkerMessage } from './loadWorker';
import { loadConfig } from './engineApi';

/** Below this a second thread costs more than it saves (its start is ~40 ms of CPU). */
const MIN_BYTES = 2 << 20;
/** A config this big holds its data inline: nothing to prefetch, and not worth parsing twice. */
const MAX_CONFIG_BYTES = 256 << 10;

/** The longest the job's thread waits for the worker (one that died cannot say so) before reading the file itself. */
function waitLimitMs(bytes: number): number {
  return 10_000 + (bytes / (1 << 20)) * 100;
}

/**
 * Starts parsing the config's signals/weights file on another thread, when there is one
 * worth it and the worker bundle is beside this one (dist/). Returns a function that stops
 * the worker (call it when the job ends). Never throws: any doubt and the file loads as usual.
 */
export function prefetchInput(configPath: string, tables: LoadedTables, script = path.join(__dirname, 'loadWorker.js')): () => void {
  try {
    if (!existsSync(script) || statSync(configPath).size > MAX_CONFIG_BYTES) return () => {};
    const config = loadConfig(configPath);
    const file = config.input;
    if (config.use_case === 3 || typeof file !== 'string') return () => {};
    const st = statSync(file);
    if (!st.isFile() || st.size < MIN_BYTES) return () => {};
    const column = config.value_columns.signals ?? config.value_columns.weights;
    const done = new SharedArrayBuffer(4);
    const { port1, port2 } = new MessageChannel();
    const input: LoadWorkerInput = { file, column, done, port: port2 };
    const worker = new Worker(script, { workerData: input, transferList: [port2] });
    worker.unref();
    worker.on('error', () => {}); // the job's thread loads the file itself after waitLimitMs
    const stop = () => {
      port1.close();
      void worker.terminate();
    };
    tables.preloadWide(file, column, () => {
      const flag = new Int32Array(done);
      const deadline = Date.now() + waitLimitMs(st.size);
      while (Atomics.load(flag, 0) === 0 && Date.now() < deadline) Atomics.wait(flag, 0, 0, 250);
      const m = receiveMessageOnPort(port1)?.message as LoadWorkerMessage | undefined;
      stop();
      return m?.ok ? m.table : null;
    });
    return stop;
  } catch {
    return () => {};
  }
}

// Entry of dist/loadWorker.js: parses one signals/weights file on its own thread while the
// job's thread parses the prices (jobs/prefetch.ts), then hands the columns over without a
// copy. Whatever goes wrong here, the job's thread loads the file itself and reports it.
import { workerData, type MessagePort } from 'node:worker_threads';
import { loadWideValuesFile } from '../engine/data/load';
import type { FastPrices } from '../engine/data/fastPrices';

export interface LoadWorkerInput {
  file: string;
  column: string | undefined;
  /** Int32 [0]: set to 1 once the message is on `port` (the job's thread waits on it). */
  done: SharedArrayBuffer;
  port: MessagePort;
}

export type LoadWorkerMessage = { ok: true; table: FastPrices } | { ok: false };

const { file, column, done, port } = workerData as LoadWorkerInput;
let message: LoadWorkerMessage = { ok: false };
try {
  const table = loadWideValuesFile(file, column);
  if (table) message = { ok: true, table };
} catch {
  // The job's thread reads the file again and gives the exact error.
}
const buffers = message.ok ? [...new Set(message.table.columns.map((c) => c.buffer as ArrayBuffer))] : [];
try {
  port.postMessage(message, buffers);
} catch {
  port.postMessage({ ok: false });
}
const flag = new Int32Array(done);
Atomics.store(flag, 0, 1);
Atomics.notify(flag, 0);

// Entry of dist/runWorker.js: the VS Code client starts it as a worker_thread with a
// RunRequest as workerData; it runs jobs/editorRun.ts and posts the compact-encoded messages.
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { RunRequest } from '../common/workerProtocol';
import { executeRun, toPosted } from './editorRun';

if (!isMainThread && parentPort && workerData) {
  const port = parentPort;
  executeRun(workerData as RunRequest, (m) => port.postMessage(toPosted(m)));
}

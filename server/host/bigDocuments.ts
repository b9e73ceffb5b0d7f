// Routes requests on big documents (over BIG_DOCUMENT_CHARS) to the big-document thread
// (documentWorker.ts), so no request on them holds the main thread: the main thread only
// forwards the text (once per version) and the answer. Small documents stay on the main
// thread. If the thread cannot start or dies, big documents fall back to the main thread.
import { Worker } from 'node:worker_threads';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DataStatusParams } from '../../common/protocol';
import type { DiagnosticsByFile } from '../service/languageService';
import {
  workerDataFor,
  type DocumentMethod,
  type DocumentWorkerInit,
  type FromDocumentWorker,
  type ToDocumentWorker,
} from './documentWorker';
import type { Logger } from './safe';
import { WorkerRpc } from './workerRpc';

/**
 * Documents longer than this (characters) are served off the main thread. Parsing costs
 * about 0.1 s of CPU per MB and validating about 0.6 s, so 256 KB keeps the main thread's
 * share of any request well under 200 ms; real configs with file inputs are a few KB.
 */
export const BIG_DOCUMENT_CHARS = 256 * 1024;

export interface BigDocumentHooks {
  dataChanged(path: string): void;
  status(s: DataStatusParams): void;
  log: Logger;
}

export interface BigAnswer<T> {
  result: T;
  notes: (string | undefined)[];
  seen?: string[];
}

type Waiting = { resolve: (a: BigAnswer<unknown>) => void; reject: (e: Error) => void };

export class BigDocuments {
  /** uri -> the version the thread holds. */
  private readonly sent = new Map<string, number>();
  private readonly rpc: WorkerRpc<FromDocumentWorker, Waiting>;

  constructor(
    init: DocumentWorkerInit,
    private readonly hooks: BigDocumentHooks,
    private readonly threshold = BIG_DOCUMENT_CHARS,
  ) {
    this.rpc = new WorkerRpc<FromDocumentWorker, Waiting>({
      start: () => new Worker(init.script, { workerData: workerDataFor(init) }),
      message: (m, take) => {
        if (m.kind === 'dataChanged') return this.hooks.dataChanged(m.path);
        if (m.kind === 'status') return this.hooks.status(m.status);
        const entry = take(m.id);
        if (!entry) return;
        if (m.ok) entry.resolve({ result: m.result, notes: m.notes ?? [], seen: m.seen });
        else entry.reject(new Error(m.error));
      },
      stopped: (pending, e) => {
        this.hooks.log(
          `[big-document thread] stopped${e ? `: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}` : ''}; big documents are served on the main thread`,
        );
        this.sent.clear();
        for (const p of pending) p.reject(new Error('the big-document thread stopped'));
      },
      startFailed: (e) => this.hooks.log(`[big-document thread] could not start: ${String(e)}`),
    });
  }

  /** Whether `doc` is served by the big-document thread (a document that shrank is dropped there). */
  handles(doc: TextDocument): boolean {
    if (!this.rpc.usable) return false;
    if (doc.getText().length > this.threshold) return true;
    if (this.sent.has(doc.uri)) this.close(doc.uri);
    return false;
  }

  request<T>(method: DocumentMethod, doc: TextDocument, args: unknown[] = []): Promise<BigAnswer<T>> {
    return new Promise<BigAnswer<T>>((resolve, reject) => {
      const posted = this.rpc.call({ resolve: resolve as (a: BigAnswer<unknown>) => void, reject }, (id): ToDocumentWorker => {
        const fresh = this.sent.get(doc.uri) === doc.version;
        this.sent.set(doc.uri, doc.version);
        return { kind: 'request', id, method, uri: doc.uri, version: doc.version, text: fresh ? undefined : doc.getText(), args };
      });
      if (!posted) reject(new Error('the big-document thread is not running'));
    });
  }

  async diagnostics(doc: TextDocument): Promise<{ byFile: DiagnosticsByFile; seen: Set<string> }> {
    const a = await this.request<DiagnosticsByFile>('diagnostics', doc);
    return { byFile: a.result, seen: new Set(a.seen ?? []) };
  }

  close(uri: string): void {
    if (!this.sent.delete(uri)) return;
    this.rpc.post({ kind: 'close', uri } satisfies ToDocumentWorker);
  }

  fileEvent(path: string): void {
    this.rpc.post({ kind: 'fileEvent', path } satisfies ToDocumentWorker);
  }
  clear(): void {
    this.rpc.post({ kind: 'clear' } satisfies ToDocumentWorker);
  }

  dispose(): void {
    this.rpc.dispose();
  }
}

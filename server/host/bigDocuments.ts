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

export class BigDocuments {
  private worker: Worker | undefined;
  private broken = false;
  private nextId = 1;
  /** uri -> the version the thread holds. */
  private readonly sent = new Map<string, number>();
  private readonly waiting = new Map<number, { resolve: (a: BigAnswer<unknown>) => void; reject: (e: Error) => void }>();

  constructor(
    private readonly init: DocumentWorkerInit,
    private readonly hooks: BigDocumentHooks,
    private readonly threshold = BIG_DOCUMENT_CHARS,
  ) {}

  /** Whether `doc` is served by the big-document thread (a document that shrank is dropped there). */
  handles(doc: TextDocument): boolean {
    if (this.broken) return false;
    if (doc.getText().length > this.threshold) return true;
    if (this.sent.has(doc.uri)) this.close(doc.uri);
    return false;
  }

  request<T>(method: DocumentMethod, doc: TextDocument, args: unknown[] = []): Promise<BigAnswer<T>> {
    const w = this.ensure();
    if (!w) return Promise.reject(new Error('the big-document thread is not running'));
    const id = this.nextId++;
    const fresh = this.sent.get(doc.uri) === doc.version;
    const m: ToDocumentWorker = {
      kind: 'request',
      id,
      method,
      uri: doc.uri,
      version: doc.version,
      text: fresh ? undefined : doc.getText(),
      args,
    };
    this.sent.set(doc.uri, doc.version);
    return new Promise<BigAnswer<T>>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (a: BigAnswer<unknown>) => void, reject });
      w.postMessage(m);
    });
  }

  async diagnostics(doc: TextDocument): Promise<{ byFile: DiagnosticsByFile; seen: Set<string> }> {
    const a = await this.request<DiagnosticsByFile>('diagnostics', doc);
    return { byFile: a.result, seen: new Set(a.seen ?? []) };
  }

  close(uri: string): void {
    if (!this.sent.delete(uri)) return;
    this.worker?.postMessage({ kind: 'close', uri } satisfies ToDocumentWorker);
  }

  fileEvent(path: string): void {
    this.worker?.postMessage({ kind: 'fileEvent', path } satisfies ToDocumentWorker);
  }
  clear(): void {
    this.worker?.postMessage({ kind: 'clear' } satisfies ToDocumentWorker);
  }

  dispose(): void {
    const w = this.worker;
    this.worker = undefined;
    this.broken = true;
    if (w) void w.terminate();
  }

  private ensure(): Worker | undefined {
    if (this.worker || this.broken) return this.worker;
    try {
      const w = new Worker(this.init.script, { workerData: workerDataFor(this.init) });
      w.unref();
      w.on('message', (m: FromDocumentWorker) => {
        if (m.kind === 'dataChanged') {
          this.hooks.dataChanged(m.path);
          return;
        }
        if (m.kind === 'status') {
          this.hooks.status(m.status);
          return;
        }
        const entry = this.waiting.get(m.id);
        if (!entry) return;
        this.waiting.delete(m.id);
        if (m.ok) entry.resolve({ result: m.result, notes: m.notes ?? [], seen: m.seen });
        else entry.reject(new Error(m.error));
      });
      const fail = (e?: unknown) => {
        if (this.worker !== w) return;
        this.hooks.log(
          `[big-document thread] stopped${e ? `: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}` : ''}; big documents are served on the main thread`,
        );
        this.worker = undefined;
        this.broken = true;
        this.sent.clear();
        const pending = [...this.waiting.values()];
        this.waiting.clear();
        for (const p of pending) p.reject(new Error('the big-document thread stopped'));
      };
      w.on('error', fail);
      w.on('exit', () => fail());
      this.worker = w;
    } catch (e) {
      this.hooks.log(`[big-document thread] could not start: ${String(e)}`);
      this.broken = true;
    }
    return this.worker;
  }
}

// The big-document thread: a whole language service (with its own data cache, whose
// files load in their own loader threads) for configs too large to parse on the main
// thread within a request's budget. A 10 MB config with inline signals takes about a
// second of CPU to parse and several to validate; here that time is off the thread that
// answers every other document. Messages: see BigDocuments (bigDocuments.ts).
import { parentPort, workerData, isMainThread } from 'node:worker_threads';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { ClientCapabilities } from 'vscode-json-languageservice';
import type { DataStatusParams } from '../../common/protocol';
import { BacktestLanguageService } from '../service/languageService';
import { trackingAccess } from '../service/dataAccess';
import { DataCache } from './dataCache';
import { InlineLoader } from './dataLoader';
import { LoaderPool } from './loaderPool';
import { listDirectory, writeSummary } from './serviceEnv';

const FLAG = 'backtestDocumentWorker';

export interface DocumentWorkerInit {
  script: string;
  cacheMaxBytes: number;
  useWorker: boolean;
  workspaceFolders: string[];
  capabilities?: ClientCapabilities;
}

/** What a big-document request may ask: the service's methods (see BacktestLanguageService). */
export type DocumentMethod =
  | 'diagnostics'
  | 'completion'
  | 'hover'
  | 'definition'
  | 'codeActions'
  | 'inlayHints'
  | 'codeLenses'
  | 'format'
  | 'folding'
  | 'symbols'
  | 'selectionRanges';

export type ToDocumentWorker =
  | { kind: 'request'; id: number; method: DocumentMethod; uri: string; version: number; text?: string; args: unknown[] }
  | { kind: 'close'; uri: string }
  | { kind: 'fileEvent'; path: string }
  | { kind: 'clear' };

export type FromDocumentWorker =
  | { kind: 'reply'; id: number; ok: true; result: unknown; notes?: (string | undefined)[]; seen?: string[] }
  | { kind: 'reply'; id: number; ok: false; error: string }
  | { kind: 'dataChanged'; path: string }
  | { kind: 'status'; status: DataStatusParams };

export function workerDataFor(init: DocumentWorkerInit): Record<string, unknown> {
  return { [FLAG]: init };
}

export function isDocumentWorker(): boolean {
  return !isMainThread && !!(workerData && (workerData as Record<string, unknown>)[FLAG]);
}

export function runDocumentWorker(): void {
  const port = parentPort;
  if (!port) return;
  const init = (workerData as Record<string, DocumentWorkerInit>)[FLAG];
  const post = (m: FromDocumentWorker) => port.postMessage(m);
  const cache = new DataCache({
    loader: init.useWorker ? LoaderPool.ofWorkers(init.script) : new InlineLoader(),
    maxBytes: init.cacheMaxBytes,
    onChange: (p) => post({ kind: 'dataChanged', path: p }),
    onStatus: (s) => post({ kind: 'status', status: s }),
  });
  const service = new BacktestLanguageService(
    { data: cache, listDirectory, workspaceFolders: () => init.workspaceFolders, writeSummary },
    init.capabilities,
  );
  const docs = new Map<string, TextDocument>();

  const answer = async (m: Extract<ToDocumentWorker, { kind: 'request' }>): Promise<FromDocumentWorker> => {
    if (m.text !== undefined) docs.set(m.uri, TextDocument.create(m.uri, 'backtest-jsonc', m.version, m.text));
    const doc = docs.get(m.uri);
    if (!doc) return { kind: 'reply', id: m.id, ok: false, error: `document ${m.uri} was never sent` };
    const a = m.args as never[];
    const notes: (string | undefined)[] = [];
    const note = (s: string | undefined) => {
      notes.push(s);
    };
    switch (m.method) {
      case 'diagnostics': {
        const seen = new Set<string>();
        const result = await service.diagnostics(doc, trackingAccess(cache, seen));
        cache.pin(m.uri, seen);
        return { kind: 'reply', id: m.id, ok: true, result, seen: [...seen] };
      }
      case 'symbols':
        return { kind: 'reply', id: m.id, ok: true, result: service.symbols(doc, note, a[0]), notes };
      case 'folding':
        return { kind: 'reply', id: m.id, ok: true, result: service.folding(doc, note, a[0]), notes };
      case 'completion':
        return { kind: 'reply', id: m.id, ok: true, result: await service.completion(doc, a[0]) };
      case 'hover':
        return { kind: 'reply', id: m.id, ok: true, result: await service.hover(doc, a[0]) };
      case 'definition':
        return { kind: 'reply', id: m.id, ok: true, result: service.definition(doc, a[0]) };
      case 'codeActions':
        return { kind: 'reply', id: m.id, ok: true, result: service.codeActions(doc, a[0], a[1]) };
      case 'inlayHints':
        return { kind: 'reply', id: m.id, ok: true, result: service.inlayHints(doc, a[0]) };
      case 'codeLenses':
        return { kind: 'reply', id: m.id, ok: true, result: service.codeLenses(doc) };
      case 'format':
        return { kind: 'reply', id: m.id, ok: true, result: service.format(doc, a[0], a[1]) };
      case 'selectionRanges':
        return { kind: 'reply', id: m.id, ok: true, result: service.selectionRanges(doc, a[0]) };
    }
    return { kind: 'reply', id: m.id, ok: false, error: `unknown method ${String(m.method)}` };
  };

  port.on('message', (m: ToDocumentWorker) => {
    if (m.kind === 'close') {
      docs.delete(m.uri);
      cache.unpin(m.uri);
      return;
    }
    if (m.kind === 'fileEvent') {
      cache.fileEvent(m.path);
      return;
    }
    if (m.kind === 'clear') {
      cache.clear();
      return;
    }
    answer(m).then(post, (e: unknown) =>
      post({ kind: 'reply', id: m.id, ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
    );
  });
}

// The thin LSP host: a connection (stdio, node-ipc or socket, chosen by
// vscode-languageserver from argv), the open documents, capabilities, and each
// request routed to the pure language service through `safe`.
import {
  createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind, CodeActionKind,
  DidChangeWatchedFilesNotification, FileChangeType, type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BacktestLanguageService } from '../service/languageService';
import { configPathOf } from '../service/snapshot';
import {
  DataStatusNotification, SERVER_COMMAND_RELOAD_DATA, type BacktestServerOptions,
} from '../../common/protocol';
import { Settings } from '../../common/settings';
import { DataCache } from './dataCache';
import { InlineLoader, WorkerLoader } from './dataLoader';
import { DiagnosticsPublisher } from './diagnosticsPublisher';
import { safe } from './safe';

const DEFAULT_DEBOUNCE_MS = Settings.debounceMs.default;
const DEFAULT_CACHE_BYTES = Settings.cacheMaxMB.default * 1024 * 1024;

function listDirectory(dir: string) {
  try {
    return readdirSync(dir, { withFileTypes: true }).map((e) => ({ name: e.name, isDirectory: e.isDirectory() }));
  } catch {
    return undefined;
  }
}

/**
 * Writes the text summary of a binary (Parquet) data file for go-to-definition, under the
 * temp folder (never next to the user's data), and returns its path.
 */
export function writeSummary(file: string, kind: string, text: string): string {
  const dir = path.join(os.tmpdir(), 'backtest-language-server', createHash('sha1').update(file).digest('hex').slice(0, 16));
  mkdirSync(dir, { recursive: true });
  const out = path.join(dir, `${path.basename(file)}.${kind}.txt`);
  writeFileSync(out, text);
  return out;
}

export function startServer(workerScript: string): void {
  const connection = createConnection(ProposedFeatures.all);
  const documents = new TextDocuments(TextDocument);
  const log = (m: string) => connection.console.error(m);

  // Last line of defence: log and keep serving.
  process.on('uncaughtException', (e) => log(`[uncaught] ${e.stack ?? e.message}`));
  process.on('unhandledRejection', (e) => log(`[unhandled rejection] ${e instanceof Error ? e.stack ?? e.message : String(e)}`));

  let cache: DataCache | undefined;
  let service: BacktestLanguageService | undefined;
  let publisher: DiagnosticsPublisher | undefined;
  let watchRegistration = false;

  connection.onInitialize((params): InitializeResult => {
    const opts = (params.initializationOptions ?? {}) as BacktestServerOptions;
    const debounce = typeof opts.debounceMs === 'number' && opts.debounceMs >= 0 ? opts.debounceMs : DEFAULT_DEBOUNCE_MS;
    const maxBytes = typeof opts.cacheMaxBytes === 'number' && opts.cacheMaxBytes > 0 ? opts.cacheMaxBytes : DEFAULT_CACHE_BYTES;
    const c = new DataCache({
      loader: opts.useWorker === false ? new InlineLoader() : new WorkerLoader(workerScript),
      maxBytes,
      onChange: (p) => publisher?.dataChanged(p),
      onStatus: (s) => { void connection.sendNotification(DataStatusNotification, s); },
    });
    cache = c;
    const folders = (params.workspaceFolders ?? []).map((f) => configPathOf(f.uri));
    if (!folders.length && params.rootUri) folders.push(configPathOf(params.rootUri));
    const s = new BacktestLanguageService({ data: c, listDirectory, workspaceFolders: () => folders, writeSummary }, params.capabilities);
    service = s;
    publisher = new DiagnosticsPublisher(connection, s, c, (uri) => documents.get(uri), debounce, log,
      (uri, paths) => { if (paths) c.pin(uri, paths); else c.unpin(uri); });
    watchRegistration = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        completionProvider: { triggerCharacters: ['"', ':', '/', ' '], resolveProvider: false },
        hoverProvider: true,
        definitionProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite] },
        codeLensProvider: { resolveProvider: false },
        inlayHintProvider: true,
        documentFormattingProvider: true,
        documentRangeFormattingProvider: true,
        foldingRangeProvider: true,
        documentSymbolProvider: true,
        selectionRangeProvider: true,
        executeCommandProvider: { commands: [SERVER_COMMAND_RELOAD_DATA] },
      },
      serverInfo: { name: 'backtest-language-server', version: '0.1.0' },
    };
  });

  connection.onInitialized(() => {
    if (watchRegistration) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: '**/*.{csv,json,tsv,txt}' }],
      }).catch((e) => log(`[register watchers] ${String(e)}`));
    }
  });

  const doc = (uri: string) => documents.get(uri);

  documents.onDidOpen(safe(log, 'didOpen', undefined, (e) => publisher?.schedule(e.document.uri, 0)));
  documents.onDidChangeContent(safe(log, 'didChange', undefined, (e) => publisher?.schedule(e.document.uri)));
  documents.onDidClose(safe(log, 'didClose', undefined, (e) => publisher?.closed(e.document.uri)));

  connection.onDidChangeWatchedFiles(safe(log, 'didChangeWatchedFiles', undefined, (p) => {
    for (const ch of p.changes) {
      const path = configPathOf(ch.uri);
      if (ch.type === FileChangeType.Deleted || ch.type === FileChangeType.Changed || ch.type === FileChangeType.Created) cache?.fileEvent(path);
    }
  }));

  connection.onCompletion(safe(log, 'completion', null, async (p) => {
    const d = doc(p.textDocument.uri);
    return d && service ? service.completion(d, p.position) : null;
  }));
  connection.onHover(safe(log, 'hover', null, async (p) => {
    const d = doc(p.textDocument.uri);
    return d && service ? service.hover(d, p.position) : null;
  }));
  connection.onDefinition(safe(log, 'definition', null, (p) => {
    const d = doc(p.textDocument.uri);
    return d && service ? service.definition(d, p.position) : null;
  }));
  connection.onCodeAction(safe(log, 'codeAction', null, (p) => {
    const d = doc(p.textDocument.uri);
    return d && service ? service.codeActions(d, p.range, p.context.diagnostics) : null;
  }));
  connection.onCodeLens(safe(log, 'codeLens', null, (p) => {
    const d = doc(p.textDocument.uri);
    return d && service ? service.codeLenses(d) : null;
  }));
  connection.languages.inlayHint.on(safe(log, 'inlayHint', null, (p) => {
    const d = doc(p.textDocument.uri);
    return d && service ? service.inlayHints(d, p.range) : null;
  }));
  connection.onDocumentFormatting(safe(log, 'formatting', null, (p) => {
    const d = doc(p.textDocument.uri);
    return d && service ? service.format(d, undefined, p.options) : null;
  }));
  connection.onDocumentRangeFormatting(safe(log, 'rangeFormatting', null, (p) => {
    const d = doc(p.textDocument.uri);
    return d && service ? service.format(d, p.range, p.options) : null;
  }));
  connection.onFoldingRanges(safe(log, 'folding', null, (p) => {
    const d = doc(p.textDocument.uri);
    return d && service ? service.folding(d) : null;
  }));
  connection.onDocumentSymbol(safe(log, 'symbols', null, (p) => {
    const d = doc(p.textDocument.uri);
    return d && service ? service.symbols(d) : null;
  }));
  connection.onSelectionRanges(safe(log, 'selectionRanges', null, (p) => {
    const d = doc(p.textDocument.uri);
    return d && service ? service.selectionRanges(d, p.positions) : null;
  }));
  connection.onExecuteCommand(safe(log, 'executeCommand', null, (p) => {
    if (p.command === SERVER_COMMAND_RELOAD_DATA) {
      cache?.clear();
      publisher?.revalidateAll();
    }
    return null;
  }));

  connection.onShutdown(() => { cache?.dispose(); });
  documents.listen(connection);
  connection.listen();
}

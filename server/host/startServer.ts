// The thin LSP host: a connection (stdio, node-ipc or socket, chosen by
// vscode-languageserver from argv), the open documents, capabilities, and each
// request routed to the pure language service through `safe`.
import {
  createConnection,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  CodeActionKind,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { BacktestLanguageService } from '../service/languageService';
import { configPathOf } from '../service/snapshot';
import { DataStatusNotification, SERVER_COMMAND_RELOAD_DATA, type BacktestServerOptions } from '../../common/protocol';
import { Settings } from '../../common/settings';
import { DataCache } from './dataCache';
import { InlineLoader } from './dataLoader';
import { LoaderPool } from './loaderPool';
import { BigDocuments } from './bigDocuments';
import type { DocumentMethod } from './documentWorker';
import { listDirectory, writeSummary } from './serviceEnv';
import type { TextDocument as Doc } from 'vscode-languageserver-textdocument';
import { DiagnosticsPublisher } from './diagnosticsPublisher';
import { safe } from './safe';
import { ENGINE_VERSION } from '../../engine/results/version';

const DEFAULT_DEBOUNCE_MS = Settings.debounceMs.default;
const DEFAULT_CACHE_BYTES = Settings.cacheMaxMB.default * 1024 * 1024;

export { writeSummary } from './serviceEnv';

export function startServer(workerScript: string): void {
  const connection = createConnection(ProposedFeatures.all);
  const documents = new TextDocuments(TextDocument);
  const log = (m: string) => connection.console.error(m);

  // Last line of defence: log and keep serving.
  process.on('uncaughtException', (e) => log(`[uncaught] ${e.stack ?? e.message}`));
  process.on('unhandledRejection', (e) => log(`[unhandled rejection] ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`));

  let cache: DataCache | undefined;
  let service: BacktestLanguageService | undefined;
  let publisher: DiagnosticsPublisher | undefined;
  let big: BigDocuments | undefined;
  /** Most folding ranges: ours, or fewer when the client asks (VS Code sends its own limit). */
  let foldingLimit: number | undefined;
  let watchRegistration = false;

  connection.onInitialize((params): InitializeResult => {
    const opts = (params.initializationOptions ?? {}) as BacktestServerOptions;
    const debounce = typeof opts.debounceMs === 'number' && opts.debounceMs >= 0 ? opts.debounceMs : DEFAULT_DEBOUNCE_MS;
    const maxBytes = typeof opts.cacheMaxBytes === 'number' && opts.cacheMaxBytes > 0 ? opts.cacheMaxBytes : DEFAULT_CACHE_BYTES;
    const c = new DataCache({
      loader: opts.useWorker === false ? new InlineLoader() : LoaderPool.ofWorkers(workerScript),
      maxBytes,
      onChange: (p) => publisher?.dataChanged(p),
      onStatus: (s) => {
        void connection.sendNotification(DataStatusNotification, s);
      },
    });
    cache = c;
    const folders = (params.workspaceFolders ?? []).map((f) => configPathOf(f.uri));
    if (!folders.length && params.rootUri) folders.push(configPathOf(params.rootUri));
    const s = new BacktestLanguageService({ data: c, listDirectory, workspaceFolders: () => folders, writeSummary }, params.capabilities);
    service = s;
    publisher = new DiagnosticsPublisher(
      connection,
      s,
      c,
      (uri) => documents.get(uri),
      debounce,
      log,
      (uri, paths) => {
        if (paths) c.pin(uri, paths);
        else c.unpin(uri);
      },
    );
    const clientRangeLimit = params.capabilities.textDocument?.foldingRange?.rangeLimit;
    foldingLimit = typeof clientRangeLimit === 'number' && clientRangeLimit > 0 ? clientRangeLimit : undefined;
    const b = new BigDocuments(
      {
        script: workerScript,
        cacheMaxBytes: maxBytes,
        useWorker: opts.useWorker !== false,
        workspaceFolders: folders,
        capabilities: params.capabilities,
      },
      {
        dataChanged: (p) => publisher?.dataChanged(p),
        status: (st) => {
          void connection.sendNotification(DataStatusNotification, st);
        },
        log,
      },
    );
    big = b;
    publisher.remote = (d) => (b.handles(d) ? b.diagnostics(d) : undefined);
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
      serverInfo: { name: 'backtest-language-server', version: ENGINE_VERSION },
    };
  });

  connection.onInitialized(() => {
    if (watchRegistration) {
      void connection.client
        .register(DidChangeWatchedFilesNotification.type, {
          watchers: [{ globPattern: '**/*.{csv,json,tsv,txt}' }],
        })
        .catch((e) => log(`[register watchers] ${String(e)}`));
    }
  });

  const doc = (uri: string) => documents.get(uri);
  /** Answers on the big-document thread for big documents, else here; `noteKey`: show its cut-result note. */
  const route = async <R>(method: DocumentMethod, d: Doc, args: unknown[], here: () => R | Promise<R>, noteKey?: string): Promise<R> => {
    if (!big?.handles(d)) return here();
    const a = await big.request<R>(method, d, args);
    if (noteKey) for (const n of a.notes) publisher?.note(d.uri, noteKey, n);
    return a.result;
  };

  documents.onDidOpen(safe(log, 'didOpen', undefined, (e) => publisher?.schedule(e.document.uri, 0)));
  documents.onDidChangeContent(safe(log, 'didChange', undefined, (e) => publisher?.schedule(e.document.uri)));
  documents.onDidClose(
    safe(log, 'didClose', undefined, (e) => {
      publisher?.closed(e.document.uri);
      big?.close(e.document.uri);
    }),
  );

  connection.onDidChangeWatchedFiles(
    safe(log, 'didChangeWatchedFiles', undefined, (p) => {
      for (const ch of p.changes) {
        const path = configPathOf(ch.uri);
        if (ch.type === FileChangeType.Deleted || ch.type === FileChangeType.Changed || ch.type === FileChangeType.Created) {
          cache?.fileEvent(path);
          big?.fileEvent(path);
        }
      }
    }),
  );

  connection.onCompletion(
    safe(log, 'completion', null, async (p) => {
      const d = doc(p.textDocument.uri);
      return d && service ? route('completion', d, [p.position], () => service!.completion(d, p.position)) : null;
    }),
  );
  connection.onHover(
    safe(log, 'hover', null, async (p) => {
      const d = doc(p.textDocument.uri);
      return d && service ? route('hover', d, [p.position], () => service!.hover(d, p.position)) : null;
    }),
  );
  connection.onDefinition(
    safe(log, 'definition', null, (p) => {
      const d = doc(p.textDocument.uri);
      return d && service ? route('definition', d, [p.position], () => service!.definition(d, p.position)) : null;
    }),
  );
  connection.onCodeAction(
    safe(log, 'codeAction', null, (p) => {
      const d = doc(p.textDocument.uri);
      return d && service
        ? route('codeActions', d, [p.range, p.context.diagnostics], () => service!.codeActions(d, p.range, p.context.diagnostics))
        : null;
    }),
  );
  connection.onCodeLens(
    safe(log, 'codeLens', null, (p) => {
      const d = doc(p.textDocument.uri);
      return d && service ? route('codeLenses', d, [], () => service!.codeLenses(d)) : null;
    }),
  );
  connection.languages.inlayHint.on(
    safe(log, 'inlayHint', null, (p) => {
      const d = doc(p.textDocument.uri);
      return d && service ? route('inlayHints', d, [p.range], () => service!.inlayHints(d, p.range)) : null;
    }),
  );
  connection.onDocumentFormatting(
    safe(log, 'formatting', null, (p) => {
      const d = doc(p.textDocument.uri);
      return d && service ? route('format', d, [undefined, p.options], () => service!.format(d, undefined, p.options)) : null;
    }),
  );
  connection.onDocumentRangeFormatting(
    safe(log, 'rangeFormatting', null, (p) => {
      const d = doc(p.textDocument.uri);
      return d && service ? route('format', d, [p.range, p.options], () => service!.format(d, p.range, p.options)) : null;
    }),
  );
  connection.onFoldingRanges(
    safe(log, 'folding', null, (p) => {
      const d = doc(p.textDocument.uri);
      return d && service
        ? route(
            'folding',
            d,
            [foldingLimit],
            () => service!.folding(d, (n) => publisher?.note(d.uri, 'folding', n), foldingLimit),
            'folding',
          )
        : null;
    }),
  );
  connection.onDocumentSymbol(
    safe(log, 'symbols', null, (p) => {
      const d = doc(p.textDocument.uri);
      return d && service
        ? route('symbols', d, [], () => service!.symbols(d, (n) => publisher?.note(d.uri, 'outline', n)), 'outline')
        : null;
    }),
  );
  connection.onSelectionRanges(
    safe(log, 'selectionRanges', null, (p) => {
      const d = doc(p.textDocument.uri);
      return d && service ? route('selectionRanges', d, [p.positions], () => service!.selectionRanges(d, p.positions)) : null;
    }),
  );
  connection.onExecuteCommand(
    safe(log, 'executeCommand', null, (p) => {
      if (p.command === SERVER_COMMAND_RELOAD_DATA) {
        cache?.clear();
        big?.clear();
        publisher?.revalidateAll();
      }
      return null;
    }),
  );

  connection.onShutdown(() => {
    cache?.dispose();
    big?.dispose();
  });
  documents.listen(connection);
  connection.listen();
}

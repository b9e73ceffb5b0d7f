// Validates open configs (debounced per document), publishes their diagnostics
// (an empty list for a clean file) and remembers which data files each one read, so a
// change on disk re-validates exactly the configs that depend on it. Diagnostics that
// point into a data file are published on that file, merged over all configs.
import { DiagnosticSeverity, type Connection, type Diagnostic } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { BacktestLanguageService, DiagnosticsByFile } from '../service/languageService';
import { DIAGNOSTIC_SOURCE } from '../../common/protocol';
import { trackingAccess, type DataAccess } from '../service/dataAccess';
import { configPathOf, fileUri } from '../service/snapshot';
import type { Logger } from './safe';

export class DiagnosticsPublisher {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly deps = new Map<string, Set<string>>();
  /** data file uri -> config uri -> diagnostics the config reported on it. */
  private readonly foreign = new Map<string, Map<string, Diagnostic[]>>();
  /** The config's own diagnostics as last published, and notes shown after them (results cut: see note()). */
  private readonly own = new Map<string, { version: number; diagnostics: Diagnostic[] }>();
  private readonly notes = new Map<string, Map<string, string>>();
  /** Validates a document elsewhere (the big-document thread); undefined: validate it here. */
  remote?: (doc: TextDocument) => Promise<{ byFile: DiagnosticsByFile; seen: Set<string> }> | undefined;

  constructor(
    private readonly connection: Connection,
    private readonly service: BacktestLanguageService,
    private readonly data: DataAccess,
    private readonly getDocument: (uri: string) => TextDocument | undefined,
    private readonly debounceMs: number,
    private readonly log: Logger,
    /** Told which data files each open document reads (undefined when it closes), so the cache keeps them. */
    private readonly onDependencies?: (uri: string, paths: Set<string> | undefined) => void,
  ) {}

  schedule(uri: string, delay = this.debounceMs): void {
    const prev = this.timers.get(uri);
    if (prev) clearTimeout(prev);
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        void this.validate(uri);
      }, delay),
    );
  }

  /** Re-validates every open config that read `absPath` (or lives next to it, for files not yet created). */
  dataChanged(absPath: string): void {
    for (const [uri, paths] of this.deps) if (paths.has(absPath)) this.schedule(uri, 0);
  }

  revalidateAll(): void {
    for (const uri of this.deps.keys()) this.schedule(uri, 0);
  }

  closed(uri: string): void {
    const t = this.timers.get(uri);
    if (t) clearTimeout(t);
    this.timers.delete(uri);
    this.deps.delete(uri);
    this.own.delete(uri);
    this.notes.delete(uri);
    this.onDependencies?.(uri, undefined);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    this.setForeign(uri, new Map());
  }

  private async validate(uri: string): Promise<void> {
    const doc = this.getDocument(uri);
    if (!doc) return;
    const version = doc.version;
    const seen = new Set<string>();
    try {
      const elsewhere = this.remote?.(doc);
      const byFile = elsewhere ? (await elsewhere).byFile : await this.service.diagnostics(doc, trackingAccess(this.data, seen));
      const current = this.getDocument(uri);
      // A newer edit is already scheduled; its validation will publish.
      if (!current || current.version !== version) return;
      const deps = elsewhere ? (await elsewhere).seen : seen;
      this.deps.set(uri, deps);
      // The big-document thread keeps its own files; pin here only what this thread read.
      if (!elsewhere) this.onDependencies?.(uri, seen);
      const own = configPathOf(uri);
      this.own.set(uri, { version, diagnostics: byFile.get(own) ?? [] });
      this.publishOwn(uri);
      const others = new Map<string, Diagnostic[]>();
      for (const [file, list] of byFile) if (file !== own) others.set(fileUri(file), list);
      this.setForeign(uri, others);
    } catch (e) {
      this.log(`[validate ${uri}] ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
  }

  /**
   * Shows (or, with undefined, removes) an information diagnostic on line 1 saying that a
   * result was cut (`key`: which one, e.g. "outline"), so the user knows the outline or
   * folding is partial; republished with the document's diagnostics until removed.
   */
  note(uri: string, key: string, message: string | undefined): void {
    let m = this.notes.get(uri);
    if (m?.get(key) === message) return;
    if (message === undefined) m?.delete(key);
    else {
      if (!m) {
        m = new Map();
        this.notes.set(uri, m);
      }
      m.set(key, message);
    }
    if (this.own.has(uri)) this.publishOwn(uri);
  }

  private publishOwn(uri: string): void {
    const o = this.own.get(uri);
    if (!o) return;
    const notes: Diagnostic[] = [...(this.notes.get(uri)?.values() ?? [])].map((message) => ({
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
      severity: DiagnosticSeverity.Information,
      code: 'results-limited',
      source: DIAGNOSTIC_SOURCE,
      message,
    }));
    void this.connection.sendDiagnostics({
      uri,
      version: o.version,
      diagnostics: notes.length ? [...o.diagnostics, ...notes] : o.diagnostics,
    });
  }

  private setForeign(configUri: string, others: Map<string, Diagnostic[]>): void {
    const touched = new Set<string>(others.keys());
    for (const [dataUri, byConfig] of this.foreign) if (byConfig.has(configUri)) touched.add(dataUri);
    for (const dataUri of touched) {
      let byConfig = this.foreign.get(dataUri);
      if (!byConfig) {
        byConfig = new Map();
        this.foreign.set(dataUri, byConfig);
      }
      const list = others.get(dataUri);
      if (list) byConfig.set(configUri, list);
      else byConfig.delete(configUri);
      // Several configs may read the same data file: publish each finding once.
      const merged = new Map<string, Diagnostic>();
      for (const l of byConfig.values())
        for (const d of l) merged.set(`${d.range.start.line}:${d.range.start.character}:${d.code}:${d.message}`, d);
      void this.connection.sendDiagnostics({ uri: dataUri, diagnostics: [...merged.values()] });
      if (!byConfig.size) this.foreign.delete(dataUri);
    }
  }
}

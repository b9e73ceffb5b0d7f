// A small LSP client for tests: spawns the built server (`node dist/server.js --stdio`)
// and speaks JSON-RPC to it with vscode-jsonrpc, like any editor would.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { URI } from 'vscode-uri';

export const ROOT = path.resolve(__dirname, '..', '..');
export const SERVER = path.join(ROOT, 'dist', 'server.js');
export const FIXTURE_DATA = path.join(ROOT, 'test', 'fixtures', 'server', 'data');

export interface PublishedDiagnostics {
  uri: string;
  version?: number;
  diagnostics: Diagnostic[];
}

export class LspClient {
  readonly published = new Map<string, PublishedDiagnostics>();
  readonly notifications: { method: string; params: unknown }[] = [];
  stderr = '';
  private readonly waiters: (() => void)[] = [];
  private readonly versions = new Map<string, number>();
  exited = false;

  private constructor(
    readonly child: ChildProcess,
    readonly conn: MessageConnection,
  ) {}

  static async start(initializationOptions: Record<string, unknown> = {}, rootDir?: string): Promise<LspClient> {
    if (!existsSync(SERVER)) throw new Error(`${SERVER} is missing: run \`npm run build\` before the server tests.`);
    const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const conn = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new LspClient(child, conn);
    child.stderr!.on('data', (b) => {
      client.stderr += b.toString();
    });
    child.on('exit', () => {
      client.exited = true;
      client.wake();
    });
    conn.onNotification((method, params) => {
      client.notifications.push({ method, params });
      if (method === 'textDocument/publishDiagnostics') {
        const p = params as PublishedDiagnostics;
        client.published.set(p.uri, p);
      }
      client.wake();
    });
    // Server -> client requests (registerCapability, workDoneProgress, ...): accept them.
    conn.onRequest(() => null);
    conn.listen();
    await conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: rootDir ? URI.file(rootDir).toString() : null,
      capabilities: {
        textDocument: {
          completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          publishDiagnostics: { relatedInformation: true, versionSupport: true },
          definition: { linkSupport: true },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor.rewrite'] } } },
        },
        workspace: { didChangeWatchedFiles: { dynamicRegistration: false } },
      },
      initializationOptions: { debounceMs: 20, ...initializationOptions },
    });
    await conn.sendNotification('initialized', {});
    return client;
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  /** Resolves when `check` returns a value; fails after `ms` with what was last seen. */
  async until<T>(check: () => T | undefined, what: string, ms = 15000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const v = check();
      if (v !== undefined) return v;
      if (this.exited) throw new Error(`server exited while waiting for ${what}\n${this.stderr}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Waits for diagnostics of `uri` for its current version satisfying `pred`. */
  diagnostics(uri: string, pred: (d: Diagnostic[]) => boolean = () => true, what = 'diagnostics'): Promise<Diagnostic[]> {
    return this.until(
      () => {
        const p = this.published.get(uri);
        if (!p) return undefined;
        if (p.version !== undefined && p.version !== this.versions.get(uri)) return undefined;
        return pred(p.diagnostics) ? p.diagnostics : undefined;
      },
      `${what} for ${uri} (last: ${JSON.stringify(this.published.get(uri)?.diagnostics.map((d) => `${d.code}: ${d.message}`) ?? null)})`,
    );
  }

  open(uri: string, text: string): void {
    this.versions.set(uri, 1);
    this.published.delete(uri);
    void this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'backtest-jsonc', version: 1, text } });
  }

  change(uri: string, text: string): void {
    const v = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, v);
    void this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ text }] });
  }

  close(uri: string): void {
    void this.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  request<R = any>(method: string, params: unknown): Promise<R> {
    return this.conn.sendRequest(method, params) as Promise<R>;
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      void this.conn.sendNotification('exit');
    } catch {
      /* already gone */
    }
    await new Promise((r) => setTimeout(r, 50));
    this.conn.dispose();
    if (!this.exited) this.child.kill();
  }
}

/** A temp folder with a copy of the fixture data in data/ and configs in configs/. */
export class Workspace {
  readonly dir = mkdtempSync(path.join(tmpdir(), 'backtest-lsp-'));
  readonly dataDir = path.join(this.dir, 'data');
  readonly configDir = path.join(this.dir, 'configs');
  constructor() {
    cpSync(FIXTURE_DATA, this.dataDir, { recursive: true });
    mkdirSync(this.configDir, { recursive: true });
  }
  /** Writes a config to disk and returns its URI. */
  config(name: string, text: string): string {
    const file = path.join(this.configDir, name);
    writeFileSync(file, text);
    return URI.file(file).toString();
  }
  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Applies a WorkspaceEdit's edits for `uri` to `text`. */
export function applyWorkspaceEdit(text: string, uri: string, edit: WorkspaceEdit): string {
  const edits: TextEdit[] = [...(edit.changes?.[uri] ?? [])];
  for (const dc of edit.documentChanges ?? []) {
    if ('textDocument' in dc && dc.textDocument.uri === uri) edits.push(...dc.edits.filter((e): e is TextEdit => 'range' in e));
  }
  return TextDocument.applyEdits(TextDocument.create(uri, 'jsonc', 1, text), edits);
}

/** Position of the first occurrence of `needle` in `text` (plus `delta` characters). */
export function positionOf(text: string, needle: string, delta = 0): { line: number; character: number } {
  const i = text.indexOf(needle);
  if (i < 0) throw new Error(`'${needle}' not in text`);
  return TextDocument.create('x:', 'x', 1, text).positionAt(i + delta);
}

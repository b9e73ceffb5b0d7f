// The language client: starts dist/server.js over IPC, traces into the output channel
// (setting `backtest.trace.server`), and restarts the server when it dies.
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  State,
  TransportKind,
  type CloseHandlerResult,
  type ErrorHandler,
  type ErrorHandlerResult,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { CommandIds } from '../common/commands';
import {
  BACKTEST_LANGUAGE_ID,
  SWEEP_LANGUAGE_ID,
  DATA_FILE_WATCH_GLOB,
  DataStatusNotification,
  type BacktestServerOptions,
  type DataStatusParams,
} from '../common/protocol';
import { Settings, SETTINGS_SECTION } from '../common/settings';

/** Restarts allowed within RESTART_WINDOW_MS before we stop and ask the user. */
const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 3 * 60_000;

export class ServerConnection implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private restarts: number[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  private readonly dataStatusEmitter = new vscode.EventEmitter<DataStatusParams>();
  /** Fires for each `backtest/dataStatus` notification from the server. */
  readonly onDataStatus = this.dataStatusEmitter.event;

  constructor(
    private readonly serverModule: string,
    private readonly output: vscode.LogOutputChannel,
  ) {}

  get state(): State {
    return this.client?.state ?? State.Stopped;
  }
  get languageClient(): LanguageClient | undefined {
    return this.client;
  }

  async start(): Promise<void> {
    const debug = { module: this.serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } };
    const serverOptions: ServerOptions = { run: { module: this.serverModule, transport: TransportKind.ipc }, debug };
    const settings = vscode.workspace.getConfiguration(SETTINGS_SECTION);
    const initializationOptions: BacktestServerOptions = {
      debounceMs: settings.get<number>(Settings.debounceMs.key, Settings.debounceMs.default),
      cacheMaxBytes: settings.get<number>(Settings.cacheMaxMB.key, Settings.cacheMaxMB.default) * 1024 * 1024,
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [{ language: BACKTEST_LANGUAGE_ID }, { language: SWEEP_LANGUAGE_ID }],
      outputChannel: this.output,
      traceOutputChannel: this.output,
      initializationOptions,
      errorHandler: this.errorHandler(),
      synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher(DATA_FILE_WATCH_GLOB) },
    };
    // The id 'backtest' makes the client read `backtest.trace.server` by itself.
    this.client = new LanguageClient('backtest', 'Backtest Language Server', serverOptions, clientOptions);
    this.disposables.push(this.client.onNotification(DataStatusNotification, (p) => this.dataStatusEmitter.fire(p)));
    await this.client.start();
  }

  /** User-requested restart (also used after the automatic restarts ran out). */
  async restart(): Promise<void> {
    this.restarts = [];
    if (this.client && this.client.state !== State.Stopped) {
      await this.client.restart();
    } else {
      await this.stop();
      await this.start();
    }
  }

  async stop(): Promise<void> {
    const c = this.client;
    this.client = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
    if (c) {
      try {
        if (c.state !== State.Stopped) await c.stop(2000);
      } catch (err) {
        this.output.warn(`stopping the server: ${String(err)}`);
      }
      await c.dispose().catch(() => undefined);
    }
  }

  private errorHandler(): ErrorHandler {
    return {
      error: (error, _message, count): ErrorHandlerResult => {
        this.output.error(`server connection error: ${error.message}`);
        return { action: (count ?? 0) <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown, handled: true };
      },
      closed: (): CloseHandlerResult => {
        const now = Date.now();
        this.restarts = this.restarts.filter((t) => now - t < RESTART_WINDOW_MS);
        if (this.restarts.length < MAX_RESTARTS) {
          this.restarts.push(now);
          this.output.warn(`the language server stopped; restarting (${this.restarts.length}/${MAX_RESTARTS} in 3 minutes)`);
          return { action: CloseAction.Restart, handled: true };
        }
        const msg = `The Backtest language server stopped ${MAX_RESTARTS} times in 3 minutes and will not be restarted automatically.`;
        this.output.error(msg);
        void vscode.window.showErrorMessage(msg, 'Restart Server', 'Show Output').then((pick) => {
          if (pick === 'Restart Server') void vscode.commands.executeCommand(CommandIds.restartServer);
          if (pick === 'Show Output') this.output.show(true);
        });
        return { action: CloseAction.DoNotRestart, handled: true };
      },
    };
  }

  dispose(): void {
    void this.stop();
    this.dataStatusEmitter.dispose();
  }
}

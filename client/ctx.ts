// The extension's context object (rust-analyzer's `ctx.ts`): the state every command
// shares (output channel, language client, run controller, results panel, failure
// diagnostics, the last results, the data status item) and the registration of commands.
// Commands are factories `(ctx) => handler` (commands.ts); `activate` creates one Ctx and
// VS Code disposes it with the extension context's subscriptions.
import * as vscode from 'vscode';
import { FailureReporter } from './failures';
import { DataStatusItem } from './dataStatus';
import { LastResults } from './lastResults';
import { handlePanelMessage } from './panelMessages';
import { ResultsPanel, type PanelData } from './resultsPanel';
import { RunController } from './runController';
import { ServerConnection } from './serverConnection';

/** What `activate` returns: used by the extension-host tests and by other extensions. */
export interface BacktestApi {
  readonly server: ServerConnection;
  readonly panel: ResultsPanel;
  /** The Run Sweep panel, once a sweep has been shown. */
  sweepPanel(): vscode.WebviewPanel | undefined;
  readonly failures: FailureReporter;
  lastResults(): PanelData | undefined;
  /** The run progress status bar item (percentage, stage; its command cancels). */
  readonly runStatus: vscode.StatusBarItem;
  /** Fires with the run status text on every change ('' when no run is left). */
  readonly onRunStatus: vscode.Event<string>;
  /** Stops runs, the panel and the language server (what deactivation does). */
  dispose(): Promise<void>;
}

/** A registered command's handler; its arguments come from VS Code (palette, lens, menus, tests). */
export type Cmd = (...args: any[]) => unknown;
/** Builds a command's handler once, at activation, over the shared context. */
export type CommandFactory = (ctx: Ctx) => Cmd;

export class Ctx implements vscode.Disposable {
  readonly output = vscode.window.createOutputChannel('Backtest', { log: true });
  readonly server: ServerConnection;
  readonly runs: RunController;
  readonly panel: ResultsPanel;
  readonly failures: FailureReporter;
  readonly last: LastResults;
  readonly dataStatus: DataStatusItem;
  /** Set by the Run Sweep command's factory (commands.ts). */
  sweepPanel: () => vscode.WebviewPanel | undefined = () => undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private disposed: Promise<void> | undefined;

  constructor(readonly extensionContext: vscode.ExtensionContext) {
    this.server = new ServerConnection(this.distPath('server.js'), this.output);
    this.runs = new RunController(this.distPath('runWorker.js'), this.output);
    this.failures = new FailureReporter(this.output);
    this.last = new LastResults(
      () => vscode.Uri.joinPath(extensionContext.storageUri ?? extensionContext.globalStorageUri, 'last-results.json'),
      this.output,
    );
    this.panel = new ResultsPanel(extensionContext.extensionUri, {
      onPanelMessage: (m) => handlePanelMessage(this, m),
      loadLastResults: () => this.last.load(),
    });
    this.dataStatus = new DataStatusItem(this.output);
  }

  get extensionUri(): vscode.Uri {
    return this.extensionContext.extensionUri;
  }

  /** A file of the extension's bundle (`dist/`). */
  distPath(file: string): string {
    return vscode.Uri.joinPath(this.extensionUri, 'dist', file).fsPath;
  }

  /** The sample data and example configs shipped with the extension. */
  sampleRoot(): string {
    return vscode.Uri.joinPath(this.extensionUri, 'sample_data').fsPath;
  }

  registerCommand(id: string, factory: CommandFactory): void {
    this.pushDisposable(vscode.commands.registerCommand(id, factory(this)));
  }

  pushDisposable(d: vscode.Disposable): void {
    this.disposables.push(d);
  }

  api(): BacktestApi {
    return {
      server: this.server,
      panel: this.panel,
      sweepPanel: () => this.sweepPanel(),
      failures: this.failures,
      lastResults: () => this.last.current?.panel,
      runStatus: this.runs.statusBar.item,
      onRunStatus: this.runs.statusBar.onDidChange,
      dispose: () => this.dispose(),
    };
  }

  /** Idempotent: deactivation and the subscriptions may both call it. */
  dispose(): Promise<void> {
    this.disposed ??= this.doDispose();
    return this.disposed;
  }

  private async doDispose(): Promise<void> {
    await this.runs.cancelAll();
    this.runs.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
    this.failures.dispose();
    this.dataStatus.dispose();
    await this.server.stop();
    this.output.dispose();
  }
}

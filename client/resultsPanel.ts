// The results panel: one WebviewPanel beside the config, rendered by report/html.ts and
// dist/webview.js, restored after a window reload by a WebviewPanelSerializer.
// The results are never baked into the HTML: the page asks ('ready') and is sent the
// latest run, so a reload (hide/show, maximise, move, window reload) cannot bring back an
// earlier run's numbers. The context is retained while hidden, so a large run is not
// decoded again on every show.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { renderPanelHtml } from '../report/html';
import type { HostToPanelMessage, PanelToHostMessage, PersistedState, UiState } from '../common/panelProtocol';
import { panelDataName, panelMessage, type PanelData } from './panelData';
import { ShownRun, type RunRecordInfo } from './shownRun';

export const RESULTS_VIEW_TYPE = 'backtest.results';

export type { PanelData } from './panelData';

export interface PanelHost {
  /** Handles the panel's requests (export, open config line, rerun). */
  onPanelMessage(message: PanelToHostMessage): Promise<void> | void;
  /** Last results (and where they came from), for a panel restored after reload. */
  loadLastResults(): Promise<{ panel: PanelData; info?: RunRecordInfo } | undefined>;
}

export class ResultsPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private ready = false;
  private shown: PanelData | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  /** The shown run's source and stale / failed state (header and banners). */
  readonly run = new ShownRun((s) => {
    if (this.ready) this.post(s);
  });

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly host: PanelHost,
  ) {}

  /** Registers the serializer that brings the panel back after a window reload. */
  registerSerializer(): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(RESULTS_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel, state: unknown) => {
        const last = await this.host.loadLastResults();
        this.adopt(panel);
        const ui = (state as PersistedState | undefined)?.ui;
        this.shown = last?.panel;
        this.run.set(last?.info);
        this.render(ui);
      },
    });
  }

  get visible(): boolean {
    return !!this.panel?.visible;
  }
  get webviewPanel(): vscode.WebviewPanel | undefined {
    return this.panel;
  }
  get current(): PanelData | undefined {
    return this.shown;
  }

  /** Shows results beside the active editor, reusing the panel when open. */
  show(data: PanelData, info?: RunRecordInfo): void {
    this.shown = data;
    this.run.set(info);
    if (!this.panel) {
      const panel = vscode.window.createWebviewPanel(
        RESULTS_VIEW_TYPE,
        this.title(data),
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        this.options(),
      );
      this.adopt(panel);
      this.render();
      return;
    }
    this.panel.title = this.title(data);
    this.panel.reveal(vscode.ViewColumn.Beside, true);
    // Not ready yet: the page is loading and gets the latest results when it says 'ready'.
    if (this.ready) this.sendShown();
  }

  /** A run of `configPath` failed: if the panel shows that config, it says so in a banner. */
  runFailed(configPath: string, message: string): void {
    this.run.runFailed(configPath, message);
  }

  showError(message: string): void {
    if (this.panel && this.ready) this.post({ type: 'error', message });
  }

  /** The latest results (compact: the panel decodes them), then their banners. */
  private sendShown(): void {
    if (!this.shown) return;
    this.post({ ...panelMessage(this.shown), source: this.run.source() } as HostToPanelMessage);
    this.post(this.run.status());
  }

  private options(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      // Kept while hidden: a large run is decoded once, not on every show.
      retainContextWhenHidden: true,
      enableFindWidget: true,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist'), vscode.Uri.joinPath(this.extensionUri, 'media')],
    };
  }

  private title(data: PanelData | undefined): string {
    if (!data) return 'Backtest Results';
    return data.kind === 'run' ? `Backtest: ${panelDataName(data)}` : `Compare: ${panelDataName(data) ?? 'hedge methods'}`;
  }

  private adopt(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    this.ready = false;
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'icon.png');
    panel.webview.options = this.options();
    this.disposables.push(
      panel.webview.onDidReceiveMessage(async (m: PanelToHostMessage) => {
        // Every (re)load of the page asks for the results: send the latest, never the first.
        if (m?.type === 'ready') {
          this.ready = true;
          this.sendShown();
          void this.run.refresh();
          return;
        }
        try {
          await this.host.onPanelMessage(m);
        } catch (err) {
          void vscode.window.showErrorMessage(`Backtest panel: ${err instanceof Error ? err.message : String(err)}`);
        }
      }),
      panel.onDidDispose(() => {
        this.panel = undefined;
        this.ready = false;
        for (const d of this.disposables.splice(0)) d.dispose();
      }),
    );
  }

  private render(ui?: UiState): void {
    if (!this.panel) return;
    const data = this.shown;
    this.ready = false;
    this.panel.title = this.title(data);
    const webview = this.panel.webview;
    const dist = (f: string) => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', f)).toString();
    this.panel.webview.html = renderPanelHtml({
      cspSource: webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      scriptUri: dist('webview.js'),
      // webview.css is what esbuild emits for the bundle's CSS imports, when it has any.
      styleUris: ['webview.css', 'uPlot.min.css']
        .filter((f) => existsSync(vscode.Uri.joinPath(this.extensionUri, 'dist', f).fsPath))
        .map(dist),
      // No results in the HTML (they arrive after 'ready'): the page shows "Loading" meanwhile.
      initialState: data || ui ? { pending: !!data, ui } : undefined,
    });
  }

  private post(message: HostToPanelMessage): void {
    void this.panel?.webview.postMessage(message);
  }

  dispose(): void {
    this.run.dispose();
    this.panel?.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

// The extension's one state object: owns the language client, runs, the results panel,
// the last results and every command. `activate` creates it; `deactivate` disposes it.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CommandIds, ContextKeys } from '../common/commands';
import { BACKTEST_LANGUAGE_ID, CONFIG_FILE_GLOB, CONFIG_FILE_SUFFIX, type DataStatusParams } from '../common/protocol';
import { Settings, SERVER_SETTING_SECTIONS, SETTINGS_SECTION } from '../common/settings';
import { locateJsonPath } from '../common/jsonLocation';
import type { RunKind } from '../common/workerProtocol';
import { renderReportHtml } from '../report/html';
import type { PanelToHostMessage } from '../common/panelProtocol';
import { compareToFiles, resultsToFiles } from './exportFiles';
import { FailureReporter } from './failures';
import { decodePanelData, panelConfigPaths, panelDataName, toPanelData } from './panelData';
import { ResultsPanel, type PanelData } from './resultsPanel';
import { RunController, type RunOutcome } from './runController';
import { ServerConnection } from './serverConnection';
import type { RunRecordInfo } from './shownRun';
import { copySampleData, listTemplates, rewriteTemplate } from './templates';
import { SweepCommand } from './sweepCommand';
import { inspectOwnData, ownDataConfig, type OwnData } from './ownDataTemplate';

export { CommandIds } from '../common/commands';

/** `info`: the config's text at run time and when it finished (header, stale banner). */
interface StoredResults { configPath: string; panel: PanelData; info?: RunRecordInfo }

/** What `activate` returns: used by the extension-host tests and by other extensions. */
export interface BacktestApi {
  readonly server: ServerConnection;
  readonly panel: ResultsPanel;
  readonly failures: FailureReporter;
  lastResults(): PanelData | undefined;
  /** The run progress status bar item (percentage, stage; its command cancels). */
  readonly runStatus: vscode.StatusBarItem;
  /** Fires with the run status text on every change ('' when no run is left). */
  readonly onRunStatus: vscode.Event<string>;
  /** Stops runs, the panel and the language server (what deactivation does). */
  dispose(): Promise<void>;
}

export class BacktestExtension implements vscode.Disposable {
  readonly output = vscode.window.createOutputChannel('Backtest', { log: true });
  readonly server: ServerConnection;
  readonly runs: RunController;
  readonly panel: ResultsPanel;
  readonly failures: FailureReporter;
  private last: StoredResults | undefined;
  private readonly status = vscode.window.createStatusBarItem('backtest.data', vscode.StatusBarAlignment.Right, 100);
  private readonly dataFiles = new Map<string, DataStatusParams>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly context: vscode.ExtensionContext) {
    const dist = (f: string) => vscode.Uri.joinPath(context.extensionUri, 'dist', f).fsPath;
    this.server = new ServerConnection(dist('server.js'), this.output);
    this.runs = new RunController(dist('runWorker.js'), this.output);
    this.failures = new FailureReporter(this.output);
    this.panel = new ResultsPanel(context.extensionUri, {
      onPanelMessage: (m) => this.onPanelMessage(m),
      loadLastResults: async () => this.loadLast(),
    });
    this.status.name = 'Backtest data';
    this.status.command = CommandIds.restartServer;
  }

  async activate(): Promise<BacktestApi> {
    const c = CommandIds;
    const reg = (id: string, fn: (...args: any[]) => unknown) => this.disposables.push(vscode.commands.registerCommand(id, fn));
    reg(c.run, (arg?: unknown) => this.runCommand('run', arg));
    reg(c.compare, (arg?: unknown) => this.runCommand('compare', arg));
    const sweep = new SweepCommand({ extensionUri: this.context.extensionUri, output: this.output, runConfig: (p) => this.runCommand('run', p) });
    reg(c.runSweep, (arg?: unknown) => sweep.run(arg));
    reg(c.showLastResults, () => this.showLastResults());
    reg(c.newConfig, (templateId?: string, dest?: vscode.Uri) => this.newConfig(templateId, dest));
    reg(c.exportResults, (format?: 'csv' | 'html', dest?: vscode.Uri) => this.exportResults(format, dest));
    reg(c.cancelRun, () => this.runs.cancelAll());
    reg(c.restartServer, () => this.server.restart());
    reg(c.openWalkthroughExample, () => this.openWalkthroughExample());
    this.disposables.push(
      this.panel.registerSerializer(),
      this.server.onDataStatus((p) => this.onDataStatus(p)),
      vscode.languages.onDidChangeDiagnostics(() => this.updateWalkthroughContext()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.output.info('workspace trusted: running backtests is enabled')),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (SERVER_SETTING_SECTIONS.some((s) => e.affectsConfiguration(s))) void this.server.restart();
      }),
    );
    void vscode.commands.executeCommand('setContext', ContextKeys.running, false);
    try {
      await this.server.start();
    } catch (err) {
      // Still usable without the server (runs, panel); say why validation is missing.
      const msg = `The Backtest language server did not start: ${err instanceof Error ? err.message : String(err)}`;
      this.output.error(msg);
      void vscode.window.showErrorMessage(msg, 'Show Output').then((p) => { if (p) this.output.show(true); });
    }
    return { server: this.server, panel: this.panel, failures: this.failures, lastResults: () => this.last?.panel, runStatus: this.runs.statusBar.item, onRunStatus: this.runs.statusBar.onDidChange, dispose: () => this.dispose() };
  }

  // ----- runs -----

  /** Config the command applies to: an argument (lens passes a URI string, menus a Uri), the active editor, or a pick. */
  private async resolveConfig(arg: unknown): Promise<vscode.Uri | undefined> {
    if (typeof arg === 'string') return arg.includes('://') ? vscode.Uri.parse(arg) : vscode.Uri.file(arg);
    if (arg instanceof vscode.Uri) return arg;
    const active = vscode.window.activeTextEditor?.document;
    if (active && (active.languageId === BACKTEST_LANGUAGE_ID || active.fileName.endsWith(CONFIG_FILE_SUFFIX))) return active.uri;
    const found = await vscode.workspace.findFiles(CONFIG_FILE_GLOB, '**/node_modules/**', 200);
    if (!found.length) {
      const pick = await vscode.window.showWarningMessage('No *.backtest.jsonc config is open or in this workspace.', 'New Backtest Config');
      if (pick) await vscode.commands.executeCommand(CommandIds.newConfig);
      return undefined;
    }
    if (found.length === 1) return found[0];
    const item = await vscode.window.showQuickPick(
      found.map((u) => ({ label: path.basename(u.fsPath), description: vscode.workspace.asRelativePath(u), uri: u })),
      { placeHolder: 'Which backtest config?' });
    return item?.uri;
  }

  /** Running executes the config's expressions and reads files it names: trusted workspaces only. */
  private async ensureTrusted(): Promise<boolean> {
    if (vscode.workspace.isTrusted) return true;
    const pick = await vscode.window.showWarningMessage(
      'Running a backtest reads the data files a config names and evaluates its expressions. Trust this workspace to run it (validation works without trust).',
      { modal: true }, 'Manage Workspace Trust');
    if (pick) await vscode.commands.executeCommand('workbench.trust.manage');
    return vscode.workspace.isTrusted;
  }

  private resultsDir(config: vscode.Uri): string | null {
    const setting = vscode.workspace.getConfiguration(SETTINGS_SECTION, config).get<string>(Settings.resultsDirectory.key, Settings.resultsDirectory.default).trim();
    if (!setting) return null;
    const folder = vscode.workspace.getWorkspaceFolder(config)?.uri.fsPath ?? path.dirname(config.fsPath);
    return path.join(path.resolve(folder, setting), path.basename(config.fsPath).replace(/\.backtest\.jsonc$|\.jsonc?$/, ''));
  }

  async runCommand(kind: RunKind, arg: unknown): Promise<RunOutcome | undefined> {
    const uri = await this.resolveConfig(arg);
    if (!uri) return undefined;
    if (uri.scheme !== 'file') {
      void vscode.window.showErrorMessage(`Backtests run on files on disk; ${uri.toString()} is not one. Save it first.`);
      return undefined;
    }
    if (!(await this.ensureTrusted())) return undefined;
    // Run what the user sees: save a dirty config first.
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (doc?.isDirty) await doc.save();
    // The text this run uses: the panel says "stale" once the config no longer matches it.
    const configText = doc ? doc.getText() : await readFile(uri.fsPath, 'utf8').catch(() => null);
    this.failures.clear();
    const outcome = await this.runs.run(kind, uri.fsPath, kind === 'run' ? this.resultsDir(uri) : null);
    if (outcome.status === 'done') {
      // Kept (and sent to the panel) in the worker's compact encoding; decoded only to export.
      const data: PanelData = outcome.kind === 'run' ? { kind: 'run', data: outcome.compact } : { kind: 'compare', data: outcome.compact };
      const info: RunRecordInfo = { configPath: uri.fsPath, configText, finishedAt: new Date().toISOString() };
      this.last = { configPath: uri.fsPath, panel: data, info };
      void this.saveLast(this.last);
      if (vscode.workspace.getConfiguration(SETTINGS_SECTION).get<boolean>(Settings.openResultsPanel.key, Settings.openResultsPanel.default) || this.panel.webviewPanel) this.panel.show(data, info);
      // The walkthrough's Run / Compare steps complete when one has finished, not when it was started.
      void vscode.commands.executeCommand('setContext', outcome.kind === 'run' ? ContextKeys.walkthroughRan : ContextKeys.walkthroughCompared, true);
      const warn = outcome.kind === 'run' ? outcome.compact.rest.warnings.length : 0;
      if (outcome.outDir) this.output.info(`results written to ${outcome.outDir}${warn ? ` (${warn} warnings)` : ''}`);
    } else if (outcome.status === 'error') {
      // The panel keeps the earlier numbers of this config, with a "last run failed" banner.
      this.panel.runFailed(uri.fsPath, outcome.failure.message);
      await this.failures.report(uri.fsPath, outcome.failure);
    } else {
      void vscode.window.showInformationMessage(`Backtest of ${path.basename(uri.fsPath)} cancelled; nothing was written.`);
    }
    return outcome;
  }

  // ----- last results -----

  private lastFile(): vscode.Uri {
    return vscode.Uri.joinPath(this.context.storageUri ?? this.context.globalStorageUri, 'last-results.json');
  }

  private async saveLast(s: StoredResults): Promise<void> {
    try {
      const f = this.lastFile();
      await mkdir(path.dirname(f.fsPath), { recursive: true });
      await writeFile(f.fsPath, JSON.stringify(s));
    } catch (err) { this.output.warn(`could not keep the last results for reload: ${String(err)}`); }
  }

  private async loadLast(): Promise<StoredResults | undefined> {
    if (this.last) return this.last;
    try {
      const stored = JSON.parse(await readFile(this.lastFile().fsPath, 'utf8')) as { configPath?: unknown; panel?: unknown; info?: unknown };
      // Compact as stored now, or plain results stored by an earlier version.
      const panel = toPanelData(stored.panel);
      if (panel && typeof stored.configPath === 'string') this.last = { configPath: stored.configPath, panel, info: storedInfo(stored.info, stored.configPath) };
    } catch { /* nothing run yet in this workspace */ }
    return this.last;
  }

  private async showLastResults(): Promise<PanelData | undefined> {
    const last = await this.loadLast();
    if (!last) {
      const pick = await vscode.window.showInformationMessage('No backtest has been run in this workspace yet.', 'Run Backtest');
      if (pick) await vscode.commands.executeCommand(CommandIds.run);
      return undefined;
    }
    this.panel.show(last.panel, last.info);
    return last.panel;
  }

  // ----- export -----

  private assetText(file: string): Promise<string> {
    return readFile(vscode.Uri.joinPath(this.context.extensionUri, 'dist', file).fsPath, 'utf8').catch(() => '');
  }

  /** Writes the shown (or last) results as CSV files into a folder, or as one HTML report. Returns what was written. */
  async exportResults(format?: 'csv' | 'html', dest?: vscode.Uri): Promise<string[] | undefined> {
    // Export writes files, like a run: not in an untrusted workspace.
    if (!(await this.ensureTrusted())) return undefined;
    const current = this.panel.current ?? (await this.loadLast())?.panel;
    if (!current) { void vscode.window.showInformationMessage('Run a backtest first; there are no results to export.'); return undefined; }
    const fmt = format ?? (await vscode.window.showQuickPick([
      { label: 'CSV files', description: 'equity, trades, positions, exposures, beta, metrics', value: 'csv' as const },
      { label: 'HTML report', description: 'one self-contained file that opens in any browser', value: 'html' as const },
    ], { placeHolder: 'Export the results as' }))?.value;
    if (!fmt) return undefined;
    const name = current.kind === 'run' ? panelDataName(current) ?? '' : 'compare';
    // The plain results, so the files are exactly those of an uncompact run.
    const shown = decodePanelData(current);
    const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'backtest';
    const base = vscode.workspace.workspaceFolders?.[0]?.uri;
    if (fmt === 'html') {
      const target = dest ?? await vscode.window.showSaveDialog({
        defaultUri: base ? vscode.Uri.joinPath(base, `${slug}.html`) : undefined, filters: { HTML: ['html'] }, saveLabel: 'Export Report' });
      if (!target) return undefined;
      const css = (await Promise.all(['webview.css', 'uPlot.min.css'].map((f) => this.assetText(f)))).join('\n');
      const html = renderReportHtml(shown.data, { js: await this.assetText('webview.js'), css });
      await writeFile(target.fsPath, html);
      void this.announceExport(target, `Report written to ${vscode.workspace.asRelativePath(target)}`);
      return [target.fsPath];
    }
    const folder = dest ?? (await vscode.window.showOpenDialog({
      canSelectFolders: true, canSelectFiles: false, canSelectMany: false, defaultUri: base, openLabel: 'Export CSV Here' }))?.[0];
    if (!folder) return undefined;
    const files = shown.kind === 'run' ? resultsToFiles(shown.data) : compareToFiles(shown.data);
    const written: string[] = [];
    for (const f of files) {
      const p = path.join(folder.fsPath, f.name);
      await mkdir(path.dirname(p), { recursive: true });
      await writeFile(p, f.content);
      written.push(p);
    }
    void this.announceExport(folder, `${written.length} files written to ${vscode.workspace.asRelativePath(folder)}`);
    return written;
  }

  private async announceExport(target: vscode.Uri, msg: string): Promise<void> {
    const pick = await vscode.window.showInformationMessage(msg, 'Reveal');
    if (pick) await vscode.commands.executeCommand('revealFileInOS', target);
  }

  /** A path named by a panel message, accepted only when it is a config of the results shown. */
  private shownConfig(configPath: unknown): string | undefined {
    const shown = this.panel.current;
    return typeof configPath === 'string' && shown && panelConfigPaths(shown).includes(configPath) ? configPath : undefined;
  }

  private async onPanelMessage(m: PanelToHostMessage): Promise<void> {
    switch (m.type) {
      case 'exportCsv': {
        if (typeof m.csv !== 'string' || typeof m.fileName !== 'string' || typeof m.rows !== 'number') return;
        const base = vscode.workspace.workspaceFolders?.[0]?.uri;
        const target = await vscode.window.showSaveDialog({
          defaultUri: base ? vscode.Uri.joinPath(base, m.fileName) : undefined, filters: { CSV: ['csv'] }, saveLabel: 'Export' });
        if (!target) return;
        await writeFile(target.fsPath, m.csv);
        void vscode.window.showInformationMessage(`${m.rows} rows written to ${vscode.workspace.asRelativePath(target)}`);
        return;
      }
      case 'openConfigLine': {
        const configPath = this.shownConfig(m.configPath);
        if (!configPath) return;
        const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(configPath));
        const loc = locateJsonPath(doc.getText(), typeof m.jsonPath === 'string' ? m.jsonPath : '');
        const pos = loc ? new vscode.Position(loc.line - 1, loc.column - 1) : new vscode.Position(0, 0);
        await vscode.window.showTextDocument(doc, { selection: new vscode.Range(pos, pos), viewColumn: vscode.ViewColumn.One });
        return;
      }
      case 'rerun': {
        const configPath = this.shownConfig(m.configPath);
        if (configPath) await vscode.commands.executeCommand(CommandIds.run, vscode.Uri.file(configPath));
        return;
      }
      default:
        return;
    }
  }

  // ----- new config / walkthrough -----

  private sampleRoot(): string { return vscode.Uri.joinPath(this.context.extensionUri, 'sample_data').fsPath; }

  /** Where sample data goes in the workspace: its `sample_data/` folder (reused when it has prices). */
  private async workspaceRoot(): Promise<vscode.Uri | undefined> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    if (folder) return folder;
    const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: 'Create Config Here' });
    return picked?.[0];
  }

  /** Workspace folders holding prices.csv and sector_mapping.csv (the user's own data). */
  private async ownDataFolders(): Promise<OwnData[]> {
    const found = await vscode.workspace.findFiles('**/prices.csv', '**/{node_modules,results,.git}/**', 20);
    const dirs = [...new Set(found.map((u) => path.dirname(u.fsPath)))].sort();
    return dirs.map((d) => { try { return inspectOwnData(d); } catch { return null; } }).filter((d): d is OwnData => d !== null);
  }

  async newConfig(templateId?: string, dest?: vscode.Uri): Promise<vscode.Uri | undefined> {
    const templates = listTemplates(this.sampleRoot());
    if (!templates.length) { void vscode.window.showErrorMessage('The extension ships no sample configs (sample_data/configs is missing).'); return undefined; }
    // The workspace's own data first: a config that points at it, nothing copied.
    const own = templateId && templateId !== 'own-data' ? [] : await this.ownDataFolders();
    type Pick = { label: string; description: string; detail: string; t?: (typeof templates)[number]; own?: OwnData };
    const picks: Pick[] = [
      ...own.map((o) => ({ label: `$(database) Your data: ${vscode.workspace.asRelativePath(o.dir)}`, description: 'prices.csv + sector_mapping.csv',
        detail: `Points at your files (nothing is copied): ${o.sectors.length} sectors${o.firstDate ? `, ${o.firstDate} to ${o.lastDate}` : ''}${o.input ? `, ${o.input.file} as the book` : ''}`, own: o })),
      ...templates.map((t) => ({ label: t.title, description: t.id, detail: t.description, t })),
    ];
    const chosen = templateId === 'own-data' ? picks.find((p) => p.own) : templateId ? picks.find((p) => p.t?.id === templateId)
      : await vscode.window.showQuickPick(picks, { placeHolder: own.length ? 'Start from your data, or from an example of the guide' : 'Start from which example of the guide?', matchOnDetail: true });
    if (chosen?.own) return this.newOwnDataConfig(chosen.own, dest);
    const template = chosen?.t;
    if (!template) { if (templateId) void vscode.window.showErrorMessage(templateId === 'own-data' ? 'No folder in this workspace holds both prices.csv and sector_mapping.csv.' : `No sample config named ${templateId}.`); return undefined; }
    const root = await this.workspaceRoot();
    if (!root) return undefined;
    const target = dest ?? await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.joinPath(root, `${template.id}.backtest.jsonc`), filters: { 'Backtest config': ['backtest.jsonc', 'jsonc'] }, saveLabel: 'Create Config' });
    if (!target) return undefined;
    const dataRoot = path.join(root.fsPath, 'sample_data');
    const copied = copySampleData(this.sampleRoot(), dataRoot);
    const text = rewriteTemplate(template.file, this.sampleRoot(), target.fsPath, dataRoot);
    await mkdir(path.dirname(target.fsPath), { recursive: true });
    await writeFile(target.fsPath, text);
    if (copied.length) this.output.info(`copied ${copied.length} sample data files to ${dataRoot}`);
    await vscode.window.showTextDocument(target, { preview: false });
    return target;
  }

  private async newOwnDataConfig(own: OwnData, dest?: vscode.Uri): Promise<vscode.Uri | undefined> {
    const root = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(own.dir))?.uri ?? vscode.Uri.file(own.dir);
    const target = dest ?? await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.joinPath(root, 'my-backtest.backtest.jsonc'), filters: { 'Backtest config': ['backtest.jsonc', 'jsonc'] }, saveLabel: 'Create Config' });
    if (!target) return undefined;
    await mkdir(path.dirname(target.fsPath), { recursive: true });
    await writeFile(target.fsPath, ownDataConfig(own, target.fsPath));
    await vscode.window.showTextDocument(target, { preview: false });
    return target;
  }

  /** Puts the walkthrough's config (with its seeded mistake) into the workspace and opens it. */
  async openWalkthroughExample(): Promise<vscode.Uri | undefined> {
    const root = await this.workspaceRoot();
    if (!root) return undefined;
    const dataRoot = path.join(root.fsPath, 'sample_data');
    const target = vscode.Uri.file(path.join(dataRoot, 'walkthrough', 'fix-me.backtest.jsonc'));
    copySampleData(this.sampleRoot(), dataRoot);
    try { await vscode.workspace.fs.stat(target); } catch {
      const text = rewriteTemplate(path.join(this.sampleRoot(), 'walkthrough', 'fix-me.backtest.jsonc'), this.sampleRoot(), target.fsPath, dataRoot);
      await mkdir(path.dirname(target.fsPath), { recursive: true });
      await writeFile(target.fsPath, text);
    }
    // Beside the walkthrough (it opens from there), so its steps stay in view.
    await vscode.window.showTextDocument(target, { preview: false, viewColumn: vscode.ViewColumn.Beside });
    return target;
  }

  /** `backtest.walkthroughFixed` completes the walkthrough's quick-fix step once fix-me has no errors. */
  private updateWalkthroughContext(): void {
    const doc = vscode.workspace.textDocuments.find((d) => d.fileName.endsWith(`${path.sep}fix-me.backtest.jsonc`));
    if (!doc) return;
    const errors = vscode.languages.getDiagnostics(doc.uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
    void vscode.commands.executeCommand('setContext', ContextKeys.walkthroughFixed, errors.length === 0);
  }

  // ----- data status -----

  private onDataStatus(p: DataStatusParams): void {
    this.dataFiles.set(p.path, p);
    const all = [...this.dataFiles.values()];
    const loading = all.filter((f) => f.state === 'loading').length;
    const failed = all.filter((f) => f.state === 'error');
    this.status.text = loading ? `$(sync~spin) Backtest data (${loading})` : failed.length ? `$(error) Backtest data` : '$(database) Backtest data';
    const md = new vscode.MarkdownString(all.map((f) => `- **${path.basename(f.path)}** (${f.kind}): ${f.state === 'ready' ? f.summary ?? 'ready' : f.state === 'error' ? f.message ?? 'error' : 'loading…'}`).join('\n'));
    md.appendMarkdown('\n\nClick to restart the language server.');
    this.status.tooltip = md;
    this.status.backgroundColor = failed.length ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    this.status.show();
    if (p.state === 'error') this.output.warn(`data ${p.path}: ${p.message ?? 'failed to load'}`);
  }

  private disposed: Promise<void> | undefined;

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
    this.status.dispose();
    await this.server.stop();
    this.output.dispose();
  }
}

/** The run info stored with the last results (absent in files written by earlier versions). */
function storedInfo(x: unknown, configPath: string): RunRecordInfo | undefined {
  if (typeof x !== 'object' || x === null) return undefined;
  const { configText, finishedAt } = x as { configText?: unknown; finishedAt?: unknown };
  if (typeof finishedAt !== 'string') return undefined;
  return { configPath, configText: typeof configText === 'string' ? configText : null, finishedAt };
}

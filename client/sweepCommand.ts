// Run Sweep (palette, editor title, code lens): runs `backtest sweep` (dist/cli.js, on every
// core) as a child process with cancellable progress, then shows the sweep view in a panel.
// Clicking a variant there runs it as a normal backtest, so its full results open.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { SWEEP_FILE_SUFFIX, SWEEP_LANGUAGE_ID } from '../common/protocol';
import { Settings, SETTINGS_SECTION } from '../common/settings';
import { renderSweepPanelHtml, sweepViewData } from '../report/sweepReport';

export interface SweepHost {
  extensionUri: vscode.Uri;
  output: vscode.LogOutputChannel;
  /** Runs one config as Run Backtest does (opens its results). */
  runConfig(configPath: string): Promise<unknown>;
}

/** `Sweep 3/12 variants, ETA 20s, ...` -> [3, 12]. */
export function parseSweepProgress(line: string): [number, number] | null {
  const m = /^sweep: (\d+)\/(\d+) variants/.exec(line);
  return m ? [Number(m[1]), Number(m[2])] : null;
}

export class SweepCommand {
  private panel: vscode.WebviewPanel | undefined;
  constructor(private readonly host: SweepHost) {}

  /** The open sweep panel, if any (the extension-host tests read it, as they read the results panel). */
  get webviewPanel(): vscode.WebviewPanel | undefined {
    return this.panel;
  }

  private async target(arg: unknown): Promise<vscode.Uri | undefined> {
    if (typeof arg === 'string') return arg.includes('://') ? vscode.Uri.parse(arg) : vscode.Uri.file(arg);
    if (arg instanceof vscode.Uri) return arg;
    const active = vscode.window.activeTextEditor?.document;
    if (active && (active.languageId === SWEEP_LANGUAGE_ID || active.fileName.endsWith(SWEEP_FILE_SUFFIX))) return active.uri;
    const found = await vscode.workspace.findFiles(`**/*${SWEEP_FILE_SUFFIX}`, '**/node_modules/**', 200);
    if (!found.length) {
      void vscode.window.showWarningMessage('No *.sweep.jsonc file is open or in this workspace.');
      return undefined;
    }
    if (found.length === 1) return found[0];
    const item = await vscode.window.showQuickPick(
      found.map((u) => ({ label: path.basename(u.fsPath), description: vscode.workspace.asRelativePath(u), uri: u })),
      { placeHolder: 'Which sweep?' },
    );
    return item?.uri;
  }

  private outDir(uri: vscode.Uri): string {
    const setting =
      vscode.workspace
        .getConfiguration(SETTINGS_SECTION, uri)
        .get<string>(Settings.resultsDirectory.key, Settings.resultsDirectory.default)
        .trim() || 'results';
    const folder = vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath ?? path.dirname(uri.fsPath);
    return path.join(path.resolve(folder, setting), path.basename(uri.fsPath).replace(/\.sweep\.jsonc$/, '') + '-sweep');
  }

  async run(arg?: unknown): Promise<'done' | 'cancelled' | 'error' | undefined> {
    const uri = await this.target(arg);
    if (!uri || uri.scheme !== 'file') return undefined;
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('Running a sweep reads the data files its configs name: trust this workspace first.');
      return undefined;
    }
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (doc?.isDirty) await doc.save();
    const out = this.outDir(uri);
    const cli = vscode.Uri.joinPath(this.host.extensionUri, 'dist', 'cli.js').fsPath;
    // --resume: a sweep run again (or extended) reuses every variant already in the folder.
    const args = [cli, 'sweep', uri.fsPath, '--out', out, '--resume'];
    this.host.output.info(`sweep: ${args.slice(1).join(' ')}`);
    let stderr = '';
    const code = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Sweep ${path.basename(uri.fsPath)}`, cancellable: true },
      (progress, token) =>
        new Promise<number>((resolve) => {
          const child = spawn(process.execPath, args, {
            env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', BACKTEST_PROGRESS_INTERVAL_MS: '250' },
            stdio: ['ignore', 'ignore', 'pipe'],
          });
          let last = 0;
          child.stderr.on('data', (b: Buffer) => {
            const text = b.toString();
            stderr += text;
            for (const line of text.split('\n')) {
              const p = parseSweepProgress(line);
              if (p && p[1]) {
                const f = (p[0] / p[1]) * 100;
                progress.report({ increment: f - last, message: line.replace(/^sweep: /, '') });
                last = f;
              }
            }
          });
          // Cancel like Ctrl-C: the finished variants are kept (and reused by the next run).
          token.onCancellationRequested(() => child.kill('SIGINT'));
          child.on('error', (e) => {
            stderr += String(e);
            resolve(2);
          });
          child.on('close', (c) => resolve(c ?? 2));
        }),
    );
    if (stderr.trim()) this.host.output.info(stderr.trim());
    if (code === 130) {
      void vscode.window.showInformationMessage(`Sweep cancelled; the finished variants are kept in ${out} and reused next time.`);
      return 'cancelled';
    }
    if (code !== 0) {
      const msg = stderr.split('\n').find((l) => l.startsWith('error:')) ?? `backtest sweep exited with ${code}`;
      void vscode.window.showErrorMessage(msg, 'Show Output').then((p) => {
        if (p) this.host.output.show(true);
      });
      return 'error';
    }
    this.show(out);
    return 'done';
  }

  /** The sweep view of a sweep folder, in one panel reused across sweeps. */
  show(outDir: string): void {
    const dist = vscode.Uri.joinPath(this.host.extensionUri, 'dist');
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel('backtest.sweep', 'Sweep', vscode.ViewColumn.Beside, {
        enableScripts: true,
        localResourceRoots: [dist],
      });
      this.panel.onDidDispose(() => {
        this.panel = undefined;
      });
    }
    const w = this.panel.webview;
    const data = sweepViewData(outDir);
    this.panel.title = data.title;
    w.html = renderSweepPanelHtml(data, {
      cspSource: w.cspSource,
      nonce: randomBytes(18).toString('base64url'),
      scriptUri: w.asWebviewUri(vscode.Uri.joinPath(dist, 'sweepView.js')).toString(),
      styleUri: w.asWebviewUri(vscode.Uri.joinPath(dist, 'sweepView.css')).toString(),
    });
    w.onDidReceiveMessage((m: { type?: string; id?: unknown }) => {
      if (m?.type !== 'openVariant' || typeof m.id !== 'string' || !/^[0-9a-f]{16}$/.test(m.id)) return;
      void this.openVariant(outDir, m.id);
    });
  }

  /** A variant's own config (written beside its record), run as a normal backtest. */
  private async openVariant(outDir: string, id: string): Promise<void> {
    const runDir = path.join(outDir, 'runs', id);
    const cfg = path.join(runDir, 'variant.backtest.jsonc');
    if (!existsSync(cfg)) {
      const rec = path.join(outDir, 'variants', `${id}.json`);
      if (!existsSync(rec)) return;
      const { config } = JSON.parse(
        await vscode.workspace.fs.readFile(vscode.Uri.file(rec)).then((b) => Buffer.from(b).toString('utf8')),
      ) as { config: unknown };
      mkdirSync(runDir, { recursive: true });
      writeFileSync(cfg, `// Variant ${id} of the sweep in ${outDir}\n${JSON.stringify(config, null, 2)}\n`);
    }
    await this.host.runConfig(cfg);
  }
}

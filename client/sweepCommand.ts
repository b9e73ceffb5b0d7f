// Run Sweep (palette, editor title, code lens): runs `backtest sweep` (dist/cli.js, on every
// core) as a child process with cancellable progress (a notification, and the runs' status
// bar item with its stage: "3/12 variants", "walk-forward train 5/40"), then shows the sweep
// view in a panel. Clicking a variant there runs it as a normal backtest, so its full results open.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { SWEEP_FILE_SUFFIX, SWEEP_LANGUAGE_ID } from '../common/protocol';
import { Settings, SETTINGS_SECTION } from '../common/settings';
import { renderSweepPanelHtml, sweepViewData } from '../report/sweepReport';
import type { RunController } from './runController';

export interface SweepHost {
  extensionUri: vscode.Uri;
  output: vscode.LogOutputChannel;
  /** Runs one config as Run Backtest does (opens its results). */
  runConfig(configPath: string): Promise<unknown>;
  /** The runs' status bar item and Cancel command, which a sweep joins while it runs. */
  runs: Pick<RunController, 'track' | 'isRunning'>;
}

export interface SweepProgress {
  /** Done in the current phase (the variants, then the walk-forward runs), 0..1. */
  fraction: number;
  /** For the status bar: `3/12 variants`, `walk-forward train 5/40`, `walk-forward test window 2/5`. */
  stage: string;
  /** For the notification: the line without its `sweep: ` prefix. */
  message: string;
}

/**
 * A progress line of `backtest sweep` without a terminal (cli/sweep/runVariants.ts and
 * walkForwardRun.ts): `sweep: 3/12 variants, ETA 20s, best ...` or
 * `sweep: walk-forward 5/45 runs (train 5/40)`; null for any other line.
 */
export function parseSweepProgress(line: string): SweepProgress | null {
  const message = line.replace(/^sweep: /, '');
  const v = /^sweep: (\d+)\/(\d+) variants/.exec(line);
  if (v && Number(v[2])) return { fraction: Number(v[1]) / Number(v[2]), stage: `${v[1]}/${v[2]} variants`, message };
  const w = /^sweep: walk-forward (\d+)\/(\d+) runs \(([^)]+)\)/.exec(line);
  if (w && Number(w[2])) return { fraction: Number(w[1]) / Number(w[2]), stage: `walk-forward ${w[3]}`, message };
  return null;
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
    if (this.host.runs.isRunning(uri.fsPath)) {
      void vscode.window.showInformationMessage(`A sweep of ${path.basename(uri.fsPath)} is already running.`);
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
      (progress, token) => {
        const child = spawn(process.execPath, args, {
          env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', BACKTEST_PROGRESS_INTERVAL_MS: '250' },
          stdio: ['ignore', 'ignore', 'pipe'],
        });
        const exited = new Promise<number>((resolve) => {
          child.on('error', (e) => {
            stderr += String(e);
            resolve(2);
          });
          child.on('close', (c) => resolve(c ?? 2));
        });
        // Cancel like Ctrl-C, once (a second SIGINT quits at once): the finished variants are
        // kept (and reused by the next run). From the notification, or the status bar item and
        // the Cancel command, which cancel every run and sweep.
        let cancelled = false;
        const cancel = () => {
          if (cancelled) return;
          cancelled = true;
          child.kill('SIGINT');
        };
        token.onCancellationRequested(cancel);
        const status = this.host.runs.track('sweep', uri.fsPath, { cancel, promise: exited });
        let reported = 0;
        let partial = '';
        child.stderr.on('data', (b: Buffer) => {
          const text = b.toString();
          stderr += text;
          const lines = (partial + text).split('\n');
          partial = lines.pop() ?? '';
          for (const line of lines) {
            const p = parseSweepProgress(line);
            if (!p) continue;
            // The notification's bar only moves forward (the walk-forward phase starts again at 0).
            const pct = p.fraction * 100;
            progress.report({ increment: Math.max(0, pct - reported), message: p.message });
            reported = Math.max(reported, pct);
            status(p.fraction, p.stage);
          }
        });
        return exited;
      },
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

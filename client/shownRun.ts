// Which run the results panel shows and what happened since: the config it came from
// (and that config's text when it ran), when it finished, whether the config has been
// edited since (stale) and whether a later run of it failed. The panel's header and
// banners are built from this, so it never silently shows numbers of a config that changed.
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PanelStatus, RunSource } from '../common/panelProtocol';

/** What the extension records about a finished run (also stored with the last results). */
export interface RunRecordInfo {
  configPath: string;
  /** The config's text the run used; null when it could not be read. */
  configText: string | null;
  /** ISO time the run finished. */
  finishedAt: string;
}

/** The stale / failed state of the shown run (pure: text in, banner text out). */
export function staleMessage(info: RunRecordInfo, currentText: string | null, dirty: boolean): string | null {
  if (info.configText === null || currentText === null) return null;
  if (currentText === info.configText) return null;
  return `${path.basename(info.configPath)} has ${dirty ? 'unsaved changes' : 'changed'} since this run; these numbers are for the config as it was then.`;
}

export class ShownRun implements vscode.Disposable {
  private info: RunRecordInfo | undefined;
  private runId = 0;
  private failed: string | null = null;
  private stale: string | null = null;
  private readonly disposables: vscode.Disposable[] = [];

  /** `send` posts a status to the panel when it changes. */
  constructor(private readonly send: (s: PanelStatus) => void) {
    this.disposables.push(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (this.isShown(e.document.uri.fsPath)) void this.refresh();
      }),
      vscode.workspace.onDidSaveTextDocument((d) => {
        if (this.isShown(d.uri.fsPath)) void this.refresh();
      }),
    );
  }

  /** A new run is shown: a fresh id, no banners until something changes. */
  set(info: RunRecordInfo | undefined): RunSource | undefined {
    this.info = info;
    this.runId++;
    this.failed = null;
    this.stale = null;
    if (!info) return undefined;
    void this.refresh();
    return this.source();
  }

  source(): RunSource | undefined {
    if (!this.info) return undefined;
    return { config: vscode.workspace.asRelativePath(this.info.configPath), finishedAt: this.info.finishedAt, runId: this.runId };
  }

  status(): PanelStatus {
    return { type: 'status', runId: this.runId, stale: this.stale, failed: this.failed };
  }

  isShown(configPath: string): boolean {
    return !!this.info && path.resolve(this.info.configPath) === path.resolve(configPath);
  }

  /** A later run of the shown config failed: the panel keeps the old numbers and says so. */
  runFailed(configPath: string, message: string): void {
    if (!this.isShown(configPath)) return;
    const at = new Date();
    const p = (n: number) => String(n).padStart(2, '0');
    this.failed = `The run at ${p(at.getHours())}:${p(at.getMinutes())}:${p(at.getSeconds())} failed: ${message}`;
    this.send(this.status());
  }

  /** Re-checks the config against the text the shown run used (open document first, else the file). */
  async refresh(): Promise<void> {
    const info = this.info;
    if (!info) return;
    const doc = vscode.workspace.textDocuments.find(
      (d) => d.uri.scheme === 'file' && path.resolve(d.uri.fsPath) === path.resolve(info.configPath),
    );
    const text = doc ? doc.getText() : await readFile(info.configPath, 'utf8').catch(() => null);
    if (info !== this.info) return;
    const stale = staleMessage(info, text, !!doc?.isDirty);
    if (stale !== this.stale) {
      this.stale = stale;
      this.send(this.status());
    }
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

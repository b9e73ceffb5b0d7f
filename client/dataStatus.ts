// The "Backtest data" status bar item: the state of every data file the language server
// loads (loading / ready / error, in its tooltip); clicking it restarts the server.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CommandIds } from '../common/commands';
import type { DataStatusParams } from '../common/protocol';

export class DataStatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('backtest.data', vscode.StatusBarAlignment.Right, 100);
  private readonly files = new Map<string, DataStatusParams>();

  constructor(private readonly output: vscode.LogOutputChannel) {
    this.item.name = 'Backtest data';
    this.item.command = CommandIds.restartServer;
  }

  /** A data file's new state, as the server's `backtest/dataStatus` notification says. */
  update(p: DataStatusParams): void {
    this.files.set(p.path, p);
    const all = [...this.files.values()];
    const loading = all.filter((f) => f.state === 'loading').length;
    const failed = all.filter((f) => f.state === 'error');
    this.item.text = loading
      ? `$(sync~spin) Backtest data (${loading})`
      : failed.length
        ? `$(error) Backtest data`
        : '$(database) Backtest data';
    const md = new vscode.MarkdownString(
      all
        .map(
          (f) =>
            `- **${path.basename(f.path)}** (${f.kind}): ${f.state === 'ready' ? (f.summary ?? 'ready') : f.state === 'error' ? (f.message ?? 'error') : 'loading…'}`,
        )
        .join('\n'),
    );
    md.appendMarkdown('\n\nClick to restart the language server.');
    this.item.tooltip = md;
    this.item.backgroundColor = failed.length ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    this.item.show();
    if (p.state === 'error') this.output.warn(`data ${p.path}: ${p.message ?? 'failed to load'}`);
  }

  dispose(): void {
    this.item.dispose();
  }
}

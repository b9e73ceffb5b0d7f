// Export Results: the shown (or last) results as CSV files into a folder, through the
// engine's one writer of result files (exportFiles.ts), or as one self-contained HTML report.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { renderReportHtml } from '../report/html';
import type { Cmd, Ctx } from './ctx';
import { compareToFiles, resultsToFiles } from './exportFiles';
import { decodePanelData, panelDataName } from './panelData';
import { ensureTrusted } from './workspace';

/** `backtest.exportResults` [format?, dest?]: resolves with the paths written. */
export const exportResults =
  (ctx: Ctx): Cmd =>
  (format?: 'csv' | 'html', dest?: vscode.Uri) =>
    exportShown(ctx, format, dest);

async function exportShown(ctx: Ctx, format?: 'csv' | 'html', dest?: vscode.Uri): Promise<string[] | undefined> {
  // Export writes files, like a run: not in an untrusted workspace.
  if (!(await ensureTrusted())) return undefined;
  const current = ctx.panel.current ?? (await ctx.last.load())?.panel;
  if (!current) {
    void vscode.window.showInformationMessage('Run a backtest first; there are no results to export.');
    return undefined;
  }
  const fmt =
    format ??
    (
      await vscode.window.showQuickPick(
        [
          { label: 'CSV files', description: 'equity, trades, positions, exposures, beta, metrics', value: 'csv' as const },
          { label: 'HTML report', description: 'one self-contained file that opens in any browser', value: 'html' as const },
        ],
        { placeHolder: 'Export the results as' },
      )
    )?.value;
  if (!fmt) return undefined;
  const name = current.kind === 'run' ? (panelDataName(current) ?? '') : 'compare';
  // The plain results, so the files are exactly those of an uncompact run.
  const shown = decodePanelData(current);
  const slug =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'backtest';
  const base = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (fmt === 'html') {
    const target =
      dest ??
      (await vscode.window.showSaveDialog({
        defaultUri: base ? vscode.Uri.joinPath(base, `${slug}.html`) : undefined,
        filters: { HTML: ['html'] },
        saveLabel: 'Export Report',
      }));
    if (!target) return undefined;
    const asset = (f: string) => readFile(ctx.distPath(f), 'utf8').catch(() => '');
    const css = (await Promise.all(['webview.css', 'uPlot.min.css'].map(asset))).join('\n');
    const html = renderReportHtml(shown.data, { js: await asset('webview.js'), css });
    await writeFile(target.fsPath, html);
    void announceExport(target, `Report written to ${vscode.workspace.asRelativePath(target)}`);
    return [target.fsPath];
  }
  const folder =
    dest ??
    (
      await vscode.window.showOpenDialog({
        canSelectFolders: true,
        canSelectFiles: false,
        canSelectMany: false,
        defaultUri: base,
        openLabel: 'Export CSV Here',
      })
    )?.[0];
  if (!folder) return undefined;
  const files = shown.kind === 'run' ? resultsToFiles(shown.data) : compareToFiles(shown.data);
  const written: string[] = [];
  for (const f of files) {
    const p = path.join(folder.fsPath, f.name);
    await mkdir(path.dirname(p), { recursive: true });
    await writeFile(p, f.content);
    written.push(p);
  }
  void announceExport(folder, `${written.length} files written to ${vscode.workspace.asRelativePath(folder)}`);
  return written;
}

async function announceExport(target: vscode.Uri, msg: string): Promise<void> {
  const pick = await vscode.window.showInformationMessage(msg, 'Reveal');
  if (pick) await vscode.commands.executeCommand('revealFileInOS', target);
}

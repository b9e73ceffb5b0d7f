// The Get Started walkthrough: "Open the Example" puts its config (with a seeded mistake)
// into the workspace beside the walkthrough, and the context keys that complete its steps
// when their action is done (see the `walkthroughs` contribution in package.json).
import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ContextKeys } from '../common/commands';
import type { Cmd, Ctx } from './ctx';
import { copySampleData, rewriteTemplate } from './templates';
import { workspaceRoot } from './workspace';

/** `backtest.openWalkthroughExample`: resolves with the example's file. */
export const openWalkthroughExample =
  (ctx: Ctx): Cmd =>
  () =>
    openExample(ctx);

async function openExample(ctx: Ctx): Promise<vscode.Uri | undefined> {
  const root = await workspaceRoot();
  if (!root) return undefined;
  const sampleRoot = ctx.sampleRoot();
  const dataRoot = path.join(root.fsPath, 'sample_data');
  const target = vscode.Uri.file(path.join(dataRoot, 'walkthrough', 'fix-me.backtest.jsonc'));
  copySampleData(sampleRoot, dataRoot);
  try {
    await vscode.workspace.fs.stat(target);
  } catch {
    const text = rewriteTemplate(path.join(sampleRoot, 'walkthrough', 'fix-me.backtest.jsonc'), sampleRoot, target.fsPath, dataRoot);
    await mkdir(path.dirname(target.fsPath), { recursive: true });
    await writeFile(target.fsPath, text);
  }
  // Beside the walkthrough (it opens from there), so its steps stay in view.
  await vscode.window.showTextDocument(target, { preview: false, viewColumn: vscode.ViewColumn.Beside });
  return target;
}

/** The results panel's Trades tab was shown: completes the "Read the hedge trades" step. */
export function markTradesViewed(): void {
  void vscode.commands.executeCommand('setContext', ContextKeys.walkthroughTradesViewed, true);
}

/** `backtest.walkthroughFixed` completes the walkthrough's quick-fix step once fix-me has no errors. */
export function updateWalkthroughFixed(): void {
  const doc = vscode.workspace.textDocuments.find((d) => d.fileName.endsWith(`${path.sep}fix-me.backtest.jsonc`));
  if (!doc) return;
  const errors = vscode.languages.getDiagnostics(doc.uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
  void vscode.commands.executeCommand('setContext', ContextKeys.walkthroughFixed, errors.length === 0);
}

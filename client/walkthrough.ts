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

/** The walkthrough's steps (package.json `walkthroughs`), by the context key that completes each. */
const STEP_OF_KEY: Record<string, string> = {
  [ContextKeys.walkthroughFixed]: 'fix-mistake',
  [ContextKeys.walkthroughRan]: 'run',
  [ContextKeys.walkthroughCompared]: 'compare',
  [ContextKeys.walkthroughTradesViewed]: 'hedge-trades',
};
/** `<publisher>.<name>#<walkthrough>#<step>`, as VS Code names an extension's walkthrough step. */
const stepId = (step: string): string => `sector-hedge.sector-hedge-backtester#getting-started#${step}`;

/**
 * Sets a context key that completes a walkthrough step, and marks the step complete.
 * The `onContext:` completion event alone is not enough: VS Code's walkthroughs service (created
 * when a walkthrough first opens) treats a key that is already true when it registers the step as
 * seen without ticking the step, so a fix or a run done before the walkthrough was opened never
 * ticks. `welcome.markStepComplete` records the step as done whenever it happens.
 */
export function setWalkthroughKey(key: string, value: boolean): void {
  void vscode.commands.executeCommand('setContext', key, value);
  const step = STEP_OF_KEY[key];
  // Rejects (after recording the step) when the walkthrough is not registered yet: nothing to do.
  if (value && step) void Promise.resolve(vscode.commands.executeCommand('welcome.markStepComplete', stepId(step))).catch(() => undefined);
}

/** The results panel's Trades tab was shown: completes the "Read the hedge trades" step. */
export function markTradesViewed(): void {
  setWalkthroughKey(ContextKeys.walkthroughTradesViewed, true);
}

/** Whether fix-me has shown its seeded error (so "no errors" afterwards means it was fixed). */
let fixMeHadError = false;

/**
 * `backtest.walkthroughFixed` completes the walkthrough's quick-fix step once fix-me, having shown
 * its error, has none (not before the server first validated it).
 */
export function updateWalkthroughFixed(): void {
  const doc = vscode.workspace.textDocuments.find((d) => d.fileName.endsWith(`${path.sep}fix-me.backtest.jsonc`));
  if (!doc) return;
  const errors = vscode.languages.getDiagnostics(doc.uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
  if (errors.length > 0) fixMeHadError = true;
  else if (!fixMeHadError) return;
  setWalkthroughKey(ContextKeys.walkthroughFixed, errors.length === 0);
}

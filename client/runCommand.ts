// Run Backtest and Compare Hedge Methods: resolve the config, check trust, save it, run it
// in the worker (runController.ts), then keep and show the results, or point at the
// failure, or say it was cancelled.
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ContextKeys } from '../common/commands';
import { Settings, SETTINGS_SECTION } from '../common/settings';
import type { RunKind } from '../common/workerProtocol';
import type { Cmd, Ctx } from './ctx';
import type { PanelData } from './resultsPanel';
import type { RunOutcome } from './runController';
import type { RunRecordInfo } from './shownRun';
import { setWalkthroughKey } from './walkthrough';
import { ensureTrusted, resolveConfig, resultsDir } from './workspace';

/** Runs (or compares) the config named by `arg`; resolves with the outcome, undefined when nothing ran. */
export async function runConfig(ctx: Ctx, kind: RunKind, arg: unknown): Promise<RunOutcome | undefined> {
  const uri = await resolveConfig(arg);
  if (!uri) return undefined;
  if (uri.scheme !== 'file') {
    void vscode.window.showErrorMessage(`Backtests run on files on disk; ${uri.toString()} is not one. Save it first.`);
    return undefined;
  }
  if (!(await ensureTrusted())) return undefined;
  // Run what the user sees: save a dirty config first.
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (doc?.isDirty) await doc.save();
  // The text this run uses: the panel says "stale" once the config no longer matches it.
  const configText = doc ? doc.getText() : await readFile(uri.fsPath, 'utf8').catch(() => null);
  ctx.failures.clear();
  const outcome = await ctx.runs.run(kind, uri.fsPath, kind === 'run' ? resultsDir(uri) : null);
  if (outcome.status === 'done') {
    // Kept (and sent to the panel) in the worker's compact encoding; decoded only to export.
    const data: PanelData = outcome.kind === 'run' ? { kind: 'run', data: outcome.compact } : { kind: 'compare', data: outcome.compact };
    const info: RunRecordInfo = { configPath: uri.fsPath, configText, finishedAt: new Date().toISOString() };
    ctx.last.set({ configPath: uri.fsPath, panel: data, info });
    if (
      vscode.workspace.getConfiguration(SETTINGS_SECTION).get<boolean>(Settings.openResultsPanel.key, Settings.openResultsPanel.default) ||
      ctx.panel.webviewPanel
    )
      ctx.panel.show(data, info);
    // The walkthrough's Run / Compare steps complete when one has finished, not when it was started.
    setWalkthroughKey(outcome.kind === 'run' ? ContextKeys.walkthroughRan : ContextKeys.walkthroughCompared, true);
    const warn = outcome.kind === 'run' ? outcome.compact.rest.warnings.length : 0;
    if (outcome.outDir) ctx.output.info(`results written to ${outcome.outDir}${warn ? ` (${warn} warnings)` : ''}`);
  } else if (outcome.status === 'error') {
    // The panel keeps the earlier numbers of this config, with a "last run failed" banner.
    ctx.panel.runFailed(uri.fsPath, outcome.failure.message);
    await ctx.failures.report(uri.fsPath, outcome.failure);
  } else {
    void vscode.window.showInformationMessage(`Backtest of ${path.basename(uri.fsPath)} cancelled; nothing was written.`);
  }
  return outcome;
}

/** `backtest.run` [uri?]: resolves with the RunOutcome. */
export const run =
  (ctx: Ctx): Cmd =>
  (arg?: unknown) =>
    runConfig(ctx, 'run', arg);

/** `backtest.compare` [uri?]: none / proportional / etf side by side. */
export const compare =
  (ctx: Ctx): Cmd =>
  (arg?: unknown) =>
    runConfig(ctx, 'compare', arg);

/** `backtest.cancelRun`: cancels every run; resolves with how many there were. */
export const cancelRun =
  (ctx: Ctx): Cmd =>
  () =>
    ctx.runs.cancelAll();

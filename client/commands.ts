// Every command of the extension, as rust-analyzer's `commands.ts` does it: a factory
// `(ctx) => handler` per command id of common/commands.ts, registered once at activation.
// The larger ones live in their own modules (runs, export, new config, walkthrough, sweep).
import * as vscode from 'vscode';
import { CommandIds } from '../common/commands';
import type { Cmd, CommandFactory, Ctx } from './ctx';
import { exportResults } from './exportCommand';
import { newConfig } from './newConfigCommand';
import type { PanelData } from './resultsPanel';
import { cancelRun, compare, run, runConfig } from './runCommand';
import { SweepCommand } from './sweepCommand';
import { openWalkthroughExample } from './walkthrough';

/** `backtest.showLastResults`: the last results in the panel; resolves with them. */
export const showLastResults =
  (ctx: Ctx): Cmd =>
  async (): Promise<PanelData | undefined> => {
    const last = await ctx.last.load();
    if (!last) {
      const pick = await vscode.window.showInformationMessage('No backtest has been run in this workspace yet.', 'Run Backtest');
      if (pick) await vscode.commands.executeCommand(CommandIds.run);
      return undefined;
    }
    ctx.panel.show(last.panel, last.info);
    return last.panel;
  };

/** `backtest.runSweep` [uri?]: every variant of a .sweep.jsonc; a clicked variant runs as Run Backtest. */
export const runSweep = (ctx: Ctx): Cmd => {
  const sweep = new SweepCommand({
    extensionUri: ctx.extensionUri,
    output: ctx.output,
    runConfig: (p) => runConfig(ctx, 'run', p),
    runs: ctx.runs,
  });
  ctx.sweepPanel = () => sweep.webviewPanel;
  return (arg?: unknown) => sweep.run(arg);
};

/** `backtest.restartServer`: also what clicking the data status item does. */
export const restartServer =
  (ctx: Ctx): Cmd =>
  () =>
    ctx.server.restart();

/** Command id -> factory, for every id in common/commands.ts (a missing one is a type error). */
export function createCommands(): Record<(typeof CommandIds)[keyof typeof CommandIds], CommandFactory> {
  const c = CommandIds;
  return {
    [c.run]: run,
    [c.compare]: compare,
    [c.runSweep]: runSweep,
    [c.showLastResults]: showLastResults,
    [c.newConfig]: newConfig,
    [c.exportResults]: exportResults,
    [c.cancelRun]: cancelRun,
    [c.restartServer]: restartServer,
    [c.openWalkthroughExample]: openWalkthroughExample,
  };
}

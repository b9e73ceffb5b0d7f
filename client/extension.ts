// Entry point (dist/extension.js). `activate` creates the one context object (ctx.ts),
// registers every command factory (commands.ts) and the event listeners, and starts the
// language server. VS Code disposes the context with the extension context's subscriptions.
import * as vscode from 'vscode';
import { ContextKeys } from '../common/commands';
import { SERVER_SETTING_SECTIONS } from '../common/settings';
import { createCommands } from './commands';
import { Ctx, type BacktestApi } from './ctx';
import { updateWalkthroughFixed } from './walkthrough';

export type { BacktestApi } from './ctx';

export async function activate(context: vscode.ExtensionContext): Promise<BacktestApi> {
  const ctx = new Ctx(context);
  context.subscriptions.push({ dispose: () => void ctx.dispose() });
  for (const [id, factory] of Object.entries(createCommands())) ctx.registerCommand(id, factory);
  ctx.pushDisposable(ctx.panel.registerSerializer());
  ctx.pushDisposable(ctx.server.onDataStatus((p) => ctx.dataStatus.update(p)));
  ctx.pushDisposable(vscode.languages.onDidChangeDiagnostics(() => updateWalkthroughFixed()));
  ctx.pushDisposable(vscode.workspace.onDidGrantWorkspaceTrust(() => ctx.output.info('workspace trusted: running backtests is enabled')));
  ctx.pushDisposable(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (SERVER_SETTING_SECTIONS.some((s) => e.affectsConfiguration(s))) void ctx.server.restart();
    }),
  );
  void vscode.commands.executeCommand('setContext', ContextKeys.running, false);
  try {
    await ctx.server.start();
  } catch (err) {
    // Still usable without the server (runs, panel); say why validation is missing.
    const msg = `The Backtest language server did not start: ${err instanceof Error ? err.message : String(err)}`;
    ctx.output.error(msg);
    void vscode.window.showErrorMessage(msg, 'Show Output').then((p) => {
      if (p) ctx.output.show(true);
    });
  }
  return ctx.api();
}

/** Nothing extra to do: the subscription above stops runs, the panel and the server. */
export function deactivate(): void {}

// Entry point (dist/extension.js). All state lives in one BacktestExtension object, owned
// by the extension context: VS Code disposes it with the context's subscriptions.
import type * as vscode from 'vscode';
import { BacktestExtension, type BacktestApi } from './backtestExtension';

export async function activate(context: vscode.ExtensionContext): Promise<BacktestApi> {
  const ext = new BacktestExtension(context);
  context.subscriptions.push({ dispose: () => void ext.dispose() });
  return ext.activate();
}

/** Nothing extra to do: the subscription above stops runs, the panel and the server. */
export function deactivate(): void {}

// Where a command's files are: the config it applies to (argument, active editor or a
// pick), the results folder of a config, the workspace root for new files, and the trust
// check before anything reads the data a config names or writes files.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CommandIds } from '../common/commands';
import { BACKTEST_LANGUAGE_ID, CONFIG_FILE_GLOB, CONFIG_FILE_SUFFIX } from '../common/protocol';
import { Settings, SETTINGS_SECTION } from '../common/settings';

/** Config the command applies to: an argument (lens passes a URI string, menus a Uri), the active editor, or a pick. */
export async function resolveConfig(arg: unknown): Promise<vscode.Uri | undefined> {
  if (typeof arg === 'string') return arg.includes('://') ? vscode.Uri.parse(arg) : vscode.Uri.file(arg);
  if (arg instanceof vscode.Uri) return arg;
  const active = vscode.window.activeTextEditor?.document;
  if (active && (active.languageId === BACKTEST_LANGUAGE_ID || active.fileName.endsWith(CONFIG_FILE_SUFFIX))) return active.uri;
  const found = await vscode.workspace.findFiles(CONFIG_FILE_GLOB, '**/node_modules/**', 200);
  if (!found.length) {
    const pick = await vscode.window.showWarningMessage('No *.backtest.jsonc config is open or in this workspace.', 'New Backtest Config');
    if (pick) await vscode.commands.executeCommand(CommandIds.newConfig);
    return undefined;
  }
  if (found.length === 1) return found[0];
  const item = await vscode.window.showQuickPick(
    found.map((u) => ({ label: path.basename(u.fsPath), description: vscode.workspace.asRelativePath(u), uri: u })),
    { placeHolder: 'Which backtest config?' },
  );
  return item?.uri;
}

/** Running executes the config's expressions and reads files it names: trusted workspaces only. */
export async function ensureTrusted(): Promise<boolean> {
  if (vscode.workspace.isTrusted) return true;
  const pick = await vscode.window.showWarningMessage(
    'Running a backtest reads the data files a config names and evaluates its expressions. Trust this workspace to run it (validation works without trust).',
    { modal: true },
    'Manage Workspace Trust',
  );
  if (pick) await vscode.commands.executeCommand('workbench.trust.manage');
  return vscode.workspace.isTrusted;
}

/** `<backtest.resultsDirectory>/<config name>` under the config's workspace folder; null when the setting is empty. */
export function resultsDir(config: vscode.Uri): string | null {
  const setting = vscode.workspace
    .getConfiguration(SETTINGS_SECTION, config)
    .get<string>(Settings.resultsDirectory.key, Settings.resultsDirectory.default)
    .trim();
  if (!setting) return null;
  const folder = vscode.workspace.getWorkspaceFolder(config)?.uri.fsPath ?? path.dirname(config.fsPath);
  return path.join(path.resolve(folder, setting), path.basename(config.fsPath).replace(/\.backtest\.jsonc$|\.jsonc?$/, ''));
}

/** Where new configs and sample data go: the first workspace folder, else a folder the user picks. */
export async function workspaceRoot(): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (folder) return folder;
  const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: 'Create Config Here' });
  return picked?.[0];
}

// What the results panel asks the extension to do: save a table as CSV, open the config at
// a key, re-run the shown config. The webview is not trusted: a path it names is accepted
// only when it is a config of the results shown.
import { writeFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { CommandIds } from '../common/commands';
import { locateJsonPath } from '../common/jsonLocation';
import type { PanelToHostMessage } from '../common/panelProtocol';
import type { Ctx } from './ctx';
import { panelConfigPaths } from './panelData';
import { markTradesViewed } from './walkthrough';

/** A path named by a panel message, accepted only when it is a config of the results shown. */
function shownConfig(ctx: Ctx, configPath: unknown): string | undefined {
  const shown = ctx.panel.current;
  return typeof configPath === 'string' && shown && panelConfigPaths(shown).includes(configPath) ? configPath : undefined;
}

export async function handlePanelMessage(ctx: Ctx, m: PanelToHostMessage): Promise<void> {
  switch (m.type) {
    case 'exportCsv': {
      if (typeof m.csv !== 'string' || typeof m.fileName !== 'string' || typeof m.rows !== 'number') return;
      const base = vscode.workspace.workspaceFolders?.[0]?.uri;
      const target = await vscode.window.showSaveDialog({
        defaultUri: base ? vscode.Uri.joinPath(base, m.fileName) : undefined,
        filters: { CSV: ['csv'] },
        saveLabel: 'Export',
      });
      if (!target) return;
      await writeFile(target.fsPath, m.csv);
      void vscode.window.showInformationMessage(`${m.rows} rows written to ${vscode.workspace.asRelativePath(target)}`);
      return;
    }
    case 'openConfigLine': {
      const configPath = shownConfig(ctx, m.configPath);
      if (!configPath) return;
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(configPath));
      const loc = locateJsonPath(doc.getText(), typeof m.jsonPath === 'string' ? m.jsonPath : '');
      const pos = loc ? new vscode.Position(loc.line - 1, loc.column - 1) : new vscode.Position(0, 0);
      await vscode.window.showTextDocument(doc, { selection: new vscode.Range(pos, pos), viewColumn: vscode.ViewColumn.One });
      return;
    }
    case 'tabShown':
      if (m.tab === 'trades') markTradesViewed();
      return;
    case 'rerun': {
      const configPath = shownConfig(ctx, m.configPath);
      if (configPath) await vscode.commands.executeCommand(CommandIds.run, vscode.Uri.file(configPath));
      return;
    }
    default:
      return;
  }
}

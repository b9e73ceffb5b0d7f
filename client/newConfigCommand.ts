// New Backtest Config: a config that points at the workspace's own prices.csv and
// sector_mapping.csv (nothing copied), or one of the guide's examples with the sample data
// copied into the workspace's `sample_data/`.
import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Cmd, Ctx } from './ctx';
import { inspectOwnData, ownDataConfig, type OwnData } from './ownDataTemplate';
import { copySampleData, listTemplates, rewriteTemplate } from './templates';
import { workspaceRoot } from './workspace';

/** `backtest.newConfig` [templateId? ('own-data' or an example id), dest?]: resolves with the new file. */
export const newConfig =
  (ctx: Ctx): Cmd =>
  (templateId?: string, dest?: vscode.Uri) =>
    createConfig(ctx, templateId, dest);

/** Workspace folders holding prices.csv and sector_mapping.csv (the user's own data). */
async function ownDataFolders(): Promise<OwnData[]> {
  const found = await vscode.workspace.findFiles('**/prices.csv', '**/{node_modules,results,.git}/**', 20);
  const dirs = [...new Set(found.map((u) => path.dirname(u.fsPath)))].sort();
  return dirs
    .map((d) => {
      try {
        return inspectOwnData(d);
      } catch {
        return null;
      }
    })
    .filter((d): d is OwnData => d !== null);
}

async function createConfig(ctx: Ctx, templateId?: string, dest?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const sampleRoot = ctx.sampleRoot();
  const templates = listTemplates(sampleRoot);
  if (!templates.length) {
    void vscode.window.showErrorMessage('The extension ships no sample configs (sample_data/configs is missing).');
    return undefined;
  }
  // The workspace's own data first: a config that points at it, nothing copied.
  const own = templateId && templateId !== 'own-data' ? [] : await ownDataFolders();
  type Pick = { label: string; description: string; detail: string; t?: (typeof templates)[number]; own?: OwnData };
  const picks: Pick[] = [
    ...own.map((o) => ({
      label: `$(database) Your data: ${vscode.workspace.asRelativePath(o.dir)}`,
      description: 'prices.csv + sector_mapping.csv',
      detail: `Points at your files (nothing is copied): ${o.sectors.length} sectors${o.firstDate ? `, ${o.firstDate} to ${o.lastDate}` : ''}${o.input ? `, ${o.input.file} as the book` : ''}`,
      own: o,
    })),
    ...templates.map((t) => ({ label: t.title, description: t.id, detail: t.description, t })),
  ];
  const chosen =
    templateId === 'own-data'
      ? picks.find((p) => p.own)
      : templateId
        ? picks.find((p) => p.t?.id === templateId)
        : await vscode.window.showQuickPick(picks, {
            placeHolder: own.length ? 'Start from your data, or from an example of the guide' : 'Start from which example of the guide?',
            matchOnDetail: true,
          });
  if (chosen?.own) return newOwnDataConfig(chosen.own, dest);
  const template = chosen?.t;
  if (!template) {
    if (templateId)
      void vscode.window.showErrorMessage(
        templateId === 'own-data'
          ? 'No folder in this workspace holds both prices.csv and sector_mapping.csv.'
          : `No sample config named ${templateId}.`,
      );
    return undefined;
  }
  const root = await workspaceRoot();
  if (!root) return undefined;
  const target =
    dest ??
    (await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.joinPath(root, `${template.id}.backtest.jsonc`),
      filters: { 'Backtest config': ['backtest.jsonc', 'jsonc'] },
      saveLabel: 'Create Config',
    }));
  if (!target) return undefined;
  const dataRoot = path.join(root.fsPath, 'sample_data');
  const copied = copySampleData(sampleRoot, dataRoot);
  const text = rewriteTemplate(template.file, sampleRoot, target.fsPath, dataRoot);
  await mkdir(path.dirname(target.fsPath), { recursive: true });
  await writeFile(target.fsPath, text);
  if (copied.length) ctx.output.info(`copied ${copied.length} sample data files to ${dataRoot}`);
  await vscode.window.showTextDocument(target, { preview: false });
  return target;
}

async function newOwnDataConfig(own: OwnData, dest?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const root = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(own.dir))?.uri ?? vscode.Uri.file(own.dir);
  const target =
    dest ??
    (await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.joinPath(root, 'my-backtest.backtest.jsonc'),
      filters: { 'Backtest config': ['backtest.jsonc', 'jsonc'] },
      saveLabel: 'Create Config',
    }));
  if (!target) return undefined;
  await mkdir(path.dirname(target.fsPath), { recursive: true });
  await writeFile(target.fsPath, ownDataConfig(own, target.fsPath));
  await vscode.window.showTextDocument(target, { preview: false });
  return target;
}

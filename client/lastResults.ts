// The last finished run of this workspace, kept in memory and in the workspace storage
// (`last-results.json`), so Show Last Results, Export and a panel restored after a window
// reload have the latest numbers and where they came from.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { toPanelData, type PanelData } from './panelData';
import type { RunRecordInfo } from './shownRun';

/** `info`: the config's text at run time and when it finished (header, stale banner). */
export interface StoredResults {
  configPath: string;
  panel: PanelData;
  info?: RunRecordInfo;
}

export class LastResults {
  private last: StoredResults | undefined;

  constructor(
    private readonly file: () => vscode.Uri,
    private readonly output: vscode.LogOutputChannel,
  ) {}

  /** The last results of this session (undefined until a run finished or `load` found some). */
  get current(): StoredResults | undefined {
    return this.last;
  }

  /** Keeps a finished run, in memory at once and on disk in the background. */
  set(s: StoredResults): void {
    this.last = s;
    void this.save(s);
  }

  private async save(s: StoredResults): Promise<void> {
    try {
      const f = this.file();
      await mkdir(path.dirname(f.fsPath), { recursive: true });
      await writeFile(f.fsPath, JSON.stringify(s));
    } catch (err) {
      this.output.warn(`could not keep the last results for reload: ${String(err)}`);
    }
  }

  /** The last results of this session, else those stored by an earlier one. */
  async load(): Promise<StoredResults | undefined> {
    if (this.last) return this.last;
    try {
      const stored = JSON.parse(await readFile(this.file().fsPath, 'utf8')) as { configPath?: unknown; panel?: unknown; info?: unknown };
      // Compact as stored now, or plain results stored by an earlier version.
      const panel = toPanelData(stored.panel);
      if (panel && typeof stored.configPath === 'string')
        this.last = { configPath: stored.configPath, panel, info: storedInfo(stored.info, stored.configPath) };
    } catch {
      /* nothing run yet in this workspace */
    }
    return this.last;
  }
}

/** The run info stored with the last results (absent in files written by earlier versions). */
function storedInfo(x: unknown, configPath: string): RunRecordInfo | undefined {
  if (typeof x !== 'object' || x === null) return undefined;
  const { configText, finishedAt } = x as { configText?: unknown; finishedAt?: unknown };
  if (typeof finishedAt !== 'string') return undefined;
  return { configPath, configText: typeof configText === 'string' ? configText : null, finishedAt };
}

// A status bar item for running backtests and sweeps: percentage and stage ("Compare 40% ·
// Proportional (2/3)", "Sweep 25% · 3/12 variants"), visible for the whole run even when
// the progress notification is collapsed or dismissed; clicking it cancels every run and
// sweep (the Cancel command).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CommandIds } from '../common/commands';
import type { RunKind } from '../common/workerProtocol';

/** What the item shows: a worker run or compare, or Run Sweep's `backtest sweep` process. */
export type StatusKind = RunKind | 'sweep';

const TITLES: Record<StatusKind, { short: string; long: string }> = {
  run: { short: 'Backtest', long: 'Running' },
  compare: { short: 'Compare', long: 'Comparing hedge methods' },
  sweep: { short: 'Sweep', long: 'Sweeping' },
};

interface RunProgress {
  kind: StatusKind;
  config: string;
  fraction: number;
  stage: string;
}

/** The item's text for the runs going on (pure, for tests): '' when none. */
export function runStatusText(runs: readonly RunProgress[]): string {
  if (!runs.length) return '';
  const pct = Math.round((runs.reduce((a, r) => a + r.fraction, 0) / runs.length) * 100);
  if (runs.length > 1) return `$(sync~spin) Backtest: ${runs.length} runs ${pct}%`;
  const r = runs[0];
  return `$(sync~spin) ${TITLES[r.kind].short} ${pct}%${r.stage ? ` · ${r.stage}` : ''}`;
}

export class RunStatusBar implements vscode.Disposable {
  readonly item = vscode.window.createStatusBarItem('backtest.runStatus', vscode.StatusBarAlignment.Left, 10);
  private readonly runs = new Map<string, RunProgress>();
  private readonly changed = new vscode.EventEmitter<string>();
  /** Fires with the item's text after every change ('' once no run is left). */
  readonly onDidChange = this.changed.event;

  constructor() {
    this.item.name = 'Backtest progress';
    this.item.command = { command: CommandIds.cancelRun, title: 'Cancel Running Backtest' };
  }

  start(kind: StatusKind, configPath: string): void {
    this.runs.set(configPath, { kind, config: path.basename(configPath), fraction: 0, stage: 'starting' });
    this.render();
  }

  update(configPath: string, fraction: number, stage: string): void {
    const r = this.runs.get(configPath);
    if (!r) return;
    r.fraction = fraction;
    r.stage = stage;
    this.render();
  }

  end(configPath: string): void {
    this.runs.delete(configPath);
    this.render();
  }

  private render(): void {
    const runs = [...this.runs.values()];
    if (!runs.length) {
      this.item.hide();
      this.item.text = '';
      this.changed.fire('');
      return;
    }
    this.item.text = runStatusText(runs);
    const lines = runs.map((r) => `${TITLES[r.kind].long} ${r.config}: ${Math.round(r.fraction * 100)}%${r.stage ? ` (${r.stage})` : ''}`);
    this.item.tooltip = `${lines.join('\n')}\nClick to cancel.`;
    this.item.accessibilityInformation = { label: `${lines.join('. ')}. Activate to cancel.`, role: 'button' };
    this.item.show();
    this.changed.fire(this.item.text);
  }

  dispose(): void {
    this.item.dispose();
    this.changed.dispose();
  }
}

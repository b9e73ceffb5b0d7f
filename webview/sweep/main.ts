// Entry of the sweep view bundle (dist/sweepView.js): the VS Code panel and the static
// `backtest sweep --html` report. The data is JSON in <script type="application/json">.
import 'uplot/dist/uPlot.min.css';
import './sweep.css';
import { renderSweep, type ViewHost } from './view';
import type { SweepViewData } from './data';

declare function acquireVsCodeApi(): { postMessage(m: unknown): void };

function start(): void {
  const root = document.getElementById('app')!;
  const el = document.getElementById('sweep-data');
  let data: SweepViewData;
  try {
    data = JSON.parse(el?.textContent ?? '') as SweepViewData;
    if (data.format !== 'sweep-view/1') throw new Error('not a sweep view');
  } catch {
    root.textContent = 'This sweep report has no readable data.';
    return;
  }
  const host: ViewHost = {};
  if (typeof acquireVsCodeApi === 'function') {
    const vscode = acquireVsCodeApi();
    host.openVariant = (id) => vscode.postMessage({ type: 'openVariant', id });
  }
  renderSweep(root, data, host);
}

start();

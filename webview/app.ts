// The panel: header, tabs and the views for one run (or a comparison of runs). Views are
// built the first time their tab is shown; UI state is saved on every change.
import type { CompareJson, ResultsJson } from '../engine/types';
import type { LineChart } from './charts';
import { clear, h } from './dom';
import { fmtInt } from './format';
import type { Host } from './host';
import { wrapTabHeaders } from './controls';
import { DEFAULT_UI_STATE, type TabId, type UiState } from './messages';
import { checkCompare, checkResults, isCompare } from './validate';
import { displaySafe, makeStringsDisplaySafe } from '../engine/text/safeText';
import { compareView } from './views/compare';
import type { View, ViewContext } from './views/context';
import { exposuresView } from './views/exposures';
import { overviewView } from './views/overview';
import { positionsView } from './views/positions';
import { tradesView } from './views/trades';
import { warningsView } from './views/warnings';

const TAB_LABELS: Record<TabId, string> = {
  compare: 'Compare', overview: 'Overview', exposures: 'Exposures', trades: 'Hedge trades', positions: 'Positions', warnings: 'Warnings',
};

export function mergeUi(saved: Partial<UiState> | undefined): UiState {
  const base = structuredClone(DEFAULT_UI_STATE);
  if (!saved || typeof saved !== 'object') return base;
  return { ...base, ...saved, filters: { ...base.filters, ...(saved.filters ?? {}) }, sort: { ...base.sort, ...(saved.sort ?? {}) } };
}

export class App {
  private charts = new Set<LineChart>();
  private data: ResultsJson | CompareJson | null = null;

  constructor(private readonly root: HTMLElement, private readonly host: Host, readonly ui: UiState) {}

  save(): void { this.host.setState({ ui: this.ui }); }

  showWaiting(): void {
    this.reset();
    this.root.appendChild(h('div', { className: 'placeholder' },
      h('h1', { text: 'Backtest results' }),
      h('p', { text: 'No results yet. Open a .backtest.jsonc config and run “Backtest: Run Backtest”.' })));
  }

  showError(message: string): void {
    this.reset();
    this.root.appendChild(h('div', { className: 'placeholder error', role: 'alert' },
      h('h1', { text: 'Cannot show these results' }), h('p', { text: displaySafe(message) })));
  }

  /** Shows a run or a comparison; malformed data is reported, never thrown. */
  show(data: unknown, kind?: 'results' | 'compare', restore = false): void {
    // Tickers, sectors and warnings are data: a U+202E or an ESC in them is shown as an escape, never applied.
    makeStringsDisplaySafe(data);
    const asCompare = kind === 'compare' || (kind === undefined && typeof data === 'object' && data !== null && Array.isArray((data as CompareJson).runs));
    const problem = asCompare ? checkCompare(data) : checkResults(data);
    if (problem) { this.showError(problem); return; }
    this.data = data as ResultsJson | CompareJson;
    // A new comparison opens on its own tab; a restored panel keeps the saved tab.
    if (asCompare && !restore) { this.ui.tab = 'compare'; this.ui.run = 0; }
    this.render();
  }

  /** Re-colours every chart from the current theme variables. */
  recolor(): void { for (const c of this.charts) c.rebuild(); }

  private reset(): void {
    for (const c of this.charts) c.destroy();
    this.charts.clear();
    clear(this.root);
  }

  private render(): void {
    this.reset();
    const all = this.data!;
    const cmp = isCompare(all) ? all : null;
    if (cmp && (this.ui.run < 0 || this.ui.run >= cmp.runs.length)) this.ui.run = 0;
    const run = cmp ? cmp.runs[this.ui.run].results : (all as ResultsJson);
    const tabs: TabId[] = cmp ? ['compare', 'overview', 'exposures', 'trades', 'positions', 'warnings'] : ['overview', 'exposures', 'trades', 'positions', 'warnings'];
    if (!tabs.includes(this.ui.tab)) this.ui.tab = tabs[0];

    const ctx: ViewContext = {
      data: run, ui: this.ui, host: this.host,
      save: () => this.save(),
      goto: (tab, patch) => { Object.assign(this.ui, patch ?? {}); this.select(tabs.indexOf(tab)); },
      chart: (c) => { this.charts.add(c); return c; },
    };
    const builders: Record<TabId, () => View> = {
      compare: () => ({ root: compareView(cmp!, ctx.chart, (i) => { this.ui.run = i; this.ui.tab = 'overview'; this.save(); this.render(); }) }),
      overview: () => overviewView(ctx),
      exposures: () => exposuresView(ctx),
      trades: () => tradesView(ctx),
      positions: () => positionsView(ctx),
      warnings: () => warningsView(ctx),
    };

    this.root.appendChild(this.header(run, cmp));
    const tabsEl = document.createElement('vscode-tabs') as HTMLElement & { selectedIndex: number };
    tabsEl.id = 'tabs';
    const panels: HTMLElement[] = [];
    const views = new Map<TabId, View>();
    tabs.forEach((id) => {
      const label = id === 'warnings' && run.warnings.length ? `${TAB_LABELS[id]} (${run.warnings.length})`
        : id === 'trades' ? `${TAB_LABELS[id]} (${fmtInt(run.metrics.hedgeTradeCount ?? 0)})` : TAB_LABELS[id];
      const header = document.createElement('vscode-tab-header');
      header.setAttribute('slot', 'header');
      header.dataset.tab = id;
      header.textContent = label;
      header.title = label;
      const panel = document.createElement('vscode-tab-panel');
      panel.dataset.tab = id;
      panels.push(panel);
      tabsEl.append(header, panel);
    });
    const activate = (i: number) => {
      const id = tabs[i];
      if (!id) return;
      if (this.ui.tab !== id) { this.ui.tab = id; this.save(); }
      let v = views.get(id);
      if (!v) { v = builders[id](); views.set(id, v); panels[i].appendChild(v.root); }
      v.shown?.();
    };
    this.select = (i: number) => { tabsEl.selectedIndex = i; activate(i); };
    tabsEl.addEventListener('vsc-tabs-select', (ev) => activate((ev as CustomEvent<{ selectedIndex: number }>).detail.selectedIndex));
    this.root.appendChild(tabsEl);
    wrapTabHeaders(tabsEl);
    const start = tabs.indexOf(this.ui.tab);
    tabsEl.selectedIndex = start;
    activate(start);
    this.save();
  }

  private select: (i: number) => void = () => {};

  private header(run: ResultsJson, cmp: CompareJson | null): HTMLElement {
    const m = run.meta;
    const method = m.hedgeMethod === 'none' ? 'no sector hedge' : `${m.hedgeMethod} sector hedge`;
    const parts = [`${m.startDate} – ${m.endDate}`, method, m.betaHedge ? `beta hedge with ${m.betaInstrument}` : 'no beta hedge',
      `initial cash ${m.initialCash.toLocaleString('en-US')}`, `engine ${m.engineVersion}`];
    const title = h('h1', { id: 'run-title', text: cmp ? `Compare: ${cmp.runs.map((r) => r.label).join(' vs ')}` : m.name });
    const children: (HTMLElement | null)[] = [title, h('p', { className: 'meta muted', id: 'run-meta', text: cmp ? `Details below for: ${cmp.runs[this.ui.run].label} (${m.name}) · ${parts.join(' · ')}` : parts.join(' · ') })];
    if (this.host.kind === 'vscode' && m.configPath) {
      const cfg = m.configPath;
      children.push(h('div', { className: 'header-actions' },
        h('button', { type: 'button', className: 'link', text: 'Open config', onclick: () => this.host.post({ type: 'openConfigLine', configPath: cfg, jsonPath: '' }) }),
        h('button', { type: 'button', className: 'link', text: 'Run again', onclick: () => this.host.post({ type: 'rerun', configPath: cfg }) })));
    }
    return h('header', { className: 'run-header' }, ...children);
  }
}

// The panel: header, tabs and the views for one run (or a comparison of runs). Views are
// built the first time their tab is shown; UI state is saved on every change.
import type { CompareJson, ResultsJson } from '../engine/types';
import type { LineChart } from './charts';
import { clear, h } from './dom';
import { fmtInt } from '../common/format';
import type { Host } from './host';
import { wrapTabHeaders } from './controls';
import { DEFAULT_UI_STATE, type PanelStatus, type RunSource, type TabId, type UiState } from '../common/panelProtocol';
import { checkCompare, checkResults, isCompare } from './validate';
import { displaySafe } from '../engine/text/safeText';
import { compareView, configuredRun } from './views/compare';
import type { View, ViewContext } from './views/context';
import { exposuresView } from './views/exposures';
import { overviewView } from './views/overview';
import { positionsView } from './views/positions';
import { returnsView } from './views/returns';
import { attributionView } from './views/attribution';
import { bookView } from './views/book';
import { tradesView } from './views/trades';
import { warningsView } from './views/warnings';
import { compareBanners, invalidBanner } from './views/invalidMetrics';

const TAB_LABELS: Record<TabId, string> = {
  compare: 'Compare',
  overview: 'Overview',
  returns: 'Returns',
  attribution: 'Attribution',
  exposures: 'Exposures',
  book: 'Book',
  trades: 'Hedge trades',
  positions: 'Positions',
  warnings: 'Warnings',
};

export function mergeUi(saved: Partial<UiState> | undefined): UiState {
  const base = structuredClone(DEFAULT_UI_STATE);
  if (!saved || typeof saved !== 'object') return base;
  return { ...base, ...saved, filters: { ...base.filters, ...(saved.filters ?? {}) }, sort: { ...base.sort, ...(saved.sort ?? {}) } };
}

export class App {
  private charts = new Set<LineChart>();
  private data: ResultsJson | CompareJson | null = null;
  private source: RunSource | undefined;
  private status: PanelStatus | undefined;
  private banners: HTMLElement | null = null;

  constructor(
    private readonly root: HTMLElement,
    private readonly host: Host,
    readonly ui: UiState,
  ) {}

  save(): void {
    this.host.setState({ ui: this.ui });
  }

  showWaiting(): void {
    this.reset();
    this.root.appendChild(
      h(
        'div',
        { className: 'placeholder' },
        h('h1', { text: 'Backtest results' }),
        h('p', { text: 'No results yet. Open a .backtest.jsonc config and run “Backtest: Run Backtest”.' }),
      ),
    );
  }

  /** Shown at once while a (possibly large) run is decoded and its Overview built. */
  showLoading(text: string): void {
    this.reset();
    this.root.appendChild(
      h(
        'div',
        { className: 'placeholder loading', id: 'loading', role: 'status' },
        h('div', { className: 'spinner', 'aria-hidden': 'true' }),
        h('p', { text }),
      ),
    );
  }

  /** Stale-config / last-run-failed banners for the shown run (ignored for another run). */
  setStatus(s: PanelStatus): void {
    this.status = s;
    this.renderBanners();
  }

  private renderBanners(): void {
    if (!this.banners) return;
    clear(this.banners);
    const s = this.status;
    if (!s || !this.source || s.runId !== this.source.runId) return;
    const cfg = this.data && !isCompare(this.data) ? this.data.meta.configPath : null;
    const rerun =
      cfg && this.host.kind === 'vscode'
        ? h('button', {
            type: 'button',
            className: 'link',
            text: 'Run again',
            onclick: () => this.host.post({ type: 'rerun', configPath: cfg }),
          })
        : null;
    if (s.failed)
      this.banners.appendChild(
        h(
          'div',
          { className: 'banner failed', id: 'banner-failed', role: 'alert' },
          h('strong', { text: 'The last run failed; these are the results of an earlier run. ' }),
          h('span', { text: s.failed }),
          ' ',
          rerun,
        ),
      );
    if (s.stale)
      this.banners.appendChild(
        h(
          'div',
          { className: 'banner stale', id: 'banner-stale', role: 'status' },
          h('strong', { text: 'Stale: ' }),
          h('span', { text: s.stale }),
          ' ',
          s.failed ? null : rerun,
        ),
      );
  }

  showError(message: string): void {
    this.reset();
    this.root.appendChild(
      h(
        'div',
        { className: 'placeholder error', role: 'alert' },
        h('h1', { text: 'Cannot show these results' }),
        h('p', { text: displaySafe(message) }),
      ),
    );
  }

  /** Shows a run or a comparison; malformed data is reported, never thrown. */
  show(data: unknown, kind?: 'results' | 'compare', restore = false, source?: RunSource): void {
    const asCompare =
      kind === 'compare' || (kind === undefined && typeof data === 'object' && data !== null && Array.isArray((data as CompareJson).runs));
    const problem = asCompare ? checkCompare(data) : checkResults(data);
    if (problem) {
      this.showError(problem);
      return;
    }
    this.data = data as ResultsJson | CompareJson;
    this.source = source;
    // A new comparison opens on its own tab; a restored panel keeps the saved tab.
    // Its details open on the run using the config's own method (not on "No hedge").
    if (asCompare && !restore) {
      this.ui.tab = 'compare';
      this.ui.run = Math.max(0, configuredRun(data as CompareJson));
    }
    this.render();
  }

  /** Re-colours every chart from the current theme variables. */
  recolor(): void {
    for (const c of this.charts) c.rebuild();
  }

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
    const tabs: TabId[] = [
      ...(cmp ? ['compare' as const] : []),
      'overview',
      'returns',
      'attribution',
      'exposures',
      'book',
      'trades',
      'positions',
      'warnings',
    ];
    if (!tabs.includes(this.ui.tab)) this.ui.tab = tabs[0];

    const ctx: ViewContext = {
      data: run,
      ui: this.ui,
      host: this.host,
      save: () => this.save(),
      goto: (tab, patch) => {
        Object.assign(this.ui, patch ?? {});
        this.select(tabs.indexOf(tab));
      },
      chart: (c) => {
        this.charts.add(c);
        return c;
      },
    };
    const builders: Record<TabId, () => View> = {
      compare: () =>
        compareView(cmp!, ctx.chart, (i) => {
          this.ui.run = i;
          this.ui.tab = 'overview';
          this.save();
          this.render();
        }),
      returns: () => returnsView(ctx),
      attribution: () => attributionView(ctx),
      book: () => bookView(ctx),
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
      const label =
        id === 'warnings' && run.warnings.length
          ? `${TAB_LABELS[id]} (${run.warnings.length})`
          : id === 'trades'
            ? `${TAB_LABELS[id]} (${fmtInt(run.metrics.hedgeTradeCount ?? 0)})`
            : TAB_LABELS[id];
      const header = document.createElement('vscode-tab-header');
      header.setAttribute('slot', 'header');
      header.dataset.tab = id;
      header.textContent = displaySafe(label);
      header.title = displaySafe(label);
      const panel = document.createElement('vscode-tab-panel');
      panel.dataset.tab = id;
      panels.push(panel);
      tabsEl.append(header, panel);
    });
    const activate = (i: number) => {
      const id = tabs[i];
      if (!id) return;
      if (this.ui.tab !== id) {
        this.ui.tab = id;
        this.save();
      }
      let v = views.get(id);
      try {
        if (!v) {
          v = builders[id]();
          views.set(id, v);
          // A bankrupt run's every tab opens with the same alert (views/invalidMetrics.ts).
          const alerts = id === 'compare' ? compareBanners(cmp!) : [invalidBanner(run.metrics)].filter((b) => b !== null);
          panels[i].append(...alerts, v.root);
        }
        v.shown?.();
        this.host.post({ type: 'tabShown', tab: id });
      } catch (e) {
        // E.g. a lazily decoded part that turns out malformed: say so in the tab, never go blank.
        panels[i].replaceChildren(
          h(
            'div',
            { className: 'placeholder error', role: 'alert' },
            h('h1', { text: 'Cannot show this tab' }),
            h('p', { text: `The results could not be read (${(e as Error).message}).` }),
          ),
        );
      }
    };
    this.select = (i: number) => {
      tabsEl.selectedIndex = i;
      activate(i);
    };
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
    const parts = [
      `${m.startDate} – ${m.endDate}`,
      method,
      m.betaHedge ? `beta hedge with ${m.betaInstrument}` : 'no beta hedge',
      `initial cash ${m.initialCash.toLocaleString('en-US')}`,
      `engine ${m.engineVersion}`,
    ];
    const title = h('h1', { id: 'run-title', text: cmp ? `Compare: ${cmp.runs.map((r) => r.label).join(' vs ')}` : m.name });
    const children: (HTMLElement | null)[] = [
      title,
      h('p', {
        className: 'meta muted',
        id: 'run-meta',
        text: cmp ? `Details below for: ${cmp.runs[this.ui.run].label} (${m.name}) · ${parts.join(' · ')}` : parts.join(' · '),
      }),
    ];
    // Which run this is: its config and when it finished (the host's record, else the results' own).
    const src = this.source;
    const at = src?.finishedAt ?? m.generatedAt;
    children.push(
      h(
        'p',
        { className: 'meta muted small', id: 'run-source' },
        `Config: ${src?.config ?? m.configPath ?? m.name}`,
        ' · ',
        `${cmp ? 'compared' : 'run'} ${formatTime(at)}`,
      ),
    );
    if (this.host.kind === 'vscode' && m.configPath) {
      const cfg = m.configPath;
      children.push(
        h(
          'div',
          { className: 'header-actions' },
          h('button', {
            type: 'button',
            className: 'link',
            text: 'Open config',
            onclick: () => this.host.post({ type: 'openConfigLine', configPath: cfg, jsonPath: '' }),
          }),
          h('button', {
            type: 'button',
            className: 'link',
            text: 'Run again',
            onclick: () => this.host.post({ type: 'rerun', configPath: cfg }),
          }),
        ),
      );
    }
    this.banners = h('div', { className: 'banners', id: 'banners' });
    children.push(this.banners);
    queueMicrotask(() => this.renderBanners());
    return h('header', { className: 'run-header' }, ...children);
  }
}

/** "2026-12-01 19:54:53" in local time, with the ISO time as a fallback. */
function formatTime(iso: string | undefined): string {
  if (!iso) return 'at an unknown time';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `at ${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

// Message protocol between the results panel (webview) and the extension host.
// Types only, so the client can import them without pulling in any DOM code.
import type { CompareJson, ResultsJson } from '../engine/types';
import type { CompactCompare, CompactResults } from './compact';

/** Which run the panel shows, as the host knows it (shown in the header). */
export interface RunSource {
  /** Config file (as shown to the user, e.g. workspace-relative). */
  config: string;
  /** ISO time the run finished. */
  finishedAt: string;
  /** The host's id of this run; `status` messages name it. */
  runId: number;
}

/**
 * What changed since the shown run: its config was edited (stale), or a later run of it
 * failed. Both null: the panel shows the latest results of the config as saved.
 */
export interface PanelStatus {
  type: 'status';
  runId: number;
  stale: string | null;
  failed: string | null;
}

/** Host -> panel. */
export type HostToPanelMessage =
  /** Show one run (replaces whatever is shown). */
  | { type: 'results'; data: ResultsJson; source?: RunSource }
  /**
   * The same, in ./compact.ts's encoding (what the extension sends): columns instead of one
   * object per trade / holding, so the message is a fraction of the size to clone and post.
   */
  | { type: 'results'; encoding: 'compact'; data: CompactResults; source?: RunSource }
  /** Show several runs side by side (opens on the Compare tab). */
  | { type: 'compare'; data: CompareJson; source?: RunSource }
  | { type: 'compare'; encoding: 'compact'; data: CompactCompare; source?: RunSource }
  /** Banners about the shown run (stale config, last run failed). */
  | PanelStatus
  /** Show an error instead of results, e.g. a failed run. */
  | { type: 'error'; message: string };

/** What an exported CSV contains. */
export type CsvKind = 'hedgeTrades' | 'allTrades' | 'positions';

/** Panel -> host. */
export type PanelToHostMessage =
  /** Sent once the panel has booted and can receive 'results' / 'compare'. */
  | { type: 'ready' }
  /**
   * Save a CSV the panel built from what the user sees (current filters and sort).
   * The host shows a save dialog defaulting to `fileName`.
   */
  | { type: 'exportCsv'; kind: CsvKind; fileName: string; csv: string; rows: number }
  /**
   * Reveal a key of the run's config in the editor. `jsonPath` is dotted, e.g.
   * `sector_target_exposures.Healthcare` or `sector_etf_mapping`.
   */
  | { type: 'openConfigLine'; configPath: string; jsonPath: string }
  /** Ask the host to run the same config again. */
  | { type: 'rerun'; configPath: string }
  /**
   * The user is looking at a tab of the shown results (sent whenever one is shown, also the
   * first one after results arrive); the host completes the walkthrough's "Read the hedge
   * trades" step on `trades`.
   */
  | { type: 'tabShown'; tab: TabId };

export type TabId = 'overview' | 'returns' | 'attribution' | 'exposures' | 'book' | 'trades' | 'positions' | 'warnings' | 'compare';

export type TradeColumn =
  'date' | 'ticker' | 'sector' | 'reason' | 'quantity' | 'position' | 'price' | 'notional' | 'commission' | 'slippage';

/** UI state kept across hide/show through the webview's getState/setState. */
export interface UiState {
  tab: TabId;
  /** Sector shown on the exposure chart. */
  sector: string | null;
  filters: { ticker: string; sector: string; reason: string };
  /** false: hedge trades only (sector_hedge, beta_hedge); true: every trade. */
  allTrades: boolean;
  sort: { key: TradeColumn; dir: 1 | -1 };
  /** Date shown on the Positions tab. */
  date: string | null;
  /** Index of the run shown in the detail tabs when comparing. */
  run: number;
}

/** The object stored with setState (and handed to a WebviewPanelSerializer on reload). */
export interface PersistedState {
  ui: UiState;
}

/** Results as the panel accepts them: plain, or compact-encoded (decoded by the bundle). */
export type PanelResultsData = ResultsJson | CompareJson | CompactResults | CompactCompare;

/**
 * `renderPanelHtml`'s `initialState`: results to show immediately and/or UI state to restore.
 * A bare ResultsJson or CompareJson is accepted too.
 */
export type PanelInitialState =
  | ResultsJson
  | CompareJson
  /** `pending`: the host sends the results after 'ready' (show the loading state, not "no results"). */
  | { data?: PanelResultsData; ui?: Partial<UiState>; pending?: boolean };

export const DEFAULT_UI_STATE: UiState = {
  tab: 'overview',
  sector: null,
  filters: { ticker: '', sector: '', reason: '' },
  allTrades: false,
  sort: { key: 'date', dir: 1 },
  date: null,
  run: 0,
};

// What every view gets: the run it shows, the shared UI state and the host.
import type { ResultsJson } from '../../engine/types';
import type { LineChart } from '../charts';
import type { Host } from '../host';
import type { TabId, UiState } from '../../common/panelProtocol';

export interface ViewContext {
  data: ResultsJson;
  ui: UiState;
  host: Host;
  /** Persist `ui` (getState/setState). */
  save(): void;
  /** Switch tab, optionally changing state first (e.g. the date for Positions). */
  goto(tab: TabId, patch?: Partial<UiState>): void;
  /** Registers a chart so theme changes re-colour it. */
  chart(c: LineChart): LineChart;
}

export interface View {
  root: HTMLElement;
  /** Called when the view's tab becomes visible (e.g. to pick up state changed elsewhere). */
  shown?(): void;
}

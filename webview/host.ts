// The panel's link to its host: the VS Code webview API when present, otherwise the
// static report (state in memory, CSV exported through a download link).
import type { CsvKind, PanelToHostMessage, PersistedState } from '../common/panelProtocol';

interface VsCodeApi {
  postMessage(msg: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export interface Host {
  readonly kind: 'vscode' | 'report';
  getState(): PersistedState | undefined;
  setState(s: PersistedState): void;
  post(msg: PanelToHostMessage): void;
  exportCsv(kind: CsvKind, fileName: string, csv: string, rows: number): void;
}

export function connectHost(): Host {
  const api: VsCodeApi | null = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : null;
  if (api) {
    return {
      kind: 'vscode',
      getState: () => (api.getState() as PersistedState | undefined) ?? undefined,
      setState: (s) => api.setState(s),
      post: (m) => api.postMessage(m),
      exportCsv: (kind, fileName, csv, rows) =>
        api.postMessage({ type: 'exportCsv', kind, fileName, csv, rows } satisfies PanelToHostMessage),
    };
  }
  let state: PersistedState | undefined;
  return {
    kind: 'report',
    getState: () => state,
    setState: (s) => {
      state = s;
    },
    post: () => {
      /* no host behind a static report */
    },
    exportCsv: (_kind, fileName, csv) => {
      const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = fileName;
      a.className = 'hidden-download';
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
  };
}

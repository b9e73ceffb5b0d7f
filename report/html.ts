// Node-side HTML for the results panel (VS Code webview) and the self-contained static
// report, on the one page skeleton of report/page.ts (CSP, nonce, embedded JSON, inlining).
import { selfContainedPage, webviewPage } from './page';
import type { CompareJson, ResultsJson } from '../engine/types';
import { COMPACT_FORMAT, encodeReportData, type CompactResults } from '../common/compact';
import type { PanelInitialState, PanelResultsData } from '../common/panelProtocol';

export interface PanelHtmlOptions {
  /** `webview.cspSource`. */
  cspSource: string;
  /** Fresh random nonce per render. */
  nonce: string;
  /** `webview.asWebviewUri(dist/webview.js)`. */
  scriptUri: string;
  /** `webview.asWebviewUri(dist/webview.css)` (and any other stylesheet). */
  styleUris: string[];
  initialState?: PanelInitialState;
}

function titleOf(data: PanelResultsData | undefined): string {
  if (!data) return 'Backtest results';
  if ('runs' in data) return `Compare: ${data.runs.map((r) => r.label).join(' vs ')}`;
  // A compact encoding keeps meta under `rest`.
  const meta = 'format' in data && data.format === COMPACT_FORMAT ? (data as CompactResults).rest.meta : (data as ResultsJson).meta;
  return `Backtest: ${meta.name}`;
}

function dataOf(s: PanelInitialState | undefined): PanelResultsData | undefined {
  if (!s) return undefined;
  if ('schemaVersion' in s) return s;
  return s.data;
}

/** The VS Code webview's HTML: strict CSP with a nonce, bundle and CSS loaded from the extension. */
export function renderPanelHtml(opts: PanelHtmlOptions): string {
  return webviewPage({
    who: 'renderPanelHtml',
    title: titleOf(dataOf(opts.initialState)),
    cspSource: opts.cspSource,
    nonce: opts.nonce,
    scriptUri: opts.scriptUri,
    styleUris: opts.styleUris,
    styleNonce: true,
    images: true,
    main: {
      attrs: 'aria-live="polite"',
      content: '<div class="placeholder loading" id="loading" role="status"><p>Loading results…</p></div>',
    },
    ...(opts.initialState === undefined ? {} : { data: { id: 'initial-state', value: opts.initialState } }),
  });
}

/**
 * One self-contained HTML file (`backtest run --html`): the bundle and its CSS inlined,
 * the results embedded as JSON (report/page.ts). The results are embedded in the compact
 * encoding of common/compact.ts (about a quarter of the plain JSON) and decoded by the bundle.
 */
export function renderReportHtml(data: ResultsJson | CompareJson, assets: { js: string; css: string }): string {
  return selfContainedPage({ title: titleOf(data), data: { id: 'results-data', value: encodeReportData(data) }, assets });
}

export { escapeHtml, jsonForScript } from './page';

// Node-side HTML for the results panel (VS Code webview) and the self-contained static
// report. No DOM here: the bundle (webview/main.ts) builds everything at runtime from the
// JSON embedded in <script type="application/json">, so no data string is ever parsed as HTML.
import { randomBytes } from 'node:crypto';
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

/** Escapes text for HTML text and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Escapes a double-quoted attribute value (keeps single quotes readable in a CSP). */
function escapeAttr(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

/**
 * JSON safe to place inside <script type="application/json">: `<` is escaped so no
 * `</script>` or `<!--` in a data string can end the element; U+2028/9 for old parsers.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Inline JS must not contain `</script` (case-insensitive) or it would end the element early. */
function inlineScript(js: string): string {
  return js.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

function inlineStyle(css: string): string {
  return css.replace(/<\/(style)/gi, '<\\/$1');
}

function assertNonce(nonce: string): void {
  if (!/^[A-Za-z0-9+/=_-]{8,}$/.test(nonce)) throw new Error(`renderPanelHtml: nonce must be 8+ base64/alphanumeric characters, got ${JSON.stringify(nonce)}`);
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
  assertNonce(opts.nonce);
  const n = escapeHtml(opts.nonce);
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${opts.nonce}'`,
    `style-src ${opts.cspSource} 'nonce-${opts.nonce}'`,
    `font-src ${opts.cspSource}`,
    `img-src ${opts.cspSource} data:`,
  ].join('; ');
  const styles = opts.styleUris.map((u) => `<link rel="stylesheet" href="${escapeHtml(u)}">`).join('\n  ');
  const state = opts.initialState === undefined ? '' :
    `<script type="application/json" id="initial-state" nonce="${n}">${jsonForScript(opts.initialState)}</script>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta http-equiv="Content-Security-Policy" content="${escapeAttr(csp)}">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(titleOf(dataOf(opts.initialState)))}</title>
  ${styles}
</head>
<body data-host="vscode">
  <main id="app" aria-live="polite"><div class="placeholder loading" id="loading" role="status"><p>Loading results…</p></div></main>
  ${state}
  <script nonce="${n}" src="${escapeHtml(opts.scriptUri)}"></script>
</body>
</html>
`;
}

/**
 * One self-contained HTML file (`backtest run --html`): the bundle and its CSS inlined,
 * the results embedded as JSON, light/dark colours from prefers-color-scheme, and the
 * same strict CSP (a fresh nonce; no network access at all). The results are embedded in
 * the compact encoding of ./compact.ts (about a quarter of the plain JSON) and decoded by the bundle.
 */
export function renderReportHtml(data: ResultsJson | CompareJson, assets: { js: string; css: string }): string {
  const nonce = randomBytes(18).toString('base64');
  const csp = ["default-src 'none'", `script-src 'nonce-${nonce}'`, `style-src 'nonce-${nonce}'`, 'img-src data:'].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta http-equiv="Content-Security-Policy" content="${escapeAttr(csp)}">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="color-scheme" content="light dark">
  <title>${escapeHtml(titleOf(data))}</title>
  <style nonce="${nonce}">${inlineStyle(assets.css)}</style>
</head>
<body data-host="report">
  <main id="app"></main>
  <script type="application/json" id="results-data" nonce="${nonce}">${jsonForScript(encodeReportData(data))}</script>
  <script nonce="${nonce}">${inlineScript(assets.js)}</script>
</body>
</html>
`;
}

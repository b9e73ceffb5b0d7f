// The one HTML page skeleton of every view (the results panel and report, the sweep panel
// and report): escaping, the strict Content-Security-Policy with a nonce, the embedded
// JSON data element and the inlined bundle. No DOM here: the bundle builds everything at
// runtime from the JSON, so no data string is ever parsed as HTML.
import { randomBytes } from 'node:crypto';

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

/** A nonce goes into the CSP as it is: refuse anything that could widen the policy. */
export function assertNonce(nonce: string, who: string): void {
  if (!/^[A-Za-z0-9+/=_-]{8,}$/.test(nonce))
    throw new Error(`${who}: nonce must be 8+ base64/alphanumeric characters, got ${JSON.stringify(nonce)}`);
}

/** The data a page embeds as JSON: the element id the bundle reads, and the value. */
export interface EmbeddedData {
  id: string;
  value: unknown;
}

/** What is inside <main id="app">: the bundle renders into it. */
export interface MainElement {
  attrs?: string;
  content?: string;
}

function page(p: {
  csp: string[];
  head: string[];
  host: 'vscode' | 'report';
  main?: MainElement;
  nonce: string;
  data?: EmbeddedData;
  script: string;
}): string {
  const data = p.data
    ? `\n  <script type="application/json" id="${escapeHtml(p.data.id)}" nonce="${escapeHtml(p.nonce)}">${jsonForScript(p.data.value)}</script>`
    : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta http-equiv="Content-Security-Policy" content="${escapeAttr(p.csp.join('; '))}">
  <meta name="viewport" content="width=device-width, initial-scale=1">
${p.head.map((h) => `  ${h}\n`).join('')}</head>
<body data-host="${p.host}">
  <main id="app"${p.main?.attrs ? ` ${p.main.attrs}` : ''}>${p.main?.content ?? ''}</main>${data}
  ${p.script}
</body>
</html>
`;
}

/**
 * One self-contained HTML file (`--html` reports): the bundle and its CSS inlined, the data
 * embedded as JSON, light/dark colours from prefers-color-scheme, and a strict CSP with a
 * fresh nonce (no network access at all).
 */
export function selfContainedPage(opts: { title: string; data: EmbeddedData; assets: { js: string; css: string } }): string {
  const nonce = randomBytes(18).toString('base64');
  return page({
    csp: ["default-src 'none'", `script-src 'nonce-${nonce}'`, `style-src 'nonce-${nonce}'`, 'img-src data:'],
    head: [
      '<meta name="color-scheme" content="light dark">',
      `<title>${escapeHtml(opts.title)}</title>`,
      `<style nonce="${nonce}">${inlineStyle(opts.assets.css)}</style>`,
    ],
    host: 'report',
    nonce,
    data: opts.data,
    script: `<script nonce="${nonce}">${inlineScript(opts.assets.js)}</script>`,
  });
}

/**
 * A VS Code webview's page: strict CSP with the caller's nonce, the bundle and stylesheets
 * loaded from the extension (`webview.asWebviewUri`), `cspSource` for styles and fonts.
 */
export function webviewPage(opts: {
  title: string;
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUris: string[];
  /** Extra CSP sources: inline styles with the nonce, images. */
  styleNonce?: boolean;
  images?: boolean;
  main?: MainElement;
  data?: EmbeddedData;
  who: string;
}): string {
  assertNonce(opts.nonce, opts.who);
  const n = escapeHtml(opts.nonce);
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${opts.nonce}'`,
    `style-src ${opts.cspSource}${opts.styleNonce ? ` 'nonce-${opts.nonce}'` : ''}`,
    `font-src ${opts.cspSource}`,
    ...(opts.images ? [`img-src ${opts.cspSource} data:`] : []),
  ];
  return page({
    csp,
    head: [`<title>${escapeHtml(opts.title)}</title>`, ...opts.styleUris.map((u) => `<link rel="stylesheet" href="${escapeHtml(u)}">`)],
    host: 'vscode',
    main: opts.main,
    nonce: opts.nonce,
    data: opts.data,
    script: `<script nonce="${n}" src="${escapeHtml(opts.scriptUri)}"></script>`,
  });
}

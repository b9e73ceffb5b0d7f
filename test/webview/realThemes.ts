// The real theme variables of VS Code 1.139's Dark Modern, Light Modern and both High
// Contrast themes (captured from the workbench by scripts/capture-vscode-themes.mjs), put
// on a panel page the way VS Code does: a body class and --vscode-* on <html>.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { renderPanelHtml } from '../../report/html';
import type { PanelInitialState } from '../../common/panelProtocol';
import { ROOT, FAKE_VSCODE_API, watchProblems, type Problems } from './helpers';
import type { TestServer } from './server';

export type RealTheme = 'dark' | 'light' | 'hcDark' | 'hcLight';
export const REAL_THEMES: RealTheme[] = ['dark', 'light', 'hcDark', 'hcLight'];

interface Captured {
  source: string;
  themes: Record<RealTheme, { name: string; bodyClass: string; vars: Record<string, string> }>;
}
export const CAPTURED: Captured = JSON.parse(readFileSync(path.join(ROOT, 'test/fixtures/webview/vscode-themes.json'), 'utf8'));

export function withRealTheme(html: string, nonce: string, t: RealTheme): string {
  const theme = CAPTURED.themes[t];
  const vars = JSON.stringify({ '--vscode-font-family': 'system-ui, sans-serif', '--vscode-font-size': '13px', ...theme.vars });
  const script = `<script nonce="${nonce}">(function(){var v=${vars};for(var k in v)document.documentElement.style.setProperty(k,v[k]);})();</script>`;
  return html.replace('<body data-host="vscode">', `<body data-host="vscode" class="${theme.bodyClass}">\n  ${script}`);
}

export const NONCE = 'TestNonce0123456789';
let n = 0;

/** Opens the panel page (fake VS Code API) with a real theme. */
export async function openThemedPanel(
  browser: Browser,
  srv: TestServer,
  initialState: PanelInitialState | undefined,
  t: RealTheme,
  opts: { width?: number; height?: number } = {},
): Promise<{ page: Page; problems: Problems }> {
  const name = `/themed-${++n}.html`;
  const html = renderPanelHtml({
    cspSource: srv.origin,
    nonce: NONCE,
    scriptUri: `${srv.origin}/webview.js`,
    styleUris: [`${srv.origin}/webview.css`],
    initialState,
  });
  srv.set(name, withRealTheme(html, NONCE, t));
  const page = await browser.newPage({ viewport: { width: opts.width ?? 1200, height: opts.height ?? 900 } });
  const problems = await watchProblems(page);
  await page.addInitScript('window.__initialVsState = undefined;');
  await page.addInitScript(FAKE_VSCODE_API);
  await page.goto(srv.origin + name);
  return { page, problems };
}

export { until, tab as showTab } from './helpers';

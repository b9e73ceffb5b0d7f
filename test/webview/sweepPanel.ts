// The sweep view's panel page as VS Code hosts it (renderSweepPanelHtml, a theme's
// variables, the fake acquireVsCodeApi), opened in a fresh Chromium page, for the tests
// of the sweep view (sweepView, bankrupt-sweep).
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { renderSweepPanelHtml } from '../../report/sweepReport';
import type { SweepViewData } from '../../webview/sweep/data';
import { FAKE_VSCODE_API, watchProblems, withTheme, writeOut, type Theme } from './helpers';

/**
 * `data` in the panel page under `theme`, with the bundle built into `dir`
 * (buildBrowserBundle('sweepView', ...)); the page is written to test-output as `file`.
 */
export async function openSweepPanel(
  browser: Browser,
  data: SweepViewData,
  o: { dir: string; theme: Theme; file: string },
): Promise<{ page: Page; problems: Awaited<ReturnType<typeof watchProblems>> }> {
  const nonce = 'testnonce12345678';
  const html = withTheme(
    renderSweepPanelHtml(data, {
      cspSource: 'file:',
      nonce,
      scriptUri: pathToFileURL(path.join(o.dir, 'sweepView.js')).href,
      styleUri: pathToFileURL(path.join(o.dir, 'sweepView.css')).href,
    }),
    nonce,
    o.theme,
  ).replace('<body data-host="vscode"', `<script nonce="${nonce}">${FAKE_VSCODE_API}</script>\n<body data-host="vscode"`);
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const problems = await watchProblems(page);
  await page.goto(pathToFileURL(writeOut(o.file, html)).href);
  await page.waitForSelector('table.variants tbody tr');
  return { page, problems };
}

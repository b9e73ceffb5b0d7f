// Shared helpers of the webview tests: build the bundle from source (same esbuild options
// as scripts/build.mjs's browser entry, so the tests do not depend on other areas building),
// launch Debian's chromium through playwright-core, collect CSP violations and console errors,
// and the page set-up every Chromium suite shares (`useChromium`: bundle, server, browser,
// panel and report pages, tab switching, polling, canvas ink).
import * as esbuild from 'esbuild';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { CompareJson, ResultsJson } from '../../engine/types';
import { renderPanelHtml, renderReportHtml } from '../../report/html';
import { startServer, type TestServer } from './server';
import { withTheme, type Theme } from './themeVars';

export { THEMES, themeStyle, withTheme, type Theme } from './themeVars';

export const ROOT = path.resolve(__dirname, '..', '..');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumMissing = existsSync(CHROMIUM)
  ? false
  : `chromium not found at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`;
export const OUT = path.join(ROOT, 'test-output', 'webview');
export const SHOTS = path.join(ROOT, 'test-output', 'screenshots');

export interface Bundle {
  js: string;
  css: string;
  dir: string;
}

/** esbuild of one webview entry as scripts/build.mjs builds it for the browser: `out`/NAME.js and NAME.css. */
export async function buildBrowserBundle(name: string, entry: string, out: string): Promise<void> {
  await esbuild.build({
    entryPoints: { [name]: path.join(ROOT, entry) },
    outdir: out,
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify: true,
    loader: { '.css': 'css' },
    logLevel: 'error',
  });
}

let cached: Promise<Bundle> | null = null;
/** esbuild of webview/main.ts into test-output/webview/ (js + css), built once per process. */
export function buildBundle(): Promise<Bundle> {
  cached ??= (async () => {
    mkdirSync(OUT, { recursive: true });
    await buildBrowserBundle('webview', 'webview/main.ts', OUT);
    return { js: readFileSync(path.join(OUT, 'webview.js'), 'utf8'), css: readFileSync(path.join(OUT, 'webview.css'), 'utf8'), dir: OUT };
  })();
  return cached;
}

export async function launch(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

export interface Problems {
  csp: string[];
  errors: string[];
  dialogs: string[];
}

/**
 * Records CSP violations (from a listener installed before any page script), console
 * errors, uncaught exceptions and dialogs (alert() from an injected payload).
 */
export async function watchProblems(page: Page): Promise<Problems> {
  const p: Problems = { csp: [], errors: [], dialogs: [] };
  await page.exposeFunction('__reportCsp', (s: string) => {
    p.csp.push(s);
  });
  // A string, not a function: tsx would wrap a function with helpers the page lacks.
  await page.addInitScript(`document.addEventListener('securitypolicyviolation', (e) => {
    window.__reportCsp(e.violatedDirective + ' blocked ' + e.blockedURI + ' (' + e.sourceFile + ':' + e.lineNumber + ')');
  });`);
  page.on('console', (m) => {
    if (m.type() === 'error') p.errors.push(m.text());
  });
  page.on('pageerror', (e) => {
    p.errors.push(String(e));
  });
  page.on('dialog', (d) => {
    p.dialogs.push(d.message());
    void d.dismiss();
  });
  return p;
}

export function writeOut(name: string, content: string): string {
  mkdirSync(OUT, { recursive: true });
  const f = path.join(OUT, name);
  writeFileSync(f, content);
  return f;
}

/** A fake acquireVsCodeApi for the panel page, recording posted messages and state. */
export const FAKE_VSCODE_API = `(function(){
  var state = window.__initialVsState;
  window.__posted = [];
  window.__states = [];
  window.acquireVsCodeApi = function(){ return {
    postMessage: function(m){ window.__posted.push(m); },
    getState: function(){ return state; },
    setState: function(s){ state = s; window.__states.push(JSON.parse(JSON.stringify(s))); }
  }; };
})();`;

export const NONCE = 'TestNonce0123456789';
export interface OpenPage {
  page: Page;
  problems: Problems;
}
export interface PanelOptions {
  theme?: Theme;
  ui?: object;
  vsState?: object;
  width?: number;
  height?: number;
  waitFor?: string | null;
}

/** The Chromium pages of one suite; valid inside its tests (after `before` ran). */
export interface ChromiumSuite {
  readonly browser: Browser;
  readonly srv: TestServer;
  readonly bundle: Bundle;
  /**
   * The VS Code panel page (fake acquireVsCodeApi, theme variables on <html>), with
   * `data` embedded as a restored panel has it (null: an empty panel waiting for a message).
   * Waits for `#tabs` when there is data, or for `opts.waitFor`.
   */
  openPanel(data: ResultsJson | CompareJson | null, opts?: PanelOptions): Promise<OpenPage>;
  /** The self-contained HTML report (`--html`, Export), in the given prefers-color-scheme. */
  openReport(data: ResultsJson | CompareJson, scheme?: 'light' | 'dark'): Promise<OpenPage>;
}

/**
 * Registers the suite's before/after hooks (call it inside `describe`): builds the bundle,
 * serves it, launches Chromium, makes test-output/screenshots/; closes them after.
 */
export function useChromium(): ChromiumSuite {
  let browser: Browser | undefined;
  let srv: TestServer | undefined;
  let bundle: Bundle | undefined;
  let pageNo = 0;
  before(async () => {
    bundle = await buildBundle();
    srv = await startServer();
    srv.set('/webview.js', bundle.js, 'text/javascript');
    srv.set('/webview.css', bundle.css, 'text/css');
    browser = await launch();
    mkdirSync(SHOTS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await srv?.close();
  });
  const ready = <T>(x: T | undefined): T => {
    if (!x) throw new Error('useChromium: used before its before() hook ran');
    return x;
  };
  const suite: ChromiumSuite = {
    get browser() {
      return ready(browser);
    },
    get srv() {
      return ready(srv);
    },
    get bundle() {
      return ready(bundle);
    },
    async openPanel(data, opts = {}) {
      const server = ready(srv);
      const name = `/panel-${++pageNo}.html`;
      const html = renderPanelHtml({
        cspSource: server.origin,
        nonce: NONCE,
        scriptUri: `${server.origin}/webview.js`,
        styleUris: [`${server.origin}/webview.css`],
        initialState: data ? { data, ui: opts.ui as never } : undefined,
      });
      server.set(name, withTheme(html, NONCE, opts.theme ?? 'dark'));
      const page = await ready(browser).newPage({ viewport: { width: opts.width ?? 1200, height: opts.height ?? 900 } });
      const problems = await watchProblems(page);
      await page.addInitScript(`window.__initialVsState = ${opts.vsState ? JSON.stringify(opts.vsState) : 'undefined'};`);
      await page.addInitScript(FAKE_VSCODE_API);
      await page.goto(server.origin + name);
      const wait = opts.waitFor === undefined ? (data ? '#tabs' : null) : opts.waitFor;
      if (wait) await page.waitForSelector(wait);
      return { page, problems };
    },
    async openReport(data, scheme = 'light') {
      const server = ready(srv);
      const name = `/report-${++pageNo}.html`;
      server.set(name, renderReportHtml(data, ready(bundle)));
      const page = await ready(browser).newPage({ viewport: { width: 1200, height: 900 }, colorScheme: scheme });
      const problems = await watchProblems(page);
      await page.goto(server.origin + name);
      await page.waitForSelector('#tabs');
      return { page, problems };
    },
  };
  return suite;
}

/** No CSP violation, console error or dialog on the page. */
export function noProblems(p: Problems): void {
  assert.deepEqual(p.csp, [], 'no CSP violation');
  assert.deepEqual(p.errors, [], 'no console error');
  assert.deepEqual(p.dialogs, [], 'no dialog opened');
}

/** Clicks a tab of the panel and waits for its view to be built. */
export async function tab(page: Page, id: string): Promise<void> {
  await page.click(`vscode-tab-header[data-tab="${id}"]`);
  await page.waitForSelector(`vscode-tab-panel[data-tab="${id}"] .view`);
}

/** Polls an expression (page.waitForFunction would need eval, which the CSP forbids). */
export async function until(page: Page, expr: string, timeout = 15_000): Promise<void> {
  const end = Date.now() + timeout;
  while (!(await page.evaluate(expr))) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${expr}`);
    await page.waitForTimeout(30);
  }
}

/** Canvas pixels of a chart (0 = nothing drawn; -1 = no canvas), or those within `tol` of `rgb`. */
export function inkPixels(page: Page, chartId: string, rgb?: [number, number, number] | null, tol = 40): Promise<number> {
  return page.evaluate(`(() => {
    const c = document.querySelector('#${chartId} canvas');
    if (!c || !c.width) return -1;
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const want = ${JSON.stringify(rgb ?? null)}, tol = ${tol};
    let n = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (d[i + 3] === 0) continue;
      if (!want) { n++; continue; }
      if (Math.abs(d[i] - want[0]) < tol && Math.abs(d[i + 1] - want[1]) < tol && Math.abs(d[i + 2] - want[2]) < tol) n++;
    }
    return n;
  })()`) as Promise<number>;
}

/** A chart's legend labels (uPlot), the x column first ('Date'). */
export function legend(page: Page, chartId: string): Promise<(string | null)[]> {
  return page.$$eval(`#${chartId} .u-legend .u-series .u-label`, (els) => els.map((e) => e.textContent));
}

/** Rendered rows of the virtual trade table: [date, ticker, sector, reason, quantity, ...]. */
export function visibleRows(page: Page): Promise<{ row: number; cells: string[] }[]> {
  return page.$$eval('#trade-table .vt-spacer .vt-row', (rows) =>
    rows
      .map((r) => ({ row: Number((r as HTMLElement).dataset.row), cells: Array.from(r.children).map((c) => c.textContent ?? '') }))
      .sort((a, b) => a.row - b.row),
  );
}

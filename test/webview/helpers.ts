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

let cached: Promise<Bundle> | null = null;
/** esbuild of webview/main.ts into test-output/webview/ (js + css), built once per process. */
export function buildBundle(): Promise<Bundle> {
  cached ??= (async () => {
    mkdirSync(OUT, { recursive: true });
    await esbuild.build({
      entryPoints: { webview: path.join(ROOT, 'webview/main.ts') },
      outdir: OUT,
      bundle: true,
      platform: 'browser',
      format: 'iife',
      target: 'es2022',
      minify: true,
      loader: { '.css': 'css' },
      logLevel: 'error',
    });
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

/** VS Code-like theme variables (subset of Light Modern, Dark Modern, High Contrast). */
export const THEMES: Record<'light' | 'dark' | 'hc', { bodyClass: string; vars: Record<string, string> }> = {
  light: {
    bodyClass: 'vscode-light',
    vars: {
      '--vscode-font-family': 'system-ui, sans-serif',
      '--vscode-font-size': '13px',
      '--vscode-foreground': '#3b3b3b',
      '--vscode-editor-background': '#ffffff',
      '--vscode-descriptionForeground': '#616161',
      '--vscode-focusBorder': '#005fb8',
      '--vscode-panel-border': '#e5e5e5',
      '--vscode-widget-border': '#e5e5e5',
      '--vscode-editorWidget-background': '#f8f8f8',
      '--vscode-list-hoverBackground': '#f2f2f2',
      '--vscode-list-inactiveSelectionBackground': '#e4e6f1',
      '--vscode-textLink-foreground': '#005fb8',
      '--vscode-editorWarning-foreground': '#895503',
      '--vscode-errorForeground': '#a1260d',
      '--vscode-charts-foreground': '#3b3b3b',
      '--vscode-charts-lines': 'rgba(59,59,59,0.16)',
      '--vscode-charts-blue': '#1a85ff',
      '--vscode-charts-red': '#e51400',
      '--vscode-charts-green': '#388a34',
      '--vscode-charts-yellow': '#bf8803',
      '--vscode-charts-orange': '#d18616',
      '--vscode-charts-purple': '#652d90',
      '--vscode-badge-background': '#cccccc',
      '--vscode-badge-foreground': '#3b3b3b',
      '--vscode-button-background': '#005fb8',
      '--vscode-button-foreground': '#ffffff',
      '--vscode-button-secondaryBackground': '#e5e5e5',
      '--vscode-button-secondaryForeground': '#3b3b3b',
      '--vscode-settings-textInputBackground': '#ffffff',
      '--vscode-settings-textInputForeground': '#3b3b3b',
      '--vscode-settings-textInputBorder': '#cecece',
      '--vscode-settings-dropdownBackground': '#ffffff',
      '--vscode-settings-dropdownForeground': '#3b3b3b',
      '--vscode-settings-dropdownBorder': '#cecece',
      '--vscode-settings-checkboxBackground': '#f8f8f8',
      '--vscode-settings-checkboxBorder': '#cecece',
      '--vscode-settings-checkboxForeground': '#3b3b3b',
      '--vscode-panel-background': '#f8f8f8',
      '--vscode-panelTitle-activeBorder': '#005fb8',
      '--vscode-panelTitle-activeForeground': '#3b3b3b',
      '--vscode-panelTitle-inactiveForeground': '#3b3b3b',
      '--vscode-settings-headerBorder': '#e5e5e5',
    },
  },
  dark: {
    bodyClass: 'vscode-dark',
    vars: {
      '--vscode-font-family': 'system-ui, sans-serif',
      '--vscode-font-size': '13px',
      '--vscode-foreground': '#cccccc',
      '--vscode-editor-background': '#1f1f1f',
      '--vscode-descriptionForeground': '#9d9d9d',
      '--vscode-focusBorder': '#0078d4',
      '--vscode-panel-border': '#2b2b2b',
      '--vscode-widget-border': '#313131',
      '--vscode-editorWidget-background': '#202020',
      '--vscode-list-hoverBackground': '#2a2d2e',
      '--vscode-list-inactiveSelectionBackground': '#37373d',
      '--vscode-textLink-foreground': '#4daafc',
      '--vscode-editorWarning-foreground': '#cca700',
      '--vscode-errorForeground': '#f85149',
      '--vscode-charts-foreground': '#cccccc',
      '--vscode-charts-lines': 'rgba(204,204,204,0.16)',
      '--vscode-charts-blue': '#3794ff',
      '--vscode-charts-red': '#f14c4c',
      '--vscode-charts-green': '#89d185',
      '--vscode-charts-yellow': '#cca700',
      '--vscode-charts-orange': '#d18616',
      '--vscode-charts-purple': '#b180d7',
      '--vscode-badge-background': '#616161',
      '--vscode-badge-foreground': '#f8f8f8',
      '--vscode-button-background': '#0078d4',
      '--vscode-button-foreground': '#ffffff',
      '--vscode-button-secondaryBackground': '#313131',
      '--vscode-button-secondaryForeground': '#cccccc',
      '--vscode-settings-textInputBackground': '#313131',
      '--vscode-settings-textInputForeground': '#cccccc',
      '--vscode-settings-textInputBorder': '#3c3c3c',
      '--vscode-settings-dropdownBackground': '#313131',
      '--vscode-settings-dropdownForeground': '#cccccc',
      '--vscode-settings-dropdownBorder': '#3c3c3c',
      '--vscode-settings-checkboxBackground': '#313131',
      '--vscode-settings-checkboxBorder': '#3c3c3c',
      '--vscode-settings-checkboxForeground': '#cccccc',
      '--vscode-panel-background': '#181818',
      '--vscode-panelTitle-activeBorder': '#0078d4',
      '--vscode-panelTitle-activeForeground': '#cccccc',
      '--vscode-panelTitle-inactiveForeground': '#9d9d9d',
      '--vscode-settings-headerBorder': '#2b2b2b',
    },
  },
  hc: {
    bodyClass: 'vscode-high-contrast',
    vars: {
      '--vscode-font-family': 'system-ui, sans-serif',
      '--vscode-font-size': '13px',
      '--vscode-foreground': '#ffffff',
      '--vscode-editor-background': '#000000',
      '--vscode-descriptionForeground': 'rgba(255,255,255,0.7)',
      '--vscode-focusBorder': '#f38518',
      '--vscode-contrastBorder': '#6fc3df',
      '--vscode-contrastActiveBorder': '#f38518',
      '--vscode-panel-border': '#6fc3df',
      '--vscode-widget-border': '#6fc3df',
      '--vscode-textLink-foreground': '#21a6ff',
      '--vscode-editorWarning-foreground': '#ff9900',
      '--vscode-errorForeground': '#f48771',
      '--vscode-charts-foreground': '#ffffff',
      '--vscode-charts-lines': 'rgba(255,255,255,0.5)',
      '--vscode-charts-blue': '#3794ff',
      '--vscode-charts-red': '#f14c4c',
      '--vscode-charts-green': '#89d185',
      '--vscode-charts-yellow': '#ffd700',
      '--vscode-charts-orange': '#ff9900',
      '--vscode-charts-purple': '#b180d7',
      '--vscode-badge-background': '#000000',
      '--vscode-badge-foreground': '#ffffff',
      '--vscode-button-background': '#000000',
      '--vscode-button-foreground': '#ffffff',
      '--vscode-button-border': '#6fc3df',
      '--vscode-button-secondaryBackground': '#000000',
      '--vscode-button-secondaryForeground': '#ffffff',
      '--vscode-settings-textInputBackground': '#000000',
      '--vscode-settings-textInputForeground': '#ffffff',
      '--vscode-settings-textInputBorder': '#6fc3df',
      '--vscode-settings-dropdownBackground': '#000000',
      '--vscode-settings-dropdownForeground': '#ffffff',
      '--vscode-settings-dropdownBorder': '#6fc3df',
      '--vscode-settings-checkboxBackground': '#000000',
      '--vscode-settings-checkboxBorder': '#6fc3df',
      '--vscode-settings-checkboxForeground': '#ffffff',
      '--vscode-panel-background': '#000000',
      '--vscode-panelTitle-activeBorder': '#6fc3df',
      '--vscode-panelTitle-activeForeground': '#ffffff',
      '--vscode-panelTitle-inactiveForeground': '#ffffff',
      '--vscode-settings-headerBorder': '#6fc3df',
      '--vscode-list-hoverBackground': 'transparent',
      '--vscode-list-inactiveSelectionBackground': 'transparent',
    },
  },
};

/** The style attribute VS Code puts on <html> for a theme. */
export function themeStyle(t: keyof typeof THEMES): string {
  return Object.entries(THEMES[t].vars)
    .map(([k, v]) => `${k}: ${v}`)
    .join('; ');
}

/**
 * Puts VS Code's theme on a panel page the way VS Code does: a body class and the
 * --vscode-* variables set on <html> from script (CSSOM, allowed by the CSP), here in a
 * nonce'd script at the start of <body>.
 */
export function withTheme(html: string, nonce: string, t: keyof typeof THEMES): string {
  const vars = JSON.stringify(THEMES[t].vars);
  const script = `<script nonce="${nonce}">(function(){var v=${vars};for(var k in v)document.documentElement.style.setProperty(k,v[k]);})();</script>`;
  return html.replace('<body data-host="vscode">', `<body data-host="vscode" class="${THEMES[t].bodyClass}">\n  ${script}`);
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
export type Theme = keyof typeof THEMES;
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

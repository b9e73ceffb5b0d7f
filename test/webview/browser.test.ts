// The results panel and the static report in headless Chromium: charts and their series,
// the trade table against the results, filters, sorting (mouse and keyboard), theme
// colours, CSP, escaping of hostile names, virtualisation, state, compare view, screenshots.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { CompareJson, ResultsJson } from '../../engine/types';
import { encodeResults } from '../../common/compact';
import { renderPanelHtml, renderReportHtml } from '../../report/html';
import { filterTrades, sortTrades } from '../../webview/trades';
import { generateCompare, generateResults, HOSTILE_SECTOR, HOSTILE_TICKER } from '../fixtures/webview/generateResults';
import { buildBundle, chromiumMissing, ROOT, FAKE_VSCODE_API, launch, SHOTS, watchProblems, withTheme, type Bundle, type Problems } from './helpers';
import { startServer, type TestServer } from './server';

const NONCE = 'TestNonce0123456789';

describe('results panel in chromium', { skip: chromiumMissing }, () => {
  let browser: Browser;
  let srv: TestServer;
  let bundle: Bundle;
  const results = generateResults();
  const hostile = generateResults({ hostile: true, seed: 7 });

  before(async () => {
    bundle = await buildBundle();
    srv = await startServer();
    srv.set('/webview.js', bundle.js, 'text/javascript');
    srv.set('/webview.css', bundle.css, 'text/css');
    browser = await launch();
    mkdirSync(SHOTS, { recursive: true });
  });
  after(async () => { await browser?.close(); await srv?.close(); });

  let pageNo = 0;
  /** Opens the VS Code panel page (fake acquireVsCodeApi, theme vars on <html>). */
  async function openPanel(data: ResultsJson | CompareJson | null, opts: { theme?: 'light' | 'dark' | 'hc'; ui?: object; vsState?: object; width?: number } = {}): Promise<{ page: Page; problems: Problems }> {
    const name = `/panel-${++pageNo}.html`;
    const html = renderPanelHtml({
      cspSource: srv.origin, nonce: NONCE, scriptUri: `${srv.origin}/webview.js`, styleUris: [`${srv.origin}/webview.css`],
      initialState: data ? { data, ui: opts.ui as never } : undefined,
    });
    srv.set(name, withTheme(html, NONCE, opts.theme ?? 'dark'));
    const page = await browser.newPage({ viewport: { width: opts.width ?? 1200, height: 900 } });
    const problems = await watchProblems(page);
    await page.addInitScript(`window.__initialVsState = ${JSON.stringify(opts.vsState ?? null) === 'null' ? 'undefined' : JSON.stringify(opts.vsState)};`);
    await page.addInitScript(FAKE_VSCODE_API);
    await page.goto(srv.origin + name);
    if (data) await page.waitForSelector('#tabs');
    return { page, problems };
  }

  async function openReport(data: ResultsJson | CompareJson, scheme: 'light' | 'dark' = 'light'): Promise<{ page: Page; problems: Problems }> {
    const name = `/report-${++pageNo}.html`;
    srv.set(name, renderReportHtml(data, bundle));
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 }, colorScheme: scheme });
    const problems = await watchProblems(page);
    await page.goto(srv.origin + name);
    await page.waitForSelector('#tabs');
    return { page, problems };
  }

  const noProblems = (p: Problems) => {
    assert.deepEqual(p.csp, [], 'no CSP violation');
    assert.deepEqual(p.errors, [], 'no console error');
    assert.deepEqual(p.dialogs, [], 'no dialog opened');
  };

  async function tab(page: Page, id: string) {
    await page.click(`vscode-tab-header[data-tab="${id}"]`);
    await page.waitForSelector(`vscode-tab-panel[data-tab="${id}"] .view`);
  }

  /** Polls an expression (page.waitForFunction would need eval, which the CSP forbids). */
  async function until(page: Page, expr: string, timeout = 10_000): Promise<void> {
    const end = Date.now() + timeout;
    while (!(await page.evaluate(expr))) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${expr}`);
      await page.waitForTimeout(30);
    }
  }

  /** Non-background pixels of a chart's canvas (0 = nothing drawn). */
  const inkPixels = (page: Page, chartId: string, rgb?: [number, number, number]) => page.evaluate(`(() => {
    const c = document.querySelector('#${chartId} canvas');
    if (!c || !c.width) return -1;
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const want = ${JSON.stringify(rgb ?? null)};
    let n = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (d[i + 3] === 0) continue;
      if (!want) { n++; continue; }
      if (Math.abs(d[i] - want[0]) < 40 && Math.abs(d[i + 1] - want[1]) < 40 && Math.abs(d[i + 2] - want[2]) < 40) n++;
    }
    return n;
  })()`) as Promise<number>;

  const legend = (page: Page, chartId: string) => page.$$eval(`#${chartId} .u-legend .u-series .u-label`, (els) => els.map((e) => e.textContent));

  /** Rendered rows of the virtual trade table: [date, ticker, sector, reason, quantity, ...]. */
  const visibleRows = (page: Page) => page.$$eval('#trade-table .vt-spacer .vt-row', (rows) =>
    rows.map((r) => ({ row: Number((r as HTMLElement).dataset.row), cells: Array.from(r.children).map((c) => c.textContent ?? '') }))
      .sort((a, b) => a.row - b.row));

  test('report: equity chart draws the hedged book, the unhedged book and the beta instrument', async () => {
    const { page, problems } = await openReport(results);
    await page.waitForSelector('#equity-chart canvas');
    assert.deepEqual(await legend(page, 'equity-chart'), ['Date', 'Hedged book', 'Unhedged stock book', 'SPY (rebased)']);
    assert.ok((await inkPixels(page, 'equity-chart')) > 2000, 'equity canvas has ink');
    const cards = await page.$$eval('.cards .card-label', (els) => els.map((e) => e.textContent));
    assert.ok(cards.includes('Sharpe') && cards.includes('Max drawdown') && cards.includes('Costs'));
    const sharpe = await page.textContent('.card[aria-label="Sharpe"] .card-value');
    assert.equal(sharpe, results.metrics.sharpeRatio.toFixed(2));
    // Exposures: the selected sector's pre/post-hedge lines, target and band.
    await tab(page, 'exposures');
    await page.waitForSelector('#exposure-chart canvas');
    assert.deepEqual(await legend(page, 'exposure-chart'), ['Date', 'Pre-hedge', 'Post-hedge', 'Target', 'Target + 2.0%', 'Target − 2.0%']);
    assert.ok((await inkPixels(page, 'exposure-chart')) > 2000);
    assert.match((await page.textContent('#exposure-chart .u-title'))!, /^Technology exposure \(hedged with XLK\)/);
    assert.deepEqual(await legend(page, 'beta-chart'), ['Date', 'Pre-hedge beta', 'Post-hedge beta']);
    noProblems(problems);
    await page.screenshot({ path: path.join(SHOTS, 'report-light-exposures.png'), fullPage: true });
    await page.close();
  });

  test('panel: trade table rows equal the hedge trades (via the CSV export message)', async () => {
    const { page, problems } = await openPanel(results, { ui: { tab: 'trades' } });
    await page.waitForSelector('#trade-table .vt-row[data-row="0"]');
    const hedge = results.trades.filter((t) => t.reason === 'sector_hedge' || t.reason === 'beta_hedge');
    assert.equal(await page.getAttribute('#trade-table [role=grid]', 'aria-rowcount'), String(hedge.length + 1));
    assert.equal(await page.textContent('#trade-count'), `${hedge.length.toLocaleString('en-US')} of ${hedge.length.toLocaleString('en-US')} hedge trades`);
    const rows = await visibleRows(page);
    assert.ok(rows.length > 5 && rows.length < hedge.length);
    rows.slice(0, 10).forEach((r, k) => {
      assert.equal(r.cells[0], hedge[k].date);
      assert.equal(r.cells[1], hedge[k].ticker);
      assert.equal(r.cells[4], hedge[k].quantity.toLocaleString('en-US'));
    });
    await page.click('#export-csv');
    const posted = await page.evaluate('window.__posted') as { type: string; kind?: string; csv?: string; rows?: number; fileName?: string }[];
    assert.equal(posted[0].type, 'ready');
    const exp = posted.find((m) => m.type === 'exportCsv')!;
    assert.equal(exp.kind, 'hedgeTrades');
    assert.equal(exp.rows, hedge.length);
    assert.match(exp.fileName!, /hedge-trades\.csv$/);
    const lines = exp.csv!.trimEnd().split('\n').slice(1);
    assert.deepEqual(lines.map((l) => l.split(',').slice(0, 3).join(',')), hedge.map((t) => `${t.date},${t.ticker},${t.quantity}`));
    // All trades on demand.
    await page.click('#all-trades');
    await until(page, `document.querySelector('#trade-table [role=grid]').getAttribute('aria-rowcount') === '${results.trades.length + 1}'`);
    noProblems(problems);
    await page.close();
  });

  test('panel: filter by ticker, sector and reason', async () => {
    const { page, problems } = await openPanel(results, { ui: { tab: 'trades' } });
    const count = async () => Number((await page.getAttribute('#trade-table [role=grid]', 'aria-rowcount'))) - 1;
    await page.locator('#filter-ticker input').fill('XLV');
    const expectXlv = results.trades.filter((t) => t.ticker.includes('XLV') && (t.reason === 'sector_hedge' || t.reason === 'beta_hedge')).length;
    await until(page, `document.querySelector('#trade-table [role=grid]').getAttribute('aria-rowcount') === '${expectXlv + 1}'`);
    assert.ok(expectXlv > 10);
    for (const r of await visibleRows(page)) assert.equal(r.cells[1], 'XLV');
    await page.locator('#filter-ticker input').fill('');
    await page.evaluate(`(() => { const s = document.getElementById('filter-reason'); s.value = 'beta_hedge'; s.dispatchEvent(new Event('change')); })()`);
    assert.equal(await count(), results.trades.filter((t) => t.reason === 'beta_hedge').length);
    for (const r of await visibleRows(page)) { assert.equal(r.cells[3], 'beta hedge'); assert.equal(r.cells[1], 'SPY'); }
    await page.evaluate(`(() => { const s = document.getElementById('filter-reason'); s.value = ''; s.dispatchEvent(new Event('change'));
      const t = document.getElementById('filter-sector'); t.value = 'Energy'; t.dispatchEvent(new Event('change')); })()`);
    assert.equal(await count(), results.trades.filter((t) => t.sector === 'Energy' && t.reason === 'sector_hedge').length);
    for (const r of await visibleRows(page)) assert.equal(r.cells[2], 'Energy');
    // A filter matching nothing shows the empty message.
    await page.locator('#filter-ticker input').fill('NOPE');
    await page.waitForSelector('#trade-empty:not([hidden])');
    // The filters were saved with setState.
    const states = await page.evaluate('window.__states') as { ui: { filters: { ticker: string; sector: string } } }[];
    assert.deepEqual(states.at(-1)!.ui.filters, { ticker: 'NOPE', sector: 'Energy', reason: '' });
    noProblems(problems);
    await page.close();
  });

  test('panel: sort by clicking a header and by Enter/Space on a focused header', async () => {
    const { page, problems } = await openPanel(results, { ui: { tab: 'trades' } });
    const hedgeIdx = filterTrades(results.trades, { ticker: '', sector: '', reason: '', allTrades: false });
    const expected = (key: 'notional' | 'ticker', dir: 1 | -1) => Array.from(sortTrades(results.trades, hedgeIdx, key, dir)).slice(0, 8).map((i) => results.trades[i]);
    await page.click('#trade-table .vt-sort[data-key="notional"]');
    let rows = await visibleRows(page);
    expected('notional', 1).forEach((t, k) => assert.equal(rows[k].cells[7], Math.round(t.notional).toLocaleString('en-US')));
    assert.equal(await page.getAttribute('#trade-table .vt-th[data-key="notional"]', 'aria-sort'), 'ascending');
    // Keyboard: focus the header button, Enter flips the direction.
    await page.focus('#trade-table .vt-sort[data-key="notional"]');
    await page.keyboard.press('Enter');
    rows = await visibleRows(page);
    expected('notional', -1).forEach((t, k) => assert.equal(rows[k].cells[7], Math.round(t.notional).toLocaleString('en-US')));
    assert.equal(await page.getAttribute('#trade-table .vt-th[data-key="notional"]', 'aria-sort'), 'descending');
    // Tab to the next header and press Space: sorts by that column (Quantity? no: Price).
    await page.focus('#trade-table .vt-sort[data-key="ticker"]');
    await page.keyboard.press('Space');
    rows = await visibleRows(page);
    expected('ticker', 1).forEach((t, k) => assert.equal(rows[k].cells[1], t.ticker));
    const focused = await page.evaluate('document.activeElement && document.activeElement.dataset.key');
    assert.equal(focused, 'ticker', 'focus stays on the header');
    noProblems(problems);
    await page.close();
  });

  test('theme variables drive the colours (changing --vscode-charts-blue recolours the chart)', async () => {
    const { page, problems } = await openPanel(results, { theme: 'dark' });
    await page.waitForSelector('#equity-chart canvas');
    assert.equal(await inkPixels(page, 'equity-chart', [255, 0, 0]), 0, 'no pure red before');
    const bgBefore = await page.evaluate('getComputedStyle(document.body).backgroundColor');
    assert.equal(bgBefore, 'rgb(31, 31, 31)');
    await page.evaluate(`document.documentElement.style.setProperty('--vscode-charts-blue', '#ff0000');
      document.documentElement.style.setProperty('--vscode-editor-background', '#102030');`);
    await until(page, `(() => { const c = document.querySelector('#equity-chart canvas'); return !!c; })()`);
    await page.waitForTimeout(150);
    assert.ok((await inkPixels(page, 'equity-chart', [255, 0, 0])) > 300, 'hedged-book line is now red');
    assert.equal(await page.evaluate('getComputedStyle(document.body).backgroundColor'), 'rgb(16, 32, 48)');
    noProblems(problems);
    await page.close();
  });

  test('hostile ticker and sector names show as text and nothing executes', async () => {
    for (const open of [() => openPanel(hostile, { ui: { tab: 'trades' } }), () => openReport(hostile)]) {
      const { page, problems } = await open();
      if (!(await page.$('vscode-tab-panel[data-tab="trades"] .view'))) await tab(page, 'trades');
      await page.click('#all-trades');
      await page.locator('#filter-ticker input').fill('<img');
      await until(page, `document.querySelector('#trade-table .vt-row[data-row="0"] .vt-cell:nth-child(2)')?.textContent === ${JSON.stringify(HOSTILE_TICKER)}`);
      const rows = await visibleRows(page);
      assert.ok(rows.every((r) => r.cells[1] === HOSTILE_TICKER && r.cells[2] === HOSTILE_SECTOR));
      await tab(page, 'exposures');
      assert.match((await page.textContent('#exposure-chart .u-title'))!, /^<script>window\.__pwned=1<\/script>Tech exposure/);
      assert.equal(await page.textContent('#sector-summary tbody tr:first-child th'), HOSTILE_SECTOR);
      await tab(page, 'warnings');
      assert.ok((await page.textContent('vscode-tab-panel[data-tab="warnings"]'))!.includes(`${HOSTILE_TICKER} price carried forward in sector ${HOSTILE_SECTOR}`));
      await tab(page, 'positions');
      assert.ok((await page.textContent('#positions-table'))!.includes(HOSTILE_TICKER));
      assert.equal(await page.evaluate('window.__pwned'), undefined);
      assert.equal(await page.evaluate(`document.querySelectorAll('img, body script:not([nonce]):not([type])').length`), 0);
      noProblems(problems);
      await page.close();
    }
  });

  test('a U+202E or a terminal escape in a warning and a ticker is shown as a visible escape, never applied (panel and report)', async () => {
    const evil = 'EV\u001b[31mIL\u202eTXT';
    const data = structuredClone(results) as ResultsJson;
    data.warnings = [...data.warnings, { code: 'unknown-ticker', ticker: evil, message: `signals for ${evil}, which has no column in prices.csv; ignored.` }];
    data.trades = data.trades.map((t, i) => (i === 0 ? { ...t, ticker: evil } : t));
    for (const open of [() => openPanel(data, { ui: { tab: 'warnings' } }), () => openReport(data)]) {
      const { page, problems } = await open();
      if (!(await page.$('vscode-tab-panel[data-tab="warnings"] .view'))) await tab(page, 'warnings');
      const text = (await page.textContent('vscode-tab-panel[data-tab="warnings"]'))!;
      assert.ok(text.includes('signals for EV\\u001B[31mIL\\u202ETXT, which has no column'), text.slice(0, 400));
      assert.ok(!text.includes('\u001b') && !text.includes('\u202e'), 'a raw control or bidi character reached the warnings tab');
      await tab(page, 'trades');
      await page.click('#all-trades');
      const all = (await page.textContent('#trade-table'))!;
      assert.ok(!all.includes('\u001b') && !all.includes('\u202e'), 'a raw control or bidi character reached the trades table');
      noProblems(problems);
      await page.close();
    }
  });

  test('100,000 hedge trades: only a window of rows is in the DOM, scrolling shows the right rows', async () => {
    const big = generateResults({ extraHedgeTrades: 100_000, omitPositions: true, days: 260 });
    const { page, problems } = await openPanel(big, { ui: { tab: 'trades' } });
    await page.waitForSelector('#trade-table .vt-row[data-row="0"]');
    const hedge = big.trades.filter((t) => t.reason === 'sector_hedge' || t.reason === 'beta_hedge');
    assert.ok(hedge.length > 100_000);
    assert.equal(await page.getAttribute('#trade-table [role=grid]', 'aria-rowcount'), String(hedge.length + 1));
    const inDom = await page.$$eval('#trade-table .vt-spacer .vt-row', (r) => r.length);
    assert.ok(inDom > 10 && inDom < 80, `rows in DOM: ${inDom}`);
    await page.evaluate(`document.querySelector('#trade-table .vt-scroll').scrollTop = 1e9`);
    await until(page, `!!document.querySelector('#trade-table .vt-row[data-row="${hedge.length - 1}"]')`);
    const rows = await visibleRows(page);
    const last = rows.at(-1)!;
    assert.equal(last.row, hedge.length - 1);
    assert.equal(last.cells[0], hedge.at(-1)!.date);
    assert.equal(last.cells[1], hedge.at(-1)!.ticker);
    assert.ok(rows.length < 80);
    // Keyboard: the table body is focusable (arrow keys / PageUp scroll it).
    await page.focus('#trade-table .vt-scroll');
    await page.keyboard.press('Home');
    await until(page, `!!document.querySelector('#trade-table .vt-row[data-row="0"]')`);
    const posTab = await page.textContent('vscode-tab-panel[data-tab="positions"]');
    assert.equal(posTab, '', 'other tabs are not built until shown');
    noProblems(problems);
    await page.close();
  });

  test('positions on a chosen date; state restored across hide/show', async () => {
    const date = results.dates[100];
    const { page, problems } = await openPanel(results, { vsState: { ui: { tab: 'positions', date, sector: 'Energy', filters: { ticker: 'XL', sector: '', reason: '' } } } });
    await page.waitForSelector('#positions-table');
    assert.equal(await page.inputValue('#position-date'), date);
    const snap = results.positions!.find((p) => p.date === date)!;
    assert.equal(await page.$$eval('#positions-table tbody tr', (r) => r.length), snap.rows.length);
    assert.match((await page.textContent('#exposures-on-date caption'))!, new RegExp(date));
    // A weekend date snaps to the previous trading day.
    const saturday = '2022-06-04';
    await page.fill('#position-date', saturday);
    await page.dispatchEvent('#position-date', 'change');
    assert.equal(await page.inputValue('#position-date'), '2022-06-03');
    await page.click('#next-day');
    assert.equal(await page.inputValue('#position-date'), '2022-06-06');
    // Restored state: sector and filters from getState.
    await tab(page, 'exposures');
    assert.match((await page.textContent('#exposure-chart .u-title'))!, /^Energy exposure/);
    await tab(page, 'trades');
    assert.equal(await page.locator('#filter-ticker input').inputValue(), 'XL');
    const states = await page.evaluate('window.__states') as { ui: { tab: string; date: string } }[];
    assert.equal(states.at(-1)!.ui.tab, 'trades');
    assert.equal(states.at(-1)!.ui.date, '2022-06-06');
    // Double-clicking a trade row opens Positions on its date.
    await page.dblclick('#trade-table .vt-row[data-row="0"] .vt-cell');
    await page.waitForSelector('vscode-tab-panel[data-tab="positions"]:not([hidden])');
    const firstXl = results.trades.filter((t) => (t.reason === 'sector_hedge' || t.reason === 'beta_hedge') && t.ticker.includes('XL'))[0];
    assert.equal(await page.inputValue('#position-date'), firstXl.date);
    noProblems(problems);
    await page.close();
  });

  test('panel: waits for a results message, then shows it; bad data shows an error, not a crash', async () => {
    const { page, problems } = await openPanel(null);
    assert.match((await page.textContent('#app'))!, /No results yet/);
    await page.evaluate(`window.postMessage({ type: 'results', data: ${JSON.stringify({ schemaVersion: 1, meta: {} })} }, '*')`);
    await page.waitForSelector('.placeholder.error');
    assert.match((await page.textContent('.placeholder.error'))!, /results\.metrics is missing/);
    await page.evaluate(`window.postMessage({ type: 'results', data: ${JSON.stringify(results)} }, '*')`);
    await page.waitForSelector('#equity-chart canvas');
    assert.equal(await page.textContent('#run-title'), results.meta.name);
    noProblems(problems);
    await page.close();
  });

  test('panel: shows compact-encoded results, as the extension sends and embeds them', async () => {
    // As a `results` message (what ResultsPanel.show posts) ...
    const { page, problems } = await openPanel(null);
    await page.evaluate(`window.postMessage(${JSON.stringify({ type: 'results', encoding: 'compact', data: encodeResults(results) })}, '*')`);
    await page.waitForSelector('#equity-chart canvas');
    assert.equal(await page.textContent('#run-title'), results.meta.name);
    await tab(page, 'trades');
    const firstHedge = results.trades.find((t) => t.reason === 'sector_hedge' || t.reason === 'beta_hedge')!;
    assert.equal(await page.textContent('#trade-table .vt-row[data-row="0"] .vt-cell'), firstHedge.date);
    // ... a broken encoding is an error in the panel, not a crash ...
    await page.evaluate(`window.postMessage({ type: 'results', encoding: 'compact', data: { format: 'compact-results-1', rest: {} } }, '*')`);
    await page.waitForSelector('.placeholder.error');
    noProblems(problems);
    await page.close();
    // ... and embedded in the panel's HTML (first show, or restored after a reload).
    const embedded = await openPanel(encodeResults(results) as never);
    await embedded.page.waitForSelector('#equity-chart canvas');
    assert.equal(await embedded.page.textContent('#run-title'), results.meta.name);
    assert.equal(await embedded.page.title(), `Backtest: ${results.meta.name}`);
    noProblems(embedded.problems);
    await embedded.page.close();
  });

  test('compare view: runs side by side with costs and tracking error', async () => {
    const cmp = generateCompare();
    const { page, problems } = await openPanel(null, { theme: 'dark' });
    await page.evaluate(`window.postMessage({ type: 'compare', data: ${JSON.stringify(cmp)} }, '*')`);
    await page.waitForSelector('#compare-table');
    const heads = await page.$$eval('#compare-table thead th', (els) => els.map((e) => e.textContent));
    assert.deepEqual(heads, ['Metric', 'ETF', 'Proportional']);
    const rowText = await page.$$eval('#compare-table tbody th', (els) => els.map((e) => e.textContent));
    for (const r of ['Sharpe', 'Costs: hedges', 'Costs: total', 'Tracking error vs ETF', 'Exposure error']) assert.ok(rowText.includes(r), r);
    const costs = await page.$$eval('#compare-table tbody tr', (trs) => trs.find((tr) => tr.querySelector('th')?.textContent === 'Costs: total')!.textContent);
    assert.ok(costs!.includes(Math.round(cmp.runs[1].results.metrics.totalCosts.total).toLocaleString('en-US')));
    assert.deepEqual(await legend(page, 'compare-chart'), ['Date', 'ETF', 'Proportional']);
    assert.ok((await inkPixels(page, 'compare-chart')) > 1000);
    await page.screenshot({ path: path.join(SHOTS, 'panel-dark-compare.png'), fullPage: true });
    // Opening a run shows it in the detail tabs.
    await page.click('#compare-table thead button:text("Proportional")');
    await page.waitForSelector('vscode-tab-panel[data-tab="overview"] .view');
    assert.match((await page.textContent('#run-meta'))!, /Details below for: Proportional/);
    noProblems(problems);
    await page.close();
  });

  test('report: Export CSV downloads the filtered trades; positions export too', async () => {
    const { page, problems } = await openReport(results);
    await tab(page, 'trades');
    await page.locator('#filter-ticker input').fill('XLF');
    await until(page, `document.querySelector('#trade-count').textContent.startsWith('${results.trades.filter((t) => t.ticker === 'XLF').length} of')`);
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
    assert.match(dl.suggestedFilename(), /^Neutral-ETF-hedge-hedge-trades\.csv$/);
    const { readFileSync } = await import('node:fs');
    const csv = readFileSync((await dl.path())!, 'utf8').trimEnd().split('\n');
    assert.equal(csv.length - 1, results.trades.filter((t) => t.ticker === 'XLF').length);
    assert.ok(csv.slice(1).every((l) => l.split(',')[1] === 'XLF'));
    await tab(page, 'positions');
    const [dl2] = await Promise.all([page.waitForEvent('download'), page.click('#export-positions')]);
    const last = results.positions!.at(-1)!;
    assert.equal(dl2.suggestedFilename(), `positions-${last.date}.csv`);
    assert.equal(readFileSync((await dl2.path())!, 'utf8').trimEnd().split('\n').length - 1, last.rows.length);
    noProblems(problems);
    await page.close();
  });

  const sampleConfig = path.join(ROOT, 'sample_data/configs/neutral-etf.backtest.jsonc');
  test('real engine output (sample neutral-etf config) renders in the report', { skip: existsSync(sampleConfig) ? false : 'sample config not present yet' }, async () => {
    const engine = await import('../../engine/index.js');
    const cfg = engine.BacktestConfig.fromFile(sampleConfig);
    const dm = new engine.DataManager(cfg.resolvePath(cfg.data_dir), { pricesFile: cfg.prices_file, sectorMappingFile: cfg.sector_mapping_file });
    const real: ResultsJson = new engine.Backtester(cfg, dm).run().toJSON();
    const { page, problems } = await openReport(real, 'dark');
    await page.waitForSelector('#equity-chart canvas');
    assert.ok((await inkPixels(page, 'equity-chart')) > 2000);
    assert.equal(await page.textContent('#run-title'), real.meta.name);
    await page.screenshot({ path: path.join(SHOTS, 'report-dark-real-overview.png'), fullPage: true });
    await tab(page, 'exposures');
    await page.waitForSelector('#exposure-chart canvas');
    assert.equal(await page.$$eval('#sector-summary tbody tr', (r) => r.length), real.sectors.length);
    await page.screenshot({ path: path.join(SHOTS, 'report-dark-real-exposures.png'), fullPage: true });
    await tab(page, 'trades');
    const hedge = real.trades.filter((t) => t.reason === 'sector_hedge' || t.reason === 'beta_hedge');
    assert.equal(await page.getAttribute('#trade-table [role=grid]', 'aria-rowcount'), String(hedge.length + 1));
    await page.screenshot({ path: path.join(SHOTS, 'report-dark-real-trades.png') });
    for (const t of ['positions', 'warnings']) await tab(page, t);
    noProblems(problems);
    await page.close();
  });

  test('a compare report opens on the Compare tab, and its date axis labels each appear once', async () => {
    const cmp = generateCompare({ days: 252 });
    for (const scheme of ['light', 'dark'] as const) {
      const { page, problems } = await openReport(cmp, scheme);
      await page.waitForSelector('#compare-table');
      assert.equal(await page.evaluate(`document.getElementById('tabs').selectedIndex`), 0);
      assert.equal(await page.getAttribute('vscode-tab-header[data-tab="compare"]', 'aria-selected'), 'true');
      assert.ok(await page.isVisible('#compare-table'), 'the compare table is what the user sees first');
      assert.match((await page.textContent('#run-title'))!, /^Compare: ETF vs Proportional$/);
      await page.waitForSelector('#compare-chart canvas');
      const ticks = JSON.parse((await page.getAttribute('#compare-chart', 'data-x-ticks'))!) as string[];
      assert.ok(ticks.length >= 6, ticks.join(' '));
      assert.equal(new Set(ticks).size, ticks.length, `repeated labels: ${ticks.join(' ')}`);
      await page.screenshot({ path: path.join(SHOTS, `report-${scheme}-compare.png`), fullPage: true });
      noProblems(problems);
      await page.close();
    }
  });

  test('date axis: month labels once each over a year, day labels when zoomed in, years over a long run', async () => {
    const ticksOf = async (page: Page, id: string) => JSON.parse((await page.getAttribute(`#${id}`, 'data-x-ticks'))!) as string[];
    const { page, problems } = await openReport(generateResults({ days: 252 }));
    await page.waitForSelector('#equity-chart canvas');
    let ticks = await ticksOf(page, 'equity-chart');
    assert.equal(new Set(ticks).size, ticks.length, ticks.join(' '));
    assert.ok(ticks.length >= 6, ticks.join(' '));
    for (const t of ticks) assert.match(t, /^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)( 20\d\d)?$/, ticks.join(' '));
    // Drag-zoom to a few weeks: the axis switches to days.
    const box = (await page.$('#equity-chart .u-over'))!;
    const b = (await box.boundingBox())!;
    await page.mouse.move(b.x + b.width * 0.4, b.y + b.height / 2);
    await page.mouse.down();
    await page.mouse.move(b.x + b.width * 0.45, b.y + b.height / 2, { steps: 5 });
    await page.mouse.up();
    await until(page, `/^\\d{1,2} [A-Z][a-z]{2}/.test(JSON.parse(document.getElementById('equity-chart').dataset.xTicks)[0])`);
    ticks = await ticksOf(page, 'equity-chart');
    assert.equal(new Set(ticks).size, ticks.length, ticks.join(' '));
    noProblems(problems);
    await page.close();
    // Twenty years: year labels.
    const long = await openReport(generateResults({ days: 252 * 20, omitPositions: true }));
    await long.page.waitForSelector('#equity-chart canvas');
    ticks = await ticksOf(long.page, 'equity-chart');
    assert.ok(ticks.length >= 4 && ticks.every((t) => /^\d{4}$/.test(t)), ticks.join(' '));
    assert.equal(new Set(ticks).size, ticks.length);
    noProblems(long.problems);
    await long.page.close();
  });

  test('metric cards show their whole value at common widths (no truncation)', async () => {
    const big = generateResults();
    big.metrics.totalCosts = { stocks: 98_765_432.1, hedges: 12_345_678.9, borrow: 1_234_567, total: 112_345_678 };
    big.metrics.tradeCount = 1_234_567;
    big.metrics.hedgeTradeCount = 234_567;
    big.metrics.turnover = -123.456;
    big.series.equity = big.series.equity.map((x) => -x * 1000);
    big.series.shortValue = big.series.shortValue.map((x) => x * 1000);
    for (const width of [1400, 1200, 900, 700, 480, 360]) {
      const { page, problems } = await openPanel(big, { theme: 'light', width });
      await page.waitForSelector('.cards .card-value');
      const check = async (where: string) => {
        const bad = await page.$$eval('.card-value', (els) => els.filter((e) => e.scrollWidth > e.clientWidth || (e.textContent ?? '').includes('…'))
          .map((e) => `${e.parentElement?.getAttribute('aria-label') ?? e.previousElementSibling?.textContent}: "${e.textContent}" ${e.scrollWidth} > ${e.clientWidth}`));
        assert.deepEqual(bad, [], `${where} at ${width}px`);
      };
      await check('overview');
      const wide = await page.evaluate(`Array.from(document.querySelectorAll('body *')).filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        .slice(0, 5).map((e) => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))`) as string[];
      assert.deepEqual(wide, [], `nothing sticks out of the page at ${width}px`);
      assert.equal(await page.textContent('vscode-tab-header[data-tab="trades"]'), 'Hedge trades (234,567)');
      assert.equal(await page.textContent('.card[aria-label="Hedge trades"] .card-value'), '234,567');
      assert.equal(await page.textContent('.card[aria-label="All trades"] .card-value'), '1,234,567');
      await tab(page, 'positions');
      await page.waitForSelector('.small-cards .card-value');
      await check('positions');
      if (width === 480) await page.screenshot({ path: path.join(SHOTS, 'panel-light-narrow-positions.png'), fullPage: true });
      noProblems(problems);
      await page.close();
    }
    const { page } = await openPanel(big, { theme: 'light', width: 480 });
    await page.waitForSelector('.cards .card-value');
    await page.screenshot({ path: path.join(SHOTS, 'panel-light-narrow-overview.png'), fullPage: true });
    await page.close();
  });

  test('no "-0.0%" or "-0.00" anywhere, even for tiny negative values', async () => {
    const tiny = generateResults({ days: 120 });
    Object.assign(tiny.metrics, { totalReturn: -1.6e-5, cagr: -3.4e-5, calmarRatio: -0.0012, sharpeRatio: -0.004, sortinoRatio: -1e-9, realisedBeta: -0.00001, maxDrawdown: -0.00003, turnover: -0 });
    for (const s of tiny.sectors) s.postHedge = s.postHedge.map((x, i) => (i % 2 ? -1e-7 : x));
    tiny.beta.postHedge = tiny.beta.postHedge.map(() => -0.0001);
    tiny.series.cash = tiny.series.cash.map(() => -0.3);
    const cmp: CompareJson = { schemaVersion: 1, runs: [{ label: 'Tiny', results: tiny }, { label: 'Base', results: generateResults({ days: 120 }) }] };
    const { page, problems } = await openReport(cmp);
    const negZero = /(^|[^\w.])-0(?:\.0+)?(?![\d.])/m;
    for (const t of ['compare', 'overview', 'exposures', 'positions', 'trades', 'warnings']) {
      await tab(page, t);
      const text = await page.evaluate(`document.querySelector('vscode-tab-panel[data-tab="${t}"]').innerText`) as string;
      const m = negZero.exec(text);
      assert.equal(m, null, `${t} shows a negative zero: …${m ? text.slice(Math.max(0, m.index - 40), m.index + 20) : ''}…`);
    }
    await tab(page, 'overview');
    assert.equal(await page.textContent('.card[aria-label="Total return"] .card-value'), '0.00%');
    assert.equal(await page.textContent('.card[aria-label="Calmar"] .card-value'), '0.00');
    noProblems(problems);
    await page.close();
  });

  test('keyboard: arrow keys move the active trade row, Enter opens Positions on its date', async () => {
    const { page, problems } = await openPanel(results, { ui: { tab: 'trades' } });
    const grid = '#trade-table [role=grid]';
    await page.waitForSelector('#trade-table .vt-row[data-row="0"]');
    const hedge = results.trades.filter((t) => t.reason === 'sector_hedge' || t.reason === 'beta_hedge');
    // Reach the table body with Tab from the control before it.
    await page.focus('#export-csv');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(`document.activeElement.getAttribute('role')`), 'grid', 'Tab reaches the table body');
    const active = async () => page.evaluate(`(() => { const g = document.querySelector('${grid}'); const id = g.getAttribute('aria-activedescendant');
      const el = id && document.getElementById(id); return el ? { row: Number(el.dataset.row), cls: el.classList.contains('active'), sel: el.getAttribute('aria-selected'), date: el.children[0].textContent, ticker: el.children[1].textContent } : null; })()`) as Promise<{ row: number; cls: boolean; sel: string; date: string; ticker: string } | null>;
    let a = await active();
    assert.deepEqual(a, { row: 0, cls: true, sel: 'true', date: hedge[0].date, ticker: hedge[0].ticker });
    for (let k = 0; k < 3; k++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    a = await active();
    assert.equal(a!.row, 2);
    assert.equal(a!.date, hedge[2].date);
    assert.equal(await page.$$eval('#trade-table .vt-row.active', (r) => r.length), 1, 'exactly one row looks active');
    // PageDown moves a page and keeps the row in view; End goes to the last trade.
    await page.keyboard.press('PageDown');
    a = await active();
    assert.ok(a!.row > 10, `PageDown moved to ${a!.row}`);
    const inView = await page.evaluate(`(() => { const g = document.querySelector('${grid}'); const r = document.getElementById(g.getAttribute('aria-activedescendant')).getBoundingClientRect();
      const v = g.getBoundingClientRect(); return r.top >= v.top && r.bottom <= v.bottom; })()`);
    assert.equal(inView, true, 'the active row is scrolled into view');
    await page.keyboard.press('End');
    a = await active();
    assert.equal(a!.row, hedge.length - 1);
    assert.equal(a!.ticker, hedge.at(-1)!.ticker);
    await page.keyboard.press('Home');
    for (let k = 0; k < 5; k++) await page.keyboard.press('ArrowDown');
    a = await active();
    assert.equal(a!.row, 5);
    await page.keyboard.press('Enter');
    await page.waitForSelector('vscode-tab-panel[data-tab="positions"] #positions-table');
    assert.equal(await page.inputValue('#position-date'), hedge[5].date);
    noProblems(problems);
    await page.close();
  });

  for (const theme of ['light', 'dark', 'hc'] as const) {
    test(`screenshots: panel in the ${theme} theme`, async () => {
      const { page, problems } = await openPanel(results, { theme });
      await page.waitForSelector('#equity-chart canvas');
      await page.screenshot({ path: path.join(SHOTS, `panel-${theme}-overview.png`), fullPage: true });
      for (const t of ['exposures', 'trades', 'warnings', 'positions']) {
        await tab(page, t);
        await page.waitForTimeout(50);
        await page.screenshot({ path: path.join(SHOTS, `panel-${theme}-${t}.png`), fullPage: t !== 'positions' });
      }
      // Text must differ from the background in every theme (a basic legibility check).
      const [fg, bg] = await page.evaluate(`[getComputedStyle(document.body).color, getComputedStyle(document.body).backgroundColor]`) as string[];
      assert.notEqual(fg, bg);
      noProblems(problems);
      await page.close();
    });
  }

  test('screenshots: static report in light and dark (prefers-color-scheme)', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      const { page, problems } = await openReport(results, scheme);
      await page.waitForSelector('#equity-chart canvas');
      const bg = await page.evaluate('getComputedStyle(document.body).backgroundColor');
      assert.equal(bg, scheme === 'light' ? 'rgb(255, 255, 255)' : 'rgb(31, 31, 31)');
      await page.screenshot({ path: path.join(SHOTS, `report-${scheme}-overview.png`), fullPage: true });
      noProblems(problems);
      await page.close();
    }
  });
});

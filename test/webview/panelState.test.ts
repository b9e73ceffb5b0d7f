// The panel page and its host in headless Chromium: it waits for a results message (plain
// or compact, as the extension sends them), shows bad data as an error, and restores its
// state (tab, date, sector, filters) across hide/show.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeResults } from '../../common/compact';
import { generateResults } from '../fixtures/webview/generateResults';
import { chromiumMissing, noProblems, tab, useChromium } from './helpers';

describe('panel messages and state in chromium', { skip: chromiumMissing }, () => {
  const suite = useChromium();
  const { openPanel } = suite;
  const results = generateResults();

  test('positions on a chosen date; state restored across hide/show', async () => {
    const date = results.dates[100];
    const { page, problems } = await openPanel(results, {
      vsState: { ui: { tab: 'positions', date, sector: 'Energy', filters: { ticker: 'XL', sector: '', reason: '' } } },
    });
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
    const states = (await page.evaluate('window.__states')) as { ui: { tab: string; date: string } }[];
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
    await page.evaluate(
      `window.postMessage(${JSON.stringify({ type: 'results', encoding: 'compact', data: encodeResults(results) })}, '*')`,
    );
    await page.waitForSelector('#equity-chart canvas');
    assert.equal(await page.textContent('#run-title'), results.meta.name);
    await tab(page, 'trades');
    const firstHedge = results.trades.find((t) => t.reason === 'sector_hedge' || t.reason === 'beta_hedge')!;
    assert.equal(await page.textContent('#trade-table .vt-row[data-row="0"] .vt-cell'), firstHedge.date);
    // ... a broken encoding is an error in the panel, not a crash ...
    await page.evaluate(
      `window.postMessage({ type: 'results', encoding: 'compact', data: { format: 'compact-results-1', rest: {} } }, '*')`,
    );
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
});

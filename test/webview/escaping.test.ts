// Hostile data in headless Chromium: ticker and sector names with markup show as text and
// nothing executes; bidi and terminal control characters show as visible escapes.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ResultsJson } from '../../engine/types';
import { generateResults, HOSTILE_SECTOR, HOSTILE_TICKER } from '../fixtures/webview/generateResults';
import { chromiumMissing, noProblems, tab, until, useChromium, visibleRows } from './helpers';

describe('hostile names in the panel and the report in chromium', { skip: chromiumMissing }, () => {
  const suite = useChromium();
  const { openPanel, openReport } = suite;
  const results = generateResults();
  const hostile = generateResults({ hostile: true, seed: 7 });

  test('hostile ticker and sector names show as text and nothing executes', async () => {
    for (const open of [() => openPanel(hostile, { ui: { tab: 'trades' } }), () => openReport(hostile)]) {
      const { page, problems } = await open();
      if (!(await page.$('vscode-tab-panel[data-tab="trades"] .view'))) await tab(page, 'trades');
      await page.click('#all-trades');
      await page.locator('#filter-ticker input').fill('<img');
      await until(
        page,
        `document.querySelector('#trade-table .vt-row[data-row="0"] .vt-cell:nth-child(2)')?.textContent === ${JSON.stringify(HOSTILE_TICKER)}`,
      );
      const rows = await visibleRows(page);
      assert.ok(rows.every((r) => r.cells[1] === HOSTILE_TICKER && r.cells[2] === HOSTILE_SECTOR));
      await tab(page, 'exposures');
      assert.match((await page.textContent('#exposure-chart .u-title'))!, /^<script>window\.__pwned=1<\/script>Tech exposure/);
      assert.equal(await page.textContent('#sector-summary tbody tr:first-child th'), HOSTILE_SECTOR);
      await tab(page, 'warnings');
      assert.ok(
        (await page.textContent('vscode-tab-panel[data-tab="warnings"]'))!.includes(
          `${HOSTILE_TICKER} price carried forward in sector ${HOSTILE_SECTOR}`,
        ),
      );
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
    data.warnings = [
      ...data.warnings,
      { code: 'unknown-ticker', ticker: evil, message: `signals for ${evil}, which has no column in prices.csv; ignored.` },
    ];
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
});

// The compare view in headless Chromium: runs side by side with costs and tracking error,
// Compare Hedge Methods' three runs with the configured method first (webview/sideBySide.ts),
// opening a run's details, and a compare report opening on the Compare tab.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { CompareJson } from '../../engine/types';
import { fmtMoney, fmtRatio } from '../../common/format';
import { generateCompare, generateResults } from '../fixtures/webview/generateResults';
import { chromiumMissing, inkPixels, legend, noProblems, SHOTS, useChromium } from './helpers';

describe('compare view in chromium', { skip: chromiumMissing }, () => {
  const suite = useChromium();
  const { openPanel, openReport } = suite;

  test('compare view: runs side by side with costs and tracking error', async () => {
    const cmp = generateCompare();
    const { page, problems } = await openPanel(null, { theme: 'dark' });
    await page.evaluate(`window.postMessage({ type: 'compare', data: ${JSON.stringify(cmp)} }, '*')`);
    await page.waitForSelector('#compare-table');
    const heads = await page.$$eval('#compare-table thead th', (els) => els.map((e) => e.textContent));
    assert.deepEqual(heads, ['Metric', 'ETF', 'Proportional']);
    const rowText = await page.$$eval('#compare-table tbody th', (els) => els.map((e) => e.textContent));
    for (const r of ['Sharpe', 'Costs: hedges', 'Costs: total', 'Tracking error vs ETF', 'Exposure error'])
      assert.ok(rowText.includes(r), r);
    const costs = await page.$$eval(
      '#compare-table tbody tr',
      (trs) => trs.find((tr) => tr.querySelector('th')?.textContent === 'Costs: total')!.textContent,
    );
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

  test('Compare Hedge Methods: its three methods side by side, the configured one first, equity overlaid in that order', async () => {
    // The job's order (jobs/job.ts COMPARE_VARIANTS): No hedge, Proportional, ETF; the config uses ETF.
    const two = generateCompare();
    const cmp: CompareJson = {
      schemaVersion: 1,
      runs: [{ label: 'No hedge', results: generateResults({ seed: 7 }) }, two.runs[1], two.runs[0]],
      configured: 'ETF',
    };
    for (const theme of ['dark', 'light', 'hc'] as const) {
      const { page, problems } = await openPanel(cmp, { theme, waitFor: '#compare-table' });
      const heads = await page.$$eval('#compare-table thead th', (els) => els.map((e) => (e as HTMLElement).dataset.run ?? e.textContent));
      assert.deepEqual(heads, ['Metric', 'ETF', 'No hedge', 'Proportional'], 'the configured method first, the others in the job order');
      assert.equal(await page.getAttribute('#compare-table thead th.configured', 'data-run'), 'ETF');
      assert.match((await page.textContent('#compare-table caption'))!, /^3 runs side by side \(ETF is the method your config uses\)$/);
      const row = (label: string) =>
        page.$$eval(
          '#compare-table tbody tr',
          (trs, l) =>
            Array.from(trs.find((tr) => tr.querySelector('th')?.textContent === l)!.querySelectorAll('td'), (td) => td.textContent),
          label,
        );
      const byColumn = [cmp.runs[2], cmp.runs[0], cmp.runs[1]].map((r) => r.results.metrics);
      assert.deepEqual(
        await row('Sharpe'),
        byColumn.map((m) => fmtRatio(m.sharpeRatio)),
      );
      assert.deepEqual(
        await row('Costs: total'),
        byColumn.map((m) => fmtMoney(m.totalCosts.total)),
      );
      // Tracking error is measured against the first column, the configured method.
      const te = await row('Tracking error vs ETF');
      assert.equal(te[0], '—');
      assert.match(te[1]!, /^\d+\.\d\d%$/);
      assert.deepEqual(await legend(page, 'compare-chart'), ['Date', 'ETF', 'No hedge', 'Proportional']);
      assert.ok((await inkPixels(page, 'compare-chart')) > 1000);
      // The details open on the configured method; a heading opens the run it names.
      assert.match((await page.textContent('#run-meta'))!, /^Details below for: ETF /);
      await page.screenshot({ path: path.join(SHOTS, `panel-${theme}-compare-three.png`), fullPage: true });
      await page.click('#compare-table thead button:text("No hedge")');
      await page.waitForSelector('vscode-tab-panel[data-tab="overview"] .view');
      assert.match((await page.textContent('#run-meta'))!, /Details below for: No hedge/);
      noProblems(problems);
      await page.close();
    }
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
});

// Workbench UI steps: Compare Hedge Methods, its status bar progress, maximise/restore and a
// window reload.
import assert from 'node:assert/strict';
import path from 'node:path';
import { runCommandMatching, runFromPalette, watchStatusBar } from './helpers.mjs';

/** @param t the shared context built by runWorkbenchTests (workbench.mjs) */
export function compareSteps(t) {
  const { page, panel, focusConfig, waitText, shots, log } = t;
  return [
    [
      'Compare Hedge Methods shows ETF (configured, first), no hedge and proportional side by side',
      async () => {
        await page.locator('.tabs-container .tab').filter({ hasText: 'neutral-etf.backtest.jsonc' }).click();
        // The panel may already show a comparison (the theme step ran some): wait for this one's header.
        const sourceBefore = await panel()
          .locator('#run-source')
          .innerText()
          .catch(() => '');
        await watchStatusBar(page, /^(Compare|Backtest) \d+%/);
        await runFromPalette(page, 'Backtest: Compare Hedge Methods', shots, '07-compare-palette.png');
        const item = page
          .locator('.statusbar-item')
          .filter({ hasText: /Compare \d+%/ })
          .first();
        if (await item.isVisible({ timeout: 3_000 }).catch(() => false))
          await page.screenshot({ path: path.join(shots, '07b-status-bar-progress.png') });
        const heads = panel().locator('#compare-table thead th');
        await waitText(
          'this comparison in the panel',
          () => panel().locator('#run-source').innerText(),
          (t) => t && t !== sourceBefore,
          120_000,
        );
        await panel().locator('#compare-table').waitFor({ timeout: 120_000 });
        const labels = (await heads.allInnerTexts()).map((t) => t.trim());
        const rows = await panel()
          .locator('#compare-table tbody tr')
          .evaluateAll((trs) => trs.map((tr) => Array.from(tr.children).map((c) => c.textContent.trim())));
        log(`  compare columns: ${labels.join(' | ')}; ${rows.length} metric rows`);
        await page.mouse.move(5, 5);
        await page.screenshot({ path: path.join(shots, '08-compare.png') });
        // The configured method (ETF) is the first column, then the others in the job's order.
        assert.deepEqual(
          labels.slice(1).map((l) => l.replace(/\s*configured$/, '')),
          ['ETF', 'No hedge', 'Proportional'],
        );
        assert.ok(rows.length >= 5 && rows.every((r) => r.length === 4), 'each metric has a value per run');
        assert.match(labels[1], /configured/, 'the configured method (ETF) is marked');
        const seen = await page.evaluate(() => window.__statusSeen);
        log(`  status bar during compare: ${seen.join(' | ')}`);
        assert.ok(
          seen.some((t) => /^Compare \d+% · (No hedge|Proportional|ETF) \([123]\/3\)$/.test(t)),
          `status bar shows percentage and stage: ${seen.join(' | ')}`,
        );
        assert.equal(
          await page
            .locator('.statusbar-item')
            .filter({ hasText: /Compare \d+%/ })
            .count(),
          0,
          'the item is gone after the run',
        );
      },
    ],
    [
      'after Compare, maximising and restoring keeps the comparison (its Compare tab)',
      async () => {
        await focusConfig();
        await runCommandMatching(page, 'maximize editor group', /Toggle Maximi[sz]ed? Editor Group/i);
        await page.waitForTimeout(800);
        await runCommandMatching(page, 'maximize editor group', /Toggle Maximi[sz]ed? Editor Group/i);
        await panel().locator('#compare-table').waitFor({ timeout: 30_000 });
        assert.equal(await panel().locator('vscode-tab-header[data-tab="compare"]').count(), 1, 'the Compare tab is still there');
        assert.match(await panel().locator('#run-meta').innerText(), /^Details below for: ETF /, 'details on the configured method');
        await page.mouse.move(5, 5);
        await page.screenshot({ path: path.join(shots, '08b-compare-after-maximise.png') });
      },
    ],
    [
      'after a window reload the results panel is restored with the same results',
      async () => {
        await page.evaluate(() => {
          window.__beforeReload = true;
        });
        await runFromPalette(page, 'Developer: Reload Window', shots, '12-reload-palette.png');
        await page.waitForFunction(() => !window.__beforeReload, null, { timeout: 60_000 });
        await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
        await panel().locator('#compare-table').waitFor({ timeout: 120_000 });
        const labels = (await panel().locator('#compare-table thead th').allInnerTexts()).map((t) =>
          t.trim().replace(/\s*configured$/, ''),
        );
        await page.mouse.move(5, 5);
        await page.screenshot({ path: path.join(shots, '13-restored-after-reload.png') });
        assert.deepEqual(labels.slice(1), ['ETF', 'No hedge', 'Proportional']);
      },
    ],
  ];
}

// Workbench UI steps: the panel never shows stale numbers (changed key, hide/show, maximise,
// move, failed re-run) and follows every theme.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  explorerRow,
  quickInputSettled,
  runCommandMatching,
  runFromPalette,
  setColorTheme,
  watchStatusBar,
  webviewTheme,
} from './helpers.mjs';

/** @param t the shared context built by runWorkbenchTests (workbench.mjs) */
export function panelSteps(t) {
  const {
    page,
    state,
    panel,
    configFile,
    originalConfig,
    totalReturn,
    focusConfig,
    panelTab,
    waitText,
    openWalkthrough,
    reopenConfig,
    shots,
    log,
  } = t;
  return [
    [
      'a changed key marks the panel stale; re-running shows the new numbers and which run it is',
      async () => {
        await panel().locator('vscode-tab-header[data-tab="overview"]').click();
        state.first = await totalReturn();
        state.firstSource = await panel().locator('#run-source').innerText();
        assert.match(
          state.firstSource,
          /Config: sample_data\/configs\/neutral-etf\.backtest\.jsonc · run at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d/,
        );
        // Change sector_hedge_tolerance on disk: the open editor reloads it, the panel says "stale".
        writeFileSync(configFile, originalConfig.replace('"sector_hedge_tolerance": 0.02', '"sector_hedge_tolerance": 0.005'));
        await panel().locator('#banner-stale').waitFor({ timeout: 30_000 });
        assert.match(await panel().locator('#banner-stale').innerText(), /neutral-etf\.backtest\.jsonc has changed since this run/);
        assert.equal(await totalReturn(), state.first, 'a stale panel keeps the numbers of the run it says it shows');
        await page.mouse.move(5, 5);
        await page.screenshot({ path: path.join(shots, '05b-stale-banner.png') });
        await focusConfig();
        await runFromPalette(page, 'Backtest: Run Backtest', shots, '05c-rerun-palette.png');
        state.second = await waitText('new numbers', totalReturn, (t) => t && t !== state.first, 120_000);
        await panel().locator('#banner-stale').waitFor({ state: 'detached', timeout: 30_000 });
        const src = await panel().locator('#run-source').innerText();
        log(`  total return: ${state.first} -> ${state.second} after changing the tolerance; ${src}`);
        assert.notEqual(src, state.firstSource, 'the header names the new run');
        state.secondSource = src;
        await page.screenshot({ path: path.join(shots, '05d-rerun-latest.png') });
      },
    ],
    [
      'hiding and showing the panel (another editor in its group) keeps the latest numbers',
      async () => {
        // With the panel's group active, open a file from the explorer: it replaces the panel in that group.
        await panelTab().click();
        await explorerRow(page, 'README.md').click();
        await page.locator('.tabs-container .tab.active').filter({ hasText: 'README.md' }).waitFor({ timeout: 15_000 });
        assert.equal(
          await page
            .locator('.tabs-container .tab.active')
            .filter({ hasText: /^Backtest: / })
            .count(),
          0,
          'the panel is hidden behind README.md in its group',
        );
        await page.screenshot({ path: path.join(shots, '05e-panel-hidden.png') });
        await panelTab().click();
        const shown = await waitText('the panel again', totalReturn, (t) => !!t, 30_000);
        await page.mouse.move(5, 5);
        await page.screenshot({ path: path.join(shots, '05f-panel-shown-again.png') });
        assert.equal(
          shown,
          state.second,
          `after hide/show the panel shows the latest run (${state.second}), not the first (${state.first})`,
        );
      },
    ],
    [
      "maximising and restoring the config's group keeps the latest numbers",
      async () => {
        await focusConfig();
        await runCommandMatching(page, 'maximize editor group', /Toggle Maximi[sz]ed? Editor Group/i, shots, '05g-maximise-palette.png');
        await page.waitForTimeout(800);
        await page.screenshot({ path: path.join(shots, '05h-maximised.png') });
        await runCommandMatching(page, 'maximize editor group', /Toggle Maximi[sz]ed? Editor Group/i);
        const shown = await waitText('the panel after restore', totalReturn, (t) => !!t, 30_000);
        await page.mouse.move(5, 5);
        await page.screenshot({ path: path.join(shots, '05i-restored.png') });
        assert.equal(shown, state.second);
      },
    ],
    [
      'moving the panel to another editor group (and back) keeps the latest numbers and its run header',
      async () => {
        const groups = page.locator('.editor-group-container');
        const panelGroup = async () => {
          const n = await groups.count();
          for (let i = 0; i < n; i++)
            if (
              await groups
                .nth(i)
                .locator('.tabs-container .tab')
                .filter({ hasText: /^Backtest: / })
                .count()
            )
              return i;
          return -1;
        };
        await panelTab().click();
        const before = await panelGroup();
        assert.ok(before > 0, `the panel opened beside the config (group ${before} of ${await groups.count()})`);
        await runCommandMatching(page, 'move editor into left group', /Move Editor into Left Group/i, shots, '05l-move-palette.png');
        await waitText('the panel in the left group', panelGroup, (g) => g === before - 1, 15_000);
        const moved = await waitText('the numbers after the move', totalReturn, (t) => !!t, 30_000);
        const movedSource = await panel().locator('#run-source').innerText();
        await page.mouse.move(5, 5);
        await page.screenshot({ path: path.join(shots, '05m-moved-left.png') });
        log(`  after moving to group ${before - 1}: ${moved}; ${movedSource}`);
        assert.equal(moved, state.second, `the moved panel shows the latest run (${state.second}), not the first (${state.first})`);
        assert.equal(movedSource, state.secondSource, 'the header still names the latest run');
        assert.equal(await panel().locator('#banner-stale').count(), 0, 'no stale banner: the config is as that run used it');
        // And back to a group on the right (a new one when the left move closed the empty group).
        await panelTab().click();
        await runCommandMatching(page, 'move editor into right group', /Move Editor into Right Group/i);
        await waitText('the panel in the right group', panelGroup, (g) => g >= before, 15_000);
        const back = await waitText('the numbers after moving back', totalReturn, (t) => !!t, 30_000);
        assert.equal(back, state.second);
        assert.equal(await panel().locator('#run-source').innerText(), state.secondSource);
        await page.mouse.move(5, 5);
        await page.screenshot({ path: path.join(shots, '05n-moved-back.png') });
      },
    ],
    [
      'a failed re-run keeps the numbers and says the last run failed',
      async () => {
        writeFileSync(
          configFile,
          originalConfig
            .replace('"sector_hedge_tolerance": 0.02', '"sector_hedge_tolerance": 0.005')
            .replace('"../signals.csv"', '"../missing-signals.csv"'),
        );
        await focusConfig();
        await runFromPalette(page, 'Backtest: Run Backtest', shots, '05j-failing-run-palette.png');
        await panel().locator('#banner-failed').waitFor({ timeout: 60_000 });
        const banner = await panel().locator('#banner-failed').innerText();
        await page.mouse.move(5, 5);
        await page.screenshot({ path: path.join(shots, '05k-last-run-failed.png') });
        assert.match(banner, /The last run failed/);
        assert.equal(await totalReturn(), state.second, 'the earlier numbers stay, labelled');
        writeFileSync(configFile, originalConfig);
        await focusConfig();
      },
    ],
    [
      'the panel follows the workbench theme (dark)',
      async () => {
        const bg = () =>
          panel()
            .locator('body')
            .evaluate((b) => window.getComputedStyle(b).backgroundColor);
        const light = await bg();
        await setColorTheme(page, 'Dark Modern', 'vs-dark', shots, '06b-theme-palette.png');
        // Not a fixed pause: the panel's colours arrive after the workbench's own (later under load).
        const lag = await webviewTheme(panel(), 'vs-dark');
        await panel().locator('vscode-tab-header[data-tab="overview"]').click();
        const dark = await bg();
        await page.mouse.move(5, 5);
        await page.screenshot({ path: path.join(shots, '06c-results-panel-dark.png') });
        log(`  panel background: light ${light} -> dark ${dark} (the panel took the theme ${lag} ms after the workbench)`);
        assert.notEqual(dark, light, 'the panel background follows the theme');
        const [r, g, b] = dark.match(/\d+/g).map(Number);
        assert.ok(r + g + b < 3 * 100, `a dark background: ${dark}`);
      },
    ],
    [
      'in every theme (light, dark, high contrast, high contrast light): panel, run progress, walkthrough, New Backtest Config',
      async () => {
        const themes = [
          ['Light Modern', 'vs', 'light'],
          ['Dark Modern', 'vs-dark', 'dark'],
          ['Dark High Contrast', 'hc-black', 'hc'],
          ['Light High Contrast', 'hc-light', 'hc-light'],
        ];
        const bgs = {};
        const lags = {};
        for (const [name, cls, slug] of themes) {
          await setColorTheme(page, name, cls, shots);
          lags[slug] = await webviewTheme(panel(), cls);
          await panel().locator('vscode-tab-header[data-tab="overview"]').click();
          bgs[slug] = await panel()
            .locator('body')
            .evaluate((b) => window.getComputedStyle(b).backgroundColor);
          await page.mouse.move(5, 5);
          await page.screenshot({ path: path.join(shots, `theme-${slug}-1-panel.png`) });
          // The status bar item while a comparison runs (percentage and stage; click cancels).
          await focusConfig();
          await watchStatusBar(page, /^(Compare|Backtest) \d+%/);
          await runFromPalette(page, 'Backtest: Compare Hedge Methods', shots, `theme-${slug}-palette.png`);
          const item = page
            .locator('.statusbar-item')
            .filter({ hasText: /Compare \d+%/ })
            .first();
          // A comparison takes a second or two: shoot as soon as the item shows.
          if (
            await item.waitFor({ timeout: 30_000 }).then(
              () => true,
              () => false,
            )
          )
            await page.screenshot({ path: path.join(shots, `theme-${slug}-2-status-bar-progress.png`) });
          else log(`  ${slug}: the comparison finished before the status bar item could be shot`);
          await item.waitFor({ state: 'detached', timeout: 120_000 });
          await panel().locator('#compare-table').waitFor({ timeout: 60_000 });
          // The walkthrough (its tab in the config's group).
          await openWalkthrough();
          await page.waitForTimeout(300);
          await page.screenshot({ path: path.join(shots, `theme-${slug}-3-walkthrough.png`) });
          // The New Backtest Config picker: the workspace's own data first, then the guide's examples.
          await runFromPalette(page, 'Backtest: New Backtest Config', shots, `theme-${slug}-newconfig-palette.png`);
          const own = page
            .locator('.quick-input-widget .monaco-list-row')
            .filter({ hasText: /Your data:/ })
            .first();
          await own.waitFor({ timeout: 15_000 });
          await quickInputSettled(page);
          await page.screenshot({ path: path.join(shots, `theme-${slug}-4-new-config-picker.png`) });
          const rows = await page.locator('.quick-input-widget .monaco-list-row').allInnerTexts();
          assert.match(rows[0], /Your data: sample_data/, `own data first: ${rows[0]}`);
          assert.ok(rows.length >= 3, `the guide's examples follow (${rows.length} rows)`);
          await page.keyboard.press('Escape');
          await reopenConfig();
        }
        log(`  panel backgrounds: ${JSON.stringify(bgs)}; ms the panel took to follow: ${JSON.stringify(lags)}`);
        assert.equal(bgs.hc, 'rgb(0, 0, 0)', 'High Contrast: black panel');
        assert.equal(bgs['hc-light'], 'rgb(255, 255, 255)', 'High Contrast Light: white panel');
        assert.notEqual(bgs.dark, bgs.light);
        await setColorTheme(page, 'Dark Modern', 'vs-dark', shots);
      },
    ],
  ];
}

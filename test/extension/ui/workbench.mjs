// Workbench UI tests: a user's path through the real VS Code web workbench with the
// packaged extension installed. Driven by scripts/test-vscode-local.mjs, which starts the
// server and Chromium; each step saves a screenshot in `shots`.
/* global MutationObserver */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

// Explorer rows carry the file name as their aria-label.
const explorerRow = (page, name) => page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${name}"]`).first();

async function openFromExplorer(page, segments) {
  for (const [i, name] of segments.entries()) {
    const row = explorerRow(page, name);
    await row.waitFor({ state: 'visible', timeout: 30_000 });
    const expanded = await row.getAttribute('aria-expanded');
    if (i < segments.length - 1 && expanded === 'true') continue;
    await row.click();
  }
  const file = segments[segments.length - 1];
  await page.locator(`.tabs-container .tab.active:has-text("${file}")`).waitFor({ timeout: 30_000 });
}

/** Errors and warnings from the status bar's problems item (its aria-label, e.g. "Errors: 1, Warnings: 1"). */
async function problemsCount(page) {
  const item = page.locator('[id="status.problems"]');
  await item.waitFor({ timeout: 10_000 });
  const label = (await item.getAttribute('aria-label')) ?? (await item.innerText());
  // A kind with no problems is left out of the label ("Warnings: 1" means no errors).
  const errors = Number(/Errors?:\s*(\d+)/i.exec(label)?.[1] ?? 0);
  const warnings = Number(/Warnings?:\s*(\d+)/i.exec(label)?.[1] ?? 0);
  return { errors, warnings, label };
}

async function runFromPalette(page, title, shots, shot) {
  await page
    .locator('.monaco-editor textarea')
    .first()
    .focus()
    .catch(() => undefined);
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`>${title}`);
  // The row whose label is exactly the command ("Color Theme", not "Browse Color Themes").
  const exact = new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  const item = page
    .locator('.quick-input-widget .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: exact }) })
    .first();
  await item.waitFor({ timeout: 10_000 });
  await page.screenshot({ path: path.join(shots, shot) });
  await item.click();
}

/** Runs the first palette command whose label matches `label` (a RegExp), after typing `query`. */
async function runCommandMatching(page, query, label, shots, shot) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`>${query}`);
  const item = page
    .locator('.quick-input-widget .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: label }) })
    .first();
  await item.waitFor({ timeout: 10_000 });
  if (shot) await page.screenshot({ path: path.join(shots, shot) });
  await item.click();
}

/** Records every status bar text matching `re` from now on (a run may be over in a second). */
async function watchStatusBar(page, re) {
  await page.evaluate((src) => {
    const re = new RegExp(src);
    window.__statusSeen = [];
    const bar = document.querySelector('.part.statusbar');
    const scan = () => {
      for (const el of bar.querySelectorAll('.statusbar-item')) {
        const t = el.textContent.trim();
        if (re.test(t) && window.__statusSeen.at(-1) !== t) window.__statusSeen.push(t);
      }
    };
    window.__statusObserver?.disconnect();
    window.__statusObserver = new MutationObserver(scan);
    window.__statusObserver.observe(bar, { subtree: true, childList: true, characterData: true, attributes: true });
  }, re.source);
}

/** The walkthrough's step element (its aria-checked says whether it is complete). */
const walkthroughStep = (page, id) => page.locator(`.getting-started-step[data-step-id$="#${id}"]`).first();

/** Picks a colour theme by its exact name and waits for the workbench's theme class. */
async function setColorTheme(page, name, cls, shots, shot) {
  await runFromPalette(page, 'Preferences: Color Theme', shots, shot ?? `theme-palette-${cls}.png`);
  const input = page.locator('.quick-input-widget input');
  await input.fill(name);
  await page
    .locator('.quick-input-widget .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${name}$`) }) })
    .first()
    .waitFor({ timeout: 10_000 });
  await input.press('Enter');
  await page.waitForFunction((c) => document.querySelector('.monaco-workbench')?.classList.contains(c), cls, { timeout: 15_000 });
  await page.waitForTimeout(400);
}

export async function runWorkbenchTests({ browser, url, ws, shots, log }) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const consoleErrors = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  const state = {};
  // The results panel's webview (the walkthrough's markdown is another webview: pick ours by its extension id).
  const panel = () =>
    page.frameLocator('iframe.webview.ready[src*="extensionId=sector-hedge.sector-hedge-backtester"]').frameLocator('#active-frame');
  const configFile = path.join(ws, 'sample_data', 'configs', 'neutral-etf.backtest.jsonc');
  const originalConfig = readFileSync(configFile, 'utf8');
  /** The Total return card as the panel shows it. */
  const totalReturn = () => panel().locator('.card[aria-label="Total return"] .card-value').innerText();
  const focusConfig = () => page.locator('.tabs-container .tab').filter({ hasText: 'neutral-etf.backtest.jsonc' }).first().click();
  const panelTab = () =>
    page
      .locator('.tabs-container .tab')
      .filter({ hasText: /^Backtest: / })
      .first();
  const waitText = async (what, fn, want, timeout = 60_000) => {
    const end = Date.now() + timeout;
    let got;
    while (Date.now() < end) {
      got = await fn().catch(() => undefined);
      if (want(got)) return got;
      await page.waitForTimeout(200);
    }
    throw new Error(`timed out waiting for ${what} (last: ${got})`);
  };

  /** Welcome: Open Walkthrough... -> ours, in the first editor group. */
  const openWalkthrough = async () => {
    await page.keyboard.press('Control+1');
    await runCommandMatching(page, 'Open Walkthrough', /^Welcome: Open Walkthrough/);
    const input = page.locator('.quick-input-widget input');
    await input.fill('Backtest a sector-hedged book');
    await page
      .locator('.quick-input-widget .monaco-list-row')
      .filter({ hasText: 'Backtest a sector-hedged book' })
      .first()
      .waitFor({ timeout: 10_000 });
    await input.press('Enter');
    await walkthroughStep(page, 'hedge-trades').waitFor({ timeout: 30_000 });
  };
  /** The config in the first group (opened from the explorer when the walkthrough replaced its preview tab). */
  const reopenConfig = async () => {
    await page.keyboard.press('Control+1');
    await openFromExplorer(page, ['configs', 'neutral-etf.backtest.jsonc']);
  };

  const steps = [
    [
      'the workbench opens the workspace with the extension installed',
      async () => {
        await page.goto(`${url}/?folder=${encodeURIComponent(ws)}`);
        await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
        await explorerRow(page, 'sample_data').waitFor({ timeout: 60_000 });
        await page.screenshot({ path: path.join(shots, '01-workbench.png') });
      },
    ],
    [
      'opening the walkthrough config from the explorer shows the squiggle and one problem',
      async () => {
        await openFromExplorer(page, ['sample_data', 'walkthrough', 'fix-me.backtest.jsonc']);
        await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 60_000 });
        const p = await problemsCount(page);
        await page.screenshot({ path: path.join(shots, '02-diagnostics.png') });
        assert.equal(p.errors, 1, `problems count in the status bar: ${p.label}`);
        // The squiggle sits on the misspelt sector.
        const line = page.locator('.monaco-editor .view-line').filter({ hasText: '"Tecnology"' });
        assert.equal(await line.count(), 1, 'the misspelt sector is on screen');
        state.problems = p;
      },
    ],
    [
      'the language mode shows the backtest config language',
      async () => {
        const mode = page.locator('[id="status.editor.mode"]');
        await mode.waitFor({ timeout: 10_000 });
        assert.match(await mode.innerText(), /Backtest Config/);
      },
    ],
    [
      'the quick fix from the light bulb menu repairs the misspelt sector',
      async () => {
        await page
          .locator('.monaco-editor .view-line span')
          .filter({ hasText: /Tecnology/ })
          .first()
          .click();
        await page.keyboard.press('Control+.');
        const menu = page.locator('.action-widget').first();
        await menu.waitFor({ timeout: 15_000 });
        const item = menu
          .locator('.action-widget-action, .monaco-list-row')
          .filter({ hasText: /Technology/ })
          .first();
        await item.waitFor({ timeout: 15_000 });
        await page.screenshot({ path: path.join(shots, '02b-quick-fix.png') });
        await item.click();
        await page.locator('.monaco-editor .view-line').filter({ hasText: '"Technology"' }).first().waitFor({ timeout: 15_000 });
        let p = await problemsCount(page);
        for (const end = Date.now() + 30_000; p.errors !== 0 && Date.now() < end; p = await problemsCount(page))
          await page.waitForTimeout(250);
        assert.equal(p.errors, 0, `no errors left: ${p.label}`);
      },
    ],
    [
      'Run Backtest from the palette opens the results panel with metric cards',
      async () => {
        await openFromExplorer(page, ['configs', 'neutral-etf.backtest.jsonc']);
        await runFromPalette(page, 'Backtest: Run Backtest', shots, '03-palette.png');
        const progress = page.locator('.notifications-toasts .notification-toast').filter({ hasText: /Running backtest/ });
        if (
          await progress
            .first()
            .isVisible({ timeout: 5_000 })
            .catch(() => false)
        )
          await page.screenshot({ path: path.join(shots, '04-progress.png') });
        const cards = panel().locator('.cards .card');
        await cards.first().waitFor({ timeout: 120_000 });
        const labels = await panel().locator('.cards .card .card-label').allInnerTexts();
        const values = await panel().locator('.cards .card .card-value').allInnerTexts();
        state.metrics = Object.fromEntries(labels.map((l, i) => [l.trim(), values[i]?.trim()]));
        log(`  metric cards: ${JSON.stringify(state.metrics)}`);
        await page.screenshot({ path: path.join(shots, '05-results-panel.png') });
        assert.ok(labels.includes('Sharpe') && labels.includes('Total return'), `metric cards: ${labels.join(', ')}`);
        assert.match(state.metrics.Sharpe, /^-?\d/, 'the Sharpe card shows a number');
        // Hedge trades: its own card, or the first half of a "hedge / all" Trades card.
        const hedgeText = state.metrics['Hedge trades'] ?? state.metrics.Trades?.split('/')[0];
        assert.match(hedgeText ?? '', /^\s*[\d,]+\s*$/, 'a card shows the number of hedge trades');
        state.hedgeCount = Number(hedgeText.replace(/[^\d]/g, ''));
      },
    ],
    [
      'the walkthrough opens beside the results (Welcome: Open Walkthrough)',
      async () => {
        await openWalkthrough();
        await page.waitForTimeout(500);
        await page.screenshot({ path: path.join(shots, '05w-walkthrough-before-trades.png') });
        state.stepsBefore = await page
          .locator('.getting-started-step')
          .evaluateAll((els) => els.map((e) => `${e.getAttribute('data-step-id').split('#').pop()}=${e.getAttribute('aria-checked')}`));
        log(`  walkthrough steps before the Trades tab: ${state.stepsBefore.join(' ')}`);
        assert.ok(state.stepsBefore.includes('hedge-trades=false'), 'the hedge-trades step is not done before the Trades tab was opened');
      },
    ],
    [
      'the Trades tab lists the hedge trades of the run',
      async () => {
        const hedgeCount = state.hedgeCount;
        assert.ok(hedgeCount > 0, 'the neutral ETF run has hedge trades');
        await panel().locator('vscode-tab-header[data-tab="trades"]').click();
        const rows = panel().locator('.vt-spacer .vt-row');
        await rows.first().waitFor({ timeout: 30_000 });
        const table = panel()
          .locator('[aria-rowcount]')
          .filter({ has: panel().locator('.vt-spacer') })
          .first();
        const rowCount = Number(await table.getAttribute('aria-rowcount')) - 1;
        const first = await rows.first().locator('.vt-cell').allInnerTexts();
        const header = await panel()
          .locator('.vt-head-row')
          .first()
          .evaluate((row) => Array.from(row.children).map((c) => c.textContent.trim().toLowerCase()));
        const reasonCol = header.findIndex((h) => h.startsWith('reason'));
        assert.ok(reasonCol >= 0, `a Reason column: ${header}`);
        const visible = await rows.evaluateAll((els) =>
          els.map((e) => Array.from(e.querySelectorAll('.vt-cell')).map((c) => c.textContent.trim())),
        );
        const reasons = new Set(visible.map((cells) => cells[reasonCol].replace(/_/g, ' ')));
        log(`  hedge rows: ${rowCount}; first row: ${first.join(' | ')}; reasons on screen: ${[...reasons].join(', ')}`);
        await page.screenshot({ path: path.join(shots, '06-hedge-trades.png') });
        assert.equal(rowCount, hedgeCount, 'one row per hedge trade');
        assert.ok(
          reasons.size > 0 && [...reasons].every((r) => r === 'sector hedge' || r === 'beta hedge'),
          `only hedge trades by default: ${[...reasons].join(', ')}`,
        );
      },
    ],
    [
      "opening the Trades tab completes the walkthrough's hedge-trades step",
      async () => {
        const steps = () =>
          page
            .locator('.getting-started-step')
            .evaluateAll((els) => els.map((e) => `${e.getAttribute('data-step-id').split('#').pop()}=${e.getAttribute('aria-checked')}`));
        const after = await waitText('the hedge-trades step checked', steps, (v) => v?.includes('hedge-trades=true'), 15_000);
        log(`  walkthrough steps after the Trades tab: ${after.join(' ')}`);
        await page.mouse.move(5, 5);
        await page.screenshot({ path: path.join(shots, '06w-walkthrough-after-trades.png') });
        await reopenConfig();
      },
    ],
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
        await panel().locator('vscode-tab-header[data-tab="overview"]').click();
        await page.waitForTimeout(500);
        const dark = await bg();
        await page.mouse.move(5, 5);
        await page.screenshot({ path: path.join(shots, '06c-results-panel-dark.png') });
        log(`  panel background: light ${light} -> dark ${dark}`);
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
        for (const [name, cls, slug] of themes) {
          await setColorTheme(page, name, cls, shots);
          await panel().locator('vscode-tab-header[data-tab="overview"]').click();
          await page.waitForTimeout(300);
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
          await page.screenshot({ path: path.join(shots, `theme-${slug}-4-new-config-picker.png`) });
          const rows = await page.locator('.quick-input-widget .monaco-list-row').allInnerTexts();
          assert.match(rows[0], /Your data: sample_data/, `own data first: ${rows[0]}`);
          assert.ok(rows.length >= 3, `the guide's examples follow (${rows.length} rows)`);
          await page.keyboard.press('Escape');
          await reopenConfig();
        }
        log(`  panel backgrounds: ${JSON.stringify(bgs)}`);
        assert.equal(bgs.hc, 'rgb(0, 0, 0)', 'High Contrast: black panel');
        assert.equal(bgs['hc-light'], 'rgb(255, 255, 255)', 'High Contrast Light: white panel');
        assert.notEqual(bgs.dark, bgs.light);
        await setColorTheme(page, 'Dark Modern', 'vs-dark', shots);
      },
    ],
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

  const result = await runSteps(page, steps, shots, log, 'FAIL');
  await page.close();
  return { ...result, consoleErrors: consoleErrors.length };
}

async function runSteps(page, steps, shots, log, failPrefix) {
  const passed = [];
  const failed = [];
  for (const [name, fn] of steps) {
    try {
      await fn();
      passed.push(name);
      log(`  ✔ ${name}`);
    } catch (err) {
      failed.push({ name, error: String(err?.message ?? err) });
      log(
        `  ✘ ${name}\n    ${String(err?.message ?? err)
          .split('\n')
          .join('\n    ')}`,
      );
      await page.screenshot({ path: path.join(shots, `${failPrefix}-${passed.length + failed.length}.png`) }).catch(() => undefined);
      break; // later steps build on this one
    }
  }
  return { passed, failed };
}

/** Restricted mode: validation works in an untrusted workspace, running asks for trust. */
export async function runRestrictedModeTests({ browser, url, ws, shots, log }) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const dialog = page.locator('.monaco-dialog-box');
  const steps = [
    [
      'an untrusted workspace opens in restricted mode',
      async () => {
        await page.goto(`${url}/?folder=${encodeURIComponent(ws)}`);
        await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
        await dialog.waitFor({ timeout: 60_000 });
        await page.screenshot({ path: path.join(shots, '09-trust-prompt.png') });
        await dialog
          .locator('.monaco-button')
          .filter({ hasText: /don.t trust|No/i })
          .first()
          .click();
        await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
        await explorerRow(page, 'sample_data').waitFor({ timeout: 60_000 });
      },
    ],
    [
      'validation still works without trust',
      async () => {
        await openFromExplorer(page, ['sample_data', 'walkthrough', 'fix-me.backtest.jsonc']);
        await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 60_000 });
        const p = await problemsCount(page);
        assert.equal(p.errors, 1, `problems count: ${p.label}`);
      },
    ],
    [
      'running asks for trust instead of running',
      async () => {
        await runFromPalette(page, 'Backtest: Run Backtest', shots, '10-untrusted-palette.png');
        await dialog.waitFor({ timeout: 30_000 });
        const text = await dialog.innerText();
        await page.screenshot({ path: path.join(shots, '11-run-asks-for-trust.png') });
        assert.match(text, /Trust this workspace to run it/);
        assert.match(text, /Manage Workspace Trust/);
        await page.keyboard.press('Escape');
        await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
        assert.equal(await page.frameLocator('iframe.webview.ready').locator('#active-frame').count(), 0, 'no results panel opened');
      },
    ],
  ];
  const result = await runSteps(page, steps, shots, log, 'FAIL-restricted');
  await page.close();
  return result;
}

// Workbench UI tests: a user's path through the real VS Code web workbench with the
// packaged extension installed. Driven by scripts/test-vscode-local.mjs, which starts the
// server and Chromium; each step saves a screenshot in `shots`.
// The steps live in steps-*.mjs (by concern), the helpers in helpers.mjs, restricted mode in
// restricted.mjs; runWorkbenchTests builds the context they share and runs them in order.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { openFromExplorer, runCommandMatching, runSteps, walkthroughStep, walkthroughStepStates } from './helpers.mjs';
import { compareSteps } from './steps-compare.mjs';
import { editingSteps } from './steps-editing.mjs';
import { panelSteps } from './steps-panel.mjs';

export { runRestrictedModeTests } from './restricted.mjs';

export async function runWorkbenchTests({ browser, url, ws, shots, log }) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const consoleErrors = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  const state = {};
  const walkthroughSteps = () => walkthroughStepStates(page);
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
  const t = {
    url,
    ws,
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
    walkthroughSteps,
    shots,
    log,
  };
  const steps = [...editingSteps(t), ...panelSteps(t), ...compareSteps(t)];

  const result = await runSteps(page, steps, shots, log, 'FAIL');
  await page.close();
  return { ...result, consoleErrors: consoleErrors.length };
}

// Workbench UI tests in restricted mode (an untrusted workspace).
import assert from 'node:assert/strict';
import path from 'node:path';
import { explorerRow, openFromExplorer, problemsCount, runFromPalette, runSteps } from './helpers.mjs';

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

// Screenshots of the panel in the light, dark and high-contrast themes and of the static
// report in light and dark (test-output/screenshots/), with a basic legibility check.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { generateResults } from '../fixtures/webview/generateResults';
import { chromiumMissing, noProblems, SHOTS, tab, useChromium } from './helpers';

describe('screenshots in chromium', { skip: chromiumMissing }, () => {
  const suite = useChromium();
  const { openPanel, openReport } = suite;
  const results = generateResults();

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
      const [fg, bg] = (await page.evaluate(
        `[getComputedStyle(document.body).color, getComputedStyle(document.body).backgroundColor]`,
      )) as string[];
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

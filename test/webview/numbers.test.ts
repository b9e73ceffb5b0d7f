// Numbers in headless Chromium: metric cards show their whole value at common widths, and
// no negative zero appears anywhere.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { CompareJson } from '../../engine/types';
import { generateResults } from '../fixtures/webview/generateResults';
import { chromiumMissing, noProblems, SHOTS, tab, useChromium } from './helpers';

describe('numbers in the panel and the report in chromium', { skip: chromiumMissing }, () => {
  const suite = useChromium();
  const { openPanel, openReport } = suite;

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
        const bad = await page.$$eval('.card-value', (els) =>
          els
            .filter((e) => e.scrollWidth > e.clientWidth || (e.textContent ?? '').includes('…'))
            .map(
              (e) =>
                `${e.parentElement?.getAttribute('aria-label') ?? e.previousElementSibling?.textContent}: "${e.textContent}" ${e.scrollWidth} > ${e.clientWidth}`,
            ),
        );
        assert.deepEqual(bad, [], `${where} at ${width}px`);
      };
      await check('overview');
      const wide =
        (await page.evaluate(`Array.from(document.querySelectorAll('body *')).filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        .slice(0, 5).map((e) => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))`)) as string[];
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
    Object.assign(tiny.metrics, {
      totalReturn: -1.6e-5,
      cagr: -3.4e-5,
      calmarRatio: -0.0012,
      sharpeRatio: -0.004,
      sortinoRatio: -1e-9,
      realisedBeta: -0.00001,
      maxDrawdown: -0.00003,
      turnover: -0,
    });
    for (const s of tiny.sectors) s.postHedge = s.postHedge.map((x, i) => (i % 2 ? -1e-7 : x));
    tiny.beta.postHedge = tiny.beta.postHedge.map(() => -0.0001);
    tiny.series.cash = tiny.series.cash.map(() => -0.3);
    const cmp: CompareJson = {
      schemaVersion: 1,
      runs: [
        { label: 'Tiny', results: tiny },
        { label: 'Base', results: generateResults({ days: 120 }) },
      ],
    };
    const { page, problems } = await openReport(cmp);
    const negZero = /(^|[^\w.])-0(?:\.0+)?(?![\d.])/m;
    for (const t of ['compare', 'overview', 'exposures', 'positions', 'trades', 'warnings']) {
      await tab(page, t);
      const text = (await page.evaluate(`document.querySelector('vscode-tab-panel[data-tab="${t}"]').innerText`)) as string;
      const m = negZero.exec(text);
      assert.equal(m, null, `${t} shows a negative zero: …${m ? text.slice(Math.max(0, m.index - 40), m.index + 20) : ''}…`);
    }
    await tab(page, 'overview');
    assert.equal(await page.textContent('.card[aria-label="Total return"] .card-value'), '0.00%');
    assert.equal(await page.textContent('.card[aria-label="Calmar"] .card-value'), '0.00');
    noProblems(problems);
    await page.close();
  });
});

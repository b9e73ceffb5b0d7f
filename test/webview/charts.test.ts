// The charts of the panel and the report in headless Chromium: the equity and exposure
// series and legends, theme variables driving the colours, the date axis at every span,
// and real engine output (the sample neutral-etf config) in the report.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { ResultsJson } from '../../engine/types';
import { generateResults } from '../fixtures/webview/generateResults';
import { chromiumMissing, inkPixels, legend, noProblems, ROOT, SHOTS, tab, until, useChromium } from './helpers';

describe('charts of the panel and the report in chromium', { skip: chromiumMissing }, () => {
  const suite = useChromium();
  const { openPanel, openReport } = suite;
  const results = generateResults();

  test('report: equity chart draws the hedged book, the unhedged book and the beta instrument', async () => {
    const { page, problems } = await openReport(results);
    await page.waitForSelector('#equity-chart canvas');
    assert.deepEqual(await legend(page, 'equity-chart'), ['Date', 'Hedged book', 'Unhedged stock book', 'SPY (rebased)']);
    assert.ok((await inkPixels(page, 'equity-chart')) > 2000, 'equity canvas has ink');
    const cards = await page.$$eval('.cards .card-label', (els) => els.map((e) => e.textContent));
    assert.ok(cards.includes('Sharpe') && cards.includes('Max drawdown') && cards.includes('Costs'));
    const sharpe = await page.textContent('.card[aria-label="Sharpe"] .card-value');
    assert.equal(sharpe, results.metrics.sharpeRatio.toFixed(2));
    // Exposures: the selected sector's pre/post-hedge lines, target and band.
    await tab(page, 'exposures');
    await page.waitForSelector('#exposure-chart canvas');
    assert.deepEqual(await legend(page, 'exposure-chart'), ['Date', 'Pre-hedge', 'Post-hedge', 'Target', 'Target + 2.0%', 'Target − 2.0%']);
    assert.ok((await inkPixels(page, 'exposure-chart')) > 2000);
    assert.match((await page.textContent('#exposure-chart .u-title'))!, /^Technology exposure \(hedged with XLK\)/);
    assert.deepEqual(await legend(page, 'beta-chart'), ['Date', 'Pre-hedge beta', 'Post-hedge beta']);
    noProblems(problems);
    await page.screenshot({ path: path.join(SHOTS, 'report-light-exposures.png'), fullPage: true });
    await page.close();
  });

  test('theme variables drive the colours (changing --vscode-charts-blue recolours the chart)', async () => {
    const { page, problems } = await openPanel(results, { theme: 'dark' });
    await page.waitForSelector('#equity-chart canvas');
    assert.equal(await inkPixels(page, 'equity-chart', [255, 0, 0]), 0, 'no pure red before');
    const bgBefore = await page.evaluate('getComputedStyle(document.body).backgroundColor');
    assert.equal(bgBefore, 'rgb(31, 31, 31)');
    await page.evaluate(`document.documentElement.style.setProperty('--vscode-charts-blue', '#ff0000');
      document.documentElement.style.setProperty('--vscode-editor-background', '#102030');`);
    await until(page, `(() => { const c = document.querySelector('#equity-chart canvas'); return !!c; })()`);
    await page.waitForTimeout(150);
    assert.ok((await inkPixels(page, 'equity-chart', [255, 0, 0])) > 300, 'hedged-book line is now red');
    assert.equal(await page.evaluate('getComputedStyle(document.body).backgroundColor'), 'rgb(16, 32, 48)');
    noProblems(problems);
    await page.close();
  });

  test('date axis: month labels once each over a year, day labels when zoomed in, years over a long run', async () => {
    const ticksOf = async (page: Page, id: string) => JSON.parse((await page.getAttribute(`#${id}`, 'data-x-ticks'))!) as string[];
    const { page, problems } = await openReport(generateResults({ days: 252 }));
    await page.waitForSelector('#equity-chart canvas');
    let ticks = await ticksOf(page, 'equity-chart');
    assert.equal(new Set(ticks).size, ticks.length, ticks.join(' '));
    assert.ok(ticks.length >= 6, ticks.join(' '));
    for (const t of ticks) assert.match(t, /^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)( 20\d\d)?$/, ticks.join(' '));
    // Drag-zoom to a few weeks: the axis switches to days.
    const box = (await page.$('#equity-chart .u-over'))!;
    const b = (await box.boundingBox())!;
    await page.mouse.move(b.x + b.width * 0.4, b.y + b.height / 2);
    await page.mouse.down();
    await page.mouse.move(b.x + b.width * 0.45, b.y + b.height / 2, { steps: 5 });
    await page.mouse.up();
    await until(page, `/^\\d{1,2} [A-Z][a-z]{2}/.test(JSON.parse(document.getElementById('equity-chart').dataset.xTicks)[0])`);
    ticks = await ticksOf(page, 'equity-chart');
    assert.equal(new Set(ticks).size, ticks.length, ticks.join(' '));
    noProblems(problems);
    await page.close();
    // Twenty years: year labels.
    const long = await openReport(generateResults({ days: 252 * 20, omitPositions: true }));
    await long.page.waitForSelector('#equity-chart canvas');
    ticks = await ticksOf(long.page, 'equity-chart');
    assert.ok(ticks.length >= 4 && ticks.every((t) => /^\d{4}$/.test(t)), ticks.join(' '));
    assert.equal(new Set(ticks).size, ticks.length);
    noProblems(long.problems);
    await long.page.close();
  });

  const sampleConfig = path.join(ROOT, 'sample_data/configs/neutral-etf.backtest.jsonc');
  test(
    'real engine output (sample neutral-etf config) renders in the report',
    { skip: existsSync(sampleConfig) ? false : 'sample config not present yet' },
    async () => {
      const engine = await import('../../engine/index.js');
      const cfg = engine.BacktestConfig.fromFile(sampleConfig);
      const dm = new engine.DataManager(cfg.resolvePath(cfg.data_dir), {
        pricesFile: cfg.prices_file,
        sectorMappingFile: cfg.sector_mapping_file,
      });
      const real: ResultsJson = new engine.Backtester(cfg, dm).run().toJSON();
      const { page, problems } = await openReport(real, 'dark');
      await page.waitForSelector('#equity-chart canvas');
      assert.ok((await inkPixels(page, 'equity-chart')) > 2000);
      assert.equal(await page.textContent('#run-title'), real.meta.name);
      await page.screenshot({ path: path.join(SHOTS, 'report-dark-real-overview.png'), fullPage: true });
      await tab(page, 'exposures');
      await page.waitForSelector('#exposure-chart canvas');
      assert.equal(await page.$$eval('#sector-summary tbody tr', (r) => r.length), real.sectors.length);
      await page.screenshot({ path: path.join(SHOTS, 'report-dark-real-exposures.png'), fullPage: true });
      await tab(page, 'trades');
      const hedge = real.trades.filter((t) => t.reason === 'sector_hedge' || t.reason === 'beta_hedge');
      assert.equal(await page.getAttribute('#trade-table [role=grid]', 'aria-rowcount'), String(hedge.length + 1));
      await page.screenshot({ path: path.join(SHOTS, 'report-dark-real-trades.png') });
      for (const t of ['positions', 'warnings']) await tab(page, t);
      noProblems(problems);
      await page.close();
    },
  );
});

// Every chart series is readable (>= 3:1 against the panel background) in VS Code's real
// Dark Modern, Light Modern, High Contrast and High Contrast Light variables, and is drawn
// opaque in the colour that was checked. Screenshots per theme in test-output/screenshots/.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { contrast, MIN_SERIES_CONTRAST, parseColor } from '../../webview/contrast';
import { generateCompare } from '../fixtures/webview/generateResults';
import { chromiumMissing, SHOTS, useChromium } from './helpers';
import { CAPTURED, openThemedPanel, REAL_THEMES, showTab, until } from './realThemes';

interface ChartInk {
  id: string;
  series: string[];
  colors: string[];
  bg: string;
  ink: number[];
}

/** Each chart's series, resolved colours, background, and the canvas pixels drawn in each colour. */
function readCharts(page: Page, ids: string[]): Promise<ChartInk[]> {
  return page.evaluate(`(${JSON.stringify(ids)}).map((id) => {
    const fig = document.getElementById(id);
    const c = fig && fig.querySelector('canvas');
    const colors = JSON.parse(fig.dataset.colors || '[]');
    const hex = (s) => [1, 3, 5].map((k) => parseInt(s.slice(k, k + 2), 16));
    const want = colors.map(hex);
    const ink = want.map(() => 0);
    if (c && c.width) {
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      for (let i = 0; i < d.length; i += 4) {
        if (d[i + 3] < 250) continue;
        want.forEach((w, k) => { if (Math.abs(d[i] - w[0]) <= 8 && Math.abs(d[i + 1] - w[1]) <= 8 && Math.abs(d[i + 2] - w[2]) <= 8) ink[k]++; });
      }
    }
    return { id, series: JSON.parse(fig.dataset.series || '[]'), colors, bg: fig.dataset.bg, ink };
  })`) as Promise<ChartInk[]>;
}

describe('chart colours in the real VS Code themes', { skip: chromiumMissing }, () => {
  const suite = useChromium();
  const cmp = { ...generateCompare(), configured: 'ETF' };

  test('the captured Dark Modern variables are the ones from the trial (orange with alpha)', () => {
    assert.equal(CAPTURED.themes.dark.vars['--vscode-charts-orange'], 'rgba(234, 92, 0, 0.33)');
    assert.equal(CAPTURED.themes.dark.vars['--vscode-editor-background'], '#1f1f1f');
    assert.equal(CAPTURED.themes.hcDark.vars['--vscode-editor-background'], '#000000');
  });

  for (const t of REAL_THEMES) {
    test(`${CAPTURED.themes[t].name}: every series is opaque, drawn, and at least 3:1 against the background`, async () => {
      const { page, problems } = await openThemedPanel(suite.browser, suite.srv, { data: cmp }, t);
      await page.waitForSelector('#compare-chart canvas');
      const bodyBg = (await page.evaluate('getComputedStyle(document.body).backgroundColor')) as string;
      const checked: ChartInk[] = [...(await readCharts(page, ['compare-chart']))];
      await page.screenshot({ path: path.join(SHOTS, `theme-${t}-compare.png`) });
      await showTab(page, 'overview');
      await until(page, `!!document.querySelector('#drawdown-chart canvas') && !!document.querySelector('#equity-chart canvas')`);
      checked.push(...(await readCharts(page, ['equity-chart', 'drawdown-chart'])));
      await page.screenshot({ path: path.join(SHOTS, `theme-${t}-overview.png`), fullPage: true });
      await showTab(page, 'returns');
      await until(page, `!!document.querySelector('#rolling-sharpe-chart canvas')`);
      checked.push(...(await readCharts(page, ['drawdown-chart-returns', 'rolling-beta-chart', 'rolling-sharpe-chart'])));
      await page.screenshot({ path: path.join(SHOTS, `theme-${t}-returns.png`), fullPage: true });
      await showTab(page, 'exposures');
      await until(page, `!!document.querySelector('#beta-chart canvas')`);
      checked.push(...(await readCharts(page, ['exposure-chart', 'beta-chart'])));
      await page.screenshot({ path: path.join(SHOTS, `theme-${t}-exposures.png`), fullPage: true });

      const bg = parseColor(CAPTURED.themes[t].vars['--vscode-editor-background'])!;
      assert.equal(bodyBg.replace(/\s/g, ''), `rgb(${bg.r},${bg.g},${bg.b})`, 'the panel background is the theme editor background');
      for (const c of checked) {
        assert.equal(c.colors.length, c.series.length, `${c.id}: a colour per series`);
        c.series.forEach((label, k) => {
          const col = parseColor(c.colors[k]);
          assert.ok(col && col.a === 1, `${c.id} "${label}": opaque colour (${c.colors[k]})`);
          const ratio = contrast(col, bg);
          assert.ok(
            ratio >= MIN_SERIES_CONTRAST,
            `${c.id} "${label}" ${c.colors[k]} on ${CAPTURED.themes[t].vars['--vscode-editor-background']}: contrast ${ratio.toFixed(2)} < 3`,
          );
          assert.ok(c.ink[k] > 20, `${c.id} "${label}" is drawn in ${c.colors[k]} (${c.ink[k]} px)`);
        });
      }
      if (t === 'dark') {
        const eq = checked.find((c) => c.id === 'equity-chart')!;
        const unhedged = eq.colors[eq.series.indexOf('Unhedged stock book')];
        assert.equal(unhedged, '#ea5c00', 'Dark Modern orange is used without its 0.33 alpha');
      }
      assert.deepEqual(problems.errors, []);
      assert.deepEqual(problems.csp, []);
      await page.close();
    });
  }
});

// Issue 13, class 2 in the panel: a bankrupt run that continued (on_bankruptcy "continue")
// shows an alert naming the day and cause above the metric cards, and every performance
// card reads "invalid"; costs and trade counts keep their values. Screenshots in dark,
// light and high contrast (test-output/screenshots/invalid-metrics-*.png).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Metrics, ResultsJson } from '../../engine/types';
import { generateResults } from '../fixtures/webview/generateResults';
import { chromiumMissing, SHOTS, useChromium } from './helpers';

const MESSAGE =
  'Equity fell to -$281,425,311 on 2023-06-01 ($994,417 at the previous close); the largest losses that day: MSFT -$282,419,800 (short 10000 shares, price 28.22 -> 28270.2).';

function bankruptRun(): ResultsJson {
  const base = generateResults({ days: 120, name: 'Bankrupt run' });
  const nulls = Object.fromEntries(
    [
      'totalReturn',
      'cagr',
      'annualVolatility',
      'sharpeRatio',
      'sortinoRatio',
      'maxDrawdown',
      'calmarRatio',
      'turnover',
      'realisedBeta',
      'meanAbsExposureError',
    ].map((k) => [k, null]),
  );
  const metrics = { ...base.metrics, ...nulls, invalid: { code: 'bankrupt', date: '2023-06-01', message: MESSAGE } } as unknown as Metrics;
  return {
    ...base,
    metrics,
    warnings: [
      ...base.warnings,
      { code: 'bankrupt', date: '2023-06-01', message: `${MESSAGE} The run went on (on_bankruptcy "continue"): every metric is invalid.` },
    ],
  };
}

describe('a bankrupt run in the panel', { skip: chromiumMissing }, () => {
  const chromium = useChromium();

  for (const theme of ['dark', 'light', 'hc'] as const) {
    test(`${theme}: the alert names the day and cause, performance cards read invalid, costs and counts stay`, async () => {
      const data = bankruptRun();
      const { page, problems } = await chromium.openPanel(data, { theme, waitFor: '.cards .card-value' });
      const alert = await page.textContent('.metrics-invalid[role="alert"]');
      assert.match(alert ?? '', /Every metric is invalid: equity reached zero or below on 2023-06-01/);
      assert.match(alert ?? '', /MSFT -\$282,419,800/);
      for (const label of ['Total return', 'CAGR', 'Sharpe', 'Sortino', 'Volatility', 'Max drawdown', 'Calmar', 'Turnover']) {
        assert.equal(await page.textContent(`.card[aria-label="${label}"] .card-value`), 'invalid', label);
      }
      assert.equal(await page.textContent('.card[aria-label="All trades"] .card-value'), data.metrics.tradeCount.toLocaleString('en-US'));
      await page.screenshot({ path: path.join(SHOTS, `invalid-metrics-${theme}.png`), clip: { x: 0, y: 0, width: 1200, height: 420 } });
      assert.deepEqual(problems.csp, []);
      assert.deepEqual(problems.errors, []);
      await page.close();
    });
  }
});

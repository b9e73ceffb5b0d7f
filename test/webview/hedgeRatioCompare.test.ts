// The panel's compare view shows each run's residual sector volatility under the dollar and
// the beta (regression) ratio and names the one that left less, from real engine runs of a
// sample config (headless Chromium, dark / light / high contrast screenshots).
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { CompareJson, ResultsJson } from '../../engine/types';
import { COMPARE_VARIANTS } from '../../jobs/job';
import { loadConfig, runBacktest } from '../../jobs/engineApi';
import { chromiumMissing, SHOTS, useChromium } from './helpers';

const CONFIG = path.resolve(__dirname, '..', '..', 'sample_data', 'configs', 'neutral-etf.backtest.jsonc');

describe('compare view: sector hedge ratio rows', { skip: chromiumMissing }, () => {
  const suite = useChromium();
  let cmp: CompareJson;

  before(() => {
    cmp = {
      schemaVersion: 1,
      runs: COMPARE_VARIANTS.map(({ variant, label }) => ({
        label,
        results: { ...(runBacktest(loadConfig(CONFIG, variant)).toJSON() as ResultsJson), positions: null },
      })),
    };
  });

  for (const theme of ['dark', 'light', 'hc'] as const) {
    test(`${theme}: dollar and beta residual sector volatility side by side, the lower ratio named`, async () => {
      const { page, problems } = await suite.openPanel(cmp, { theme, height: 1100, waitFor: '#compare-table' });
      const row = (label: string) =>
        page.$$eval(
          '#compare-table tbody tr',
          (trs, l) => {
            const tr = trs.find((x) => x.querySelector('th')?.textContent === l);
            return tr ? Array.from(tr.querySelectorAll('td')).map((td) => td.textContent) : null;
          },
          label,
        );
      const etf = cmp.runs.findIndex((r) => r.results.meta.hedgeMethod === 'etf');
      const m = cmp.runs[etf].results.metrics;
      const dollar = await row('Residual sector vol, dollar ratio');
      const beta = await row('Residual sector vol, beta ratio');
      const lower = await row('Less residual sector variance');
      assert.ok(dollar && beta && lower, 'the three rows are there');
      // Only the ETF run hedges with ETFs; the others show a dash.
      cmp.runs.forEach((_, i) => {
        if (i !== etf) assert.equal(dollar![i], '—');
      });
      assert.equal(dollar![etf], `${(Math.sqrt(m.residualSectorVarianceDollar!) * 100).toFixed(2)}%`);
      assert.equal(beta![etf], `${(Math.sqrt(m.residualSectorVarianceBeta!) * 100).toFixed(2)}%`);
      assert.equal(lower![etf], m.residualSectorVarianceBeta! < m.residualSectorVarianceDollar! ? 'beta' : 'dollar');
      assert.deepEqual(problems.csp, []);
      assert.deepEqual(problems.errors, []);
      await page.screenshot({ path: path.join(SHOTS, `panel-${theme}-compare-hedge-ratio.png`), fullPage: true });
      await page.close();
    });
  }
});

// Issue 13, class 2 in the sweep view: a real `backtest sweep` over the clean sample prices
// and a copy with a 1000x MSFT typo (test/fixtures/webview/bankruptRun.ts, on_bankruptcy
// "continue"). The typo variant's metric cells read "invalid" (its costs stay), it sorts
// last whichever way a metric column is sorted, the view says why at the top, and the
// side-by-side table never marks it best. Screenshots:
// test-output/screenshots/bankrupt-sweep-{dark,light,hc}.png.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { sweepViewData } from '../../report/sweepReport';
import type { SweepViewData } from '../../webview/sweep/data';
import { cli, ensureBuilt } from '../cli/helpers';
import { TYPO_DATE, writeBankruptFixture } from '../fixtures/webview/bankruptRun';
import { OUT, SHOTS, chromiumMissing, launch, noProblems, buildBrowserBundle } from './helpers';
import { openSweepPanel } from './sweepPanel';

const METRIC_COLS = ['sharpe_ratio', 'total_return', 'max_drawdown', 'turnover', 'realised_beta', 'total_costs'];

describe('a bankrupt sweep variant in the sweep view', { skip: chromiumMissing }, () => {
  let browser: Browser;
  let data: SweepViewData;
  let terminal = '';
  const dir = path.join(OUT, 'bankrupt-sweep');
  before(async () => {
    ensureBuilt();
    const f = writeBankruptFixture(path.join(dir, 'data'));
    rmSync(path.join(dir, 'out'), { recursive: true, force: true });
    const r = cli(['sweep', f.sweepFile, '--out', path.join(dir, 'out'), '--jobs', '1']);
    assert.equal(r.code, 0, r.stderr);
    terminal = r.stdout;
    data = sweepViewData(path.join(dir, 'out'));
    await buildBrowserBundle('sweepView', 'webview/sweep/main.ts', dir);
    browser = await launch();
    mkdirSync(SHOTS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
  });

  const open = (theme: 'dark' | 'light' | 'hc') => openSweepPanel(browser, data, { dir, theme, file: `bankrupt-sweep-${theme}.html` });

  /** The variants table: [prices_file, ...metric cells] per row, in the order shown. */
  const rows = (page: Page) =>
    page.$$eval('table.variants tbody tr', (trs) => trs.map((r) => Array.from(r.children, (c) => c.textContent ?? '').slice(3)));

  test('the terminal summary of `backtest sweep` reads invalid for the typo variant and says why', () => {
    const typo = data.variants.find((v) => v.axes.prices_file === 'prices-typo.csv')!;
    const row = terminal.split('\n').find((l) => l.includes(typo.variant_id) && l.includes('prices-typo.csv'));
    assert.ok(row, terminal);
    assert.equal(row.match(/\binvalid\b/g)?.length, 4, `sharpe, return, max_dd and turnover read invalid: ${row}`);
    assert.doesNotMatch(row, /n\/a/);
    assert.match(terminal, new RegExp(`1 of 2 variants had equity reach zero or below .*: ${typo.variant_id} on ${TYPO_DATE}`));
  });

  for (const theme of ['dark', 'light', 'hc'] as const) {
    test(`${theme}: the typo variant reads invalid, sorts last both ways, keeps its costs; the alert says why`, async () => {
      const typo = data.variants.find((v) => v.axes.prices_file === 'prices-typo.csv')!;
      assert.equal(typo.metrics_invalid?.date, TYPO_DATE, 'sweep.json records why');
      const { page, problems } = await open(theme);
      assert.match((await page.textContent('.metrics-invalid[role="alert"]')) ?? '', /1 of 2 variants had equity reach zero or below/);
      const check = async (how: string) => {
        const shown = await rows(page);
        assert.equal(shown.at(-1)![0], 'prices-typo.csv', `${how}: the typo variant is last`);
        const cells = shown.at(-1)!.slice(1);
        assert.deepEqual(
          cells.slice(0, METRIC_COLS.length - 1),
          METRIC_COLS.slice(0, -1).map(() => 'invalid'),
          how,
        );
        assert.equal(cells.at(-1), Math.round(typo.metrics.total_costs!).toLocaleString('en-US'), 'total_costs is a fact');
        assert.ok(!shown[0].includes('invalid'), `${how}: the clean variant has numbers`);
      };
      await check('by rank');
      await page.click('button[data-sort="metric:sharpe_ratio"]');
      await check('sharpe descending');
      await page.click('button[data-sort="metric:sharpe_ratio"]');
      await check('sharpe ascending');
      assert.match(
        (await page.getAttribute('table.variants tbody tr:last-child td.num:nth-last-child(2)', 'title')) ?? '',
        /Invalid: equity reached zero or below on 2022-06-15/,
      );
      // Side by side (the first two variants are ticked): the typo column invalid, never marked best.
      const col = await page.$eval(
        '#sweep-compare-table',
        (t, id) => {
          const k = Array.from(t.querySelectorAll('thead th')).findIndex((th) => th.getAttribute('data-id') === id);
          return Array.from(t.querySelectorAll('tbody tr')).map((r) => [
            r.children[0].textContent,
            r.children[k].textContent,
            r.children[k].className,
          ]);
        },
        typo.variant_id,
      );
      const sharpe = col.find((r) => r[0] === 'sharpe_ratio')!;
      assert.equal(sharpe[1], 'invalid');
      assert.doesNotMatch(sharpe[2] ?? '', /best/);
      assert.notEqual(col.find((r) => r[0] === 'trade_count')![1], 'invalid');
      await page.screenshot({ path: path.join(SHOTS, `bankrupt-sweep-${theme}.png`) });
      noProblems(problems);
      await page.close();
    });
  }
});

// Issue 13, class 2 in every tab: a real run that went bankrupt and continued (a 1000x MSFT
// price typo on 2022-06-15 under a short MSFT book, on_bankruptcy "continue"; the engine
// run of test/fixtures/webview/bankruptRun.ts) opens every tab of the panel and of the
// --html report with the alert naming the day and the position, and shows no performance
// figure derived from its equity: those read "invalid" (charts are not drawn), while
// facts (trade counts, costs, the effectiveness day counts, the book) keep their values.
// Compare marks each invalid run's column. The same config on clean prices shows no alert.
// Screenshots: test-output/screenshots/bankrupt-{overview,returns,attribution}-{dark,light,hc}.png,
// bankrupt-compare-dark.png, bankrupt-report-returns.png.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { CompareJson, ResultsJson } from '../../engine/types';
import { fmtInt, fmtMoney } from '../../common/format';
import { compareJson, runJson, TYPO_DATE, writeBankruptFixture } from '../fixtures/webview/bankruptRun';
import { chromiumMissing, noProblems, OUT, SHOTS, tab, useChromium } from './helpers';

const TABS = ['overview', 'returns', 'attribution', 'exposures', 'book', 'trades', 'positions', 'warnings'];
const FACT_CARDS = ['Costs', 'Hedge trades', 'All trades'];
/** A number a performance figure would show: a decimal (ratio, percentage) or an amount of money. */
const PERF_NUMBER = /\d\.\d|\$\d/;

const texts = (page: Page, sel: string) => page.$$eval(sel, (els) => els.map((e) => (e.textContent ?? '').trim()));
const panelSel = (id: string) => `vscode-tab-panel[data-tab="${id}"]`;

describe('a bankrupt run (on_bankruptcy "continue") in every tab', { skip: chromiumMissing }, () => {
  const suite = useChromium();
  let bankrupt: ResultsJson, clean: ResultsJson, cmp: CompareJson;
  before(() => {
    const f = writeBankruptFixture(path.join(OUT, 'bankrupt-fixture'));
    bankrupt = runJson(f.bankruptConfig);
    clean = runJson(f.cleanConfig);
    cmp = compareJson(f.bankruptConfig);
    // The fixture is what the test says: the engine marked it, and its analysis has absurd numbers to hide.
    assert.equal(bankrupt.metrics.invalid?.date, TYPO_DATE);
    assert.ok(Math.abs(bankrupt.analysis!.confidenceIntervals!.cagr.estimate) > 1, 'the bootstrap CAGR of the typo run is absurd');
    assert.equal(clean.metrics.invalid, undefined);
  });

  /** The alert at the top of a tab's panel (null: none). */
  const alertOf = (page: Page, id: string) =>
    page.$eval(`${panelSel(id)} > .metrics-invalid[role="alert"]`, (e) => e.textContent).catch(() => null);

  for (const theme of ['dark', 'light', 'hc'] as const) {
    test(`${theme}: every tab opens with the alert naming the day and MSFT; no performance number; facts stay`, async () => {
      const { page, problems } = await suite.openPanel(bankrupt, { theme });
      for (const id of TABS) {
        if (id !== 'overview') await tab(page, id);
        const alert = await alertOf(page, id);
        assert.match(alert ?? '', new RegExp(`Every metric is invalid: equity reached zero or below on ${TYPO_DATE}`), id);
        assert.match(alert ?? '', /MSFT -\$208,213,374 \(short 4969 shares/, id);
        // The alert comes first in the tab, above the view.
        assert.equal(await page.$eval(panelSel(id), (p) => p.firstElementChild?.classList.contains('metrics-invalid')), true, id);
      }

      await tab(page, 'overview');
      for (const [label, value] of await page.$$eval('.overview .card', (cs) =>
        cs.map((c) => [c.getAttribute('aria-label'), c.querySelector('.card-value')?.textContent]),
      ))
        assert.equal(value === 'invalid', !FACT_CARDS.includes(label!), `${label}: ${value}`);
      assert.equal(await page.textContent('.card[aria-label="All trades"] .card-value'), fmtInt(bankrupt.metrics.tradeCount));
      assert.equal(await page.textContent('#drawdown-chart .figure-value'), 'invalid');
      assert.equal(await page.$$eval('#drawdown-chart canvas', (c) => c.length), 0, 'no drawdown drawn');
      await page.screenshot({ path: path.join(SHOTS, `bankrupt-overview-${theme}.png`) });

      await tab(page, 'returns');
      assert.deepEqual(
        await texts(page, `${panelSel('returns')} .figure-invalid .figure-value`),
        ['invalid', 'invalid', 'invalid', 'invalid'],
        'drawdown, monthly returns, rolling beta, rolling Sharpe',
      );
      assert.equal(await page.$$eval(`${panelSel('returns')} canvas, #monthly-returns td`, (x) => x.length), 0);
      assert.doesNotMatch((await page.textContent(`${panelSel('returns')} .view`)) ?? '', PERF_NUMBER);
      await page.screenshot({ path: path.join(SHOTS, `bankrupt-returns-${theme}.png`) });

      await tab(page, 'attribution');
      const view = `${panelSel('attribution')} .view`;
      assert.equal(await page.textContent('#attribution-chart .figure-value'), 'invalid');
      assert.equal(await page.$$eval(`${view} canvas`, (c) => c.length), 0);
      for (const sel of ['#attribution-totals tbody td', '#ci-table td', '#hedged-vs-unhedged td'])
        for (const t of await texts(page, sel)) assert.equal(t, 'invalid', sel);
      // Effectiveness: the day count is a fact; volatility, tracking error, correlation and variance removed are not.
      const eff = await page.$$eval('#effectiveness-table tbody tr', (rows) =>
        rows.map((r) => Array.from(r.children, (c) => c.textContent)),
      );
      assert.ok(eff.length > 2);
      assert.deepEqual(eff.at(-2)!.slice(2), [
        fmtInt(bankrupt.analysis!.hedgeEffectiveness.whole_book.days),
        'invalid',
        'invalid',
        'invalid',
        'invalid',
      ]);
      assert.doesNotMatch((await page.textContent(view)) ?? '', PERF_NUMBER);
      await page.screenshot({ path: path.join(SHOTS, `bankrupt-attribution-${theme}.png`), fullPage: true });

      await tab(page, 'exposures');
      const errCol = await page.$$eval('#sector-summary tbody tr', (rows) => rows.map((r) => r.children[6].textContent));
      assert.ok(errCol.length && errCol.every((t) => t === 'invalid'), `Mean |post − target|: ${errCol.join(', ')}`);
      await tab(page, 'warnings');
      assert.match((await page.textContent(`${panelSel('warnings')} .view`)) ?? '', /Equity fell to -\$197,325,099 on 2022-06-15/);
      noProblems(problems);
      await page.close();
    });
  }

  test('the same config on clean prices: no alert in any tab, the numbers and charts are there', async () => {
    const { page, problems } = await suite.openPanel(clean);
    for (const id of TABS) {
      if (id !== 'overview') await tab(page, id);
      assert.equal(await alertOf(page, id), null, id);
      assert.equal(await page.$$eval(`${panelSel(id)} .figure-invalid`, (x) => x.length), 0, id);
    }
    await tab(page, 'overview');
    assert.doesNotMatch((await texts(page, '.overview .card-value')).join(' '), /invalid/);
    await tab(page, 'returns');
    await page.waitForSelector('#rolling-sharpe-chart canvas');
    assert.ok((await page.$$eval('#monthly-returns td', (x) => x.length)) >= 12);
    await tab(page, 'attribution');
    assert.equal(await page.textContent('#attribution-totals tr.total td'), fmtMoney(clean.analysis!.attribution.totals.total));
    noProblems(problems);
    await page.close();
  });

  test('Compare Hedge Methods of the typo config: an alert per run, every performance cell invalid, costs and trades stay', async () => {
    const { page, problems } = await suite.openPanel(cmp);
    await page.waitForSelector('#compare-table');
    const alerts = await texts(page, `${panelSel('compare')} > .metrics-invalid`);
    assert.deepEqual(
      alerts.map((a) => a.slice(0, a.indexOf(':'))),
      cmp.runs.map((r) => `Every metric of “${r.label}” is invalid`),
    );
    const rows = await page.$$eval('#compare-table tbody tr', (trs) =>
      trs.map((r) => [r.children[0].textContent!, ...Array.from(r.querySelectorAll('td'), (c) => c.textContent!)]),
    );
    const facts = new Set([
      'Hedge method',
      'Period',
      'Costs: stocks',
      'Costs: hedges',
      'Costs: borrow',
      'Costs: total',
      'Trades',
      'Hedge trades',
    ]);
    for (const [label, ...cells] of rows) {
      if (facts.has(label))
        assert.ok(
          cells.every((c) => c !== 'invalid'),
          label,
        );
      else if (!label.startsWith('Tracking error'))
        assert.deepEqual(
          cells,
          cells.map(() => 'invalid'),
          label,
        );
    }
    const trades = rows.find((r) => r[0] === 'Trades')!;
    assert.deepEqual(trades.slice(1).sort(), cmp.runs.map((r) => fmtInt(r.results.metrics.tradeCount)).sort());
    await page.screenshot({ path: path.join(SHOTS, 'bankrupt-compare-dark.png') });
    noProblems(problems);
    await page.close();
  });

  test('a comparison of the typo run and the clean one: only the typo column reads invalid, tracking error against it too', async () => {
    const mixed: CompareJson = {
      schemaVersion: 1,
      runs: [
        { label: 'Clean', results: { ...clean, positions: null } },
        { label: 'Typo', results: { ...bankrupt, positions: null } },
      ],
    };
    const { page, problems } = await suite.openPanel(mixed);
    await page.waitForSelector('#compare-table');
    assert.deepEqual(
      (await texts(page, `${panelSel('compare')} > .metrics-invalid strong`)).map((t) => t.slice(0, 33)),
      ['Every metric of “Typo” is invalid'],
    );
    const cell = (row: string, run: string) =>
      page.$eval(
        `#compare-table`,
        (t, [row, run]) => {
          const col = Array.from(t.querySelectorAll('thead th')).findIndex((th) => th.getAttribute('data-run') === run);
          const tr = Array.from(t.querySelectorAll('tbody tr')).find((r) => r.children[0].textContent!.startsWith(row));
          return tr?.children[col]?.textContent;
        },
        [row, run],
      );
    assert.equal(await cell('Sharpe', 'Typo'), 'invalid');
    assert.notEqual(await cell('Sharpe', 'Clean'), 'invalid');
    assert.equal(await cell('Tracking error', 'Typo'), 'invalid');
    assert.equal(await cell('Trades', 'Typo'), fmtInt(bankrupt.metrics.tradeCount));
    noProblems(problems);
    await page.close();
  });

  test('the --html report of the typo run: the alert on the overview and the returns tab, the figures invalid', async () => {
    const { page, problems } = await suite.openReport(bankrupt, 'dark');
    assert.match((await alertOf(page, 'overview')) ?? '', /Every metric is invalid/);
    assert.equal(await page.textContent('.card[aria-label="Sharpe"] .card-value'), 'invalid');
    await tab(page, 'returns');
    assert.match((await alertOf(page, 'returns')) ?? '', /on 2022-06-15/);
    assert.equal(await page.textContent('#rolling-sharpe-chart .figure-value'), 'invalid');
    await page.screenshot({ path: path.join(SHOTS, 'bankrupt-report-returns.png') });
    noProblems(problems);
    await page.close();
  });
});

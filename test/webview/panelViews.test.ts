// The panel for a large run (504 stocks, ~250 k trades: loading state at once, Overview
// first, trades and holdings decoded once, on demand), the sticky identifying columns of
// the trade and compare tables, compare opening on the configured method, and the quant
// views (drawdown, monthly grid, rolling beta/Sharpe, position after trade, turnover
// units, ISO date field, Long/Short labels, equity y-range). Screenshots in light, dark, HC.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { ResultsJson, Trade } from '../../engine/types';
import { encodeResults } from '../../common/compact';
import { fmtPct } from '../../common/format';
import { monthlyReturns, positionsAfterTrades } from '../../webview/quant';
import { generateCompare, generateResults } from '../fixtures/webview/generateResults';
import { chromiumMissing, SHOTS, useChromium } from './helpers';
import { openThemedPanel, showTab, until, type RealTheme } from './realThemes';

/** A run the size of 504 stocks with daily signals: ~250 k trades, 504 holdings a day. */
function largeRun(): ResultsJson {
  const base = generateResults({ days: 500, omitPositions: true, name: 'SP500 daily signals' });
  const tickers = Array.from({ length: 504 }, (_, k) => `T${String(k).padStart(3, '0')}`);
  const trades: Trade[] = [];
  const held = new Float64Array(504);
  for (let d = 1; d < base.dates.length; d++) {
    for (let k = 0; k < 504; k++) {
      const q = ((d * 7 + k * 13) % 41) - 20;
      held[k] += q;
      trades.push({
        date: base.dates[d],
        ticker: tickers[k],
        quantity: q,
        price: 50 + (k % 50),
        notional: q * (50 + (k % 50)),
        commission: 0.5,
        slippage: 0.1,
        reason: 'rebalance',
        sector: `S${k % 11}`,
      });
    }
  }
  const hedge = base.trades.filter((t) => t.reason === 'sector_hedge' || t.reason === 'beta_hedge');
  const all = [...trades, ...hedge].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const positions = base.dates.map((date, d) => ({
    date,
    rows: tickers.map((ticker, k) => ({
      ticker,
      sector: `S${k % 11}`,
      shares: 100 + k,
      price: 50 + (k % 50) + d / 100,
      value: (100 + k) * (50 + (k % 50) + d / 100),
    })),
  }));
  return { ...base, trades: all, positions, metrics: { ...base.metrics, tradeCount: all.length } };
}

describe('panel views in chromium', { skip: chromiumMissing }, () => {
  const suite = useChromium();
  const results = generateResults();

  const shot = (page: Page, name: string, fullPage = false) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage });

  test('large run: loading shows at once, the Overview comes first, trades and holdings decode once when opened', async () => {
    const big = largeRun();
    assert.ok(big.trades.length > 250_000, `${big.trades.length} trades`);
    const message = JSON.stringify({ type: 'results', encoding: 'compact', data: encodeResults(big) });
    const { page, problems } = await openThemedPanel(suite.browser, suite.srv, { pending: true }, 'dark', { width: 1100 });
    await page.waitForSelector('#loading');
    // Record the order in which the loading state and the metric cards appear.
    await page.evaluate(`(() => { window.__seen = []; new MutationObserver(() => {
      const l = !!document.querySelector('#loading'), c = !!document.querySelector('.cards');
      const last = window.__seen[window.__seen.length - 1];
      const now = c ? 'cards' : l ? 'loading' : 'other';
      if (now !== last) window.__seen.push(now);
    }).observe(document.getElementById('app'), { childList: true, subtree: true }); })()`);
    await page.evaluate(`window.postMessage(JSON.parse(${JSON.stringify(message)}), '*')`);
    await page.waitForSelector('.cards .card', { timeout: 60_000 });
    const seen = (await page.evaluate('window.__seen')) as string[];
    assert.equal(seen[0], 'loading', `loading state first: ${seen.join(' → ')}`);
    assert.equal(seen.at(-1), 'cards');
    await shot(page, 'large-run-overview-dark');
    assert.equal(await page.evaluate('document.body.dataset.decoded ?? ""'), '', 'the Overview decodes no trades or holdings');
    assert.equal(await page.textContent('.card[aria-label="All trades"] .card-value'), big.trades.length.toLocaleString('en-US'));
    // Trades: decoded now, once; every row is there.
    await showTab(page, 'trades');
    await page.click('#all-trades');
    await until(
      page,
      `document.querySelector('#trade-count')?.textContent.startsWith('${big.trades.length.toLocaleString('en-US')} of')`,
      30_000,
    );
    await showTab(page, 'overview');
    await showTab(page, 'trades');
    await showTab(page, 'positions');
    await until(page, `document.querySelectorAll('#positions-table tbody tr').length === 504`, 30_000);
    await showTab(page, 'trades');
    await showTab(page, 'positions');
    assert.equal(await page.evaluate('document.body.dataset.decoded'), 'trades:run positions:run', 'each part decoded exactly once');
    assert.deepEqual(problems.errors, []);
    await page.close();
  });

  test('the panel page shows "Loading results…" before its script has even run', async () => {
    const page0 = await suite.browser.newPage();
    await page0.close();
    const { page } = await openThemedPanel(suite.browser, suite.srv, { pending: true }, 'light');
    // The placeholder is in the HTML itself (so a slow script never leaves the panel white).
    const html = await (await fetch(page.url())).text();
    assert.match(html, /<main id="app"[^>]*><div class="placeholder loading" id="loading"[^>]*><p>Loading results…<\/p>/);
    assert.equal(await page.textContent('#loading p'), 'Loading results…');
    await shot(page, 'loading-light');
    await page.close();
  });

  for (const t of ['light', 'dark', 'hcDark', 'hcLight'] as RealTheme[]) {
    test(`${t}: the header names the config and time of the run; stale and failed banners show only for that run`, async () => {
      const { page, problems } = await openThemedPanel(suite.browser, suite.srv, { pending: true }, t, { width: 700 });
      const source = { config: 'configs/neutral-etf.backtest.jsonc', finishedAt: '2026-12-01T20:44:29.000Z', runId: 7 };
      await page.evaluate(
        `window.postMessage(${JSON.stringify({ type: 'results', encoding: 'compact', data: encodeResults(results), source })}, '*')`,
      );
      await page.waitForSelector('#run-source');
      assert.match(
        (await page.textContent('#run-source'))!,
        /^Config: configs\/neutral-etf\.backtest\.jsonc · run at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/,
      );
      // A status for another run is ignored; one for this run shows both banners.
      await page.evaluate(`window.postMessage({ type: 'status', runId: 6, stale: 'old', failed: null }, '*')`);
      await page.waitForTimeout(100);
      assert.equal(await page.$('#banner-stale'), null);
      await page.evaluate(
        `window.postMessage({ type: 'status', runId: 7, stale: 'neutral-etf.backtest.jsonc has changed since this run.', failed: 'The run at 20:47:28 failed: missing-signals.csv: File not found' }, '*')`,
      );
      await page.waitForSelector('#banner-failed');
      assert.match((await page.textContent('#banner-failed'))!, /The last run failed.*missing-signals\.csv/);
      assert.match((await page.textContent('#banner-stale'))!, /has changed since this run/);
      await shot(page, `banners-${t}`);
      await page.evaluate(`window.postMessage({ type: 'status', runId: 7, stale: null, failed: null }, '*')`);
      await page.waitForTimeout(100);
      assert.equal(await page.$('#banner-stale'), null, 'banners clear when the state clears');
      assert.deepEqual(problems.errors, []);
      await page.close();
    });
  }

  for (const t of ['light', 'dark', 'hcDark'] as RealTheme[]) {
    test(`${t}: Date and Ticker stay in view while the trade table scrolls sideways; Position after is each trade's holding`, async () => {
      const { page, problems } = await openThemedPanel(
        suite.browser,
        suite.srv,
        { data: results, ui: { tab: 'trades', allTrades: true } },
        t,
        { width: 560 },
      );
      await page.waitForSelector('#trade-table .vt-spacer .vt-row');
      await page.evaluate(`document.querySelector('#trade-table .vt-scroll').scrollLeft = 420`);
      await page.waitForTimeout(100);
      const geo = (await page.evaluate(`(() => {
        const sc = document.querySelector('#trade-table .vt-scroll').getBoundingClientRect();
        const row = document.querySelector('#trade-table .vt-spacer .vt-row[data-row="0"]');
        const r = row.children[0].getBoundingClientRect(), tk = row.children[1].getBoundingClientRect(), q = row.children[4].getBoundingClientRect();
        const top = document.elementFromPoint(sc.left + 20, r.top + r.height / 2);
        const top2 = document.elementFromPoint(tk.left + 10, r.top + r.height / 2);
        const head = document.elementFromPoint(sc.left + 20, document.querySelector('#trade-table .vt-head-row').getBoundingClientRect().top + 10);
        return { scLeft: sc.left, date: r.left, ticker: tk.left, qty: q.left, onTop: top && top.closest('.vt-cell') === row.children[0], onTop2: top2 && top2.closest('.vt-cell') === row.children[1], headTop: !!head && !!head.closest('.vt-th[data-key="date"]') };
      })()`)) as Record<string, number | boolean>;
      assert.ok(
        Math.abs((geo.date as number) - (geo.scLeft as number)) <= 2,
        `Date column pinned at the left edge: ${JSON.stringify(geo)}`,
      );
      assert.ok(
        geo.onTop && geo.onTop2 && geo.headTop,
        `Date and Ticker cells (and the Date header) are painted over the scrolled columns: ${JSON.stringify(geo)}`,
      );
      await shot(page, `trades-sticky-${t}`);
      // Position after: the running holding of the ticker, for the rows on screen.
      const after = positionsAfterTrades(results.trades);
      const rows = await page.$$eval('#trade-table .vt-spacer .vt-row', (els) =>
        els.map((e) => ({ row: Number((e as HTMLElement).dataset.row), cells: Array.from(e.children).map((c) => c.textContent) })),
      );
      const header = await page.$$eval('#trade-table .vt-head-row .vt-th', (els) => els.map((e) => e.textContent));
      const col = header.findIndex((h) => h?.startsWith('Position after'));
      assert.ok(col > 0, `a Position after column: ${header.join('|')}`);
      for (const r of rows.slice(0, 10)) assert.equal(r.cells[col], Math.round(after[r.row]).toLocaleString('en-US'), `row ${r.row}`);
      assert.deepEqual(problems.errors, []);
      await page.close();
    });

    test(`${t}: compare opens on the configured method, its column in view next to a sticky Metric column`, async () => {
      const cmp = generateCompare();
      const three = {
        schemaVersion: 1 as const,
        runs: [{ label: 'No hedge', results: generateResults({ seed: 9 }) }, ...cmp.runs],
        configured: 'Proportional',
      };
      const { page, problems } = await openThemedPanel(suite.browser, suite.srv, { data: three }, t, { width: 480 });
      await page.waitForSelector('#compare-table');
      await page.waitForTimeout(150);
      const geo = (await page.evaluate(`(() => {
        const wrap = document.querySelector('#compare-table').parentElement.getBoundingClientRect();
        const th = document.querySelector('#compare-table thead th.configured').getBoundingClientRect();
        const metric = document.querySelector('#compare-table tbody th.sticky-col').getBoundingClientRect();
        const hit = document.elementFromPoint(wrap.left + 10, metric.top + metric.height / 2);
        return { wrapL: wrap.left, wrapR: wrap.right, thL: th.left, thR: th.right, metricL: metric.left, metricOnTop: !!hit && hit.classList.contains('sticky-col'), label: document.querySelector('#compare-table thead th.configured').dataset.run };
      })()`)) as Record<string, number | boolean | string>;
      assert.equal(geo.label, 'Proportional');
      assert.ok(
        (geo.thR as number) <= (geo.wrapR as number) + 1 && (geo.thL as number) >= (geo.wrapL as number) - 1,
        `configured column visible: ${JSON.stringify(geo)}`,
      );
      assert.ok(
        Math.abs((geo.metricL as number) - (geo.wrapL as number)) <= 2 && geo.metricOnTop,
        `Metric column pinned: ${JSON.stringify(geo)}`,
      );
      assert.match(
        (await page.textContent('#run-meta'))!,
        /^Details below for: Proportional /,
        'details open on the configured run, not on "No hedge"',
      );
      await shot(page, `compare-configured-${t}`);
      assert.deepEqual(problems.errors, []);
      await page.close();
    });

    test(`${t}: Returns tab, drawdown under the equity curve, turnover units, ISO dates, Long/Short labels, equity y-range`, async () => {
      // A benchmark that triples would squash the books if it set the range.
      const data = structuredClone(results);
      data.series.benchmark = data.series.benchmark.map((b, i) => (b === null ? null : b * (1 + (2 * i) / data.dates.length)));
      const { page, problems } = await openThemedPanel(suite.browser, suite.srv, { data }, t);
      await page.waitForSelector('#equity-chart canvas');
      await until(page, `!!document.querySelector('#drawdown-chart canvas') && !!document.querySelector('#equity-chart').dataset.yRange`);
      const [lo, hi] = JSON.parse((await page.getAttribute('#equity-chart', 'data-y-range'))!) as number[];
      const books = [...data.series.equity, ...data.series.unhedgedEquity];
      const benchMax = Math.max(...data.series.benchmark.filter((b): b is number => b !== null));
      assert.ok(hi >= Math.max(...books) && lo <= Math.min(...books), 'the books fit the y-range');
      assert.ok(hi < benchMax * 0.8, `the rebased benchmark (max ${benchMax}) does not set the range (top ${hi})`);
      assert.equal(await page.textContent('.card[aria-label="Turnover"] .card-value'), '3.20× / yr');
      assert.deepEqual(JSON.parse((await page.getAttribute('#drawdown-chart', 'data-series'))!), ['Hedged book', 'Unhedged stock book']);
      await shot(page, `overview-drawdown-${t}`, true);

      await showTab(page, 'returns');
      await until(
        page,
        `!!document.querySelector('#rolling-sharpe-chart canvas') && !!document.querySelector('#rolling-beta-chart canvas')`,
      );
      const m = monthlyReturns(data.dates, data.series.dailyReturn);
      const grid = await page.$$eval('#monthly-returns tbody tr', (trs) =>
        trs.map((tr) => Array.from(tr.children).map((c) => c.textContent)),
      );
      assert.equal(grid.length, m.years.length);
      grid.forEach((row, r) => {
        assert.equal(row[0], String(m.years[r]));
        m.cells[r].forEach((v, k) => assert.equal(row[k + 1], v === null ? '' : fmtPct(v, 1), `${m.years[r]} month ${k + 1}`));
        assert.equal(row[13], fmtPct(m.yearTotals[r], 1));
      });
      assert.match((await page.textContent('#rolling-beta-chart .u-title'))!, /Rolling 63-day beta to SPY/);
      assert.match((await page.textContent('#rolling-sharpe-chart .u-title'))!, /Rolling 63-day Sharpe/);
      await shot(page, `returns-${t}`, true);

      await showTab(page, 'positions');
      const input = '#position-date';
      assert.equal(await page.getAttribute(input, 'type'), 'text');
      assert.equal(await page.inputValue(input), data.dates.at(-1));
      await page.fill(input, '2022-03-05');
      await page.press(input, 'Enter');
      assert.equal(await page.inputValue(input), '2022-03-04', 'a Saturday shows the Friday before, in ISO form');
      assert.match(
        (await page.textContent('#positions-body .cards'))!,
        /Long \(incl\. hedges\).*Short \(incl\. hedges\).*Stocks \(net\).*Hedges \(net\)/,
      );
      await page.fill(input, '03/05/2022');
      await page.press(input, 'Enter');
      assert.match((await page.textContent('#position-date-error'))!, /not a date: type YYYY-MM-DD/);
      await shot(page, `positions-iso-${t}`);
      assert.deepEqual(problems.errors, []);
      await page.close();
    });
  }
});

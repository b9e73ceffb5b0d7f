// The sweep view (webview/sweep) in headless Chromium: the variants table sorts and filters,
// the heatmap shows the mean (or the fixed slice) of a metric over two axes, ticked variants
// compare side by side (the component Compare uses: 2 and 4 ticked from the keyboard show the
// table's values, the equity overlaid, the Metric column pinned when narrow), the walk-forward
// windows and stitched equity are drawn, a click asks the host to open a variant, and data
// strings stay text. Screenshots per theme in
// test-output/screenshots/sweep-*.png.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { renderSweepReportHtml } from '../../report/sweepReport';
import type { SweepViewData } from '../../webview/sweep/data';
import { OUT, SHOTS, chromiumMissing, inkPixels, launch, legend, watchProblems, writeOut, buildBrowserBundle } from './helpers';
import { openSweepPanel } from './sweepPanel';

const XSS = '<img src=x onerror=alert(1)>';
const A = [1, 2, 3],
  B = ['etf', 'proportional', XSS],
  C = [0, 0.5];
/** A metric with a known shape: sharpe = a + index(b) / 10 + c. */
const sharpe = (a: number, b: string, c: number) => a + B.indexOf(b) / 10 + c;

const CURVE_DATES = Array.from({ length: 40 }, (_, i) => new Date(Date.UTC(2020, 0, 2 + 7 * i)).toISOString().slice(0, 10));

function fixture(): SweepViewData {
  const variants: SweepViewData['variants'] = [];
  for (const a of A)
    for (const b of B)
      for (const c of C) {
        variants.push({
          rank: 0,
          variant_id: `${a}${B.indexOf(b)}${c * 10}`.padEnd(16, '0'),
          axes: { a, b, c },
          metrics: {
            sharpe_ratio: sharpe(a, b, c),
            total_return: a / 10,
            max_drawdown: -c / 10,
            turnover: 5 + a,
            realised_beta: 0,
            total_costs: 1000 * a,
          },
        });
      }
  variants
    .sort((x, y) => y.metrics.sharpe_ratio! - x.metrics.sharpe_ratio!)
    .forEach((v, i) => {
      v.rank = i + 1;
      // A sampled equity curve per variant (variants/<id>.json's equity_curve): growth by sharpe.
      v.equity = { dates: 0, values: CURVE_DATES.map((_, d) => 1e6 * (1 + (v.metrics.sharpe_ratio! * d) / 400)) };
    });
  const equity = Array.from({ length: 30 }, (_, i) => ({
    date: `2021-02-${String(i + 1).padStart(2, '0')}`.replace(/-(29|30)$/, (m) => `-${m.slice(1)}`),
    equity: 1e6 * (1 + i / 100),
    window: Math.floor(i / 10),
  }));
  return {
    format: 'sweep-view/1',
    title: 'Sweep: fixture',
    rank_by: 'sharpe_ratio',
    complete: true,
    axes: [
      { key: 'a', values: A },
      { key: 'b', values: B },
      { key: 'c', values: C },
    ],
    variants,
    equity_dates: [CURVE_DATES],
    walk_forward: {
      select_by: 'sharpe_ratio',
      windows: [0, 1, 2].map((i) => ({
        index: i,
        trainStart: '2020-01-02',
        trainEnd: '2020-12-31',
        testStart: equity[i * 10].date,
        testEnd: equity[i * 10 + 9].date,
        variant_id: variants[i].variant_id,
        axes: variants[i].axes,
        train_score: 2 - i / 10,
        test_score: 1 - i / 10,
      })),
      out_of_sample: { total_return: 0.29, sharpe_ratio: 1.2 },
      in_sample_best: { variant_id: variants[0].variant_id, axes: variants[0].axes, metrics: { total_return: 0.3, sharpe_ratio: 3.7 } },
      equity,
    },
  };
}

describe('sweep view', { skip: chromiumMissing }, () => {
  let browser: Browser;
  let js: string, css: string;
  const dir = path.join(OUT, 'sweep');
  before(async () => {
    mkdirSync(dir, { recursive: true });
    await buildBrowserBundle('sweepView', 'webview/sweep/main.ts', dir);
    js = readFileSync(path.join(dir, 'sweepView.js'), 'utf8');
    css = readFileSync(path.join(dir, 'sweepView.css'), 'utf8');
    browser = await launch();
    mkdirSync(SHOTS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
  });

  const panel = (theme: 'light' | 'dark' | 'hc', data = fixture()) =>
    openSweepPanel(browser, data, { dir, theme, file: `sweep-panel-${theme}.html` });

  const rows = (page: Page) =>
    page.$$eval('table.variants tbody tr', (trs) =>
      trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent ?? '')),
    );

  test('the table sorts by any column and filters by text or key=value', async () => {
    const { page, problems } = await panel('light');
    assert.equal((await rows(page)).length, 18);
    const sharpeCol = 3 + 3; // checkbox, #, id, a, b, c, then sharpe_ratio
    await page.click('button[data-sort="metric:sharpe_ratio"]');
    let r = await rows(page);
    assert.equal(Number(r[0][sharpeCol]), 3 + 0.2 + 0.5, 'descending first: best sharpe');
    await page.click('button[data-sort="metric:sharpe_ratio"]');
    r = await rows(page);
    assert.equal(Number(r[0][sharpeCol]), 1, 'then ascending');
    assert.equal(await page.getAttribute('button[data-sort="metric:sharpe_ratio"] >> xpath=..', 'aria-sort'), 'ascending');
    await page.fill('input[type=search]', 'a=2 etf');
    r = await rows(page);
    assert.equal(r.length, 2);
    assert.ok(r.every((x) => x[3] === '2' && x[4] === 'etf'));
    assert.match((await page.textContent('.count')) ?? '', /2 of 18 variants/);
    assert.deepEqual(problems, { csp: [], errors: [], dialogs: [] });
    await page.close();
  });

  test('the heatmap is the mean over the other axes, or the slice at a fixed value', async () => {
    const { page } = await panel('light');
    const cells = () =>
      page.$$eval('table.heatmap tbody tr', (trs) =>
        trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent ?? '')),
      );
    // x = a, y = b, c averaged: mean over c of a + i/10 + c = a + i/10 + 0.25.
    let g = await cells();
    assert.equal(g.length, 3);
    g.forEach((row, i) =>
      row.forEach((v, j) => assert.equal(Number(v), Number((A[j] + i / 10 + 0.25).toFixed(3)), `cell b=${B[i]} a=${A[j]}`)),
    );
    await page.selectOption('select[aria-label="c"]', '1'); // c fixed at 0.5
    g = await cells();
    g.forEach((row, i) => row.forEach((v, j) => assert.equal(Number(v), Number(sharpe(A[j], B[i], 0.5).toFixed(3)))));
    await page.selectOption('select[aria-label="metric"]', 'total_return');
    g = await cells();
    assert.deepEqual(g[0], ['10.00%', '20.00%', '30.00%']);
    await page.close();
  });

  test('a heatmap cell of bankrupt variants reads invalid; a mixed cell averages the valid ones and says so', async () => {
    const data = fixture();
    const why = { code: 'bankrupt', date: '2020-03-16', message: 'Equity reached zero or below.' };
    // a = 3: both c values bankrupt for b = etf; only c = 0.5 for b = proportional.
    for (const v of data.variants)
      if (v.axes.a === 3 && (v.axes.b === 'etf' || (v.axes.b === 'proportional' && v.axes.c === 0.5))) v.metrics_invalid = why;
    const { page, problems } = await panel('dark', data);
    const cell = (row: number, col: number) =>
      page.$eval(`table.heatmap tbody tr:nth-child(${row}) td:nth-of-type(${col})`, (td) => [td.textContent, td.getAttribute('title')]);
    const [allText, allTitle] = await cell(1, 3);
    assert.equal(allText, 'invalid', 'b=etf, a=3: every variant bankrupt');
    assert.match(allTitle ?? '', /2 variant\(s\), all invalid: equity reached zero or below/);
    const [mixText, mixTitle] = await cell(2, 3);
    assert.equal(Number(mixText), Number(sharpe(3, 'proportional', 0).toFixed(3)), 'b=proportional, a=3: the valid c=0 variant only');
    assert.match(mixTitle ?? '', /1 variant\(s\); 1 invalid left out/);
    assert.equal(Number((await cell(1, 1))[0]), Number((1 + 0.25).toFixed(3)), 'other cells unchanged');
    await page.selectOption('select[aria-label="metric"]', 'total_costs');
    assert.equal((await cell(1, 3))[0], '3,000', 'costs are a fact of a bankrupt run');
    assert.deepEqual(problems, { csp: [], errors: [], dialogs: [] });
    await page.close();
  });

  test('ticked variants compare side by side, the best value marked; a click asks the host to open a variant', async () => {
    const { page } = await panel('dark');
    const boxes = await page.$$('table.variants tbody input[type=checkbox]');
    await boxes[2].check();
    const heads = await page.$$eval('table.compare-table thead th', (ths) => ths.map((t) => t.textContent));
    assert.equal(heads.length, 4, 'label column + three variants');
    const best = await page.$$eval('table.compare-table td.best', (tds) => tds.length);
    assert.ok(best >= 3);
    await page.click('table.variants tbody tr:first-child button.link');
    const posted = await page.evaluate(() => (window as unknown as { __posted: unknown[] }).__posted);
    assert.deepEqual(posted, [{ type: 'openVariant', id: fixture().variants[0].variant_id }]);
    await page.close();
  });

  /** The side-by-side table: variant id -> row label -> cell text, and the heading ids in column order. */
  const sideBySide = (page: Page) =>
    page.evaluate(() => {
      const t = document.querySelector('#sweep-compare-table')!;
      const ids = Array.from(t.querySelectorAll<HTMLElement>('thead th[data-id]')).map((th) => th.dataset.id!);
      const cells: Record<string, Record<string, string>> = {};
      for (const tr of Array.from(t.querySelectorAll('tbody tr'))) {
        const label = tr.querySelector('th')!.textContent!;
        Array.from(tr.querySelectorAll('td')).forEach((td, k) => {
          (cells[ids[k]] ??= {})[label] = td.textContent ?? '';
        });
      }
      return { ids, cells };
    });

  /** The variants table as id -> column heading -> cell text. */
  const tableById = (page: Page) =>
    page.evaluate(() => {
      const heads = Array.from(document.querySelectorAll('table.variants thead th')).map((th) => th.textContent!.replace(/ [▲▼]$/, ''));
      const out: Record<string, Record<string, string>> = {};
      for (const tr of Array.from(document.querySelectorAll<HTMLElement>('table.variants tbody tr'))) {
        const row: Record<string, string> = {};
        Array.from(tr.querySelectorAll('td')).forEach((td, k) => (row[heads[k]] = td.textContent ?? ''));
        out[tr.dataset.id!] = row;
      }
      return out;
    });

  test('2 and then 4 variants ticked from the keyboard show side by side the values of the variants table, equity overlaid', async () => {
    const { page, problems } = await panel('dark');
    await page.click('button.clear');
    assert.match((await page.textContent('section.compare h2'))!, /Compare \(0 selected\)/);
    assert.equal(await page.$('#sweep-compare-table'), null, 'nothing side by side with no variant ticked');
    const table = await tableById(page);
    const order = (await rows(page)).map((r) => r[2]); // the id column, in the table's (rank) order
    // Tick with the keyboard: focus a box, Space.
    const tick = async (id: string) => {
      await page.focus(`table.variants tr[data-id="${id}"] input[type=checkbox]`);
      await page.keyboard.press('Space');
    };
    const check = async (ids: string[]) => {
      const side = await sideBySide(page);
      assert.deepEqual(side.ids, ids, 'one column per ticked variant, in rank order');
      for (const id of ids) {
        const t = table[id],
          c = side.cells[id];
        for (const k of ['a', 'b', 'c', 'sharpe_ratio', 'total_return', 'max_drawdown', 'turnover', 'realised_beta', 'total_costs'])
          assert.equal(c[k], t[k], `${id} ${k}: side by side ${c[k]} vs table ${t[k]}`);
      }
      assert.deepEqual(await legend(page, 'sweep-compare-chart'), ['Date', ...ids.map((id) => `#${table[id]['#']}`)]);
      assert.ok((await inkPixels(page, 'sweep-compare-chart')) > 1000, 'the equity lines are drawn');
    };
    const two = [order[5], order[0]];
    for (const id of two) await tick(id);
    await page.waitForSelector('#sweep-compare-chart canvas');
    await check([order[0], order[5]]);
    // The best Sharpe of the two is marked: rank 1's, the first column.
    const bestSharpe = await page.$$eval('#sweep-compare-table tbody tr', (trs) => {
      const tr = trs.find((x) => x.querySelector('th')!.textContent === 'sharpe_ratio')!;
      return Array.from(tr.querySelectorAll('td')).flatMap((td, k) => (td.classList.contains('best') ? [k] : []));
    });
    assert.deepEqual(bestSharpe, [0]);
    const four = [order[17], order[9]];
    for (const id of four) await tick(id);
    await page.waitForFunction(() => document.querySelectorAll('#sweep-compare-table thead th[data-id]').length === 4);
    await page.waitForSelector('#sweep-compare-chart canvas');
    await check([order[0], order[5], order[9], order[17]]);
    assert.match((await page.textContent('section.compare h2'))!, /Compare \(4 selected\)/);
    // Unticking one (Space again) takes its column away.
    await tick(order[9]);
    assert.deepEqual((await sideBySide(page)).ids, [order[0], order[5], order[17]]);
    await tick(order[9]);
    await page.screenshot({ path: path.join(SHOTS, 'sweep-dark-side-by-side-4.png'), fullPage: true });
    assert.deepEqual(problems, { csp: [], errors: [], dialogs: [] });
    await page.close();
  });

  test('on a narrow panel the Metric column stays put while the side-by-side variants scroll', async () => {
    const { page } = await panel('hc');
    for (const k of [2, 3]) await page.check(`table.variants tbody tr:nth-child(${k + 1}) input[type=checkbox]`);
    await page.setViewportSize({ width: 420, height: 900 });
    await page.waitForFunction(() => document.querySelectorAll('#sweep-compare-table thead th[data-id]').length === 4);
    const geo = (await page.evaluate(`(() => {
      const wrap = document.querySelector('#sweep-compare-table').parentElement;
      wrap.scrollIntoView({ block: 'center' });
      wrap.scrollLeft = wrap.scrollWidth;
      const w = wrap.getBoundingClientRect();
      const metric = document.querySelector('#sweep-compare-table tbody th.sticky-col').getBoundingClientRect();
      const hit = document.elementFromPoint(w.left + 10, metric.top + metric.height / 2);
      return { scrolled: wrap.scrollLeft, wrapL: w.left, metricL: metric.left, onTop: !!hit && hit.classList.contains('sticky-col') };
    })()`)) as { scrolled: number; wrapL: number; metricL: number; onTop: boolean };
    assert.ok(geo.scrolled > 0, `the four columns overflow 420px: ${JSON.stringify(geo)}`);
    assert.ok(Math.abs(geo.metricL - geo.wrapL) <= 2 && geo.onTop, `Metric column pinned: ${JSON.stringify(geo)}`);
    await page.screenshot({ path: path.join(SHOTS, 'sweep-hc-side-by-side-narrow.png'), fullPage: true });
    await page.close();
  });

  test('walk-forward windows, out-of-sample beside in-sample, and the stitched equity are shown', async () => {
    const { page } = await panel('light');
    assert.equal((await page.$$('table.windows tbody tr')).length, 3);
    const points = await page.getAttribute('svg.equity polyline', 'points');
    assert.equal(points?.trim().split(' ').length, 30);
    assert.equal((await page.$$('svg.equity line.boundary')).length, 2);
    const oos = await page.$$eval('table.oos tbody tr', (trs) => trs.map((tr) => tr.textContent));
    assert.ok(oos.some((t) => t?.includes('sharpe_ratio') && t.includes('1.200') && t.includes('3.700')));
    await page.close();
  });

  test('a data string that looks like HTML stays text (no dialog, no CSP violation)', async () => {
    const { page, problems } = await panel('light');
    const texts = await page.$$eval('table.variants td', (tds) => tds.map((t) => t.textContent));
    assert.ok(texts.includes(XSS));
    assert.equal(await page.$('table.variants img'), null);
    assert.deepEqual(problems.dialogs, []);
    assert.deepEqual(problems.csp, []);
    await page.close();
  });

  test('screenshots: light, dark, high contrast panel and the static report', async () => {
    for (const t of ['light', 'dark', 'hc'] as const) {
      const { page, problems } = await panel(t);
      await page.screenshot({ path: path.join(SHOTS, `sweep-${t}.png`), fullPage: true });
      assert.deepEqual(problems.errors, []);
      await page.close();
    }
    const file = writeOut('sweep-report.html', renderSweepReportHtml(fixture(), { js, css }));
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 }, colorScheme: 'dark' });
    const problems = await watchProblems(page);
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('table.heatmap td.shaded');
    await page.screenshot({ path: path.join(SHOTS, 'sweep-report-dark.png'), fullPage: true });
    assert.deepEqual(problems, { csp: [], errors: [], dialogs: [] });
    await page.close();
  });
});

// The Attribution and Book tabs and the compare view's intervals in headless Chromium, on
// real engine output (the sample use case 4 book, hedged): what is drawn matches the
// results, the by-day table matches the engine's values, no CSP or console problems, and
// screenshots in dark, light and high contrast (test-output/screenshots/*-attribution.png,
// *-book.png, panel-dark-compare-intervals.png).
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { CompareJson, ResultsJson } from '../../engine/types';
import { fmtMoney } from '../../common/format';
import { bookDay } from '../../webview/bookDays';
import { chromiumMissing, inkPixels, legend, noProblems, ROOT, SHOTS, tab, useChromium, type Theme } from './helpers';

async function realRun(extra: object = {}): Promise<ResultsJson> {
  const engine = await import('../../engine/index.js');
  const cfg = engine.BacktestConfig.fromFile(path.join(ROOT, 'sample_data/configs/positions.backtest.jsonc'));
  Object.assign(cfg, extra);
  const dm = new engine.DataManager(cfg.resolvePath(cfg.data_dir), {
    pricesFile: cfg.prices_file,
    sectorMappingFile: cfg.sector_mapping_file,
  });
  return JSON.parse(JSON.stringify(new engine.Backtester(cfg, dm).run().toJSON()));
}

describe('attribution and book views in chromium', { skip: chromiumMissing }, () => {
  const suite = useChromium();
  let real: ResultsJson;
  before(async () => {
    real = await realRun();
  });
  const open = (data: ResultsJson | CompareJson, theme: Theme = 'dark') => suite.openPanel(data, { theme });

  test('Attribution tab: stacked cumulative parts with the equity change, totals, effectiveness and intervals from the results', async () => {
    const { page, problems } = await open(real);
    await tab(page, 'attribution');
    await page.waitForSelector('#attribution-chart canvas');
    assert.deepEqual(await legend(page, 'attribution-chart'), [
      'Date',
      'Stock-specific',
      'Sector',
      'Sector hedges',
      'Beta hedge',
      'Costs',
      'Borrow',
      'Cash interest',
      'Equity change',
    ]);
    // The filled areas: many pixels near the first series' colour (the stock-specific band).
    const colors = JSON.parse((await page.getAttribute('#attribution-chart', 'data-colors'))!) as string[];
    const hex = colors[0].match(/[0-9a-f]{2}/gi)!.map((x) => parseInt(x, 16)) as [number, number, number];
    const filled = await inkPixels(page, 'attribution-chart', null);
    assert.ok(filled > 50_000, `stacked areas fill the plot (${filled} inked pixels)`);
    assert.ok((await inkPixels(page, 'attribution-chart', hex, 70)) > 2000, 'the stock-specific band is drawn in its colour');
    const t = real.analysis!.attribution.totals;
    const cells = await page.$$eval('#attribution-totals tbody tr', (rows) =>
      rows.map((r) => [r.children[0].textContent, r.children[1].textContent]),
    );
    assert.deepEqual(cells.at(-1), ['Total = equity change', fmtMoney(t.total)]);
    assert.deepEqual(cells[0], ['Stock-specific', fmtMoney(t.stock_specific)]);
    assert.equal(fmtMoney(t.total), fmtMoney(real.series.equity.at(-1)! - real.meta.initialCash));
    // Hedge effectiveness: every held sector, the whole book and the beta hedge.
    const eff = await page.$$eval('#effectiveness-table tbody tr', (rows) => rows.map((r) => Array.from(r.children, (c) => c.textContent)));
    assert.equal(eff.length, real.sectors.length + 2);
    assert.deepEqual(eff.at(-1)!.slice(0, 2), ['Beta hedge', 'SPY']);
    const xlk = eff.find((r) => r[0] === 'Technology')!;
    assert.equal(xlk[1], 'XLK');
    assert.equal(xlk[4], `${(real.analysis!.hedgeEffectiveness.Technology!.tracking_error * 100).toFixed(2)}%`);
    const ci = await page.$$eval('#ci-table tbody tr', (rows) => rows.map((r) => r.children[0].textContent));
    assert.deepEqual(ci, ['Sharpe ratio', 'CAGR', 'Volatility', 'Max drawdown', 'Sharpe hedged − unhedged']);
    assert.match((await page.textContent('#hedged-vs-unhedged'))!, /As given/);
    noProblems(problems);
    await page.close();
  });

  test('Book tab: sector exposure stacked by sector, long/short/gross/net, and the book by day newest first', async () => {
    const { page, problems } = await open(real);
    await tab(page, 'book');
    await page.waitForSelector('#sector-stack-chart canvas');
    assert.deepEqual(await legend(page, 'sector-stack-chart'), ['Date', ...real.sectors.map((s) => s.name), 'Total']);
    assert.ok((await inkPixels(page, 'sector-stack-chart', null)) > 30_000);
    assert.match((await page.textContent('#sector-stack-chart .u-title'))!, /net, stocks only/);
    await page.evaluate(
      `(() => { const s = document.querySelector('#book-measure'); s.value = 'gross'; s.dispatchEvent(new Event('change')); })()`,
    );
    const title = await page.textContent('#sector-stack-chart .u-title');
    assert.match(title!, /gross, stocks only/);
    assert.deepEqual(await legend(page, 'book-chart'), ['Date', 'Long', 'Short', 'Gross', 'Net (stocks)', 'Net after hedges']);
    const T = real.dates.length;
    assert.equal(await page.getAttribute('#book-table [role=grid]', 'aria-rowcount'), String(T + 1));
    const first = await page.$$eval(
      '#book-table .vt-spacer .vt-row',
      (rows) =>
        rows
          .map((r) => ({ row: Number((r as HTMLElement).dataset.row), cells: Array.from(r.children, (c) => c.textContent) }))
          .sort((a, b) => a.row - b.row)[0],
    );
    const b = bookDay(real, T - 1);
    assert.deepEqual(first.cells, [real.dates[T - 1], ...[b.long, b.short, b.gross, b.net, b.hedges, b.netHedged, b.equity].map(fmtMoney)]);
    // Gross = long + |short|, and net after hedges = the engine's stock value + hedge value.
    assert.equal(b.gross, b.long - b.short);
    assert.ok(Math.abs(b.netHedged - (real.series.stockValue[T - 1] + real.series.hedgeValue[T - 1])) < 1e-6);
    noProblems(problems);
    await page.close();
  });

  test('Compare view: the Sharpe intervals and the hedged-minus-unhedged interval per run', async () => {
    const unhedged = await realRun({ enable_sector_hedge: false, enable_beta_hedge: false });
    const cmp: CompareJson = {
      schemaVersion: 1,
      runs: [
        { label: 'ETF + beta', results: real },
        { label: 'No hedge', results: unhedged },
      ],
      configured: 'ETF + beta',
    };
    const { page, problems } = await open(cmp);
    await page.waitForSelector('#compare-table');
    const rows = await page.$$eval('#compare-table tbody tr', (rs) => rs.map((r) => Array.from(r.children, (c) => c.textContent)));
    const row = (label: string) => rows.find((r) => r[0] === label)!;
    const ci = real.analysis!.confidenceIntervals!;
    assert.equal(
      row('Sharpe 95% CI')[1],
      `${ci.sharpe_ratio.estimate.toFixed(2)} [${ci.sharpe_ratio.lower.toFixed(2)}, ${ci.sharpe_ratio.upper.toFixed(2)}]`,
    );
    assert.match(row('Sharpe − unhedged')[1]!, /^-?\d+\.\d\d \[-?\d+\.\d\d, -?\d+\.\d\d\]$/);
    // Without hedges the difference is exactly 0 on every resampled path.
    assert.equal(row('Sharpe − unhedged')[2], '0.00 [0.00, 0.00]');
    await page.screenshot({ path: path.join(SHOTS, 'panel-dark-compare-intervals.png'), fullPage: true });
    noProblems(problems);
    await page.close();
  });

  test('static HTML report: the Attribution and Book tabs draw from the embedded (compact) results', async () => {
    const { page, problems } = await suite.openReport(real, 'dark');
    await tab(page, 'attribution');
    await page.waitForSelector('#attribution-chart canvas');
    assert.ok((await inkPixels(page, 'attribution-chart', null)) > 50_000);
    assert.equal(await page.$$eval('#effectiveness-table tbody tr', (r) => r.length), real.sectors.length + 2);
    await page.screenshot({ path: path.join(SHOTS, 'report-dark-attribution.png'), fullPage: true });
    await tab(page, 'book');
    await page.waitForSelector('#sector-stack-chart canvas');
    assert.ok((await inkPixels(page, 'sector-stack-chart', null)) > 30_000);
    noProblems(problems);
    await page.close();
  });

  for (const theme of ['dark', 'light', 'hc'] as const) {
    test(`screenshots: Attribution and Book tabs in the ${theme} theme`, async () => {
      const { page, problems } = await open(real, theme);
      for (const t of ['attribution', 'book']) {
        await tab(page, t);
        await page.waitForSelector(`vscode-tab-panel[data-tab="${t}"] canvas`);
        await page.waitForTimeout(100);
        await page.screenshot({ path: path.join(SHOTS, `panel-${theme}-${t}.png`), fullPage: true });
      }
      noProblems(problems);
      await page.close();
    });
  }
});

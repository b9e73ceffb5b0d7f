// The trade table in headless Chromium: rows equal the hedge trades, filters, sorting by
// mouse and keyboard, a 100,000-row virtual window, keyboard row navigation, and the
// report's CSV downloads of the filtered trades and the positions.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { filterTrades, sortTrades } from '../../webview/trades';
import { generateResults } from '../fixtures/webview/generateResults';
import { chromiumMissing, noProblems, tab, until, useChromium, visibleRows } from './helpers';

describe('trade table in chromium', { skip: chromiumMissing }, () => {
  const suite = useChromium();
  const { openPanel, openReport } = suite;
  const results = generateResults();

  test('panel: trade table rows equal the hedge trades (via the CSV export message)', async () => {
    const { page, problems } = await openPanel(results, { ui: { tab: 'trades' } });
    await page.waitForSelector('#trade-table .vt-row[data-row="0"]');
    const hedge = results.trades.filter((t) => t.reason === 'sector_hedge' || t.reason === 'beta_hedge');
    assert.equal(await page.getAttribute('#trade-table [role=grid]', 'aria-rowcount'), String(hedge.length + 1));
    assert.equal(
      await page.textContent('#trade-count'),
      `${hedge.length.toLocaleString('en-US')} of ${hedge.length.toLocaleString('en-US')} hedge trades`,
    );
    const rows = await visibleRows(page);
    assert.ok(rows.length > 5 && rows.length < hedge.length);
    rows.slice(0, 10).forEach((r, k) => {
      assert.equal(r.cells[0], hedge[k].date);
      assert.equal(r.cells[1], hedge[k].ticker);
      assert.equal(r.cells[4], hedge[k].quantity.toLocaleString('en-US'));
    });
    await page.click('#export-csv');
    const posted = (await page.evaluate('window.__posted')) as {
      type: string;
      kind?: string;
      csv?: string;
      rows?: number;
      fileName?: string;
      tab?: string;
    }[];
    assert.ok(
      posted.some((m) => m.type === 'ready'),
      'the page said it is ready',
    );
    // Showing the Trades tab tells the host (it completes the walkthrough's hedge-trades step).
    assert.ok(
      posted.some((m) => m.type === 'tabShown' && (m as { tab?: string }).tab === 'trades'),
      'tabShown trades was posted',
    );
    const exp = posted.find((m) => m.type === 'exportCsv')!;
    assert.equal(exp.kind, 'hedgeTrades');
    assert.equal(exp.rows, hedge.length);
    assert.match(exp.fileName!, /hedge-trades\.csv$/);
    const lines = exp.csv!.trimEnd().split('\n').slice(1);
    assert.deepEqual(
      lines.map((l) => l.split(',').slice(0, 3).join(',')),
      hedge.map((t) => `${t.date},${t.ticker},${t.quantity}`),
    );
    // All trades on demand.
    await page.click('#all-trades');
    await until(
      page,
      `document.querySelector('#trade-table [role=grid]').getAttribute('aria-rowcount') === '${results.trades.length + 1}'`,
    );
    noProblems(problems);
    await page.close();
  });

  test('panel: filter by ticker, sector and reason', async () => {
    const { page, problems } = await openPanel(results, { ui: { tab: 'trades' } });
    const count = async () => Number(await page.getAttribute('#trade-table [role=grid]', 'aria-rowcount')) - 1;
    await page.locator('#filter-ticker input').fill('XLV');
    const expectXlv = results.trades.filter(
      (t) => t.ticker.includes('XLV') && (t.reason === 'sector_hedge' || t.reason === 'beta_hedge'),
    ).length;
    await until(page, `document.querySelector('#trade-table [role=grid]').getAttribute('aria-rowcount') === '${expectXlv + 1}'`);
    assert.ok(expectXlv > 10);
    for (const r of await visibleRows(page)) assert.equal(r.cells[1], 'XLV');
    await page.locator('#filter-ticker input').fill('');
    await page.evaluate(
      `(() => { const s = document.getElementById('filter-reason'); s.value = 'beta_hedge'; s.dispatchEvent(new Event('change')); })()`,
    );
    assert.equal(await count(), results.trades.filter((t) => t.reason === 'beta_hedge').length);
    for (const r of await visibleRows(page)) {
      assert.equal(r.cells[3], 'beta hedge');
      assert.equal(r.cells[1], 'SPY');
    }
    await page.evaluate(`(() => { const s = document.getElementById('filter-reason'); s.value = ''; s.dispatchEvent(new Event('change'));
      const t = document.getElementById('filter-sector'); t.value = 'Energy'; t.dispatchEvent(new Event('change')); })()`);
    assert.equal(await count(), results.trades.filter((t) => t.sector === 'Energy' && t.reason === 'sector_hedge').length);
    for (const r of await visibleRows(page)) assert.equal(r.cells[2], 'Energy');
    // A filter matching nothing shows the empty message.
    await page.locator('#filter-ticker input').fill('NOPE');
    await page.waitForSelector('#trade-empty:not([hidden])');
    // The filters were saved with setState.
    const states = (await page.evaluate('window.__states')) as { ui: { filters: { ticker: string; sector: string } } }[];
    assert.deepEqual(states.at(-1)!.ui.filters, { ticker: 'NOPE', sector: 'Energy', reason: '' });
    noProblems(problems);
    await page.close();
  });

  test('panel: sort by clicking a header and by Enter/Space on a focused header', async () => {
    const { page, problems } = await openPanel(results, { ui: { tab: 'trades' } });
    const hedgeIdx = filterTrades(results.trades, { ticker: '', sector: '', reason: '', allTrades: false });
    const expected = (key: 'notional' | 'ticker', dir: 1 | -1) =>
      Array.from(sortTrades(results.trades, hedgeIdx, key, dir))
        .slice(0, 8)
        .map((i) => results.trades[i]);
    await page.click('#trade-table .vt-sort[data-key="notional"]');
    let rows = await visibleRows(page);
    expected('notional', 1).forEach((t, k) => assert.equal(rows[k].cells[7], Math.round(t.notional).toLocaleString('en-US')));
    assert.equal(await page.getAttribute('#trade-table .vt-th[data-key="notional"]', 'aria-sort'), 'ascending');
    // Keyboard: focus the header button, Enter flips the direction.
    await page.focus('#trade-table .vt-sort[data-key="notional"]');
    await page.keyboard.press('Enter');
    rows = await visibleRows(page);
    expected('notional', -1).forEach((t, k) => assert.equal(rows[k].cells[7], Math.round(t.notional).toLocaleString('en-US')));
    assert.equal(await page.getAttribute('#trade-table .vt-th[data-key="notional"]', 'aria-sort'), 'descending');
    // Tab to the next header and press Space: sorts by that column (Quantity? no: Price).
    await page.focus('#trade-table .vt-sort[data-key="ticker"]');
    await page.keyboard.press('Space');
    rows = await visibleRows(page);
    expected('ticker', 1).forEach((t, k) => assert.equal(rows[k].cells[1], t.ticker));
    const focused = await page.evaluate('document.activeElement && document.activeElement.dataset.key');
    assert.equal(focused, 'ticker', 'focus stays on the header');
    noProblems(problems);
    await page.close();
  });

  test('100,000 hedge trades: only a window of rows is in the DOM, scrolling shows the right rows', async () => {
    const big = generateResults({ extraHedgeTrades: 100_000, omitPositions: true, days: 260 });
    const { page, problems } = await openPanel(big, { ui: { tab: 'trades' } });
    await page.waitForSelector('#trade-table .vt-row[data-row="0"]');
    const hedge = big.trades.filter((t) => t.reason === 'sector_hedge' || t.reason === 'beta_hedge');
    assert.ok(hedge.length > 100_000);
    assert.equal(await page.getAttribute('#trade-table [role=grid]', 'aria-rowcount'), String(hedge.length + 1));
    const inDom = await page.$$eval('#trade-table .vt-spacer .vt-row', (r) => r.length);
    assert.ok(inDom > 10 && inDom < 80, `rows in DOM: ${inDom}`);
    await page.evaluate(`document.querySelector('#trade-table .vt-scroll').scrollTop = 1e9`);
    await until(page, `!!document.querySelector('#trade-table .vt-row[data-row="${hedge.length - 1}"]')`);
    const rows = await visibleRows(page);
    const last = rows.at(-1)!;
    assert.equal(last.row, hedge.length - 1);
    assert.equal(last.cells[0], hedge.at(-1)!.date);
    assert.equal(last.cells[1], hedge.at(-1)!.ticker);
    assert.ok(rows.length < 80);
    // Keyboard: the table body is focusable (arrow keys / PageUp scroll it).
    await page.focus('#trade-table .vt-scroll');
    await page.keyboard.press('Home');
    await until(page, `!!document.querySelector('#trade-table .vt-row[data-row="0"]')`);
    const posTab = await page.textContent('vscode-tab-panel[data-tab="positions"]');
    assert.equal(posTab, '', 'other tabs are not built until shown');
    noProblems(problems);
    await page.close();
  });

  test('keyboard: arrow keys move the active trade row, Enter opens Positions on its date', async () => {
    const { page, problems } = await openPanel(results, { ui: { tab: 'trades' } });
    const grid = '#trade-table [role=grid]';
    await page.waitForSelector('#trade-table .vt-row[data-row="0"]');
    const hedge = results.trades.filter((t) => t.reason === 'sector_hedge' || t.reason === 'beta_hedge');
    // Reach the table body with Tab from the control before it.
    await page.focus('#export-csv');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(`document.activeElement.getAttribute('role')`), 'grid', 'Tab reaches the table body');
    const active = async () =>
      page.evaluate(`(() => { const g = document.querySelector('${grid}'); const id = g.getAttribute('aria-activedescendant');
      const el = id && document.getElementById(id); return el ? { row: Number(el.dataset.row), cls: el.classList.contains('active'), sel: el.getAttribute('aria-selected'), date: el.children[0].textContent, ticker: el.children[1].textContent } : null; })()`) as Promise<{
        row: number;
        cls: boolean;
        sel: string;
        date: string;
        ticker: string;
      } | null>;
    let a = await active();
    assert.deepEqual(a, { row: 0, cls: true, sel: 'true', date: hedge[0].date, ticker: hedge[0].ticker });
    for (let k = 0; k < 3; k++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    a = await active();
    assert.equal(a!.row, 2);
    assert.equal(a!.date, hedge[2].date);
    assert.equal(await page.$$eval('#trade-table .vt-row.active', (r) => r.length), 1, 'exactly one row looks active');
    // PageDown moves a page and keeps the row in view; End goes to the last trade.
    await page.keyboard.press('PageDown');
    a = await active();
    assert.ok(a!.row > 10, `PageDown moved to ${a!.row}`);
    const inView =
      await page.evaluate(`(() => { const g = document.querySelector('${grid}'); const r = document.getElementById(g.getAttribute('aria-activedescendant')).getBoundingClientRect();
      const v = g.getBoundingClientRect(); return r.top >= v.top && r.bottom <= v.bottom; })()`);
    assert.equal(inView, true, 'the active row is scrolled into view');
    await page.keyboard.press('End');
    a = await active();
    assert.equal(a!.row, hedge.length - 1);
    assert.equal(a!.ticker, hedge.at(-1)!.ticker);
    await page.keyboard.press('Home');
    for (let k = 0; k < 5; k++) await page.keyboard.press('ArrowDown');
    a = await active();
    assert.equal(a!.row, 5);
    await page.keyboard.press('Enter');
    await page.waitForSelector('vscode-tab-panel[data-tab="positions"] #positions-table');
    assert.equal(await page.inputValue('#position-date'), hedge[5].date);
    noProblems(problems);
    await page.close();
  });

  test('report: Export CSV downloads the filtered trades; positions export too', async () => {
    const { page, problems } = await openReport(results);
    await tab(page, 'trades');
    await page.locator('#filter-ticker input').fill('XLF');
    await until(
      page,
      `document.querySelector('#trade-count').textContent.startsWith('${results.trades.filter((t) => t.ticker === 'XLF').length} of')`,
    );
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
    assert.match(dl.suggestedFilename(), /^Neutral-ETF-hedge-hedge-trades\.csv$/);
    const { readFileSync } = await import('node:fs');
    const csv = readFileSync((await dl.path())!, 'utf8')
      .trimEnd()
      .split('\n');
    assert.equal(csv.length - 1, results.trades.filter((t) => t.ticker === 'XLF').length);
    assert.ok(csv.slice(1).every((l) => l.split(',')[1] === 'XLF'));
    await tab(page, 'positions');
    const [dl2] = await Promise.all([page.waitForEvent('download'), page.click('#export-positions')]);
    const last = results.positions!.at(-1)!;
    assert.equal(dl2.suggestedFilename(), `positions-${last.date}.csv`);
    assert.equal(
      readFileSync((await dl2.path())!, 'utf8')
        .trimEnd()
        .split('\n').length - 1,
      last.rows.length,
    );
    noProblems(problems);
    await page.close();
  });
});

// Node-side tests of the panel's pure parts: HTML rendering and escaping, trade filtering,
// sorting and CSV export, date snapping, tracking error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeHtml, jsonForScript, renderPanelHtml, renderReportHtml } from '../../report/html';
import { filterTrades, sortTrades, tradesToCsv, csvField, NO_SECTOR } from '../../webview/trades';
import { snapDate, trackingError } from '../../webview/analytics';
import { checkResults } from '../../webview/validate';
import { decodeReportData, encodeReportData } from '../../common/compact';
import { fmtCompact, fmtInt, fmtMoney, fmtNum, fmtPct, fmtRatio } from '../../common/format';
import { timeTicks } from '../../webview/timeAxis';
import { generateCompare, generateResults, HOSTILE_SECTOR, HOSTILE_TICKER } from '../fixtures/webview/generateResults';

const data = generateResults({ hostile: true });

test('jsonForScript cannot close the script element and round-trips', () => {
  const s = jsonForScript({ a: '</script><script>alert(1)</script>', b: '<!--', c: 'x\u2028y' });
  assert.ok(!s.includes('</script'), s);
  assert.ok(!s.includes('<!--'));
  assert.deepEqual(JSON.parse(s), { a: '</script><script>alert(1)</script>', b: '<!--', c: 'x\u2028y' });
});

test('renderPanelHtml: strict CSP with the nonce, no unsafe-inline, initial state embedded safely', () => {
  const html = renderPanelHtml({
    cspSource: 'https://x.vscode-cdn.net',
    nonce: 'AbCdEf123456',
    scriptUri: 'https://x/webview.js',
    styleUris: ['https://x/webview.css'],
    initialState: data,
  });
  const csp = /Content-Security-Policy" content="([^"]+)"/.exec(html)![1];
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'nonce-AbCdEf123456'/);
  assert.match(csp, /style-src https:\/\/x\.vscode-cdn\.net 'nonce-AbCdEf123456'/);
  assert.ok(!/unsafe-(inline|eval)/.test(csp));
  assert.ok(!html.includes(HOSTILE_TICKER), 'raw hostile ticker must not appear in the HTML');
  assert.ok(!html.includes('<script>window.__pwned'));
  assert.equal(
    (html.match(/<script /g) ?? []).length,
    (html.match(/nonce="AbCdEf123456"/g) ?? []).length,
    'every script carries the nonce',
  );
  assert.throws(() => renderPanelHtml({ cspSource: 'x', nonce: "a' 'unsafe-inline", scriptUri: 'x', styleUris: [] }), /nonce/);
});

test('renderReportHtml: one self-contained file, no external URLs, data and hostile names escaped', () => {
  const html = renderReportHtml(data, { js: 'console.log("</script>")', css: 'body{color:red}</style>' });
  assert.ok(!/<(script|img|iframe)[^>]*\ssrc=|<link/i.test(html), 'no external resources');
  assert.equal((html.match(/<\/script>/g) ?? []).length, 2, 'only the two real script ends');
  assert.equal((html.match(/<\/style>/g) ?? []).length, 1);
  const json = /id="results-data"[^>]*>([\s\S]*?)<\/script>/.exec(html)![1];
  assert.deepEqual(decodeReportData(JSON.parse(json)), JSON.parse(JSON.stringify(data)));
  assert.ok(!html.includes(HOSTILE_SECTOR));
  assert.match(html, /<title>Backtest: Neutral ETF hedge<\/title>/);
  assert.equal(escapeHtml(`<a href="x">'&`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;');
});

test('filterTrades: hedge trades by default, all on demand, by ticker/sector/reason', () => {
  const t = data.trades;
  const hedge = filterTrades(t, { ticker: '', sector: '', reason: '', allTrades: false });
  assert.equal(hedge.length, t.filter((x) => x.reason === 'sector_hedge' || x.reason === 'beta_hedge').length);
  assert.equal(filterTrades(t, { ticker: '', sector: '', reason: '', allTrades: true }).length, t.length);
  const xlk = filterTrades(t, { ticker: 'xl', sector: '', reason: '', allTrades: false });
  assert.ok(xlk.length > 0 && Array.from(xlk).every((i) => t[i].ticker.includes('XL')));
  const hc = filterTrades(t, { ticker: '', sector: 'Healthcare', reason: '', allTrades: true });
  assert.ok(hc.length > 0 && Array.from(hc).every((i) => t[i].sector === 'Healthcare'));
  const beta = filterTrades(t, { ticker: '', sector: NO_SECTOR, reason: '', allTrades: false });
  assert.ok(beta.length > 0 && Array.from(beta).every((i) => t[i].reason === 'beta_hedge' && t[i].sector === null));
  const hostile = filterTrades(t, { ticker: '<img', sector: '', reason: 'rebalance', allTrades: true });
  assert.ok(hostile.length > 0 && Array.from(hostile).every((i) => t[i].ticker === HOSTILE_TICKER));
});

test('sortTrades: numeric and text columns, both directions, stable', () => {
  const t = data.trades;
  const all = filterTrades(t, { ticker: '', sector: '', reason: '', allTrades: true });
  const byNotional = Array.from(sortTrades(t, all, 'notional', 1)).map((i) => t[i].notional);
  assert.deepEqual(
    byNotional,
    [...byNotional].sort((a, b) => a - b),
  );
  const byTickerDesc = Array.from(sortTrades(t, all, 'ticker', -1)).map((i) => t[i].ticker);
  assert.deepEqual(byTickerDesc, [...byTickerDesc].sort().reverse());
  const bySector = Array.from(sortTrades(t, all, 'sector', 1));
  for (let k = 1; k < bySector.length; k++) {
    const a = t[bySector[k - 1]].sector ?? '',
      b = t[bySector[k]].sector ?? '';
    assert.ok(a < b || (a === b && bySector[k - 1] < bySector[k]), 'sorted, ties in trade order');
  }
});

test('tradesToCsv: header, one line per trade, quoting and formula neutralising', () => {
  const t = data.trades;
  const idx = filterTrades(t, { ticker: '', sector: '', reason: '', allTrades: false });
  const csv = tradesToCsv(t, idx).trimEnd().split('\n');
  assert.equal(csv[0], 'date,ticker,quantity,price,notional,commission,slippage,reason,sector');
  assert.equal(csv.length, idx.length + 1);
  assert.equal(csvField('a,"b"'), '"a,""b"""');
  assert.equal(csvField('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
  assert.equal(csvField(-5), '-5');
  assert.equal(csvField(null), '');
});

test('snapDate picks the last trading day on or before the date', () => {
  const d = ['2024-01-02', '2024-01-03', '2024-01-05'];
  assert.equal(snapDate(d, '2024-01-04'), 1);
  assert.equal(snapDate(d, '2024-01-05'), 2);
  assert.equal(snapDate(d, '2023-12-01'), 0);
  assert.equal(snapDate(d, '2025-01-01'), 2);
});

test('trackingError: zero against itself, annualised std of return differences otherwise', () => {
  const a = generateResults({ seed: 1, days: 60 });
  assert.equal(trackingError(a, a), 0);
  const b = structuredClone(a);
  b.series.dailyReturn = a.series.dailyReturn.map((r, i) => r + (i % 2 ? 0.001 : -0.001));
  const te = trackingError(b, a);
  // diffs alternate ±0.001 over days 1..59 (30 of +, 29 of -): mean 0.001/59, std with ddof 1.
  const expected = 0.001 * Math.sqrt((59 - 1 / 59) / 58) * Math.sqrt(252);
  assert.ok(Math.abs(te - expected) < 1e-12, `${te} vs ${expected}`);
});

test('checkResults names the broken field instead of throwing', () => {
  assert.equal(checkResults(data), null);
  assert.match(checkResults({ ...data, schemaVersion: 2 })!, /schemaVersion/);
  assert.match(checkResults({ ...data, series: { ...data.series, equity: [1] } })!, /series\.equity/);
  assert.match(checkResults(null)!, /not an object/);
});

test('report encoding: lossless round trip of runs and comparisons, and much smaller than plain JSON', () => {
  const plain = JSON.parse(JSON.stringify(data));
  // Odd values the encoder must keep: a value that is not shares × price, a notional that is not
  // quantity × price, a trade on a date outside the run, changing holdings.
  plain.positions[3].rows[0].value += 0.5;
  plain.trades[1].notional += 1;
  plain.trades[2].date = '1999-01-01';
  plain.positions[4].rows.pop();
  const enc = JSON.parse(JSON.stringify(encodeReportData(plain)));
  assert.deepEqual(decodeReportData(enc), plain);
  const cmp = JSON.parse(JSON.stringify(generateCompare()));
  assert.deepEqual(decodeReportData(JSON.parse(JSON.stringify(encodeReportData(cmp)))), cmp);
  const size = (x: unknown) => JSON.stringify(x).length;
  assert.ok(size(enc) < size(plain) * 0.5, `encoded ${size(enc)} vs plain ${size(plain)}`);
  // Plain data passes through unchanged (the panel's initial state is not encoded).
  assert.equal(decodeReportData(plain), plain);
});

test('formatting never prints a negative zero', () => {
  for (const x of [-0, -1e-9, -0.00004, -1.6e-5]) {
    for (const s of [fmtPct(x), fmtPct(x, 1), fmtRatio(x), fmtNum(x), fmtInt(x), fmtMoney(x), fmtCompact(x)]) {
      assert.ok(!s.startsWith('-'), `${x} printed as ${s}`);
    }
  }
  assert.equal(fmtPct(-1.6e-5), '0.00%');
  assert.equal(fmtRatio(-0.001), '0.00');
  assert.equal(fmtMoney(-0.4), '0');
  assert.equal(fmtPct(-0.0123), '-1.23%');
  assert.equal(fmtMoney(-1234.4), '-1,234');
});

test('time axis ticks: each label once, adapting to days, months and years', () => {
  const ts = (d: string) => Date.parse(d + 'T00:00:00Z') / 1000;
  const check = (a: string, b: string, maxTicks: number, re: RegExp) => {
    const t = timeTicks(ts(a), ts(b), maxTicks);
    assert.ok(t.splits.length >= 2 && t.splits.length <= maxTicks, `${a}..${b}: ${t.labels.join(' ')}`);
    assert.equal(new Set(t.labels).size, t.labels.length, `labels repeat: ${t.labels.join(' ')}`);
    for (const l of t.labels) assert.match(l, re, `${a}..${b}: ${t.labels.join(' ')}`);
    for (const s of t.splits) assert.ok(s >= ts(a) && s <= ts(b));
    return t.labels;
  };
  // One year at a wide or a narrow width: month labels, none repeated.
  const year = check('2023-01-03', '2023-12-29', 14, /^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)( 2023)?$/);
  assert.equal(year[0], 'Feb 2023');
  check('2023-01-03', '2023-12-29', 5, /^[A-Z][a-z]{2}( 2023)?$/);
  // A few weeks (zoomed in): day labels.
  check('2023-03-01', '2023-03-24', 8, /^\d{1,2} [A-Z][a-z]{2}( 2023)?$/);
  // Fifteen years: year labels.
  check('2005-01-03', '2020-12-31', 10, /^\d{4}$/);
  // Five years at 2-3 ticks per year: labels still unique.
  check('2016-01-04', '2021-04-21', 12, /^([A-Z][a-z]{2} )?\d{4}$|^[A-Z][a-z]{2}$/);
});

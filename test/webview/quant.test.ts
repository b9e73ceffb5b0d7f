// Hand-checked numbers behind the Returns tab, the trade table's position column, the ISO
// date field and the chart contrast rule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Trade } from '../../engine/types';
import { contrast, parseColor, readableOn } from '../../webview/contrast';
import { benchmarkReturns, drawdown, monthlyReturns, positionsAfterTrades, rollingBeta, rollingSharpe } from '../../webview/quant';
import { parseIsoDate } from '../../webview/analytics';

const close = (a: number | null, b: number, eps = 1e-12) => assert.ok(a !== null && Math.abs(a - b) < eps, `${a} ≈ ${b}`);

test('drawdown is equity over its running peak minus one', () => {
  assert.deepEqual(
    drawdown([100, 110, 99, 121, 60.5]).map((x) => +x.toFixed(10)),
    [0, 0, -0.1, 0, -0.5],
  );
});

test('monthly returns compound the days of each calendar month; the year total compounds all its days', () => {
  const dates = ['2021-12-30', '2021-12-31', '2022-01-03', '2022-01-04', '2022-02-01'];
  const r = [0, 0.1, 0.1, -0.5, 0.2];
  const m = monthlyReturns(dates, r);
  assert.deepEqual(m.years, [2021, 2022]);
  close(m.cells[0][11], 0.1);
  close(m.cells[1][0], 1.1 * 0.5 - 1); // -0.45
  close(m.cells[1][1], 0.2);
  assert.equal(m.cells[1][2], null, 'a month without days is empty');
  close(m.yearTotals[1], 1.1 * 0.5 * 1.2 - 1); // -0.34
});

test('rolling beta recovers a known beta once the window is full; rolling Sharpe is mean/std·√252', () => {
  const bench = Array.from({ length: 80 }, (_, i) => (i === 0 ? null : 0.01 * Math.sin(i)));
  const ret = bench.map((b) => (b === null ? 0 : 1.5 * b + 0.0001));
  const beta = rollingBeta(ret, bench, 63);
  assert.equal(beta[62], null, 'not before 63 paired days');
  close(beta[63], 1.5, 1e-9);
  close(beta[79], 1.5, 1e-9);
  const s = rollingSharpe([0, 0.01, -0.01, 0.02, 0.0], 4);
  const w = [0.01, -0.01, 0.02, 0.0],
    mean = 0.005,
    sd = Math.sqrt(w.reduce((a, x) => a + (x - mean) ** 2, 0) / 3);
  close(s[4], (mean / sd) * Math.sqrt(252), 1e-9);
  const br = benchmarkReturns([100, null, 110, 121]);
  assert.deepEqual(br.slice(0, 3), [null, null, null], 'no return next to a missing price');
  close(br[3], 0.1, 1e-12);
});

test('position after a trade is the running sum of that ticker’s quantities', () => {
  const t = (ticker: string, quantity: number) => ({ ticker, quantity }) as Trade;
  assert.deepEqual(
    Array.from(positionsAfterTrades([t('XLK', -100), t('AAPL', 50), t('XLK', 30), t('XLK', 70), t('AAPL', -20)])),
    [-100, 50, -70, 0, 30],
  );
});

test('the positions date field takes YYYY-MM-DD and refuses other forms and impossible dates', () => {
  assert.equal(parseIsoDate('2021-3-5'), '2021-03-05');
  assert.equal(parseIsoDate(' 2021-12-31 '), '2021-12-31');
  assert.equal(parseIsoDate('12/31/2021'), null);
  assert.equal(parseIsoDate('2021-02-30'), null);
});

test('theme colours with alpha are made opaque and lifted to 3:1 against the background', () => {
  assert.deepEqual(parseColor('rgba(234, 92, 0, 0.33)'), { r: 234, g: 92, b: 0, a: 0.33 });
  const dark = parseColor('#1f1f1f')!;
  const orange = readableOn('rgba(234, 92, 0, 0.33)', '#1f1f1f', '#cccccc');
  assert.equal(orange, '#ea5c00', 'the hue the theme meant, without the alpha');
  assert.ok(contrast(parseColor(orange)!, dark) >= 3);
  // A colour too dark for a dark background is lightened until it reads.
  const lifted = readableOn('#3a2a10', '#1f1f1f', '#cccccc');
  assert.ok(contrast(parseColor(lifted)!, dark) >= 3, `${lifted}`);
  // A pale yellow on white is darkened.
  const darker = readableOn('#ffe680', '#ffffff', '#000000');
  assert.ok(contrast(parseColor(darker)!, parseColor('#ffffff')!) >= 3, `${darker}`);
  assert.ok(Math.abs(contrast(parseColor('#000000')!, parseColor('#ffffff')!) - 21) < 1e-9);
});

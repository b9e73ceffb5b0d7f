// The terminal's int() and money() (common/format.ts) print what toLocaleString('en-US')
// prints, without loading ICU: the same grouping, the same rounding (half away from zero on
// the shortest decimal), the same output for ties, tiny, huge, negative and non-finite values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { int, money } from '../../common/format';

const refInt = (x: number) => (Number.isFinite(x) ? (Math.round(x) || 0).toLocaleString('en-US') : 'n/a');
const refMoney = (x: number) => {
  if (!Number.isFinite(x)) return 'n/a';
  const s = Math.abs(x).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return `${x < 0 && s !== '0.00' ? '-' : ''}$${s}`;
};

test('int and money print what toLocaleString("en-US") prints', () => {
  const values = [
    0,
    -0,
    0.005,
    0.015,
    0.025,
    2.675,
    1.005,
    0.125,
    9.995,
    999.995,
    99999999.995,
    0.5,
    1.5,
    2.5,
    -0.5,
    -1.5,
    -2.5,
    -0.004,
    0.0049999,
    1e-7,
    1.5e-7,
    -1e-9,
    1e15 + 0.3,
    2 ** 53,
    2 ** 53 + 2,
    1e21,
    2 ** 70,
    123456789012345680000,
    1e300,
    -1e300,
    NaN,
    Infinity,
    -Infinity,
  ];
  let seed = 7;
  const rnd = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  for (let k = 0; k < 50_000; k++) {
    let x = (rnd() - 0.5) * 10 ** (Math.floor(rnd() * 30) - 8);
    if (k % 3 === 0) x = Math.round(x * 1000) / 1000; // exact-looking decimals
    if (k % 5 === 0) x = Math.round(x * 200) / 200 + 0.005; // ties in the third decimal
    values.push(x);
  }
  for (const x of values) {
    assert.equal(int(x), refInt(x), `int(${x})`);
    assert.equal(money(x), refMoney(x), `money(${x})`);
  }
  assert.equal(money(1234567.125), '$1,234,567.13');
  assert.equal(money(-0.004), '$0.00');
  assert.equal(int(-1234.5), '-1,234');
});

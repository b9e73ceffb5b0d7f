// writeNumber (engine/results/numberBytes.ts) writes the shortest digits of a double
// itself; every byte of the --out files depends on it giving exactly String(x). This
// checks it on a deterministic spread of doubles: any bit pattern, the W1 trade log's
// kinds of values (4-decimal prices, share counts, notionals, costs), decimals of 1-17
// significant digits at every scale and their neighbours, powers of two and ten, and the
// edges where String(x) changes form (1e21, 1e-7) or the writer changes path (1e-6, 2^31,
// 2^53, 10^16, 10^17 after scaling). A mismatch means a user's CSV changed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeNumber } from '../../engine/results/numberBytes';

const F = new Float64Array(1);
const U = new Uint32Array(F.buffer);
const LOW = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;

/** The double one step up or down in magnitude (by the bit pattern), for neighbours. */
function step(x: number, by: number): number {
  F[0] = x;
  let lo = U[LOW] + by,
    hi = U[1 - LOW];
  if (lo > 0xffffffff) {
    lo -= 0x100000000;
    hi++;
  } else if (lo < 0) {
    lo += 0x100000000;
    hi--;
  }
  U[LOW] = lo;
  U[1 - LOW] = hi;
  return F[0];
}

/** `n` doubles from a seeded xorshift generator, in kinds that take turns. */
export function cases(n: number, seed: number): Float64Array {
  let s = seed >>> 0 || 1;
  const u32 = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return s >>> 0;
  };
  const unit = () => (u32() * 4294967296 + u32()) / 18446744073709551616;
  const out = new Float64Array(n);
  const edges = [
    1e21,
    1e-7,
    1e-6,
    1.000001e-6,
    9007199254740992,
    2147483648,
    4503599627370496,
    1e16,
    1e17,
    1e15,
    0.1,
    0.5,
    1,
    Number.MAX_VALUE,
    Number.MIN_VALUE,
    2.2250738585072014e-308,
    2.225073858507201e-308,
    5e-324,
    1.7976931348623157e308,
    123456789012345680,
    0.000001,
    0.0000001,
    999999999999999900000,
    1e-5,
    1e-4,
    0.001,
    0.01,
    100,
    1e8,
    1e9,
  ];
  let k = 0;
  const put = (x: number) => {
    if (k < n) out[k++] = u32() & 1 ? -x : x;
  };
  for (const x of edges) for (let d = -3; d <= 3; d++) put(step(x, d));
  for (let e = -1074; e <= 1023 && k < n; e += 7) put(Math.pow(2, e) * (1 + (u32() % 3 === 0 ? 0 : 2 ** -52)));
  for (let e = -323; e <= 308 && k < n; e++) put(step(Number(`1e${e}`), (u32() % 3) - 1));
  put(0);
  put(NaN);
  put(Infinity);
  while (k < n) {
    const kind = u32() % 8;
    if (kind === 0) {
      U[0] = u32();
      U[1] = u32(); // any bit pattern: every exponent, subnormals, NaN
      put(F[0]);
    } else if (kind <= 3) {
      // W1-like: a 4-decimal price, a share count, their notional and costs.
      const price = Math.round((1 + unit() * 999) * 1e4) / 1e4;
      const qty = 1 + (u32() % 100000);
      const notional = qty * price * (kind === 1 ? 1 : 1 + (unit() - 0.5) * 0.02);
      const v = kind === 1 ? notional : kind === 2 ? notional * 0.0005 : notional * unit() * 0.001;
      put(u32() & 1 ? v : price * (1 + (unit() - 0.5) * 1e-3));
    } else if (kind <= 5) {
      // d significant digits at scale 10^e, or a neighbour of it.
      const d = 1 + (u32() % 17);
      let m = '' + (1 + (u32() % 9));
      for (let i = 1; i < d; i++) m += u32() % 10;
      const e = (u32() % 60) - 30 - (kind === 5 ? 280 * ((u32() % 3) - 1) : 0);
      const x = Number(`${m}e${e}`);
      put(u32() % 4 === 0 ? step(x, (u32() % 5) - 2) : x);
    } else if (kind === 6) {
      put(unit() * Math.pow(10, (u32() % 40) - 20));
    } else {
      put(Math.round(unit() * 9007199254740992 * 4) / Math.pow(2, u32() % 70));
    }
  }
  return out;
}

test('writeNumber writes String(x) for 200 000 seeded doubles of every kind', () => {
  const buf = new Uint8Array(64);
  const xs = cases(200000, 20261204);
  let bad = 0;
  const first: string[] = [];
  for (const x of xs) {
    const got = Buffer.from(buf.buffer, 0, writeNumber(x, buf, 0)).toString('latin1');
    const want = String(x);
    if (got !== want) {
      bad++;
      if (first.length < 5) first.push(`${want} written as ${got}`);
    }
  }
  assert.equal(bad, 0, first.join('; '));
});

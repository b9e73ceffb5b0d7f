// The --out writer formats numbers into bytes itself (engine/results/numberBytes.ts). A
// reader of the files must get the very doubles of the run: every value written must read
// back exactly, and the text must be String(x)'s, so the files are what they always were
// (and what the panel's Export writes).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeNumber } from '../../engine/results/numberBytes';
import { ByteCsvWriter } from '../../engine/results/csvBytes';
import { cell } from '../../engine/results/csvCell';
import { Backtester } from '../../engine/backtest';
import { syntheticMarket, memoryData } from '../fixtures/sim/tables';

const buf = new Uint8Array(64);
const text = (x: number) => Buffer.from(buf.buffer, 0, writeNumber(x, buf, 0)).toString('latin1');

function* seeded(n: number, seed: number): Generator<number> {
  let s = seed >>> 0;
  const next = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s;
  };
  const f = new Float64Array(1),
    u = new Uint32Array(f.buffer);
  for (let i = 0; i < n; i++) {
    u[0] = next();
    u[1] = next(); // any bit pattern: every exponent, subnormals, NaN
    yield f[0];
    yield (next() / 2 ** 32) * 10 ** ((next() % 30) - 10);
    yield Math.round((next() / 2 ** 32) * 2e6) / 1e4; // 4-decimal prices
    const q = (next() % 20001) - 10000,
      p = Math.round((next() / 2 ** 32) * 5e5) / 1e4;
    yield q * p * (1 + 5e-4);
    yield Math.abs(q * p * 5e-4); // notional, commission of a trade
  }
}

test('numbers are written as String(x) and read back as the same double', () => {
  const special = [
    0,
    -0,
    1,
    -1,
    0.1,
    0.2,
    0.3,
    1 / 3,
    2 / 3,
    0.5,
    123.45,
    1e-6,
    1.5e-6,
    Number('9.999999999999999e-7'),
    1e-7,
    1e21,
    1e20,
    2 ** 66,
    2 ** 52 + 0.5,
    2 ** 53,
    2 ** 53 + 2,
    2 ** 60,
    4503599627370495.5,
    9007199254740991,
    5e-324,
    Number.MAX_VALUE,
    -Number.MIN_VALUE,
    1e15 + 0.3,
    ...['99.99999999999999', '9.999999999999998', '0.9999999999999999', '166156.76879882812', '250827.78930664062'].map(Number),
  ];
  for (let k = -30; k < 60; k++) special.push(2 ** k, 3 * 2 ** k, 2 ** k * (1 + 2 ** -52), 2 ** k * (2 - 2 ** -52), 10 ** (k / 3));
  let checked = 0;
  for (const x of [...special, ...seeded(200_000, 7)]) {
    if (!Number.isFinite(x)) continue;
    const t = text(x);
    if (t !== String(x) || Number(t) !== x) assert.fail(`${String(x)} was written as ${t}`);
    checked++;
  }
  assert.ok(checked > 900_000);
});

test('every path of the formatter gives String(x), and parseFloat reads it back exactly', () => {
  // The fast paths: integers (above 2^31 too), 1-4 decimals (0.000d included), the 17-digit
  // path with its point inside the digits or after "0.", rounding that carries through the
  // low 8 digits, and the neighbours of short decimals (the shortest text is one digit off).
  const f = new Float64Array(1),
    u = new Uint32Array(f.buffer);
  let seed = 99;
  const next = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0);
  const xs: number[] = [2 ** 31, 2 ** 31 - 1, 2 ** 31 + 1, 4294967296 * 1000 + 7, 2 ** 53 - 1, 0.0001, 0.0012, 0.1234, 12.5, 1.0001];
  xs.push(
    ...['0.99999999999999994', '0.999999999999999', '9.9999999999999982', '99999999.999999985', '0.12345678901234568'].map(Number),
    1e-6 + 2 ** -70,
  );
  for (let i = 0; i < 400_000; i++) {
    u[0] = next();
    u[1] = (next() & 0x800fffff) | ((1003 + (next() % 71)) << 20); // any mantissa, exponents 2^-20..2^50
    xs.push(f[0]);
    const d = Math.round((next() / 2 ** 32) * 1e9) / 10 ** (next() % 12);
    f[0] = d;
    u[0] += (next() % 7) - 3;
    xs.push(d, f[0]);
    xs.push((next() % 1e6) + 0.99999999 + (next() % 100) * 1e-10);
  }
  for (const x of xs) {
    const t = text(x);
    if (t !== String(x) || parseFloat(t) !== x) assert.fail(`${String(x)} was written as ${t}`);
  }
});

test('the byte writer quotes text as cell() does and leaves non-finite numbers empty', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'csvbytes-'));
  try {
    const file = path.join(dir, 'x.csv');
    const w = new ByteCsvWriter(file, ['a', 'b,c', 'd']);
    w.text(Buffer.from(cell('He said "hi"')));
    w.num(NaN);
    w.num(-Infinity);
    w.end();
    for (let i = 0; i < 100_000; i++) {
      w.num(i + 0.25);
      w.num(-i);
      w.text(Buffer.from('é'));
      w.end();
    } // spans several 1 MB chunks
    w.close();
    const lines = readFileSync(file, 'utf8').split('\n');
    assert.equal(lines[0], 'a,"b,c",d');
    assert.equal(lines[1], '"He said ""hi""",,');
    assert.equal(lines[2], '0.25,0,é');
    assert.equal(lines[100_001], '99999.25,-99999,é');
    assert.equal(lines.length, 100_003);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("trades.csv holds the run's exact doubles and the cash ledger reconciles from it to 1e-9", () => {
  const mkt = syntheticMarket({ stocks: 30, days: 260, seed: 17, lateEtf: { etf: 'XLU', startDay: 40 } });
  const initial = 5_000_000;
  const res = new Backtester(
    {
      name: 'ledger',
      initial_cash: initial,
      use_case: 2,
      inputs: { signals: mkt.signals },
      rebalance_frequency: 'daily',
      enable_sector_hedge: true,
      sector_etf_mapping: mkt.etfs,
      enable_beta_hedge: true,
      borrow_rate_annual: 0.01,
      cash_rate_annual: 0.02,
      stock_costs: { commission_bps: 5, slippage_bps: 7, min_commission: 1 },
      etf_costs: { commission_bps: 1, slippage_bps: 2 },
    },
    memoryData(mkt.table, mkt.mapping),
  ).run();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'csvbytes-ledger-'));
  try {
    res.writeOutFiles(path.join(dir, 'out'));
    const rows = readFileSync(path.join(dir, 'out', 'trades.csv'), 'utf8')
      .trimEnd()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    const log = res.record.tradeLog!;
    assert.equal(rows.length, log.length);
    assert.ok(rows.length > 5000);
    let spent = 0;
    rows.forEach((r, k) => {
      const [quantity, price, notional, commission, slippage] = r.slice(2, 7).map(Number);
      assert.ok(
        quantity === log.quantity[k] &&
          price === log.price[k] &&
          notional === log.notional[k] &&
          commission === log.commission[k] &&
          slippage === log.slippage[k],
        `trades.csv row ${k + 2} differs from the run: ${r.join(',')}`,
      );
      spent += notional + commission;
    });
    const equity = readFileSync(path.join(dir, 'out', 'equity.csv'), 'utf8')
      .trimEnd()
      .split('\n');
    const finalCash = Number(equity[equity.length - 1].split(',')[2]);
    assert.equal(finalCash, res.record.cash[res.record.cash.length - 1]);
    const { borrow, interest } = res.record.costs;
    assert.ok(borrow > 0 && interest > 0);
    const ledger = initial + interest - borrow - spent;
    assert.ok(Math.abs(ledger - finalCash) <= 1e-9 * initial, `cash ${finalCash} vs ledger ${ledger}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

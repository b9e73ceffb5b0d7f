// Reproduces every case of ../shared/data/empyrical-oracle/cases.json (empyrical's own
// test expectations) to the case's assert_decimals, as numpy's assert_almost_equal does:
// |actual - expected| < 1.5 * 10 ** -decimals. Skipped when the oracle is absent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as m from '../../engine/metrics';

const ORACLE = path.resolve(__dirname, '../../../shared/data/empyrical-oracle/cases.json');

interface Series {
  values: (number | null)[];
  dates: string[];
}
interface Case {
  metric: string;
  call: string;
  params: Record<string, unknown>;
  inputs: Record<string, Series>;
  expected: number | string | number[];
  assert_decimals: number;
}

function num(v: number | string): number {
  if (v === 'NaN') return NaN;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  return Number(v);
}

function values(s: Series): number[] {
  return s.values.map((v) => (v === null ? NaN : v));
}

/** `name` from the inputs, honouring a `name[1:]` slice in the call, aligned by date on `on`. */
function aligned(c: Case, name: string, on: Series): number[] {
  const s = c.inputs[name];
  let dates = s.dates,
    vals = values(s);
  if (c.call.includes(`${name}[1:]`)) {
    dates = dates.slice(1);
    vals = vals.slice(1);
  }
  const byDate = new Map(dates.map((d, i) => [d, vals[i]]));
  return on.dates.map((d) => byDate.get(d) ?? NaN);
}

/** A params value that is either a number or "<input name> (series...)". */
function rate(c: Case, key: string, on: Series): m.RateLike {
  const p = c.params[key];
  if (p === undefined) return 0;
  if (typeof p === 'number') return p;
  return aligned(c, String(p).split(' ')[0], on);
}

function compute(c: Case): number | number[] {
  const names = Object.keys(c.inputs);
  const main = c.inputs[names[0]];
  const r = values(main);
  const opts: m.PeriodOptions = {
    period: (c.params.period as m.Period | undefined) ?? 'daily',
    annualization: c.params.annualization as number | undefined,
  };
  switch (c.metric) {
    case 'cum_returns_final':
      return m.cumReturnsFinal(r, (c.params.starting_value as number) ?? 0);
    case 'max_drawdown':
      return m.maxDrawdown(r);
    case 'annual_return':
      return m.annualReturn(r, opts);
    case 'cagr':
      return m.cagr(r, opts);
    case 'annual_volatility':
      return m.annualVolatility(r, opts);
    case 'calmar_ratio':
      return m.calmarRatio(r, opts);
    case 'sharpe_ratio':
      return m.sharpeRatio(r, rate(c, 'risk_free', main), opts);
    case 'sortino_ratio':
      return m.sortinoRatio(r, rate(c, 'required_return', main), opts);
    case 'downside_risk':
      return m.downsideRisk(r, rate(c, 'required_return', main), opts);
    case 'alpha_beta': {
      const factor = names.length > 1 ? aligned(c, names[1], main) : r.map((v) => -v);
      assert.ok(names.length > 1 || c.call.includes(`-${names[0]}`), `unexpected alpha_beta call ${c.call}`);
      return m.alphaBeta(r, factor, rate(c, 'risk_free', main), opts);
    }
    case 'omega_ratio':
      return m.omegaRatio(r, c.params.risk_free as number, c.params.required_return as number, (c.params.annualization as number) ?? 252);
    case 'stability_of_timeseries':
      return m.stabilityOfTimeseries(r);
    case 'tail_ratio':
      return m.tailRatio(r);
    default:
      throw new Error(`no implementation mapped for metric ${c.metric}`);
  }
}

function close(actual: number, expected: number, decimals: number, label: string): void {
  if (Number.isNaN(expected)) {
    assert.ok(Number.isNaN(actual), `${label}: expected NaN, got ${actual}`);
    return;
  }
  if (!Number.isFinite(expected)) {
    assert.equal(actual, expected, label);
    return;
  }
  assert.ok(Math.abs(actual - expected) < 1.5 * 10 ** -decimals, `${label}: expected ${expected}, got ${actual} (to ${decimals} decimals)`);
}

const present = existsSync(ORACLE);
const oracle = present ? (JSON.parse(readFileSync(ORACLE, 'utf8')) as { cases: Case[] }) : { cases: [] };

test('oracle file is present', { skip: present ? false : `absent: ${ORACLE}` }, () => {
  assert.ok(oracle.cases.length >= 30);
  // every metric we report appears in the oracle
  const metrics = new Set(oracle.cases.map((c) => c.metric));
  for (const k of [
    'sharpe_ratio',
    'sortino_ratio',
    'downside_risk',
    'annual_volatility',
    'annual_return',
    'cagr',
    'max_drawdown',
    'calmar_ratio',
    'cum_returns_final',
    'alpha_beta',
  ]) {
    assert.ok(metrics.has(k), k);
  }
});

for (const [i, c] of oracle.cases.entries()) {
  test(`empyrical case ${i}: ${c.call}`, () => {
    const actual = compute(c);
    if (Array.isArray(c.expected)) {
      const a = actual as number[];
      c.expected.forEach((e, k) => close(a[k], num(e), c.assert_decimals, `${c.call}[${k}]`));
    } else {
      close(actual as number, num(c.expected), c.assert_decimals, c.call);
    }
  });
}

test('daily, weekly and monthly annualisation differ only by the factor', () => {
  const r = [0.01, -0.02, 0.03, 0.0, 0.015];
  const d = m.annualVolatility(r, { period: 'daily' });
  const w = m.annualVolatility(r, { period: 'weekly' });
  assert.ok(Math.abs(d / w - Math.sqrt(252 / 52)) < 1e-12);
  assert.ok(Math.abs(m.annualReturn(r, { period: 'monthly' }) - (Math.pow(1 + m.cumReturnsFinal(r), 12 / 5) - 1)) < 1e-12);
});

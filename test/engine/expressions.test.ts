import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileExpression, ExpressionError, EXPRESSION_VARIABLES, MAX_EXPRESSION_LENGTH } from '../../engine/expressions';

const vars = { market_vol_21d: 0.3, market_return_63d: -0.12, portfolio_drawdown: -0.05, days_since_start: 10 };

function rejects(source: string, pattern: RegExp): ExpressionError {
  try {
    compileExpression(source);
  } catch (e) {
    assert.ok(e instanceof ExpressionError, `${source}: ${String(e)}`);
    assert.match(e.message, pattern, source);
    return e;
  }
  assert.fail(`expected "${source}" to be rejected`);
}

test("the guide's dynamic hedging as a ternary: neutral in high volatility, 5% otherwise", () => {
  const c = compileExpression('market_vol_21d > 0.25 ? 0 : 0.05');
  assert.deepEqual(c.variables, ['market_vol_21d']);
  assert.equal(c.evaluate({ ...vars, market_vol_21d: 0.3 }), 0);
  assert.equal(c.evaluate({ ...vars, market_vol_21d: 0.1 }), 0.05);
  // Compiled once, evaluated many times.
  let sum = 0;
  for (let i = 0; i < 100; i++) sum += c.evaluate({ ...vars, market_vol_21d: i / 100 });
  assert.ok(Math.abs(sum - 26 * 0.05) < 1e-12);
});

test('arithmetic, functions and every documented variable', () => {
  assert.equal(compileExpression('clamp(-market_return_63d, 0, 0.1)').evaluate(vars), 0.1);
  assert.equal(compileExpression('max(0, 0.05 + portfolio_drawdown)').evaluate(vars), 0);
  assert.equal(compileExpression('days_since_start < 20 and market_vol_21d > 0.2 ? -0.02 : 0').evaluate(vars), -0.02);
  assert.ok(EXPRESSION_VARIABLES.length >= 4);
  for (const v of EXPRESSION_VARIABLES) assert.equal(compileExpression(v.name).evaluate(vars), vars[v.name as keyof typeof vars]);
});

test('sandbox: mathjs escape hatches are rejected with a clear message', () => {
  for (const fn of ['import', 'createUnit', 'evaluate', 'parse', 'simplify', 'derivative', 'compile', 'resolve']) {
    rejects(`${fn}("1+1")`, new RegExp(`Function "${fn}" is not allowed`));
  }
  rejects('f(x) = x^2', /Defining functions is not allowed/);
  rejects('a = 1', /Assignments are not allowed/);
  rejects('cos.constructor("return process")', /not allowed/);
  rejects('sqrt.constructor', /Property and index access/);
  rejects('market_vol_21d.constructor', /Property and index access/);
  rejects('x["__proto__"]', /not allowed/);
  rejects('[1, 2][1]', /not allowed/);
  rejects('{a: 1}', /not allowed/);
  rejects('"abc"', /Only numbers/);
  rejects('5 cm', /Unknown variable "cm"/);
  rejects('2 to inch', /Operator "to" is not allowed/);
  rejects('1; 2', /Only one expression/);
  rejects('cos(1)', /Function "cos" is not allowed/);
});

test('unknown variables name the nearest valid one and their position', () => {
  const e = rejects('0.5 * market_vol > 0.25 ? 0 : 0.05', /Unknown variable "market_vol"\. Did you mean "market_vol_21d"\?/);
  assert.equal(e.offset, 6);
  assert.equal(e.length, 'market_vol'.length);
  assert.equal(e.suggestion, 'market_vol_21d');
});

test('syntax errors carry an offset; results must be finite numbers', () => {
  const e = rejects('market_vol_21d > ', /Syntax error/);
  assert.equal(typeof e.offset, 'number');
  rejects('market_vol_21d > 0.25', /gives false.*cond \? 0 : 0\.05/);
  rejects('min()', /Cannot evaluate/);
  const c = compileExpression('1 / market_return_63d');
  assert.throws(() => c.evaluate({ ...vars, market_return_63d: 0 }), /finite number/);
  assert.throws(() => compileExpression('market_vol_21d').evaluate({}), /has no value/);
});

test('long and deeply nested input is rejected before parsing', () => {
  rejects(`0${'+0'.repeat(MAX_EXPRESSION_LENGTH)}`, /limit is 500/);
  rejects(`${'('.repeat(30)}1${')'.repeat(30)}`, /nests deeper/);
  rejects(`${'-'.repeat(100)}1`, /nests deeper/);
  rejects('   ', /empty/);
});

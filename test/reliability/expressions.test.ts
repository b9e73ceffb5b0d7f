// Dynamic target expressions are sandboxed mathjs. Every escape the mathjs security notes
// describe (import, createUnit, evaluate, parse, simplify, derivative, compile, function
// and variable definitions, constructor/__proto__/toString chains, matrix, unit and range
// tricks, huge repetition) must give an ExpressionError from compileExpression and an
// `expression-invalid` diagnostic from validateConfigText, with a range on the expression.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { compileExpression, ExpressionError, MAX_EXPRESSION_DEPTH, MAX_EXPRESSION_LENGTH } from '../../engine/expressions/compile';
import { createSyncDataAccess, validateConfigText } from '../../engine/validate';

const CONFIG = path.resolve(__dirname, '..', '..', 'sample_data', 'configs', 'dynamic-targets.backtest.jsonc');
const VARS = { market_vol_21d: 0.2, market_return_63d: 0.01, portfolio_drawdown: -0.05, days_since_start: 10 };

/** [label, expression, what the message must mention]. */
const ESCAPES: [string, string, RegExp][] = [
  ['import', 'import({x: 1}, {override: true})', /not allowed|Syntax/],
  ['import (short)', 'import({})', /import/],
  ['createUnit', 'createUnit("bitcoin", "1000 USD")', /createUnit/],
  ['evaluate', 'evaluate("1 + 1")', /evaluate/],
  ['parse', 'parse("1")', /parse/],
  ['simplify', 'simplify("x + x")', /simplify/],
  ['derivative', 'derivative("x^2", "x")', /derivative/],
  ['compile', 'compile("1")', /compile/],
  ['resolve', 'resolve(market_vol_21d)', /resolve/],
  ['chain', 'chain(1)', /chain/],
  ['config', 'config({number: "BigNumber"})', /config/],
  ['typed', 'typed("f", {"number": f})', /typed/],
  ['help', 'help(sin)', /help/],
  ['function definition', 'f(x) = x ^ 2', /Defining functions/],
  ['function definition then call', 'f(x) = 1; f(2)', /one expression/],
  ['assignment', 'a = 1', /Assignments/],
  ['assignment to a variable', 'market_vol_21d = 1', /Assignments/],
  ['constructor property', 'cos.constructor', /access/],
  ['constructor call', 'cos.constructor("return process")()', /access|Syntax|not allowed/],
  ['constructor by index', 'cos["constructor"]', /access/],
  ['Function via constructor chain', 'abs.constructor.constructor("return this")()', /access|not allowed|Syntax/],
  ['__proto__', '__proto__', /Unknown variable/],
  ['__proto__ property', 'pi.__proto__', /access/],
  ['prototype', 'abs.prototype', /access/],
  ['toString chain', 'pi.toString', /access/],
  ['valueOf', 'e["valueOf"]()', /access|Syntax|not allowed/],
  ['global eval', 'eval("1")', /eval/],
  ['Function', 'Function("return 1")', /Function/],
  ['process', 'process', /Unknown variable/],
  ['string constant', '"abc"', /numbers/],
  ['single-quoted string', "'abc'", /numbers|Syntax/],
  ['matrix literal', '[1, 2, 3]', /Array|not allowed/],
  ['matrix function', 'matrix([1, 2])', /matrix/],
  ['matrix index', '[1, 2][1]', /access/],
  ['object literal', '{a: 1}', /Object|not allowed/],
  ['object property', '{a: 1}.a', /access/],
  ['unit literal', '5 cm', /Unknown variable|not allowed/],
  ['unit conversion', '5 inch to cm', /Operator "to"|not allowed/],
  ['unit function', 'unit("5 cm")', /unit/],
  ['range', '1:1e9', /Range/],
  ['huge matrix', 'ones(10000, 10000)', /ones/],
  ['huge zeros', 'size(zeros(1e9))', /size|zeros/],
  ['factorial bomb', 'factorial(1e9)', /factorial/],
  ['complex result', 'sqrt(-1)', /number|Complex/],
  ['boolean result', 'market_vol_21d > 0.2', /condition/],
  ['block', 'market_vol_21d; 1', /one expression/],
  ['line break', 'market_vol_21d\n+ 1', /one expression/],
  ['huge repetition (length)', '1+'.repeat(MAX_EXPRESSION_LENGTH) + '1', new RegExp(`limit is ${MAX_EXPRESSION_LENGTH}`)],
  ['deep parentheses (depth)', '('.repeat(MAX_EXPRESSION_DEPTH + 1) + '1' + ')'.repeat(MAX_EXPRESSION_DEPTH + 1), /nests deeper/],
  ['deep operator chain', '-'.repeat(200) + '1', /nests deeper/],
  ['long flat sum', Array.from({ length: 60 }, () => 'e').join('+'), /nests deeper/],
];

test('each mathjs escape is an ExpressionError from compileExpression', () => {
  for (const [label, expr, mention] of ESCAPES) {
    assert.throws(
      () => compileExpression(expr),
      (err: unknown) => {
        assert.ok(err instanceof ExpressionError, `${label}: threw ${(err as Error)?.constructor?.name}: ${(err as Error)?.message}`);
        assert.match(err.message, mention, `${label}: unclear message "${err.message}"`);
        if (err.offset !== undefined)
          assert.ok(err.offset >= 0 && err.offset <= expr.length, `${label}: offset ${err.offset} outside the expression`);
        return true;
      },
      `${label}: ${JSON.stringify(expr)} compiled`,
    );
  }
});

test('each escape is an expression-invalid diagnostic on the expression, in the editor and the CLI validator', async () => {
  const data = createSyncDataAccess();
  for (const [label, expr, mention] of ESCAPES) {
    const literal = JSON.stringify(expr);
    const text = `{\n  "data_dir": "..",\n  "use_case": 2,\n  "inputs": { "signals": "../signals.csv" },\n  "enable_sector_hedge": true,\n  "sector_target_exposures": {\n    "Technology": ${literal}\n  }\n}\n`;
    const diags = await validateConfigText(text, CONFIG, data);
    const d = diags.find((x) => x.code === 'expression-invalid');
    assert.ok(d, `${label}: no expression-invalid diagnostic: ${JSON.stringify(diags.map((x) => `${x.code}: ${x.message}`))}`);
    assert.equal(d.severity, 'error');
    assert.match(d.message, mention, `${label}: ${d.message}`);
    assert.equal(d.path, 'sector_target_exposures.Technology');
    // The range lies on the string's line, inside the quoted value.
    const line = text.split('\n')[d.range.start.line];
    const start = line.indexOf(literal);
    assert.ok(start >= 0 || expr.includes('\n'), `${label}: diagnostic on line ${d.range.start.line}: ${line}`);
    if (start >= 0 && d.range.start.line === d.range.end.line) {
      assert.ok(
        d.range.start.character >= start && d.range.end.character <= start + literal.length,
        `${label}: range ${JSON.stringify(d.range)} outside ${literal}`,
      );
    }
  }
});

test('nothing escaped: no global, prototype or mathjs state was changed by the attempts', () => {
  for (const [, expr] of ESCAPES) {
    try {
      compileExpression(expr);
    } catch {
      /* expected */
    }
  }
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal(Object.getPrototypeOf({}), Object.prototype);
  assert.equal(typeof (globalThis as Record<string, unknown>).x, 'undefined');
  // The sandbox still evaluates plain arithmetic exactly, with no leftover definitions.
  const c = compileExpression('market_vol_21d > 0.25 ? 0 : clamp(0.05 + market_return_63d, -0.1, 0.1)');
  assert.equal(c.evaluate(VARS), 0.060000000000000005);
  assert.deepEqual(c.variables.sort(), ['market_return_63d', 'market_vol_21d']);
  assert.throws(() => compileExpression('x + 1'), /Unknown variable "x"/);
  assert.throws(() => compileExpression('bitcoin'), /Unknown variable "bitcoin"/);
});

test('the scope holds only the documented variables, as numbers', () => {
  const c = compileExpression('market_vol_21d * 2');
  // A non-number (or an object pretending to be one) never reaches mathjs.
  assert.throws(() => c.evaluate({ market_vol_21d: { valueOf: () => 1 } } as unknown as Record<string, number>), ExpressionError);
  assert.throws(() => c.evaluate({} as Record<string, number>), /no value/);
  const extra = { ...VARS, constructor: 1, __proto__: { polluted: 1 } } as unknown as Record<string, number>;
  assert.equal(c.evaluate(extra), 0.4);
  // A result that is not finite at run time is an ExpressionError, not a NaN target.
  assert.throws(() => compileExpression('1 / market_vol_21d').evaluate({ ...VARS, market_vol_21d: 0 }), /finite number/);
});

test('the limits are exactly at their documented values', () => {
  const atLength = '1' + '+1'.repeat(((MAX_EXPRESSION_LENGTH - 1) / 2) | 0);
  assert.ok(atLength.length <= MAX_EXPRESSION_LENGTH);
  // At the length limit the length check passes (the operator chain is then refused for depth).
  assert.throws(
    () => compileExpression(atLength),
    (e: Error) => !/limit is/.test(e.message),
  );
  const depthOk = '('.repeat(MAX_EXPRESSION_DEPTH) + 'market_vol_21d' + ')'.repeat(MAX_EXPRESSION_DEPTH);
  assert.equal(compileExpression(depthOk).evaluate(VARS), 0.2);
});

// Dynamic target expressions: sandboxed mathjs. Defence in depth, following mathjs's
// security notes: (1) length and nesting limits before parsing, (2) the parsed tree must
// use only whitelisted node types, operators, functions and variables, (3) the instance
// has import/createUnit/evaluate/parse/simplify/derivative/... replaced by throwing
// functions, (4) the result must be a finite number.
import { EXPRESSION_VARIABLES, EXPRESSION_FUNCTIONS, EXPRESSION_CONSTANTS } from './variables';
import { nearest } from '../config/nearest';

export const MAX_EXPRESSION_LENGTH = 500;
export const MAX_EXPRESSION_DEPTH = 20;

export class ExpressionError extends Error {
  /** 0-based character offset in the source, when known. */
  readonly offset?: number;
  /** Length of the offending token, when known. */
  readonly length?: number;
  /** Unknown symbol and the nearest valid name, for quick fixes. */
  readonly symbol?: string;
  readonly suggestion?: string;
  constructor(message: string, extra: { offset?: number; length?: number; symbol?: string; suggestion?: string } = {}) {
    super(message);
    this.name = 'ExpressionError';
    Object.assign(this, extra);
  }
}

export interface CompiledExpression {
  readonly source: string;
  /** Variables (of EXPRESSION_VARIABLES) the expression uses. */
  readonly variables: string[];
  /** Evaluates over the variables; throws ExpressionError unless the result is a finite number. */
  evaluate(vars: Record<string, number>): number;
}

const ALLOWED_OPERATORS = new Set([
  'add',
  'subtract',
  'multiply',
  'divide',
  'pow',
  'mod',
  'unaryMinus',
  'unaryPlus',
  'smaller',
  'larger',
  'smallerEq',
  'largerEq',
  'equal',
  'unequal',
  'and',
  'or',
  'not',
  'xor',
]);
const VARIABLE_NAMES = EXPRESSION_VARIABLES.map((v) => v.name);
const ALLOWED_SYMBOLS = new Set([...VARIABLE_NAMES, ...EXPRESSION_CONSTANTS]);
const ALLOWED_FUNCTIONS = new Set(EXPRESSION_FUNCTIONS);

/** The slice of mathjs we use (its typings are ESM-only, this package is CommonJS). */
interface MathNode {
  type: string;
  compile(): { evaluate(scope?: unknown): unknown };
  [k: string]: any;
}
interface MathJsInstance {
  parse(s: string): MathNode;
  import(values: Record<string, unknown>, opts: { override: boolean }): void;
}
interface Sandbox {
  parse: (s: string) => MathNode;
}

/**
 * Builds a locked-down mathjs instance. mathjs is required lazily: loading it costs
 * about a second, which configs without expressions (and the CLI's startup) should not pay.
 */
function buildSandbox(): Sandbox {
  const { create, all } = require('mathjs') as { create(factories: unknown, config: unknown): MathJsInstance; all: unknown };
  const math = create(all, { number: 'number' });
  const parse = math.parse;
  const disabled = (name: string) => () => {
    throw new Error(`Function ${name} is disabled in target expressions`);
  };
  const blocked = [
    'import',
    'createUnit',
    'evaluate',
    'parse',
    'simplify',
    'simplifyConstant',
    'simplifyCore',
    'derivative',
    'compile',
    'resolve',
    'reviver',
    'replacer',
    'chain',
    'rationalize',
    'leafCount',
    'symbolicEqual',
    'parser',
    'help',
    'config',
  ];
  const overrides: Record<string, unknown> = {};
  for (const name of blocked) overrides[name] = disabled(name);
  overrides.clamp = (...args: unknown[]) => {
    if (args.length !== 3 || args.some((a) => typeof a !== 'number')) throw new Error('clamp takes three numbers: clamp(x, low, high)');
    const [x, lo, hi] = args as number[];
    return Math.min(Math.max(x, lo), hi);
  };
  math.import(overrides, { override: true });
  return { parse };
}

/** One sandbox per call chain would be wasteful; build it once on first use. */
const sandboxHolder: { value: Sandbox | null } = { value: null };
function sandbox(): Sandbox {
  return (sandboxHolder.value ??= buildSandbox());
}

function locate(source: string, name: string): { offset?: number; length?: number } {
  const re = new RegExp(`(^|[^A-Za-z0-9_])(${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})(?![A-Za-z0-9_])`);
  const m = re.exec(source);
  return m ? { offset: m.index + m[1].length, length: name.length } : {};
}

function checkNesting(source: string): void {
  let depth = 0;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '(' || ch === '[' || ch === '{') {
      if (++depth > MAX_EXPRESSION_DEPTH) {
        throw new ExpressionError(`Expression nests deeper than ${MAX_EXPRESSION_DEPTH} levels; simplify it.`, { offset: i, length: 1 });
      }
    } else if (ch === ')' || ch === ']' || ch === '}') depth--;
  }
}

/** Walks the tree and rejects anything outside the whitelist; returns used variables. */
function checkTree(root: MathNode, source: string): string[] {
  const used = new Set<string>();
  const visit = (node: MathNode, depth: number): void => {
    if (depth > MAX_EXPRESSION_DEPTH * 2)
      throw new ExpressionError(`Expression nests deeper than ${MAX_EXPRESSION_DEPTH * 2} operations; simplify it.`);
    const n = node;
    switch (n.type) {
      case 'ConstantNode':
        if (typeof n.value !== 'number' && typeof n.value !== 'boolean') {
          throw new ExpressionError(
            `Only numbers are allowed as constants, not ${JSON.stringify(n.value)}.`,
            locate(source, String(n.value)),
          );
        }
        return;
      case 'SymbolNode': {
        const name = String(n.name);
        if (!ALLOWED_SYMBOLS.has(name)) {
          const isFn = ALLOWED_FUNCTIONS.has(name);
          const suggestion = isFn ? undefined : nearest(name, VARIABLE_NAMES);
          const msg = isFn
            ? `"${name}" is a function; call it with ${callExample(name) ? `arguments, e.g. ${callExample(name)}` : 'arguments'}.`
            : `Unknown variable "${name}".${suggestion ? ` Did you mean "${suggestion}"?` : ''} Available: ${VARIABLE_NAMES.join(', ')}.`;
          throw new ExpressionError(msg, { ...locate(source, name), symbol: name, suggestion });
        }
        if (VARIABLE_NAMES.includes(name)) used.add(name);
        return;
      }
      case 'ParenthesisNode':
        return visit(n.content, depth + 1);
      case 'ConditionalNode':
        visit(n.condition, depth + 1);
        visit(n.trueExpr, depth + 1);
        visit(n.falseExpr, depth + 1);
        return;
      case 'OperatorNode':
        if (!ALLOWED_OPERATORS.has(n.fn)) {
          throw new ExpressionError(
            `Operator "${n.op}" is not allowed in target expressions. Use + - * / ^ %, comparisons, and/or/not and cond ? a : b.`,
            locate(source, String(n.op)),
          );
        }
        for (const a of n.args) visit(a, depth + 1);
        return;
      case 'RelationalNode':
        for (const a of n.params) visit(a, depth + 1);
        return;
      case 'FunctionNode': {
        const fn = n.fn as MathNode;
        const name = fn && fn.type === 'SymbolNode' ? String(fn.name) : '';
        if (!name || !ALLOWED_FUNCTIONS.has(name)) {
          const label = name || 'this call';
          throw new ExpressionError(
            `Function "${label}" is not allowed in target expressions. Allowed: ${EXPRESSION_FUNCTIONS.join(', ')}.`,
            name ? { ...locate(source, name), symbol: name } : {},
          );
        }
        for (const a of n.args) visit(a, depth + 1);
        return;
      }
      case 'FunctionAssignmentNode':
        throw new ExpressionError('Defining functions is not allowed in target expressions.', {});
      case 'AssignmentNode':
        throw new ExpressionError('Assignments are not allowed in target expressions; write a single expression.', {});
      case 'AccessorNode':
      case 'IndexNode':
        throw new ExpressionError('Property and index access (a.b, a[1]) is not allowed in target expressions.', {});
      case 'BlockNode':
        throw new ExpressionError('Only one expression is allowed (no ";" or line breaks).', {});
      default:
        throw new ExpressionError(`${String(n.type).replace(/Node$/, '')} syntax is not allowed in target expressions.`, {});
    }
  };
  visit(root, 0);
  return [...used];
}

/** Arguments of a valid call of each function (the arity matters: abs takes one, clamp three). */
const EXAMPLE_ARGS: Record<string, string> = {
  abs: 'market_return_63d',
  sqrt: 'market_vol_21d',
  exp: 'market_return_63d',
  log: 'market_vol_21d',
  log10: 'market_vol_21d',
  sign: 'market_return_63d',
  round: 'market_vol_21d',
  floor: 'market_vol_21d',
  ceil: 'market_vol_21d',
  min: 'market_vol_21d, 0.3',
  max: 'market_vol_21d, 0.1',
  clamp: 'market_vol_21d, 0, 0.3',
};
const exampleCache = new Map<string, string>();

/**
 * A call of `name` to suggest, only if it is itself a valid expression that gives a finite
 * number on typical inputs (a suggested fix must not be a new error); '' otherwise.
 */
export function callExample(name: string): string {
  const cached = exampleCache.get(name);
  if (cached !== undefined) return cached;
  let example = '';
  const args = EXAMPLE_ARGS[name];
  if (args) {
    try {
      const c = compileExpression(`${name}(${args})`);
      if (Number.isFinite(c.evaluate({ market_vol_21d: 0.2, market_return_63d: 0.01, portfolio_drawdown: 0, days_since_start: 0 })))
        example = `${name}(${args})`;
    } catch {
      /* not offered */
    }
  }
  exampleCache.set(name, example);
  return example;
}

function describeResult(v: unknown): string {
  if (typeof v === 'boolean') return `${v} (a condition, not a number; write e.g. "cond ? 0 : 0.05")`;
  if (typeof v === 'number') return String(v);
  return `a ${v === null ? 'null' : typeof v === 'object' ? ((v as object).constructor?.name ?? 'object') : typeof v}`;
}

/** Compiles once; the returned object evaluates many times. Throws ExpressionError. */
export function compileExpression(source: string): CompiledExpression {
  if (typeof source !== 'string') throw new ExpressionError('A target expression must be a string.');
  if (source.length > MAX_EXPRESSION_LENGTH) {
    throw new ExpressionError(`Expression is ${source.length} characters long; the limit is ${MAX_EXPRESSION_LENGTH}.`, {
      offset: MAX_EXPRESSION_LENGTH,
      length: source.length - MAX_EXPRESSION_LENGTH,
    });
  }
  if (!source.trim())
    throw new ExpressionError('Expression is empty; write a number or e.g. "market_vol_21d > 0.25 ? 0 : 0.05".', {
      offset: 0,
      length: source.length,
    });
  if (/[\n\r;]/.test(source)) {
    const i = source.search(/[\n\r;]/);
    throw new ExpressionError('Only one expression is allowed (no ";" or line breaks).', { offset: i, length: 1 });
  }
  checkNesting(source);
  let tree: MathNode;
  try {
    tree = sandbox().parse(source);
  } catch (err) {
    const e = err as Error & { char?: number };
    const offset = typeof e.char === 'number' ? Math.max(0, Math.min(source.length - 1, e.char - 1)) : undefined;
    throw new ExpressionError(`Syntax error: ${e.message}.`, { offset, length: 1 });
  }
  const variables = checkTree(tree, source);
  const code = tree.compile();

  const run = (vars: Record<string, number>): number => {
    // A fresh map holding only whitelisted names: nothing else is reachable from the scope.
    const scope = new Map<string, number>();
    for (const name of VARIABLE_NAMES) {
      const v = vars[name];
      if (typeof v === 'number') scope.set(name, v);
    }
    for (const name of variables) {
      if (!scope.has(name)) throw new ExpressionError(`Variable "${name}" has no value at this point.`);
    }
    let result: unknown;
    try {
      result = code.evaluate(scope);
    } catch (err) {
      throw new ExpressionError(`Cannot evaluate "${source}": ${(err as Error).message}`);
    }
    if (typeof result !== 'number' || !Number.isFinite(result)) {
      throw new ExpressionError(`"${source}" gives ${describeResult(result)}; a target must be a finite number.`);
    }
    return result;
  };

  // Try it once on typical values so wrong argument counts or a boolean result are
  // reported when the config is validated, not in the middle of a run.
  const typical: Record<string, number> = {};
  for (const v of EXPRESSION_VARIABLES) typical[v.name] = v.example;
  let trial: unknown;
  try {
    trial = code.evaluate(new Map(Object.entries(typical)));
  } catch (err) {
    throw new ExpressionError(`Cannot evaluate: ${(err as Error).message}`);
  }
  if (typeof trial !== 'number') throw new ExpressionError(`The expression gives ${describeResult(trial)}; a target must be a number.`);
  // Without variables the value never changes: a non-finite one would fail at every rebalance.
  if (variables.length === 0 && !Number.isFinite(trial)) {
    throw new ExpressionError(`The expression always gives ${trial}; a target must be a finite number (a fraction such as 0.05).`);
  }

  return { source, variables, evaluate: run };
}

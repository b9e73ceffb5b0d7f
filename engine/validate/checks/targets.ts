// Sector targets: sizes, expressions, and held sectors without a target.
import type { PriceTable, SectorMapping } from '../../types';
import { compileExpression, ExpressionError } from '../../expressions/compile';
import type { JsonPath } from '../document';
import { push, TARGET_WARN, type CheckContext, type Effective } from './context';
import { heldGroups } from './sectors';
import { sample } from '../../data/prices';

/** Values an expression is tried on once: a calm market on the run's first day. */
const TYPICAL_VARIABLES: Record<string, number> = { market_vol_21d: 0.2, market_return_63d: 0, portfolio_drawdown: 0, days_since_start: 0 };

function typicalFailure(message: string): string {
  const m = /gives (.+?); a target must be/.exec(message);
  return m ? `gives ${m[1]}` : `cannot be evaluated (${message.replace(/\.$/, '')})`;
}

export function checkTargetsStatic(ctx: CheckContext, eff: Effective): void {
  for (const [sector, t] of Object.entries(eff.targets)) {
    const p: JsonPath = ['sector_target_exposures', sector];
    const node = ctx.doc.valueNode(p);
    if (!node) continue;
    if (typeof t === 'number') {
      if (Math.abs(t) > TARGET_WARN && Math.abs(t) <= 1) {
        push(
          ctx,
          'target-large',
          'warning',
          ctx.doc.nodeRange(node),
          `Target ${t} for ${sector} is outside the usual -0.2..0.2: the hedge will be large relative to the book (the guide's "Large Hedge Positions"). Check the value; ${t} means ${(t * 100).toFixed(0)}% of the basis.`,
          p,
        );
      }
      continue;
    }
    if (typeof t !== 'string') continue;
    try {
      const compiled = compileExpression(t);
      // Once on typical values (calm market, no drawdown, first day): a result that is not a
      // finite number (1/0, a complex sqrt) would keep the previous target during the run.
      try {
        compiled.evaluate(TYPICAL_VARIABLES);
      } catch (err) {
        if (!(err instanceof ExpressionError)) throw err;
        push(
          ctx,
          'expression-value',
          'warning',
          ctx.doc.nodeRange(node),
          `Target expression for ${sector} ${typicalFailure(err.message)} with typical values (${Object.entries(TYPICAL_VARIABLES)
            .map(([k, v]) => `${k} ${v}`)
            .join(', ')}); on such days the run keeps the previous target. Make it a finite number for every input.`,
          p,
        );
      }
    } catch (err) {
      if (!(err instanceof ExpressionError)) throw err;
      // Narrow the range to the offending token when the string has no escapes.
      const raw = ctx.doc.text.slice(node.offset + 1, node.offset + node.length - 1);
      let range = ctx.doc.nodeRange(node);
      if (raw === t && err.offset !== undefined) range = ctx.doc.rangeAt(node.offset + 1 + err.offset, Math.max(1, err.length ?? 1));
      // A quick fix is offered only when the expression it produces is itself valid.
      const suggestion =
        err.suggestion && err.offset !== undefined && fixCompiles(t, err.offset, err.length ?? 0, err.suggestion)
          ? err.suggestion
          : undefined;
      const message = err.suggestion && !suggestion ? err.message.replace(/ Did you mean "[^"]*"\?/, '') : err.message;
      push(
        ctx,
        'expression-invalid',
        'error',
        range,
        `Target expression for ${sector}: ${message}`,
        p,
        suggestion ? { replacement: suggestion, symbol: err.symbol } : err.symbol ? { symbol: err.symbol } : undefined,
      );
    }
  }
}

function fixCompiles(source: string, offset: number, length: number, replacement: string): boolean {
  try {
    compileExpression(source.slice(0, offset) + replacement + source.slice(offset + length));
    return true;
  } catch {
    return false;
  }
}

export function checkMissingTargets(
  ctx: CheckContext,
  eff: Effective,
  groups: Map<string, string[]>,
  mapping: SectorMapping,
  inputTickers: Set<string> | undefined,
  prices: PriceTable | undefined,
): void {
  const key = ctx.doc.keyNode(['sector_target_exposures']);
  if (!key || !Object.keys(eff.targets).length) return;
  const held = heldGroups(groups, mapping, eff.groupColumn.toLowerCase(), inputTickers, prices);
  const missing = held.filter((g) => !(g in eff.targets));
  if (!missing.length) return;
  push(
    ctx,
    'sectors-missing-target',
    'info',
    ctx.doc.nodeRange(key),
    `${missing.length} held sector(s) have no target and are hedged to 0.0 (neutral): ${sample(missing, 11)}.`,
    ['sector_target_exposures'],
    { missingSectors: missing },
  );
}

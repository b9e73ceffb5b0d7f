// Sector targets: numbers, or mathjs expressions compiled once (engine/expressions) and
// evaluated at each rebalance over the market/portfolio variables below.
import { compileExpression } from '../expressions';
import { BacktestError } from './errors';
import type { WarningLog } from './warnings';
import { checkTargetRange, type TargetRangeMode } from './targetRange';

export interface MarketVariables {
  /** Annualised (sqrt 252) sample std of the beta instrument's last 21 daily returns. */
  market_vol_21d: number;
  /** The beta instrument's return over the last 63 trading days. */
  market_return_63d: number;
  /** Equity / running peak - 1 (0 or negative), at today's close before trading. */
  portfolio_drawdown: number;
  /** Trading days since the first day of the run (0 on the first day). */
  days_since_start: number;
}

interface Compiled {
  evaluate(vars: Record<string, number>): unknown;
}

export class SectorTargets {
  /** Current target per group. */
  readonly values: Float64Array;
  private readonly compiled: (Compiled | null)[];
  private readonly sources: (string | null)[];
  readonly dynamic: boolean;

  /**
   * @param range what a target outside -1..1 does (on_target_out_of_range); `warnings` take
   *   the clamp warnings of the numbers given (a run with --force past the validator)
   */
  constructor(
    groups: readonly string[],
    spec: Record<string, number | string>,
    private readonly range: TargetRangeMode = 'stop',
    warnings?: WarningLog,
    firstDate = '',
  ) {
    this.values = new Float64Array(groups.length);
    this.compiled = groups.map(() => null);
    this.sources = groups.map(() => null);
    groups.forEach((g, i) => {
      const v = spec[g];
      if (typeof v === 'number') this.values[i] = checkTargetRange(v, g, null, firstDate, range, warnings);
      else if (typeof v === 'string') {
        const n = Number(v.trim());
        if (v.trim() !== '' && Number.isFinite(n)) {
          this.values[i] = checkTargetRange(n, g, null, firstDate, range, warnings);
          return;
        }
        try {
          this.compiled[i] = compileExpression(v) as Compiled;
          this.sources[i] = v;
        } catch (err) {
          throw new BacktestError('bad-expression', `sector_target_exposures.${g}: ${(err as Error).message}`, {
            path: `sector_target_exposures.${g}`,
            fix: 'write a number or an expression over market_vol_21d, market_return_63d, portfolio_drawdown, days_since_start, e.g. "market_vol_21d > 0.25 ? 0 : 0.05".',
          });
        }
      }
    });
    this.dynamic = this.compiled.some((c) => c !== null);
  }

  /** Re-evaluates the expression targets; a non-finite result keeps the previous target and warns. */
  evaluate(vars: MarketVariables, groups: readonly string[], date: string, warnings: WarningLog): void {
    const scope = vars as unknown as Record<string, number>;
    for (let i = 0; i < this.compiled.length; i++) {
      const c = this.compiled[i];
      if (!c) continue;
      let r: unknown;
      try {
        r = c.evaluate(scope);
      } catch (err) {
        r = err;
      }
      const x = typeof r === 'boolean' ? Number(r) : r;
      if (typeof x === 'number' && Number.isFinite(x)) {
        this.values[i] = checkTargetRange(x, groups[i], this.sources[i], date, this.range, warnings);
        continue;
      }
      const prev = this.values[i];
      warnings.add(`bad-target-value:${groups[i]}`, () => ({
        code: 'bad-target-value',
        sector: groups[i],
        date,
        message: `target of ${groups[i]} ("${this.sources[i]}") ${badResult(r)} on ${date}, so the previous target (${prev}) was kept; a target must be a finite number.`,
      }));
    }
  }
}

/** "gives Infinity" / "could not be evaluated (...)": what went wrong, without repeating the source. */
function badResult(r: unknown): string {
  if (!(r instanceof Error)) return `gives ${String(r)}`;
  const m = /gives (.+?); a target must be/.exec(r.message);
  return m ? `gives ${m[1]}` : `could not be evaluated (${r.message.replace(/\.$/, '')})`;
}

/** The market variables at day t from the instrument's price column (NaN where it cannot be measured). */
export function marketVariables(instrument: Float64Array | null, t: number, i0: number, equity: number, peak: number): MarketVariables {
  let vol = NaN,
    ret63 = NaN;
  if (instrument) {
    let s = 0,
      ss = 0,
      n = 0;
    for (let d = Math.max(1, t - 20); d <= t; d++) {
      const a = instrument[d - 1],
        b = instrument[d];
      if (a > 0 && b > 0) {
        const r = b / a - 1;
        s += r;
        ss += r * r;
        n++;
      }
    }
    if (n >= 2) vol = Math.sqrt(Math.max(0, (ss - (s * s) / n) / (n - 1))) * Math.sqrt(252);
    const now = lastPrice(instrument, t),
      then = lastPrice(instrument, Math.max(0, t - 63));
    if (now > 0 && then > 0) ret63 = now / then - 1;
  }
  return {
    market_vol_21d: vol,
    market_return_63d: ret63,
    portfolio_drawdown: peak > 0 ? equity / peak - 1 : 0,
    days_since_start: t - i0,
  };
}

function lastPrice(col: Float64Array, t: number): number {
  for (let d = t; d >= 0; d--) if (col[d] > 0) return col[d];
  return NaN;
}

// The terminal lines for the sector hedge ratio: residual sector variance of the dollar and
// the beta (regression) ratio, this run's beside the one it shadows (docs/hedging.md).
import type { Metrics } from '../engine/types';
import { num, pct } from '../common/format';
import { pairs } from './table';

/** null (NaN in JSON) or absent -> NaN. */
const n = (x: number | null | undefined) => (x === null || x === undefined ? NaN : x);

/** "0.001234 (residual vol 3.5%)". */
export function residualVariance(v: number | null | undefined): string {
  const x = n(v);
  return Number.isFinite(x) ? `${num(x, 6)} (residual vol ${pct(Math.sqrt(Math.max(0, x)))})` : 'n/a';
}

/** Which ratio left less residual sector variance, or null when only one was measured. */
export function lowerRatio(m: Metrics): 'dollar' | 'beta' | null {
  const d = n(m.residualSectorVarianceDollar),
    b = n(m.residualSectorVarianceBeta);
  if (!Number.isFinite(d) || !Number.isFinite(b)) return null;
  return b < d ? 'beta' : 'dollar';
}

/** The run summary's section; empty when the run has no ETF sector hedge. */
export function formatHedgeRatio(m: Metrics, ratio: string | undefined): string {
  if (m.residualSectorVariance === undefined) return '';
  const beta = ratio === 'beta';
  const rows: [string, string][] = [
    [`Dollar ratio${beta ? ' (same book and days, not traded)' : ' (this run)'}`, residualVariance(m.residualSectorVarianceDollar)],
  ];
  if (m.residualSectorVarianceBeta !== undefined || beta) {
    rows.push([`Beta ratio${beta ? ' (this run)' : ' (same book and days, not traded)'}`, residualVariance(m.residualSectorVarianceBeta)]);
  }
  const lower = lowerRatio(m);
  const out = ['Residual sector variance (annualised, summed over sectors; lower = tighter hedge):', pairs(rows).trimEnd()];
  if (lower) out.push(`  Less residual sector variance: the ${lower} ratio`);
  return out.join('\n') + '\n';
}

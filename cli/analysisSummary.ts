// The terminal sections for what the hedge did: hedge effectiveness, P&L attribution and
// the bootstrap confidence intervals (definitions in docs/analytics.md).
import type { AnalysisJson } from '../engine/analysis/json';
import type { Metrics } from '../engine/types';
import { money, num, pct } from '../common/format';
import type { AnalysisSummary } from '../jobs/job';
import { pairs, table } from './table';

type Eff = NonNullable<AnalysisJson['hedgeEffectiveness'][string]>;

/** null (NaN in JSON) prints n/a. */
const n = (x: number | null | undefined) => (x === null || x === undefined ? NaN : x);

export function range(iv: { lower: number; upper: number }, f: (x: number) => string): string {
  return `[${f(n(iv.lower))}, ${f(n(iv.upper))}]`;
}

export function interval(iv: { estimate: number; lower: number; upper: number }, f: (x: number) => string): string {
  return `${f(n(iv.estimate))}  ${range(iv, f)}`;
}

/** The hedged book beside the same stock trades without hedges (use case 4: the book as given). */
function hedgedVsUnhedged(a: AnalysisSummary, hedged: Metrics, useCase: number): string {
  const u = a.unhedged!;
  const rows: [string, (x: number) => string, number, number][] = [
    ['Total return', (x) => pct(x), hedged.totalReturn, n(u.total_return)],
    ['CAGR', (x) => pct(x), hedged.cagr, n(u.cagr)],
    ['Annual volatility', (x) => pct(x), hedged.annualVolatility, n(u.annual_volatility)],
    ['Sharpe ratio', (x) => num(x), hedged.sharpeRatio, n(u.sharpe_ratio)],
    ['Max drawdown', (x) => pct(x), hedged.maxDrawdown, n(u.max_drawdown)],
  ];
  const other = useCase === 4 ? 'as given' : 'unhedged';
  return table(
    ['', 'hedged', other],
    rows.map(([k, f, h, x]) => [k, f(h), f(x)]),
    '  ',
  );
}

export function formatAnalysis(a: AnalysisSummary, hedged: Metrics, useCase: number): string {
  const out: string[] = [];
  if (a.unhedged) {
    out.push(useCase === 4 ? 'The book hedged, and as given:' : 'Hedged, and the same stock trades unhedged:');
    out.push(hedgedVsUnhedged(a, hedged, useCase).trimEnd());
    out.push('');
  }
  const he = a.hedgeEffectiveness;
  const row = (label: string, e: Eff): string[] => [
    label,
    String(e.days),
    pct(n(e.basket_volatility)),
    pct(n(e.tracking_error)),
    num(n(e.correlation)),
    pct(n(e.variance_reduction), 1),
  ];
  const rows: string[][] = [];
  for (const [name, e] of Object.entries(he)) {
    if (name === 'whole_book' || name === 'beta_hedge' || !e) continue;
    rows.push(row(e.etf ? `${name} (${e.etf})` : `${name} (no ETF)`, e));
  }
  rows.push(row('Whole book (all sector hedges)', he.whole_book));
  if (he.beta_hedge) rows.push(row(`Beta hedge (${he.beta_hedge.instrument})`, he.beta_hedge));
  out.push("Hedge effectiveness (daily P&L over the previous close's gross stock value, annualised):");
  out.push(table(['', 'days', 'unhedged vol', 'tracking error', 'correlation', 'variance removed'], rows, '  ').trimEnd());
  out.push('');
  const t = a.attribution;
  out.push('P&L attribution:');
  out.push(
    pairs([
      ['Stock-specific', money(t.stock_specific)],
      ['Sector (what the ETFs earned on the stock dollars)', money(t.sector)],
      ['Sector hedges', money(t.sector_hedge)],
      ['Beta hedge', money(t.beta_hedge)],
      ['Costs (commission, slippage)', money(t.costs)],
      ['Borrow', money(t.borrow)],
      ['Cash interest', money(t.interest)],
      ['Total (= equity change)', money(t.total)],
    ]).trimEnd(),
  );
  const ci = a.confidenceIntervals;
  if (ci) {
    out.push('');
    out.push(
      `${Math.round(ci.level * 100)}% confidence intervals (stationary block bootstrap: ${ci.samples} samples, ${ci.block_days}-day mean blocks, seed ${ci.seed}):`,
    );
    out.push(
      pairs([
        ['Sharpe ratio', interval(ci.sharpe_ratio, (x) => num(x))],
        ['CAGR', interval(ci.cagr, (x) => pct(x))],
        ['Annual volatility', interval(ci.annual_volatility, (x) => pct(x))],
        ['Max drawdown', interval(ci.max_drawdown, (x) => pct(x))],
        ['Sharpe hedged - unhedged', `${interval(ci.sharpe_difference, (x) => num(x))}${verdict(ci.sharpe_difference)}`],
      ]).trimEnd(),
    );
  }
  return out.join('\n') + '\n';
}

/** Whether the interval of the Sharpe difference excludes 0. */
export function verdict(iv: { lower: number; upper: number }): string {
  if (n(iv.lower) > 0) return '  (the hedge improved Sharpe beyond noise)';
  if (n(iv.upper) < 0) return '  (the hedge lowered Sharpe beyond noise)';
  return '  (includes 0: not distinguishable from noise)';
}

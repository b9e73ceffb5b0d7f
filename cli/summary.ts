// The terminal summary of a run and the side-by-side table of `compare`.
import type { TradeReason } from '../engine/types';
import { HEDGE_TRADE_REASONS, TRADE_REASONS } from '../engine/results/tradeLog';
import { formatAnalysis, interval, range } from './analysisSummary';
import { formatHedgeRatio, lowerRatio, residualVariance } from './hedgeRatioSummary';
import { displayPath } from '../jobs/failure';
import { int, money, num, pct, times } from '../common/format';
import { pairs, table } from './table';
import type { CompareRun, RunSummary } from '../jobs/job';

/** The engine's reasons as the summary lists them: the book's trades first, then the hedges. */
const REASONS: readonly TradeReason[] = [
  ...TRADE_REASONS.filter((r) => !HEDGE_TRADE_REASONS.has(r)),
  ...TRADE_REASONS.filter((r) => HEDGE_TRADE_REASONS.has(r)),
];
const MAX_WARNINGS = 15;
/** What a metric of a bankrupt run (Metrics.invalid) shows instead of its number. */
export const INVALID = 'invalid';

export function stockTrades(s: RunSummary): number {
  return REASONS.filter((r) => !HEDGE_TRADE_REASONS.has(r)).reduce((a, r) => a + (s.tradeCounts[r] ?? 0), 0);
}
export function hedgeTrades(s: RunSummary): number {
  return (s.tradeCounts.sector_hedge ?? 0) + (s.tradeCounts.beta_hedge ?? 0);
}

function hedgeLabel(s: RunSummary): string {
  const m = s.meta;
  const sector = m.hedgeMethod === 'none' ? 'no sector hedge' : m.hedgeMethod === 'etf' ? 'ETF sector hedge' : 'proportional sector hedge';
  return `${sector}, ${m.betaHedge ? `beta hedge with ${m.betaInstrument}` : 'no beta hedge'}`;
}

export function formatWarnings(s: RunSummary): string {
  if (!s.warnings.length) return 'Warnings: none\n';
  const lines = s.warnings
    .slice(0, MAX_WARNINGS)
    .map((w) => `  - ${w.message}${w.count && w.count > 1 ? ` (${int(w.count)} times)` : ''} [${w.code}]`);
  if (s.warnings.length > MAX_WARNINGS)
    lines.push(`  ... and ${s.warnings.length - MAX_WARNINGS} more (all of them are in --json and metrics.json)`);
  return `Warnings (${s.warnings.length}):\n${lines.join('\n')}\n`;
}

export function formatRunSummary(s: RunSummary, files: string[]): string {
  const m = s.metrics;
  const out: string[] = [];
  // A bankrupt run that continued (on_bankruptcy "continue"): no metric is shown as a number.
  const v = (text: string) => (m.invalid ? INVALID : text);
  out.push(`${s.meta.name}: ${s.meta.startDate} to ${s.meta.endDate} (${int(s.days)} trading days), ${hedgeLabel(s)}`);
  if (s.meta.configPath) out.push(`config: ${displayPath(s.meta.configPath)}`);
  out.push('');
  if (m.invalid)
    out.push(
      `EVERY METRIC IS INVALID: equity reached zero or below on ${m.invalid.date} and the run went on (on_bankruptcy "continue").`,
      `  ${m.invalid.message}`,
      '',
    );
  out.push('Performance:');
  out.push(
    pairs([
      ['Total return', v(pct(m.totalReturn))],
      ['CAGR', v(pct(m.cagr))],
      ['Annual volatility', v(pct(m.annualVolatility))],
      ['Sharpe ratio', v(num(m.sharpeRatio))],
      ['Sortino ratio', v(num(m.sortinoRatio))],
      ['Max drawdown', v(pct(m.maxDrawdown))],
      ['Calmar ratio', v(num(m.calmarRatio))],
      ['Turnover (annual)', v(times(m.turnover))],
      ['Realised beta', v(num(m.realisedBeta, 3))],
      ['Mean |sector exposure error|', v(pct(m.meanAbsExposureError))],
    ]).trimEnd(),
  );
  out.push('');
  const counts = REASONS.filter((r) => (s.tradeCounts[r] ?? 0) > 0).map((r): [string, string] => [r, int(s.tradeCounts[r])]);
  out.push(`Trades (${int(stockTrades(s) + hedgeTrades(s))}: ${int(stockTrades(s))} stock, ${int(hedgeTrades(s))} hedge):`);
  out.push(counts.length ? pairs(counts).trimEnd() : '  none');
  out.push('');
  out.push('Costs:');
  out.push(
    pairs([
      ['Stocks', money(m.totalCosts.stocks)],
      ['Hedges (ETFs, beta instrument)', money(m.totalCosts.hedges)],
      ['Borrow', money(m.totalCosts.borrow)],
      ['Total', money(m.totalCosts.total)],
    ]).trimEnd(),
  );
  out.push('');
  const ratio = m.invalid ? null : formatHedgeRatio(m, s.meta.sectorHedgeRatio);
  if (ratio) {
    out.push(ratio.trimEnd());
    out.push('');
  }
  if (s.analysis && m.invalid) {
    out.push(`Analysis (hedge effectiveness, attribution, intervals): ${INVALID}`);
    out.push('');
  } else if (s.analysis) {
    out.push(formatAnalysis(s.analysis, s.metrics, s.meta.useCase ?? 0).trimEnd());
    out.push('');
  }
  out.push(formatWarnings(s).trimEnd());
  if (files.length) {
    out.push('');
    out.push('Wrote:');
    for (const f of files) out.push(`  ${displayPath(f)}`);
  }
  return out.join('\n') + '\n';
}

export function formatCompareTable(runs: CompareRun[]): string {
  const rows: [string, (s: RunSummary) => string][] = [
    ['Total return', (s) => pct(s.metrics.totalReturn)],
    ['CAGR', (s) => pct(s.metrics.cagr)],
    ['Sharpe ratio', (s) => num(s.metrics.sharpeRatio)],
    ['Annual volatility', (s) => pct(s.metrics.annualVolatility)],
    ['Max drawdown', (s) => pct(s.metrics.maxDrawdown)],
    [
      'Sharpe 95% interval',
      (s) => (s.analysis?.confidenceIntervals ? range(s.analysis.confidenceIntervals.sharpe_ratio, (x) => num(x)) : 'n/a'),
    ],
    [
      'Sharpe minus unhedged, 95% interval',
      (s) => (s.analysis?.confidenceIntervals ? interval(s.analysis.confidenceIntervals.sharpe_difference, (x) => num(x)) : 'n/a'),
    ],
    ['Realised beta', (s) => num(s.metrics.realisedBeta, 3)],
    ['Mean |sector exposure error|', (s) => pct(s.metrics.meanAbsExposureError)],
    ['Tracking error (whole book)', (s) => (s.analysis ? pct(s.analysis.hedgeEffectiveness.whole_book.tracking_error ?? NaN) : 'n/a')],
    [
      'Variance removed (whole book)',
      (s) => (s.analysis ? pct(s.analysis.hedgeEffectiveness.whole_book.variance_reduction ?? NaN, 1) : 'n/a'),
    ],
    [
      'Residual sector var., dollar ratio',
      (s) => (s.metrics.residualSectorVariance !== undefined ? residualVariance(s.metrics.residualSectorVarianceDollar) : 'n/a'),
    ],
    [
      'Residual sector var., beta ratio',
      (s) => (s.metrics.residualSectorVarianceBeta !== undefined ? residualVariance(s.metrics.residualSectorVarianceBeta) : 'n/a'),
    ],
    ['Less residual sector variance', (s) => lowerRatio(s.metrics) ?? 'n/a'],
    ['Costs: stocks', (s) => money(s.metrics.totalCosts.stocks)],
    ['Costs: hedges', (s) => money(s.metrics.totalCosts.hedges)],
    ['Costs: borrow', (s) => money(s.metrics.totalCosts.borrow)],
    ['Costs: total', (s) => money(s.metrics.totalCosts.total)],
    ['Turnover (annual)', (s) => times(s.metrics.turnover)],
    ['Trades: stocks', (s) => int(stockTrades(s))],
    ['Trades: hedges', (s) => int(hedgeTrades(s))],
    ['Warnings', (s) => int(s.warnings.length)],
  ];
  // Only costs, trade counts and warnings of a bankrupt run are facts; every other cell is invalid.
  const facts = /^(Costs|Trades|Warnings)/;
  return table(
    ['', ...runs.map((r) => r.label)],
    rows.map(([label, f]) => [label, ...runs.map((r) => (r.summary.metrics.invalid && !facts.test(label) ? INVALID : f(r.summary)))]),
  );
}

/** Variables a dynamic target expression may use; the simulator supplies each at every rebalance. */
export interface ExpressionVariable {
  name: string;
  description: string;
  example: number;
}

export const EXPRESSION_VARIABLES: readonly ExpressionVariable[] = [
  {
    name: 'market_vol_21d',
    description:
      'Annualised volatility of the beta instrument (the market, default SPY) over the last 21 trading days: sample standard deviation of daily returns × sqrt(252). 0.25 = 25%.',
    example: 0.18,
  },
  {
    name: 'market_return_63d',
    description: 'Total return of the beta instrument over the last 63 trading days (about 3 months), as a fraction: 0.05 = +5%.',
    example: 0.02,
  },
  {
    name: 'portfolio_drawdown',
    description: 'Current drawdown of portfolio equity from its running peak, ≤ 0: -0.10 = 10% below the peak.',
    example: -0.03,
  },
  {
    name: 'days_since_start',
    description: 'Trading days since the first day of the run (0 on the first day).',
    example: 100,
  },
];

/** Functions an expression may call. `clamp(x, lo, hi)` is ours; the rest are mathjs's. */
export const EXPRESSION_FUNCTIONS: readonly string[] = [
  'abs',
  'min',
  'max',
  'sqrt',
  'exp',
  'log',
  'log10',
  'sign',
  'round',
  'floor',
  'ceil',
  'clamp',
];

/** Named constants an expression may use. */
export const EXPRESSION_CONSTANTS: readonly string[] = ['pi', 'e', 'true', 'false'];

// The one list of trade reasons, in a module of its own so the panel bundle can read it
// without the trade log. TradeReason (engine/types.ts) is its element type.

export const TRADE_REASONS = Object.freeze(['rebalance', 'sector_hedge', 'beta_hedge', 'proportional', 'order'] as const);
/** The reasons of hedge trades (the rest trade the book itself). */
export const HEDGE_TRADE_REASONS: ReadonlySet<(typeof TRADE_REASONS)[number]> = new Set<(typeof TRADE_REASONS)[number]>(['sector_hedge', 'beta_hedge']);

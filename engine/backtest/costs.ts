import type { CostSpec } from './options';

/** Fill price of a trade of `quantity` shares at `close`: slippage always against the trader. */
export function fillPrice(close: number, quantity: number, c: CostSpec): number {
  const s = c.slippage_bps / 10_000;
  return quantity > 0 ? close * (1 + s) : close * (1 - s);
}

/** Commission of a trade: bps of |notional| plus per-share, floored at min_commission. */
export function commissionFor(quantity: number, fill: number, c: CostSpec): number {
  if (quantity === 0) return 0;
  const q = Math.abs(quantity);
  const raw = (q * fill * c.commission_bps) / 10_000 + q * c.commission_per_share;
  return Math.max(raw, c.min_commission);
}

// The beta instrument: a price column when the beta hedge or market_* variables need it.
import path from 'node:path';
import type { PriceTable, SectorMapping } from '../../types';
import { MARKET_INSTRUMENTS } from '../knownEtfs';
import { firstExistingValueRange, type JsonPath } from '../document';
import { checkCoverage, push, runWindow, type CheckContext, type Effective } from './context';

export function checkInstrument(ctx: CheckContext, eff: Effective, prices: PriceTable, mapping: SectorMapping | undefined): void {
  const needed = eff.betaHedge || eff.usesMarketVariables;
  if (!needed && !eff.instrumentExplicit) return;
  const node = ctx.doc.valueNode(['beta_hedge_instrument']);
  const range = node ? ctx.doc.nodeRange(node) : firstExistingValueRange(ctx.doc, [['enable_beta_hedge'], ['sector_target_exposures']]);
  const p: JsonPath = ['beta_hedge_instrument'];
  const j = prices.index.get(eff.instrument);
  if (j === undefined) {
    const market = MARKET_INSTRUMENTS.filter((t) => prices.index.has(t) && t !== eff.instrument);
    const others = prices.tickers.filter((t) => !mapping?.byTicker.has(t) && !market.includes(t) && t !== eff.instrument);
    const alternatives = [...market, ...others].slice(0, 8);
    const why = eff.betaHedge
      ? 'the beta hedge cannot trade'
      : eff.usesMarketVariables
        ? 'market_* expression variables cannot be computed'
        : 'there is no benchmark line';
    push(
      ctx,
      'beta-instrument-no-prices',
      needed ? 'error' : 'warning',
      range,
      `beta_hedge_instrument "${eff.instrument}" has no column in ${path.basename(prices.file)}, so ${why}.${node ? '' : ' ("SPY" is the default.)'}${alternatives.length ? ` Candidates with data: ${alternatives.slice(0, 5).join(', ')}.` : ''}`,
      p,
      { ticker: eff.instrument, alternatives, ...(alternatives[0] ? { replacement: JSON.stringify(alternatives[0]) } : {}) },
    );
    return;
  }
  if (!eff.betaHedge) return;
  const [a, b] = runWindow(eff, prices);
  if (a <= b) checkCoverage(ctx, prices, j, a, b, range, p, 'the beta hedge is off');
}

// The sector-hedge step: the proportional method (step 4, on the target shares before they
// trade) and the ETF method (step 6), each with step 8's tolerance band on days that are
// not rebalance days. Both start from HedgeGroups.sums() of the book they hedge.
import { etfHedgeShares, proportionalMove } from '../hedging/sectorHedger';
import { roundHalfAwayFromZero } from '../hedging/rounding';
import type { PriceTable } from '../types';
import type { HedgeGroups } from './hedgeGroups';
import { SECTOR, type Ledger } from './ledger';
import type { ResolvedOptions } from './options';
import { etfNoPrice, proportionalClosed, unhedgedSector } from './runWarnings';
import type { WarningLog } from './warnings';

export class SectorHedge {
  /** ETF shares held for each group (several groups may share one ETF). */
  readonly groupHedgeSh: Float64Array;
  /** Scratch for one day's ETF hedge: summed share change per ETF ticker, and which ETFs. */
  private readonly etfDelta: Float64Array;
  private readonly touchedEtfs: number[] = [];

  constructor(private readonly o: ResolvedOptions, private readonly table: PriceTable, private readonly ledger: Ledger, private readonly groups: HedgeGroups, private readonly warnings: WarningLog, private readonly days: number) {
    this.groupHedgeSh = new Float64Array(groups.names.length);
    this.etfDelta = new Float64Array(ledger.n);
  }

  /**
   * Step 4 on `target` (groups.sv/sg already summed for it): each position of a sector moves
   * by -(E - T * basis) * |v| / G. With `onlyOutOfBand`, only sectors further than the
   * tolerance from target move. Returns whether any target changed.
   */
  proportionalTargets(target: Float64Array, t: number, d: number, basis: number, tv: Float64Array, onlyOutOfBand: boolean, rehedged: Uint8Array): boolean {
    if (!(basis > 0)) return false;
    const tol = this.o.sector_hedge_tolerance, T = this.days, L = this.ledger;
    const { groupOf, sv, sg } = this.groups;
    let any = false;
    for (let j = 0; j < L.n; j++) {
      const g = groupOf[j];
      const sh = target[j];
      if (g < 0 || sh === 0 || !L.tradable(j, t)) continue;
      if (onlyOutOfBand && Math.abs(sv[g] / basis - tv[g]) <= tol) continue;
      rehedged[g * T + d] = 1;
      const p = L.px[j];
      const move = proportionalMove(sh * p, sv[g], sg[g], tv[g], basis);
      const next = roundHalfAwayFromZero(sh + move / p);
      if (next !== sh) { target[j] = next; any = true; }
      // A one-sided group (all long or all short) cannot reach its target by scaling: it is closed.
      if (next === 0 && Math.abs(sv[g]) === sg[g] && Math.abs(sv[g] / basis - tv[g]) > 1e-12) proportionalClosed(this.warnings, this.groups.names[g], this.table.dates[t], tv[g], sv[g] > 0);
    }
    return any;
  }

  /** Step 6 (ETF method), with step 8's tolerance band on days that are not rebalance days. */
  etfHedge(t: number, d: number, basis: number, tv: Float64Array, rebalance: boolean, rehedged: Uint8Array): void {
    const { names, etf, etfIdx, sv, sg } = this.groups;
    const G = names.length, T = this.days, tol = this.o.sector_hedge_tolerance, L = this.ledger;
    const date = this.table.dates[t];
    // ETFs touched today, each trading once with the sum of its sectors' changes.
    const touched = this.touchedEtfs;
    touched.length = 0;
    for (let g = 0; g < G; g++) {
      const held = sg[g] > 0;
      if (!held && this.groupHedgeSh[g] === 0) continue;
      const e = etfIdx[g];
      if (e < 0) { unhedgedSector(this.warnings, names[g], etf[g], date, this.table.file); continue; }
      if (!L.tradable(e, t)) { etfNoPrice(this.warnings, names[g], this.table, e, t); continue; }
      const p = L.px[e];
      const hedgeValue = this.groupHedgeSh[g] * p;
      const post = basis > 0 ? (sv[g] + hedgeValue) / basis : 0;
      if (!rebalance && held && Math.abs(post - tv[g]) <= tol) continue;
      const want = held && basis > 0 ? etfHedgeShares(tv[g], basis, sv[g], p) : 0;
      rehedged[g * T + d] = 1;
      const q = want - this.groupHedgeSh[g];
      if (q === 0) continue;
      this.groupHedgeSh[g] = want;
      if (this.etfDelta[e] === 0 && !touched.includes(e)) touched.push(e);
      this.etfDelta[e] += q;
    }
    for (const e of touched) {
      const q = this.etfDelta[e];
      this.etfDelta[e] = 0;
      if (q === 0) continue;
      const sectors: string[] = [];
      for (let g = 0; g < G; g++) if (etfIdx[g] === e && rehedged[g * T + d] === 1) sectors.push(names[g]);
      L.trade(e, q, SECTOR, 'sector_hedge', t, d, sectors.join(', '));
    }
  }

  /** Dollar value of group g's ETF hedge at carried prices (0 without one). */
  hedgeValue(g: number): number {
    const e = this.groups.etfIdx[g];
    return e >= 0 && this.groupHedgeSh[g] !== 0 ? this.groupHedgeSh[g] * this.ledger.px[e] : 0;
  }
}

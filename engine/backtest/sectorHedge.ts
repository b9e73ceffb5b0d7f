// The sector-hedge step: the proportional method (step 4, on the target shares before they
// trade) and the ETF method (step 6), each with step 8's tolerance band on days that are
// not hedge rebalance days. Both start from HedgeGroups.sums() of the book they hedge.
// The ETF method sizes by dollars or by each holding's beta to its ETF (sector_hedge_ratio);
// a band trigger re-trades to the target or to the band's edge (hedge_band_mode). Rules:
// docs/hedging.md.
import { etfHedgeShares, proportionalMove } from '../hedging/sectorHedger';
import { solveProportional } from '../hedging/proportionalSolve';
import { RollingSectorBeta } from '../hedging/sectorBeta';
import { roundHalfAwayFromZero } from '../hedging/rounding';
import type { PriceTable } from '../types';
import type { HedgeGroups } from './hedgeGroups';
import { SECTOR, type Ledger } from './ledger';
import type { ResolvedOptions } from './options';
import { etfNoPrice, proportionalClosed, proportionalUnreachable, shortSectorBetaHistory, unhedgedSector } from './runWarnings';
import type { SectorResidual } from './sectorResidual';
import type { WarningLog } from './warnings';

export class SectorHedge {
  /** ETF shares held for each group (several groups may share one ETF). */
  readonly groupHedgeSh: Float64Array;
  /** Band triggers per group: days its hedge re-traded because it left the band. */
  readonly bandTriggers: Int32Array;
  /** sector_hedge_ratio "beta": beta-weighted net stock value per group (sum of v_i * beta_i), set by etfHedge. */
  readonly betaNet: Float64Array | null;
  /** The same, computed for the shadow of a dollar-ratio run (compare_hedge_ratios), not traded. */
  private readonly shadowBetaNet: Float64Array | null;
  private readonly sectorBeta: RollingSectorBeta | null;
  /** Scratch for one day's ETF hedge: summed share change per ETF ticker, and which ETFs. */
  private readonly etfDelta: Float64Array;
  private readonly touchedEtfs: number[] = [];
  private readonly adjust: Uint8Array;
  private readonly goal: Float64Array;
  /** The dollar hedge a beta-ratio run shadows, for the residual-variance comparison. */
  residual: SectorResidual | null = null;

  constructor(
    private readonly o: ResolvedOptions,
    private readonly table: PriceTable,
    private readonly ledger: Ledger,
    private readonly groups: HedgeGroups,
    private readonly warnings: WarningLog,
    private readonly days: number,
  ) {
    const G = groups.names.length;
    this.groupHedgeSh = new Float64Array(G);
    this.bandTriggers = new Int32Array(G);
    this.etfDelta = new Float64Array(ledger.n);
    this.adjust = new Uint8Array(G);
    this.goal = new Float64Array(G);
    const etfMethod = o.enable_sector_hedge && o.sector_hedge_method === 'etf';
    const beta = etfMethod && o.sector_hedge_ratio === 'beta';
    const shadowBeta = etfMethod && !beta && !!o.compare_hedge_ratios;
    this.betaNet = beta ? new Float64Array(G) : null;
    this.shadowBetaNet = shadowBeta ? new Float64Array(G) : null;
    this.sectorBeta = beta || shadowBeta ? new RollingSectorBeta(table.columns, o.sector_hedge_lookback_days) : null;
    this.regroup();
  }

  /** Points each ticker's regression at its group's ETF (again after a point-in-time change). */
  regroup(): void {
    const sb = this.sectorBeta;
    if (!sb) return;
    const { groupOf, etfIdx } = this.groups;
    for (let j = 0; j < groupOf.length; j++) sb.setRegressor(j, groupOf[j] >= 0 ? etfIdx[groupOf[j]] : -1);
  }

  /** What a band trigger re-trades to: the target, or with hedge_band_mode "edge" the nearer band edge. */
  private bandGoal(exposure: number, target: number, tol: number): number {
    if (this.o.hedge_band_mode !== 'edge') return target;
    return exposure > target ? target + tol : target - tol;
  }

  /**
   * Step 4 on `target` (groups.sv/sg already summed for it): each position of an adjusted
   * sector moves by k * |v|, k solved so the sector lands on its target against the basis
   * after the adjustment and capped to [-1, 1] (no sign flips; proportionalSolve.ts). With
   * `onlyOutOfBand`, only sectors further than the tolerance from target move (band
   * triggers). Returns whether any target changed.
   */
  proportionalTargets(
    target: Float64Array,
    t: number,
    d: number,
    basis: number,
    tv: Float64Array,
    onlyOutOfBand: boolean,
    rehedged: Uint8Array,
  ): boolean {
    if (!(basis > 0)) return false;
    const tol = this.o.sector_hedge_tolerance,
      T = this.days,
      L = this.ledger;
    const { groupOf, sv, sg, names } = this.groups;
    const adjust = this.adjust,
      goal = this.goal;
    for (let g = 0; g < names.length; g++) {
      const out = Math.abs(sv[g] / basis - tv[g]) > tol;
      adjust[g] = sg[g] > 0 && (!onlyOutOfBand || out) ? 1 : 0;
      goal[g] = onlyOutOfBand && adjust[g] ? this.bandGoal(sv[g] / basis, tv[g], tol) : tv[g];
      if (onlyOutOfBand && adjust[g]) this.bandTriggers[g]++;
    }
    const sol = solveProportional(sv, sg, goal, adjust, basis, this.o.exposure_basis !== 'nav');
    for (let g = 0; g < names.length; g++)
      if (sol.unreachable[g]) proportionalUnreachable(this.warnings, names[g], this.table.dates[t], goal[g]);
    let any = false;
    for (let j = 0; j < L.n; j++) {
      const g = groupOf[j];
      const sh = target[j];
      if (g < 0 || sh === 0 || !adjust[g] || !L.tradable(j, t)) continue;
      rehedged[g * T + d] = 1;
      const p = L.px[j];
      const v = sh * p;
      // Uncapped: the guide's formula against the solved basis (with T = 0 exactly the guide's).
      // Capped (a flip avoided): one side closed, the other scaled to the target.
      const next = sol.capped[g]
        ? roundHalfAwayFromZero(sh * (sh > 0 ? sol.longScale[g] : sol.shortScale[g]))
        : roundHalfAwayFromZero(sh + proportionalMove(v, sv[g], sg[g], goal[g], sol.basis) / p);
      if (next !== sh) {
        target[j] = next;
        any = true;
      }
      // A one-sided group (all long or all short) cannot reach its target by scaling: it is closed.
      if (next === 0 && Math.abs(sv[g]) === sg[g] && Math.abs(sv[g] / basis - tv[g]) > 1e-12)
        proportionalClosed(this.warnings, this.groups.names[g], this.table.dates[t], tv[g], sv[g] > 0);
    }
    return any;
  }

  /** sector_hedge_ratio "beta": sum of value_i * beta_i per group for today's stock book. */
  private betaWeighted(t: number, out: Float64Array, warn: boolean): void {
    const sb = this.sectorBeta!,
      L = this.ledger,
      { groupOf, etfIdx } = this.groups;
    out.fill(0);
    const stockSh = L.stockSh,
      px = L.px,
      date = this.table.dates[t];
    // Nothing traded yet: no stock held, every sum stays 0 (and V8 does not optimise the loop
    // on an empty book, whose held branch had no type feedback: see BetaHedge.measure).
    const n = L.log.length === 0 ? 0 : L.n;
    for (let j = 0; j < n; j++) {
      const sh = stockSh[j],
        g = groupOf[j];
      if (sh === 0 || g < 0) continue;
      let b = sb.beta(j);
      if (b !== b) {
        b = 1;
        // Only where it matters: a sector whose ETF has no price today stays unhedged anyway.
        if (warn && etfIdx[g] >= 0 && L.tradable(etfIdx[g], t))
          shortSectorBetaHistory(
            this.warnings,
            this.table.tickers[j],
            this.table.tickers[etfIdx[g]],
            date,
            this.o.sector_hedge_lookback_days,
          );
      }
      out[g] += b * sh * px[j];
    }
  }

  /** Step 6 (ETF method), with step 8's tolerance band on days that are not hedge rebalance days. */
  etfHedge(t: number, d: number, basis: number, tv: Float64Array, rebalance: boolean, rehedged: Uint8Array): void {
    const { names, etf, etfIdx, sv, sg } = this.groups;
    const G = names.length,
      T = this.days,
      tol = this.o.sector_hedge_tolerance,
      L = this.ledger;
    const date = this.table.dates[t];
    // The regression's window moves here, not inside betaWeighted: V8 optimised betaWeighted
    // (inlining advance) before the window's first rebuild (a call reached every `lookback`
    // days) had type feedback, and deoptimised it at the next one. This function stays
    // unoptimised for longer, so advance is inlined here only once its rebuild has run.
    this.sectorBeta?.advance(t);
    if (this.betaNet) this.betaWeighted(t, this.betaNet, true);
    if (this.shadowBetaNet) this.betaWeighted(t, this.shadowBetaNet, false);
    // The exposure being hedged: dollars, or the regression (beta-weighted) value; the shadow sizes the other ratio.
    const net = this.betaNet ?? sv;
    const shadowNet = this.betaNet ? sv : this.shadowBetaNet;
    const shadow = shadowNet ? (this.residual?.shadowSh ?? null) : null;
    // ETFs touched today, each trading once with the sum of its sectors' changes.
    const touched = this.touchedEtfs;
    touched.length = 0;
    for (let g = 0; g < G; g++) {
      const held = sg[g] > 0;
      if (!held && this.groupHedgeSh[g] === 0) continue;
      const e = etfIdx[g];
      if (e < 0) {
        unhedgedSector(this.warnings, names[g], etf[g], date, this.table.file);
        continue;
      }
      if (!L.tradable(e, t)) {
        etfNoPrice(this.warnings, names[g], this.table, e, t);
        continue;
      }
      const p = L.px[e];
      const hedgeValue = this.groupHedgeSh[g] * p;
      const post = basis > 0 ? (net[g] + hedgeValue) / basis : 0;
      const outOfBand = Math.abs(post - tv[g]) > tol;
      if (!rebalance && held && !outOfBand) continue;
      const goal = !rebalance && held ? this.bandGoal(post, tv[g], tol) : tv[g];
      if (!rebalance && outOfBand) this.bandTriggers[g]++;
      const want = held && basis > 0 ? etfHedgeShares(goal, basis, net[g], p) : 0;
      if (shadow) shadow[g] = held && basis > 0 ? etfHedgeShares(goal, basis, shadowNet![g], p) : 0;
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
      // The trade's sector label: its re-hedged groups' names joined by ", " (no array or new
      // string for the usual single group: ~27k of each a W1 run).
      let label: string | null = null;
      for (let g = 0; g < G; g++)
        if (etfIdx[g] === e && rehedged[g * T + d] === 1) label = label === null ? names[g] : `${label}, ${names[g]}`;
      L.trade(e, q, SECTOR, 'sector_hedge', t, d, label ?? '');
    }
  }

  /** Dollar value of group g's ETF hedge at carried prices (0 without one). */
  hedgeValue(g: number): number {
    const e = this.groups.etfIdx[g];
    return e >= 0 && this.groupHedgeSh[g] !== 0 ? this.groupHedgeSh[g] * this.ledger.px[e] : 0;
  }
}

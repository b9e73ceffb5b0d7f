// The proportional method's adjustment, solved so that each adjusted sector lands on its
// target measured against the basis AFTER the adjustment (one trade, no re-trade the next
// day), without any position changing sign.
//
// Every position of sector g moves by k_g * |v_i|: longs scale by (1 + k_g), shorts by
// (1 - k_g). With L and S the sector's long value and |short value|, E = L - S, G = L + S:
//   E' = E + k G,   G' = G + k E   (for -1 <= k <= 1, where nothing changes sign).
// Gross basis: B' = B - sum_adjusted G_g + sum_adjusted G'_g (other sectors and unmapped
// stocks unchanged). E'_g = T_g B' for every adjusted g gives B' in closed form (below).
// A k below -1 (or above 1) would turn longs into shorts (shorts into longs). Instead that
// side is closed and the other side alone is scaled by f >= 0 to reach the target
// (E' = -S f = T B', G' = |T| B'); a sector with nothing on the other side (all long with a
// negative target, all short with a positive one) cannot reach it and is closed. B' is
// solved again with those sectors fixed. NAV basis: B' = B (trades move no equity).
// With T_g = 0 for all, k_g = -E_g / G_g: the guide's -(E - T * basis) * |w| / G.

export interface ProportionalSolution {
  /** Scale per group for free (uncapped) groups (0 for groups not adjusted). */
  k: Float64Array;
  /** The basis after the adjustment. */
  basis: number;
  /** 1 where k would have flipped signs: the group's longs and shorts scale by longScale / shortScale instead. */
  capped: Uint8Array;
  /** New value / old value of a capped group's long and short positions (0 = closed). */
  longScale: Float64Array;
  shortScale: Float64Array;
  /** 1 where the target cannot be reached at all (one-sided sector, opposite-sign target): closed. */
  unreachable: Uint8Array;
}

/**
 * @param net E_g per group, @param gross G_g per group, @param target T_g per group,
 * @param adjust 1 for groups to adjust, @param basis the basis before the adjustment,
 * @param grossBasis true when the basis is the gross stock notional (it moves with the trade)
 */
export function solveProportional(
  net: Float64Array,
  gross: Float64Array,
  target: Float64Array,
  adjust: Uint8Array,
  basis: number,
  grossBasis: boolean,
): ProportionalSolution {
  const G = net.length;
  const k = new Float64Array(G);
  const capped = new Uint8Array(G);
  const unreachable = new Uint8Array(G);
  const longScale = new Float64Array(G),
    shortScale = new Float64Array(G);
  /** -1: capped low (longs closed), 1: capped high (shorts closed). */
  const side = new Int8Array(G);
  let B = basis;
  for (let iter = 0; iter <= G; iter++) {
    if (grossBasis) {
      let num = basis,
        den = 1;
      for (let g = 0; g < G; g++) {
        if (!adjust[g] || !(gross[g] > 0)) continue;
        if (!capped[g]) {
          num -= (net[g] * net[g]) / gross[g];
          den -= (target[g] * net[g]) / gross[g];
          continue;
        }
        num -= gross[g];
        if (!unreachable[g]) den -= Math.abs(target[g]);
      }
      const solved = num / den;
      // Targets so large that no positive basis satisfies them all: keep the pre-trade basis.
      B = den > 0 && solved > 0 ? solved : basis;
    }
    let again = false;
    for (let g = 0; g < G; g++) {
      if (!adjust[g] || !(gross[g] > 0) || capped[g]) continue;
      const kg = (target[g] * B - net[g]) / gross[g];
      if (kg >= -1 && kg <= 1) {
        k[g] = kg;
        continue;
      }
      capped[g] = 1;
      again = true;
      side[g] = kg < -1 ? -1 : 1;
      const other = side[g] < 0 ? (gross[g] - net[g]) / 2 : (gross[g] + net[g]) / 2;
      if (!(other > 0)) unreachable[g] = 1;
    }
    if (!again) break;
  }
  for (let g = 0; g < G; g++) {
    if (!capped[g]) continue;
    const L = (gross[g] + net[g]) / 2,
      S = (gross[g] - net[g]) / 2;
    if (side[g] < 0) {
      longScale[g] = 0;
      shortScale[g] = unreachable[g] ? 0 : (-target[g] * B) / S;
    } else {
      shortScale[g] = 0;
      longScale[g] = unreachable[g] ? 0 : (target[g] * B) / L;
    }
  }
  return { k, basis: B, capped, longScale, shortScale, unreachable };
}

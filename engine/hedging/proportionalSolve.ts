// The proportional method's adjustment, solved so that each adjusted sector lands on its
// target measured against the basis AFTER the adjustment (one trade, no re-trade the next
// day), and capped so that no position changes sign.
//
// Every position of sector g moves by k_g * |v_i|: longs scale by (1 + k_g), shorts by
// (1 - k_g). With L and S the sector's long value and |short value|, E = L - S, G = L + S:
//   E' = E + k G,   G' = G + k E   (for -1 <= k <= 1, where nothing changes sign).
// Gross basis: B' = B + sum_g k_g E_g (unadjusted sectors and unmapped stocks unchanged).
// E'_g = T_g B' for every free g gives, in closed form,
//   B' = (B - sum_free E_g^2 / G_g + sum_capped k_g E_g) / (1 - sum_free T_g E_g / G_g),
//   k_g = (T_g B' - E_g) / G_g.
// A k outside [-1, 1] would flip signs: it is capped (one side of the sector closed, the
// other doubled) and B' solved again for the rest. NAV basis: B' = B (trades move no equity).
// With T_g = 0 for all, k_g = -E_g / G_g: the guide's -(E - T * basis) * |w| / G.

export interface ProportionalSolution {
  /** Scale per group (0 for groups not adjusted). */
  k: Float64Array;
  /** The basis after the adjustment. */
  basis: number;
  /** 1 where the target could not be reached without flipping signs (k capped). */
  capped: Uint8Array;
}

/**
 * @param net E_g per group, @param gross G_g per group, @param target T_g per group,
 * @param adjust 1 for groups to adjust, @param basis the basis before the adjustment,
 * @param grossBasis true when the basis is the gross stock notional (it moves with the trade)
 */
export function solveProportional(net: Float64Array, gross: Float64Array, target: Float64Array, adjust: Uint8Array, basis: number, grossBasis: boolean): ProportionalSolution {
  const G = net.length;
  const k = new Float64Array(G);
  const capped = new Uint8Array(G);
  let B = basis;
  for (let iter = 0; iter <= G; iter++) {
    if (grossBasis) {
      let num = basis, den = 1;
      for (let g = 0; g < G; g++) {
        if (!adjust[g] || !(gross[g] > 0)) continue;
        if (capped[g]) num += k[g] * net[g];
        else { num -= (net[g] * net[g]) / gross[g]; den -= (target[g] * net[g]) / gross[g]; }
      }
      const solved = num / den;
      // Targets so large that no positive basis satisfies them all: keep the pre-trade basis.
      B = den > 0 && solved > 0 ? solved : basis;
    }
    let again = false;
    for (let g = 0; g < G; g++) {
      if (!adjust[g] || !(gross[g] > 0) || capped[g]) continue;
      const kg = (target[g] * B - net[g]) / gross[g];
      if (kg > 1 || kg < -1) { k[g] = kg > 1 ? 1 : -1; capped[g] = 1; again = true; } else k[g] = kg;
    }
    if (!again || !grossBasis) break;
  }
  return { k, basis: B, capped };
}

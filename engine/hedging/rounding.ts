/** Round to the nearest integer, halves away from zero (2.5 -> 3, -2.5 -> -3); never -0. */
export function roundHalfAwayFromZero(x: number): number {
  // Without branches on x's sign or fraction (it sizes every target share, and both are
  // random: a branch on them mispredicts about half the time). trunc(x) plus trunc(2 * the
  // exact fraction), which is -1, 0 or 1; + 0 turns -0 into 0. The same doubles as
  // Math.round(|x|) with x's sign, for every finite x; infinities come back as they are.
  const i = Math.trunc(x);
  const r = i + Math.trunc((x - i) * 2) + 0;
  return r === r ? r : x;
}

/** Round to the nearest integer, halves away from zero (2.5 -> 3, -2.5 -> -3); never -0. */
export function roundHalfAwayFromZero(x: number): number {
  // Math.round(|x|) without Math.round, which V8 does not inline (it sizes every target
  // share): floor plus one when the exact fraction is at least a half.
  const a = Math.abs(x),
    f = Math.floor(a);
  const r = a - f >= 0.5 ? f + 1 : f;
  return x < 0 && r !== 0 ? -r : r;
}

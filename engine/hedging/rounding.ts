/** Round to the nearest integer, halves away from zero (2.5 -> 3, -2.5 -> -3); never -0. */
export function roundHalfAwayFromZero(x: number): number {
  const r = Math.round(Math.abs(x));
  return x < 0 && r !== 0 ? -r : r;
}

// Seeded random numbers: no Math.random, byte-identical across runs and platforms.

/** sfc32: small, fast, well-tested 32-bit generator; seeded through splitmix32. */
export function createRng(seed: number): { uniform(): number; normal(): number } {
  let s = seed >>> 0;
  const split = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = split(),
    b = split(),
    c = split(),
    d = split();
  const uniform = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
  for (let i = 0; i < 12; i++) uniform();
  let spare: number | null = null;
  // Marsaglia polar method: needs only log and sqrt (no trig), reproducible across platforms.
  const normal = (): number => {
    if (spare !== null) {
      const v = spare;
      spare = null;
      return v;
    }
    for (;;) {
      const u = 2 * uniform() - 1,
        v = 2 * uniform() - 1;
      const q = u * u + v * v;
      if (q > 0 && q < 1) {
        const f = Math.sqrt((-2 * Math.log(q)) / q);
        spare = v * f;
        return u * f;
      }
    }
  };
  return { uniform, normal };
}

// The simulation's floor: one plain pass over the price matrix computing every daily
// return into a Float64Array. Nothing a backtest does per (day, name) can be cheaper, so
// sim time / floor time says how much work the engine adds on top of touching each price.

/** Returns into `out` (length names * days, column-major); a checksum defeats dead-code elimination. */
export function returnsPass(columns: readonly Float64Array[], out: Float64Array): number {
  let check = 0,
    k = 0;
  for (let j = 0; j < columns.length; j++) {
    const c = columns[j];
    out[k++] = NaN;
    for (let i = 1; i < c.length; i++) {
      const r = c[i] / c[i - 1] - 1;
      out[k++] = r;
      if (r === r) check += r;
    }
  }
  return check;
}

/**
 * Fastest of `runs` passes (after one warm-up that also faults in the output's pages), in
 * this process. The minimum, not the median: on a shared machine the noise only adds time.
 */
export function measureFloor(columns: readonly Float64Array[], runs = 7): { seconds: number; checksum: number } {
  let cells = 0;
  for (const c of columns) cells += c.length;
  const out = new Float64Array(cells);
  let checksum = returnsPass(columns, out);
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    checksum = returnsPass(columns, out);
    times.push((performance.now() - t0) / 1000);
  }
  return { seconds: Math.min(...times), checksum };
}

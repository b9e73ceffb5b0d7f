// Rolling OLS betas of many tickers to one instrument, with incremental window sums on
// typed arrays: each day adds the newest return pair and drops the one leaving the
// window (O(tickers) a day). Returns are computed once, into a ring buffer of the last
// `lookback` days, so dropping a day reads the buffer instead of the price columns. The
// sums are rebuilt from the buffer every `lookback` days so floating-point drift cannot
// accumulate over a long run.

/** Fewer return pairs than this in the window: beta is unknown (the caller uses 1). */
export const MIN_BETA_OBSERVATIONS = 20;

export class RollingBeta {
  private readonly n: Int32Array;
  /** Return pairs per ticker in the current window (observations(k) for all k; read only). */
  get counts(): Int32Array {
    return this.n;
  }
  private readonly sx: Float64Array;
  private readonly sy: Float64Array;
  private readonly sxx: Float64Array;
  private readonly sxy: Float64Array;
  /** ring[slot * k + j]: return of ticker j on the day in `slot` (NaN: no pair). */
  private readonly ring: Float64Array;
  /** Instrument return per slot (NaN: none). */
  private readonly ringX: Float64Array;
  private current = -1;
  /** Scratch rows of days t - 1 and t when the caller has none. */
  private prevRow: Float64Array | null = null;
  private row: Float64Array | null = null;
  private sinceRebuild = 0;
  /** A number field from the start (a bare parameter property is undefined first, so V8 would type it "any"). */
  private readonly lookback: number = 0;

  /**
   * @param columns price column per ticker (NaN = no price), all over the same dates
   * @param instrument the instrument's price column over those dates
   * @param lookback number of daily returns in the window (ending at the current day)
   */
  constructor(
    private readonly columns: readonly Float64Array[],
    private readonly instrument: Float64Array,
    lookback: number,
  ) {
    this.lookback = lookback;
    const k = columns.length;
    this.n = new Int32Array(k);
    this.sx = new Float64Array(k);
    this.sy = new Float64Array(k);
    this.sxx = new Float64Array(k);
    this.sxy = new Float64Array(k);
    this.ring = new Float64Array(k * lookback).fill(NaN);
    this.ringX = new Float64Array(lookback).fill(NaN);
  }

  /**
   * Moves the window to end at day index `t` (cheap when t is the next day). `prevRow` and
   * `row`, when given, are every ticker's price on days t - 1 and t (the caller's gathered
   * rows, read in place of the columns: one row is contiguous, a column per ticker is not).
   */
  advance(t: number, prevRow: Float64Array | null = null, row: Float64Array | null = null): void {
    if (t === this.current) return;
    if (t === this.current + 1 && this.sinceRebuild < this.lookback) {
      this.step(t, prevRow, row);
      this.sinceRebuild++;
    } else if (t === this.current + 1) {
      this.step(t, prevRow, row);
      this.resum();
    } else {
      this.ring.fill(NaN);
      this.ringX.fill(NaN);
      for (let d = Math.max(1, t - this.lookback + 1); d <= t; d++) this.store(d);
      this.resum();
    }
    this.current = t;
  }

  /** OLS slope for ticker k over the current window; NaN with too few returns or a flat instrument. */
  beta(k: number): number {
    const n = this.n[k];
    if (n < MIN_BETA_OBSERVATIONS) return NaN;
    const den = n * this.sxx[k] - this.sx[k] * this.sx[k];
    if (!(den > 0)) return NaN;
    return (n * this.sxy[k] - this.sx[k] * this.sy[k]) / den;
  }

  /** Number of return pairs of ticker k in the current window. */
  observations(k: number): number {
    return this.n[k];
  }

  /**
   * Drops the pair leaving the window (the slot being reused) and adds day t's, in one pass
   * over the tickers: for each ticker the same subtractions, then the same additions, as
   * separate drop / store / add passes would make.
   */
  private step(t: number, prevRow: Float64Array | null, row: Float64Array | null): void {
    const L = this.lookback,
      K = this.columns.length;
    const slot = t % L,
      base = slot * K;
    const oldX = this.ringX[slot];
    const x0 = this.instrument[t - 1],
      x1 = this.instrument[t];
    const x = t >= 1 && x0 > 0 && x1 > 0 ? x1 / x0 - 1 : NaN;
    this.ringX[slot] = x;
    const drop = !Number.isNaN(oldX),
      add = !Number.isNaN(x),
      oldXX = oldX * oldX,
      xx = x * x;
    const ring = this.ring,
      cols = this.columns,
      n = this.n,
      sx = this.sx,
      sy = this.sy,
      sxx = this.sxx,
      sxy = this.sxy;
    if (add && !(prevRow && row && prevRow.length === K && row.length === K)) {
      prevRow = this.prevRow ??= new Float64Array(K);
      row = this.row ??= new Float64Array(K);
      for (let k = 0; k < K; k++) {
        prevRow[k] = cols[k][t - 1];
        row[k] = cols[k][t];
      }
    }
    // The drop, on every ticker without a branch around it: it first finds a pair `lookback`
    // days into the run, after V8 optimised this loop, and code reached only then had no type
    // feedback (step was deoptimised there). A slot whose instrument return is NaN holds only
    // NaN (advance, step and store write both), so a pair is dropped exactly where it is a
    // number; elsewhere 0 is subtracted, which leaves every sum as it was.
    const ox = drop ? oldX : 0,
      oxx = drop ? oldXX : 0;
    for (let k = 0; k < K; k++) {
      const yo = ring[base + k],
        out = yo === yo;
      const oxy = ox * yo;
      n[k] -= out ? 1 : 0;
      sx[k] -= out ? ox : 0;
      sy[k] -= out ? yo : 0;
      sxx[k] -= out ? oxx : 0;
      sxy[k] -= out ? oxy : 0;
      let y = NaN;
      if (add) {
        const y0 = prevRow![k],
          y1 = row![k];
        if (y0 > 0 && y1 > 0) {
          y = y1 / y0 - 1;
          n[k]++;
          sx[k] += x;
          sy[k] += y;
          sxx[k] += xx;
          sxy[k] += x * y;
        }
      }
      ring[base + k] = y;
    }
  }

  /** Writes day d's returns into its ring slot (NaN where a close is missing). */
  private store(d: number): void {
    const K = this.columns.length,
      slot = d % this.lookback,
      base = slot * K;
    const x0 = this.instrument[d - 1],
      x1 = this.instrument[d];
    if (d < 1 || !(x0 > 0) || !(x1 > 0)) {
      this.ringX[slot] = NaN;
      this.ring.fill(NaN, base, base + K);
      return;
    }
    this.ringX[slot] = x1 / x0 - 1;
    const cols = this.columns;
    for (let k = 0; k < K; k++) {
      const c = cols[k];
      const y0 = c[d - 1],
        y1 = c[d];
      this.ring[base + k] = y0 > 0 && y1 > 0 ? y1 / y0 - 1 : NaN;
    }
  }

  /** Recomputes every sum from the ring buffer (slot by slot, as the window was built). */
  private resum(): void {
    const L = this.lookback,
      K = this.columns.length,
      ring = this.ring,
      ringX = this.ringX,
      n = this.n,
      sx = this.sx,
      sy = this.sy,
      sxx = this.sxx,
      sxy = this.sxy;
    // Before the loop: a store after it had no type feedback in the loop's OSR code (a deopt each rebuild).
    this.sinceRebuild = 0;
    n.fill(0);
    sx.fill(0);
    sy.fill(0);
    sxx.fill(0);
    sxy.fill(0);
    for (let s = 0; s < L; s++) {
      const x = ringX[s];
      if (x !== x) continue;
      const base = s * K,
        xx = x * x;
      for (let k = 0; k < K; k++) {
        const y = ring[base + k];
        if (y !== y) continue;
        n[k]++;
        sx[k] += x;
        sy[k] += y;
        sxx[k] += xx;
        sxy[k] += x * y;
      }
    }
  }
}

// Rolling OLS beta of each holding on its own sector ETF (the regression hedge ratio),
// with incremental window sums on typed arrays like RollingBeta: one ring buffer of daily
// returns for every column, and per-ticker sums over (own return, its ETF's return) pairs.
// A ticker whose ETF changes (a point-in-time mapping moving it to another sector) has its
// sums rebuilt from the ring; every sum is rebuilt every `lookback` days against drift.
import { MIN_BETA_OBSERVATIONS } from './rollingBeta';

export class RollingSectorBeta {
  private readonly K: number;
  /** Regressor (ETF column) of each ticker, -1: none. */
  private readonly regressor: Int32Array;
  private readonly n: Int32Array;
  private readonly sx: Float64Array;
  private readonly sy: Float64Array;
  private readonly sxx: Float64Array;
  private readonly sxy: Float64Array;
  /** ring[slot * K + k]: return of column k on the day in `slot` (NaN: none). */
  private readonly ring: Float64Array;
  private readonly dirty: number[] = [];
  private current = -1;
  private sinceRebuild = 0;
  /** No return stored yet: the ring is all NaN and every sum is 0, which resum() would give again. */
  private empty = true;

  /**
   * @param columns price column per ticker (NaN = no price), all over the same dates
   * @param lookback number of daily returns in the window (ending at the current day)
   */
  constructor(
    private readonly columns: readonly Float64Array[],
    private readonly lookback: number,
  ) {
    const K = (this.K = columns.length);
    this.regressor = new Int32Array(K).fill(-1);
    this.n = new Int32Array(K);
    this.sx = new Float64Array(K);
    this.sy = new Float64Array(K);
    this.sxx = new Float64Array(K);
    this.sxy = new Float64Array(K);
    this.ring = new Float64Array(K * lookback).fill(NaN);
  }

  /** Sets ticker k's ETF column (-1: none); its sums are rebuilt at the next advance/beta. */
  setRegressor(k: number, etf: number): void {
    if (this.regressor[k] === etf) return;
    this.regressor[k] = etf;
    this.dirty.push(k);
  }

  /** Moves the window to end at day index `t` (cheap when t is the next day). */
  advance(t: number): void {
    if (t !== this.current) {
      if (t === this.current + 1) {
        this.step(t);
        if (++this.sinceRebuild >= this.lookback) this.resumAll();
      } else {
        this.ring.fill(NaN);
        for (let d = Math.max(1, t - this.lookback + 1); d <= t; d++) this.store(d);
        this.resumAll();
      }
      this.current = t;
    }
    // Over an empty ring a resum gives the sums they already have (0): the first day's
    // regressors (every ticker) need none. W1: 500 x 63 slots read by interpreted code.
    if (this.empty) this.dirty.length = 0;
    while (this.dirty.length) this.resum(this.dirty.pop()!);
  }

  /** OLS slope of ticker k on its ETF over the current window; NaN with too few returns, no ETF or a flat ETF. */
  beta(k: number): number {
    const n = this.n[k];
    if (this.regressor[k] < 0 || n < MIN_BETA_OBSERVATIONS) return NaN;
    const den = n * this.sxx[k] - this.sx[k] * this.sx[k];
    if (!(den > 0)) return NaN;
    return (n * this.sxy[k] - this.sx[k] * this.sy[k]) / den;
  }

  /** Number of return pairs of ticker k in the current window. */
  observations(k: number): number {
    return this.n[k];
  }

  /** Drops the pairs leaving the window (the slot being reused), then adds day t's. */
  private step(t: number): void {
    const base = (t % this.lookback) * this.K;
    this.addSlot(base, -1);
    this.store(t);
    this.addSlot(base, 1);
  }

  /**
   * Adds (sign 1) or drops (sign -1) the slot's pairs: a - b is a + (-1 * b) exactly, so
   * dropping is the same doubles as subtracting. One loop for both, so the drop, which first
   * finds a pair `lookback` days into the run, has the add's type feedback from day 1 (V8
   * deoptimised step when its own drop loop first reached a pair).
   */
  private addSlot(base: number, sign: number): void {
    const K = this.K,
      ring = this.ring,
      reg = this.regressor,
      n = this.n,
      sx = this.sx,
      sy = this.sy,
      sxx = this.sxx,
      sxy = this.sxy;
    for (let k = 0; k < K; k++) {
      const e = reg[k];
      if (e < 0) continue;
      const x = ring[base + e],
        y = ring[base + k];
      if (x !== x || y !== y) continue;
      n[k] += sign;
      sx[k] += sign * x;
      sy[k] += sign * y;
      sxx[k] += sign * (x * x);
      sxy[k] += sign * (x * y);
    }
  }

  /** Writes day d's returns of every column into its ring slot (NaN where a close is missing). */
  private store(d: number): void {
    const K = this.K,
      base = (d % this.lookback) * K,
      cols = this.columns;
    for (let k = 0; k < K; k++) {
      const c = cols[k];
      const y0 = d >= 1 ? c[d - 1] : NaN,
        y1 = c[d];
      this.ring[base + k] = y0 > 0 && y1 > 0 ? y1 / y0 - 1 : NaN;
    }
    if (d >= 1) this.empty = false;
  }

  private resum(k: number): void {
    const e = this.regressor[k],
      K = this.K,
      ring = this.ring;
    let n = 0,
      sx = 0,
      sy = 0,
      sxx = 0,
      sxy = 0;
    if (e >= 0) {
      for (let s = 0; s < this.lookback; s++) {
        const x = ring[s * K + e],
          y = ring[s * K + k];
        if (x !== x || y !== y) continue;
        n++;
        sx += x;
        sy += y;
        sxx += x * x;
        sxy += x * y;
      }
    }
    this.n[k] = n;
    this.sx[k] = sx;
    this.sy[k] = sy;
    this.sxx[k] = sxx;
    this.sxy[k] = sxy;
  }

  private resumAll(): void {
    for (let k = 0; k < this.K; k++) this.resum(k);
    this.sinceRebuild = 0;
  }
}

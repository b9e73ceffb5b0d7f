// Doubles as decimal text written straight into a byte buffer: the same characters as
// `String(x)` (the shortest digits that read back as exactly x, the closest such when
// there are several), without a string per number. The --out files hold millions of
// full-precision doubles; String(x) plus the per-cell strings and arrays around it was
// most of the time spent writing them.
//
// How: for n significant digits, N = round(x * 10^s) with s = n - 1 - e (e = decimal
// exponent of x). x * 10^s is computed exactly as hi + lo (Dekker's product; 10^s is
// exact for s <= 22), so both the rounding and the test "N * 10^-s reads back as x"
// (|N - x * 10^s| below half an ulp of x, scaled) are exact. The 17-digit N always reads
// back; its trailing zeros give the first shorter candidate, and fewer digits are tried
// while they still read back (reading back is monotone in n). Values outside
// [1e-6, 2^53) other than integers below 2^53 (JS prints exponents or padded zeros there)
// and non-finite values take `String(x)`; they are rare in results.

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
/** Index of the high word (sign, exponent, top of the mantissa) in U32. */
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
const LO = 1 - HI;

const POW10 = new Float64Array(23);
const POW10_HI = new Float64Array(23);
const POW10_LO = new Float64Array(23);
const SPLITTER = 134217729; // 2^27 + 1
for (let k = 0; k <= 22; k++) {
  const p = Number(`1e${k}`);
  POW10[k] = p;
  const c = SPLITTER * p;
  POW10_HI[k] = c - (c - p);
  POW10_LO[k] = p - POW10_HI[k];
}
function nextUp(d: number): number {
  F64[0] = d;
  if (U32[LO] === 0xffffffff) { U32[LO] = 0; U32[HI]++; } else U32[LO]++;
  return F64[0];
}
/** T[k + 6] = the smallest double >= 10^k, k = -6..16: x >= T[k + 6] exactly when x >= 10^k. */
const TEN_AT_LEAST = new Float64Array(23);
for (let k = -6; k <= 16; k++) {
  let d = Number(`1e${k}`);
  if (k < 0) {
    // Is d below 10^k? d * 10^-k exactly (Dekker) compared with 1.
    const p = POW10[-k], hi = d * p, c = SPLITTER * d, dh = c - (c - d), dl = d - dh;
    const lo = ((dh * POW10_HI[-k] - hi) + dh * POW10_LO[-k] + dl * POW10_HI[-k]) + dl * POW10_LO[-k];
    if (hi < 1 || (hi === 1 && lo < 0)) d = nextUp(d);
  }
  TEN_AT_LEAST[k + 6] = d;
}
/** 2^(k - 1100), for half-ulps of doubles of every exponent. */
const POW2 = new Float64Array(2200);
for (let k = 0; k < 2200; k++) POW2[k] = Math.pow(2, k - 1100);

const TWO53 = 9007199254740992;
const DIGIT0 = 48;

// Scratch shared by the helpers (single-threaded; no allocation per number).
/** [prodHi, prodLo, nHi, nLo]: typed-array slots, as module `let`s holding doubles would box each store. */
const SCR = new Float64Array(4);
/** writeFull's argument: a double passed to a function V8 does not inline is boxed (a heap number per call). */
const ARG = new Float64Array(1);
/** Digits of the last N given to digitsOf, most significant first. */
const DIGITS = new Uint8Array(24);

/** x * 10^s exactly, as prodHi + prodLo (Dekker; x split by the caller into xh + xl). */
function exactProduct(x: number, xh: number, xl: number, s: number): void {
  const hi = x * POW10[s];
  SCR[0] = hi;
  SCR[1] = ((xh * POW10_HI[s] - hi) + xh * POW10_LO[s] + xl * POW10_HI[s]) + xl * POW10_LO[s];
}

/** Nearest integer to hi + lo as nHi + nLo (nLo a small integer when hi >= 2^53, else 0); ties to even. */
function roundToInteger(hi: number, lo: number): void {
  if (hi < TWO53) {
    const r = Math.floor(hi + 0.5); // Math.round is a slow call in V8; r is within 1 of hi, fixed below
    const d = (hi - r) + lo; // hi - r is exact
    SCR[2] = d > 0.5 || (d === 0.5 && r % 2 === 1) ? r + 1 : d < -0.5 || (d === -0.5 && r % 2 === 1) ? r - 1 : r;
    SCR[3] = 0;
  } else {
    // hi is an even integer here (its ulp is >= 2) and lo the exact remainder.
    SCR[2] = hi;
    const f = Math.floor(lo);
    SCR[3] = lo - f === 0.5 ? (f % 2 === 0 ? f : f + 1) : Math.floor(lo + 0.5);
  }
}

/**
 * Whether N = nHi + nLo, read as N * 10^-s, rounds back to x, given x * 10^s = hi + lo
 * exactly, `h` = half an ulp of x times 10^s, `pow2` (x a power of two: the gap below
 * is half) and `even` (ties round to x when its mantissa is even). Exact: the difference
 * is summed with its rounding error (TwoSum).
 */
function readsBack(hi: number, lo: number, h: number, pow2: boolean, even: boolean): boolean {
  const a = SCR[2] - hi, b = SCR[3] - lo; // both exact
  const sum = a + b, bb = sum - a, err = (a - (sum - bb)) + (b - bb);
  if (sum < 0 || (sum === 0 && err < 0)) {
    if (pow2) h /= 2;
    return -sum < h || (-sum === h && (err > 0 || (err === 0 && even)));
  }
  return sum < h || (sum === h && (err < 0 || (err === 0 && even)));
}

/** "00".."99" as character codes, two per entry. */
const PAIRS = new Uint8Array(200);
for (let k = 0; k < 100; k++) { PAIRS[2 * k] = DIGIT0 + Math.floor(k / 10); PAIRS[2 * k + 1] = DIGIT0 + (k % 10); }

/** Writes the `width` low digits of v (an int below 10^width, zero-padded) into DIGITS from `at`. */
function padded(v: number, at: number, width: number): void {
  let k = at + width;
  while (k - at >= 2) {
    const t = (v / 100) | 0, p = (v - t * 100) << 1;
    DIGITS[--k] = PAIRS[p + 1]; DIGITS[--k] = PAIRS[p];
    v = t;
  }
  if (k > at) DIGITS[k - 1] = DIGIT0 + v;
}

/** Number of decimal digits of a positive int below 2^31. */
function digitCount(v: number): number {
  return v < 1e4 ? (v < 10 ? 1 : v < 100 ? 2 : v < 1000 ? 3 : 4)
    : v < 1e8 ? (v < 1e5 ? 5 : v < 1e6 ? 6 : v < 1e7 ? 7 : 8) : v < 1e9 ? 9 : 10;
}

/** Writes the digits of N = nHi + nLo (1 <= N < 10^17) into DIGITS; returns their count. */
function digitsOf(): number {
  const nHi = SCR[2];
  let q = Math.floor(nHi / 1e8);
  let r = (nHi - q * 1e8) + SCR[3]; // q * 1e8 is exact (q < 2^31), so is the subtraction
  while (r < 0) { r += 1e8; q -= 1; }
  while (r >= 1e8) { r -= 1e8; q += 1; }
  const qi = q | 0, ri = r | 0;
  if (qi === 0) {
    const len = digitCount(ri);
    padded(ri, 0, len);
    return len;
  }
  const len = digitCount(qi);
  padded(qi, 0, len);
  padded(ri, len, 8);
  return len + 8;
}

/**
 * Writes the `len` low digits of the int v (v < 10^len, zero-padded) so that they end just
 * before `end`, two at a time.
 */
function digitsBefore(v: number, buf: Uint8Array, end: number, len: number): void {
  while (len >= 2) {
    const t = (v / 100) | 0, p = (v - t * 100) << 1;
    buf[--end] = PAIRS[p + 1]; buf[--end] = PAIRS[p];
    v = t; len -= 2;
  }
  if (len) buf[end - 1] = DIGIT0 + v;
}

/** "0000".."9999" as four character codes in one little-endian word each. */
const QUADS = new Uint32Array(10000);
// Nested loops, not four divisions and an array per entry: this runs at every start of the CLI.
for (let a = 0, k = 0; a < 10; a++)
  for (let b = 0; b < 10; b++)
    for (let c = 0; c < 10; c++)
      for (let d = 0; d < 10; d++, k++) QUADS[k] = ((DIGIT0 + a) | ((DIGIT0 + b) << 8) | ((DIGIT0 + c) << 16) | ((DIGIT0 + d) << 24)) >>> 0;
let viewBuf: Uint8Array | null = null;
let view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));
/** A DataView over buf (the writer's buffer is the same for every number: made once). */
function viewOf(buf: Uint8Array): DataView<ArrayBufferLike> {
  if (buf !== viewBuf) { viewBuf = buf; view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength); }
  return view;
}
/** Writes the 8 digits of the int v < 10^8 (zero-padded) at `at`, four per store. */
function eight(v: number, dv: DataView<ArrayBufferLike>, at: number): void {
  const hi = (v / 10000) | 0;
  dv.setUint32(at, QUADS[hi], true);
  dv.setUint32(at + 4, QUADS[v - hi * 10000], true);
}

/** Writes a non-negative integer below 2^53; returns the new position. */
function writeInteger(x: number, buf: Uint8Array, pos: number): number {
  if (x < 2147483648) {
    const v = x | 0, len = digitCount(v);
    digitsBefore(v, buf, pos + len, len);
    return pos + len;
  }
  const q = Math.floor(x / 1e8), r = (x - q * 1e8) | 0; // q * 1e8 is exact (x < 2^53)
  const lq = digitCount(q);
  digitsBefore(q, buf, pos + lq, lq);
  digitsBefore(r, buf, pos + lq + 8, 8);
  return pos + lq + 8;
}

/**
 * Writes the integer r / 10^k (r < 2^53 not a multiple of 10, k >= 1) in fixed notation:
 * r's digits one place to the right, then its integer digits moved back over the point.
 */
function writeFixed(r: number, k: number, buf: Uint8Array, pos: number): number {
  const end = writeInteger(r, buf, pos + 1), len = end - pos - 1;
  if (len > k) {
    const stop = pos + len - k;
    for (let z = pos; z < stop; z++) buf[z] = buf[z + 1];
    buf[stop] = 46;
    return end;
  }
  // 0.00ddd: the digits move right by the zeros after the point.
  const shift = 1 + k - len, from = pos + 1;
  for (let z = end - 1; z >= from; z--) buf[z + shift] = buf[z];
  buf[pos] = DIGIT0; buf[pos + 1] = 46;
  for (let z = pos + 2; z < from + shift; z++) buf[z] = DIGIT0;
  return end + shift;
}

function writeAscii(s: string, buf: Uint8Array, pos: number): number {
  for (let k = 0; k < s.length; k++) buf[pos + k] = s.charCodeAt(k);
  return pos + s.length;
}

/** Most bytes writeNumber writes for one value ("-" and String(-Number.MIN_VALUE) is the longest). */
export const MAX_NUMBER_BYTES = 32;

/**
 * Writes String(x) into buf at pos (the caller leaves MAX_NUMBER_BYTES of room);
 * returns the position after it.
 */
export function writeNumber(x: number, buf: Uint8Array, pos: number): number {
  if (x < 0) { buf[pos++] = 45; x = -x; } // '-'; -0 is written "0", like String(-0)
  if (x === 0) { buf[pos] = DIGIT0; return pos + 1; }
  if (x < TWO53 && Math.floor(x) === x) return writeInteger(x, buf, pos);
  if (!(x >= 1.000001e-6 && x < TWO53)) return writeAscii(String(x), buf, pos);
  // Prices and other values with at most 4 decimals (x * 10^4 within rounding of an
  // integer): the fewest decimals k with round(x * 10^k) / 10^k === x. Both are exact
  // integers below 2^53, so the division is the correctly rounded reading of the text.
  const y = x * 1e4;
  if (y < 1e15) {
    const ry = Math.floor(y + 0.5);
    if (Math.abs(y - ry) <= y * 4e-16) {
      for (let k = 1; k <= 4; k++) {
        const p = POW10[k], r = Math.floor(x * p + 0.5);
        if (r / p === x) return writeFixed(r, k, buf, pos);
      }
    }
  }

  ARG[0] = x;
  return writeFull(buf, pos);
}

/**
 * A non-integer x in [1e-6, 2^52) with more than 4 decimals (most cells of trades.csv).
 * One exact product gives the 17-digit N = round(X), X = x * 10^s (X in [1e16, 1e17), so
 * its hi part is an even integer and lo the exact remainder). Shorter candidates are the
 * nearest multiples of 10^j to X, read off N's low digits; one reads back when it is
 * within half an ulp of x (times 10^s, `hx`, at least 0.55) of X. Distances are computed
 * in doubles with an error far below 2^-40 * hx; anything that close to the bound is
 * settled by the exact test instead.
 */
function writeFull(buf: Uint8Array, pos: number): number {
  const x = ARG[0];
  F64[0] = x;
  const hiWord = U32[HI], loWord = U32[LO];
  const be = (hiWord >>> 20) & 0x7ff; // biased exponent (x is normal in this range)
  const pow2 = (hiWord & 0xfffff) === 0 && loWord === 0;
  const even = (loWord & 1) === 0;
  const halfUlp = POW2[be - 1023 - 53 + 1100];
  const c = SPLITTER * x, xh = c - (c - x), xl = x - xh;
  // e: decimal exponent of the leading digit (x in [10^e, 10^(e+1))).
  let e = Math.floor((be - 1023) * 0.3010299956639812);
  if (e < -6) e = -6;
  if (x >= TEN_AT_LEAST[e + 7]) e++;

  const s = 16 - e; // 1 <= s <= 22
  const p = POW10[s], ph = POW10_HI[s], pl = POW10_LO[s];
  const hi = x * p, lo = ((xh * ph - hi) + xh * pl + xl * ph) + xl * pl;
  if (!(hi >= 1e16 && hi < 1e17)) return writeShortest(x, xh, xl, e, halfUlp, pow2, even, buf, pos);
  // N = hi + f, ties to even (hi is even); delta = N - X exactly.
  let f = Math.floor(lo + 0.5);
  if (f - lo === 0.5 && (f & 1) === 1) f -= 1;
  const delta = f - lo;
  let q = Math.floor(hi / 1e8);
  let r = (hi - q * 1e8) + f; // q * 1e8 is exact (q < 2^30), so is the subtraction
  while (r < 0) { r += 1e8; q -= 1; }
  while (r >= 1e8) { r -= 1e8; q += 1; }
  const qi = q | 0, ri = r | 0;

  // Shorter candidates: N rounded to a multiple of 10 (j = 1), then of 100 (j = 2), read
  // off r's low digits. The interval of decimals that read back as x is X +- hx with
  // hx < 1e17 * 2^-53 < 11.2, narrower than 100: it holds at most one multiple of 100,
  // so once the nearest multiple of 100 reads back it is the only candidate of 15 digits
  // or fewer, and the shortest digits are its own with their trailing zeros dropped
  // (done as the digits are written). A multiple of 10 still needs j = 2 tried: two of
  // them can read back (hx > 5), one of which may be a multiple of 100.
  const hx = halfUlp * p;
  let keep = 0, keepUp = false, rk = 0;
  const t1 = (ri / 10) | 0, r1 = ri - t1 * 10;
  {
    const below = r1 - delta, above = 10 - r1 + delta; // X - down, up - X
    // A tie goes to the even neighbour: the parity of the digit above the dropped ones.
    const up = above < below || (above === below && (t1 & 1) === 1);
    const dist = up ? above : below;
    const h = pow2 && !up ? hx * 0.5 : hx;
    let ok = dist < h * 0.9999999999990905;
    if (!ok && dist <= h * 1.0000000000009095) ok = probe(x, xh, xl, s - 1, halfUlp, pow2, even);
    if (ok) {
      keep = 1; keepUp = up; rk = r1;
      const t2 = (t1 / 10) | 0, r2 = r1 + (t1 - t2 * 10) * 10;
      const below2 = r2 - delta, above2 = 100 - r2 + delta;
      const up2 = above2 < below2 || (above2 === below2 && (t2 & 1) === 1);
      const dist2 = up2 ? above2 : below2;
      const h2 = pow2 && !up2 ? hx * 0.5 : hx;
      let ok2 = dist2 < h2 * 0.9999999999990905;
      if (!ok2 && dist2 <= h2 * 1.0000000000009095) ok2 = probe(x, xh, xl, s - 2, halfUlp, pow2, even);
      if (ok2) { keep = 2; keepUp = up2; rk = r2; }
    }
  }
  let qo = qi, ro = ri;
  if (keep > 0) {
    // Drop `keep` digits: round down (zeros) or up (add one at that place, carrying into q).
    ro = ri - rk + (keepUp ? POW10[keep] : 0);
    if (ro >= 1e8) { ro -= 1e8; qo++; }
    if (qo >= 1e9) return writeShortest(x, xh, xl, e, halfUlp, pow2, even, buf, pos); // carried to 10^17
  }
  // The 17 digits are q's 9 and r's 8 (N in [1e16, 1e17)); the point goes after e + 1 of them.
  const pointAt = e + 1;
  let end: number;
  const v = viewOf(buf), lead = (qo / 1e8) | 0, q8 = qo - lead * 1e8;
  if (pointAt > 0) {
    // Digits one place to the right, then the integer ones moved back over the point.
    buf[pos + 1] = DIGIT0 + lead; eight(q8, v, pos + 2); eight(ro, v, pos + 10);
    for (let z = pos; z < pos + pointAt; z++) buf[z] = buf[z + 1];
    buf[pos + pointAt] = 46;
    end = pos + 18;
  } else {
    buf[pos] = DIGIT0; buf[pos + 1] = 46;
    const at = pos + 2 - pointAt;
    for (let z = pos + 2; z < at; z++) buf[z] = DIGIT0;
    buf[at] = DIGIT0 + lead; eight(q8, v, at + 1); eight(ro, v, at + 9);
    end = at + 17;
  }
  while (buf[end - 1] === DIGIT0) end--; // x is not an integer: a non-zero digit follows the point
  return end;
}

/** The general search: the fewest digits m (1..17) whose correctly rounded value reads back. */
function writeShortest(x: number, xh: number, xl: number, e: number, halfUlp: number, pow2: boolean, even: boolean, buf: Uint8Array, pos: number): number {
  let m = 17;
  if (probe(x, xh, xl, 15 - e, halfUlp, pow2, even)) {
    m = 16;
    if (probe(x, xh, xl, 14 - e, halfUlp, pow2, even)) {
      let lo = e + 1 > 1 ? e + 1 : 1, hi = 15; // x is not an integer: its integer digits are needed
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (probe(x, xh, xl, mid - 1 - e, halfUlp, pow2, even)) hi = mid; else lo = mid + 1;
      }
      m = lo;
    }
  }
  const s = m - 1 - e;
  exactProduct(x, xh, xl, s);
  roundToInteger(SCR[0], SCR[1]);
  return emit(digitsOf(), s, buf, pos);
}

/** Writes DIGITS[0..len) scaled by 10^-s, trailing zeros dropped, as String(x) would. */
function emit(len: number, s: number, buf: Uint8Array, pos: number): number {
  const pointAt = len - s; // digits before the decimal point (len is m + 1 when rounding carried)
  let n = len;
  while (n > 1 && DIGITS[n - 1] === DIGIT0) n--;
  if (pointAt <= 0) {
    buf[pos++] = DIGIT0; buf[pos++] = 46;
    for (let k = 0; k < -pointAt; k++) buf[pos++] = DIGIT0;
    for (let k = 0; k < n; k++) buf[pos++] = DIGITS[k];
    return pos;
  }
  const whole = pointAt < n ? pointAt : n;
  for (let k = 0; k < whole; k++) buf[pos++] = DIGITS[k];
  for (let k = whole; k < pointAt; k++) buf[pos++] = DIGIT0;
  if (pointAt < n) {
    buf[pos++] = 46;
    for (let k = pointAt; k < n; k++) buf[pos++] = DIGITS[k];
  }
  return pos;
}

/** Whether x rounded to the digits of scale 10^s (s >= 0) reads back as x. */
function probe(x: number, xh: number, xl: number, s: number, halfUlp: number, pow2: boolean, even: boolean): boolean {
  if (s < 0) return false;
  exactProduct(x, xh, xl, s);
  const hi = SCR[0], lo = SCR[1];
  roundToInteger(hi, lo);
  return readsBack(hi, lo, halfUlp * POW10[s], pow2, even);
}

// Parquet DECIMAL values as the double their decimal text parses to (a CSV twin's cell):
// unscaled / 10^scale is that double when both are exact doubles (IEEE division rounds
// once); beyond 2^53 or a scale over 22 the text is built and parsed instead.
import type { SchemaElement } from 'hyparquet';

const EXACT = 2n ** 53n;

/** The column's DECIMAL scale (converted or logical type), or undefined when it is not a DECIMAL. */
export function decimalScale(el: SchemaElement): number | undefined {
  if (el.converted_type === 'DECIMAL') return el.scale ?? 0;
  const lt = el.logical_type;
  if (lt?.type === 'DECIMAL') return lt.scale ?? el.scale ?? 0;
  return undefined;
}

/** A raw DECIMAL (INT32 number, INT64 bigint, or big-endian two's-complement bytes) -> double. */
export function decimalToNumber(v: unknown, scale: number): number {
  if (typeof v === 'number') return scale <= 22 ? v / 10 ** scale : viaText(BigInt(v), scale);
  const big = typeof v === 'bigint' ? v : v instanceof Uint8Array ? fromBytes(v) : undefined;
  if (big === undefined) return NaN;
  if (scale <= 22 && big >= -EXACT && big <= EXACT) return Number(big) / 10 ** scale;
  return viaText(big, scale);
}

function fromBytes(b: Uint8Array): bigint {
  let v = 0n;
  for (let i = 0; i < b.length; i++) v = (v << 8n) | BigInt(b[i]);
  return b.length && b[0] & 0x80 ? v - (1n << BigInt(8 * b.length)) : v;
}

function viaText(v: bigint, scale: number): number {
  const neg = v < 0n;
  let s = (neg ? -v : v).toString();
  if (scale > 0) {
    s = s.padStart(scale + 1, '0');
    s = `${s.slice(0, -scale)}.${s.slice(-scale)}`;
  }
  return Number(neg ? `-${s}` : s);
}

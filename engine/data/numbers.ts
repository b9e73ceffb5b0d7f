// Number cells in data files. JavaScript's `+cell` also reads "0x10" (16), "0b101" (5),
// "0o7" and "Infinity", so a typo in a file became a silently different number. Only plain
// decimals (with an optional sign, fraction and exponent) are numbers here.

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The cell's value when it is a plain decimal (spaces around it allowed), else NaN. */
export function parseDecimal(cell: string): number {
  const s = cell.trim();
  return DECIMAL.test(s) ? +s : NaN;
}

/** Why a cell that looks numeric is not read as one, for the error message ('' when nothing specific). */
export function numberHint(cell: string): string {
  const s = cell.trim();
  if (/^[+-]?0[xX][0-9a-fA-F]+$|^[+-]?0[bB][01]+$|^[+-]?0[oO][0-7]+$/.test(s))
    return ' Hexadecimal, binary and octal notation is not read as a number: write the decimal value.';
  if (/^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) return ' Thousands separators are not read: write 1000, not 1,000.';
  if (/^[+-]?\d+(_\d+)+$/.test(s)) return ' Digit separators are not read: write 1000, not 1_000.';
  return '';
}

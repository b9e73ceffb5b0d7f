// Sector targets are fractions of the exposure basis, -1..1 (the schema's bound). A value
// outside it at run time (an expression such as "market_vol_21d * 400" on a volatile day,
// or a number run with --force past the validator) either stops the run naming the sector,
// the day and the value (on_target_out_of_range "stop", the default) or is clamped with one
// warning per sector counting the days ("clamp").
import { BacktestError } from './errors';
import type { WarningLog } from './warnings';

export type TargetRangeMode = 'stop' | 'clamp';

/**
 * The target to use: `x` itself inside -1..1, else clamped (with a warning) or refused.
 * @param source the expression that gave `x`, or null for a number in the config
 */
export function checkTargetRange(
  x: number,
  sector: string,
  source: string | null,
  date: string,
  mode: TargetRangeMode,
  warnings?: WarningLog,
): number {
  if (x >= -1 && x <= 1) return x;
  const clamped = x > 1 ? 1 : -1;
  const what = source === null ? `The target ${x} of ${sector}` : `The target of ${sector} ("${source}") gives ${x} on ${date}, which`;
  if (mode === 'stop') {
    throw new BacktestError('target-value-out-of-range', `${what} is outside -1..1 (a fraction of the exposure basis: 1 = 100%).`, {
      path: `sector_target_exposures.${sector}`,
      fix:
        source === null
          ? `write the target as a fraction (0.15 means 15%), or set "on_target_out_of_range": "clamp" to clamp it to ${clamped}.`
          : `bound the expression, e.g. "clamp(${source}, -1, 1)", or set "on_target_out_of_range": "clamp" to clamp such values with a warning.`,
    });
  }
  warnings?.add(`target-clamped:${sector}`, () => ({
    code: 'target-clamped',
    sector,
    date,
    message: `${what} is outside -1..1, so it was clamped to ${clamped} (on_target_out_of_range "clamp"); the count is the days this happened.`,
  }));
  return clamped;
}

// The book by day behind the Book tab (no DOM, unit-tested in node).
import type { ResultsJson } from '../engine/types';

export interface BookDay {
  long: number;
  short: number;
  gross: number;
  net: number;
  hedges: number;
  netHedged: number;
  equity: number;
}

/** The day's book: stock long / short (negative), gross, net, the hedge value and the net with hedges. */
export function bookDay(d: ResultsJson, i: number): BookDay {
  const e = d.analysis!.exposure;
  const long = e.stockLong[i] ?? NaN,
    short = e.stockShort[i] ?? NaN,
    hedges = d.series.hedgeValue[i] ?? NaN;
  return {
    long,
    short,
    gross: long - short,
    net: long + short,
    hedges,
    netHedged: long + short + hedges,
    equity: d.series.equity[i] ?? NaN,
  };
}

// Export Results: the result files of the run the panel shows, written by the engine's one
// writer (engine/results/resultFiles.ts), so they are the very bytes `backtest run --out`
// writes. A compare run (which writes nothing during the run) exports one folder per run.
// Pure: no vscode import, so it is unit-tested under plain node.
import { compareFileTexts, resultFileTexts, type ResultFileText } from '../engine/results/resultFiles';
import type { CompareJson, ResultsJson } from '../engine/types';

export type ExportFile = ResultFileText;

/** equity.csv, trades.csv, positions.csv (when embedded), exposures.csv, beta.csv, attribution.csv, metrics.json. */
export function resultsToFiles(r: ResultsJson): ExportFile[] {
  return resultFileTexts(r);
}

/** A compare run: one folder per run, named from its label (`etf/equity.csv`, ...). */
export function compareToFiles(c: CompareJson): ExportFile[] {
  return compareFileTexts(c);
}

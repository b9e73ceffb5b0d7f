// attribution.csv of `--out` (docs/analytics.md): one row a day, the seven parts, their
// sum and the equity change, at full precision through the byte writer.
import { ATTRIBUTION_CSV_COLUMNS, ATTRIBUTION_PARTS, type RunAnalysis } from '../analysis';
import { ByteCsvWriter, textCells } from './csvBytes';

export function writeAttributionCsv(a: RunAnalysis, dates: readonly string[], file: string): void {
  const w = new ByteCsvWriter(file, ATTRIBUTION_CSV_COLUMNS);
  const cells = textCells(dates), at = a.attribution, parts = ATTRIBUTION_PARTS.map((k) => at.parts[k]);
  for (let d = 0; d < dates.length; d++) {
    w.text(cells[d]);
    for (const p of parts) w.num(p[d]);
    w.num(at.total[d]); w.num(at.equityChange[d]);
    w.end();
  }
  w.close();
}

// Files of an export, built from the results JSON the panel shows (so a compare run, which
// writes nothing during the run, can be exported too). Columns follow the engine spec's
// `--out DIR` files. Pure: no vscode import, so it is unit-tested under plain node.
import type { CompareJson, ResultsJson } from '../engine/types';
import { csvCell as cell } from '../engine/results/csvCell';

function csv(header: string[], rows: unknown[][]): string {
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\n') + '\n';
}

export interface ExportFile { name: string; content: string }

/** equity.csv, trades.csv, positions.csv (when embedded), exposures.csv, beta.csv, metrics.json. */
export function resultsToFiles(r: ResultsJson): ExportFile[] {
  const s = r.series;
  const files: ExportFile[] = [
    {
      name: 'equity.csv',
      content: csv(['date', 'equity', 'cash', 'long_value', 'short_value', 'stock_value', 'hedge_value', 'daily_return'],
        r.dates.map((d, i) => [d, s.equity[i], s.cash[i], s.longValue[i], s.shortValue[i], s.stockValue[i], s.hedgeValue[i], s.dailyReturn[i]])),
    },
    {
      name: 'trades.csv',
      content: csv(['date', 'ticker', 'quantity', 'price', 'notional', 'commission', 'slippage', 'reason'],
        r.trades.map((t) => [t.date, t.ticker, t.quantity, t.price, t.notional, t.commission, t.slippage, t.reason])),
    },
  ];
  if (r.positions) {
    files.push({
      name: 'positions.csv',
      content: csv(['date', 'ticker', 'shares', 'price', 'value'],
        r.positions.flatMap((p) => p.rows.map((row) => [p.date, row.ticker, row.shares, row.price, row.value]))),
    });
  }
  files.push(
    {
      name: 'exposures.csv',
      content: csv(['date', 'sector', 'pre_hedge', 'post_hedge', 'target'],
        r.dates.flatMap((d, i) => r.sectors.map((sec) => [d, sec.name, sec.preHedge[i], sec.postHedge[i], sec.target[i]]))),
    },
    {
      name: 'beta.csv',
      content: csv(['date', 'pre_hedge_beta', 'post_hedge_beta'], r.dates.map((d, i) => [d, r.beta.preHedge[i], r.beta.postHedge[i]])),
    },
    { name: 'metrics.json', content: JSON.stringify({ ...r.metrics, meta: r.meta, warnings: r.warnings }, null, 2) + '\n' },
  );
  return files;
}

/** A compare run: one folder per run, named from its label (`etf-hedge/equity.csv`, ...). */
export function compareToFiles(c: CompareJson): ExportFile[] {
  const used = new Set<string>();
  return c.runs.flatMap((run, i) => {
    let dir = run.label.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || `run-${i + 1}`;
    while (used.has(dir)) dir += `-${i + 1}`;
    used.add(dir);
    return resultsToFiles(run.results).map((f) => ({ name: `${dir}/${f.name}`, content: f.content }));
  });
}

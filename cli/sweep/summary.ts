// The terminal summary of a sweep: the best variants by rank_by and where the files are.
import type { SweepSpec } from '../../engine/sweep';
import { displayPath } from '../../jobs/failure';
import { num, pct } from '../../common/format';
import { table } from '../table';
import { rankRecords, type VariantRecord } from './outputs';

const TOP = 10;

export function formatSweepTable(
  spec: SweepSpec,
  records: VariantRecord[],
  info: { simMs: number; ran: number; reused: number; threads: number; outDir: string; files: string[] },
): string {
  const ranked = rankRecords(records, spec.rankBy);
  const axisKeys = spec.axes.map((a) => a.key);
  const cell = (v: unknown) => (typeof v === 'number' ? String(v) : typeof v === 'string' ? v : JSON.stringify(v));
  const rows = ranked.slice(0, TOP).map((r, i) => {
    // A bankrupt variant (on_bankruptcy "continue") has no performance numbers: it reads
    // "invalid", as in the sweep view, never "n/a" as if a value were only missing.
    const n = (x: number | null, f: (x: number) => string) => (r.metrics_invalid ? 'invalid' : x === null ? 'n/a' : f(x));
    return [
      String(i + 1),
      r.variant_id,
      ...axisKeys.map((k) => cell(r.axes[k])),
      n(r.metrics.sharpe_ratio, (x) => num(x)),
      n(r.metrics.total_return, (x) => pct(x)),
      n(r.metrics.max_drawdown, (x) => pct(x)),
      n(r.metrics.turnover, (x) => num(x)),
    ];
  });
  const bad = records.filter((r) => r.metrics_invalid);
  const out = [
    `Sweep: ${records.length} variants (${info.ran} run on ${info.threads} thread${info.threads === 1 ? '' : 's'}${info.reused ? `, ${info.reused} reused` : ''}), ranked by ${spec.rankBy.text}${ranked.length > TOP ? `; best ${TOP}` : ''}:`,
    '',
    table(['#', 'variant_id', ...axisKeys, 'sharpe', 'return', 'max_dd', 'turnover'], rows, '  '),
    ...(bad.length
      ? [
          `${bad.length} of ${records.length} variant${records.length === 1 ? '' : 's'} had equity reach zero or below and went on (on_bankruptcy "continue"); their metrics are invalid and rank last: ${bad
            .slice(0, 5)
            .map((r) => `${r.variant_id} on ${r.metrics_invalid!.date}`)
            .join(', ')}${bad.length > 5 ? ', ...' : ''}`,
        ]
      : []),
    `Files in ${displayPath(info.outDir)}: ${info.files.map((f) => displayPath(f, info.outDir)).join(', ')}`,
  ];
  return out.join('\n') + '\n';
}

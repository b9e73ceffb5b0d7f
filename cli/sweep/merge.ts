// Shard folders into one sweep folder: only shards of the same sweep over the same data,
// every variant present once; the result is the folder the unsharded sweep would write.
import path from 'node:path';
import { parseMetricSpec } from '../../engine/sweep';
import { CliError, displayPath } from '../../jobs/failure';
import { readSweepJson, readVariantRecords, writeSweepFiles, writeVariantRecord, type SweepJson, type VariantRecord } from './outputs';

export interface MergeResult {
  header: SweepJson;
  records: VariantRecord[];
  files: string[];
}

function differingData(a: SweepJson, b: SweepJson): string | null {
  const names = (j: SweepJson) => Object.fromEntries(Object.entries(j.data).map(([f, fp]) => [path.basename(f), fp]));
  const x = names(a),
    y = names(b);
  for (const k of new Set([...Object.keys(x), ...Object.keys(y)])) if (x[k] !== y[k]) return k;
  return null;
}

export function mergeShards(dirs: string[], outDir: string): MergeResult {
  if (!dirs.length) throw new CliError('sweep-merge needs at least one shard folder');
  const heads = dirs.map((d) => readSweepJson(d));
  const first = heads[0];
  heads.forEach((h, i) => {
    if (h.sweep_id === first.sweep_id) return;
    const file = differingData(first, h);
    throw new CliError(
      file
        ? `${displayPath(dirs[i])} was run on different data than ${displayPath(dirs[0])} (${file} differs); refusing to merge`
        : `${displayPath(dirs[i])} is a shard of a different sweep than ${displayPath(dirs[0])} (sweep ${h.sweep_id} vs ${first.sweep_id}: other axes, values or base config); refusing to merge`,
      'merge only the shards of one `backtest sweep` over the same data',
    );
  });
  const wanted = new Set(first.variant_ids);
  const byId = new Map<string, VariantRecord>();
  for (const d of dirs) for (const [id, rec] of readVariantRecords(d)) if (wanted.has(id)) byId.set(id, rec);
  const missing = first.variant_ids.filter((id) => !byId.has(id));
  if (missing.length) {
    const counts = [...new Set(heads.map((h) => h.shard?.count).filter((c) => c !== undefined))];
    const have = new Set(heads.map((h) => h.shard?.index));
    const absent = counts.length === 1 ? Array.from({ length: counts[0]! }, (_, i) => i).filter((i) => !have.has(i)) : [];
    throw new CliError(
      `${missing.length} of ${first.variant_ids.length} variants are in none of the given folders${absent.length ? ` (shards ${absent.map((i) => `${i}/${counts[0]}`).join(', ')} not given)` : ' (a shard did not finish)'}; nothing was merged`,
      'pass every shard folder, or finish the incomplete shard with `backtest sweep ... --shard I/N --resume`',
    );
  }
  const records = first.variant_ids.map((id) => byId.get(id)!);
  for (const r of records) writeVariantRecord(outDir, r);
  const { variants: _v, walk_forward: _w, ...header } = first;
  const merged = { ...header, shard: null, complete: true };
  const files = writeSweepFiles(outDir, merged, records, parseMetricSpec(first.rank_by));
  return { header: { ...merged, variants: [] }, records, files };
}

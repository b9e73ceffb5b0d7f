// `backtest sweep-merge DIR... --out DIR`: shard folders of one sweep into one folder.
import path from 'node:path';
import { UsageError, type CommandSpec, type ParsedArgs } from '../args';
import { EXIT } from '../errors';
import { displayPath } from '../../jobs/failure';
import type { Io } from '../runJob';
import { mergeShards } from '../sweep/merge';
import { prepareSweepDir } from '../sweep/outputs';

export const sweepMergeSpec: CommandSpec = {
  name: 'sweep-merge',
  usage: 'backtest sweep-merge DIR... --out DIR [--json]',
  summary: 'Merge the shard folders of one sweep (backtest sweep --shard I/N) into one sweep folder.',
  details: ['Refuses shards of different sweeps or of the same sweep over different data, and a set of shards missing variants.'],
  positionals: [],
  variadic: { name: 'DIR...', description: 'shard folders written by `backtest sweep --shard`' },
  flags: [
    { name: 'out', value: 'DIR', description: 'the merged sweep folder (new or empty)' },
    { name: 'json', description: 'print the merged header and file list as JSON' },
  ],
};

export async function sweepMergeCommand(args: ParsedArgs, io: Io): Promise<number> {
  const out = args.flags.get('out');
  if (typeof out !== 'string') throw new UsageError('missing --out DIR', sweepMergeSpec);
  if (!args.positionals.length) throw new UsageError('missing DIR... (the shard folders)', sweepMergeSpec);
  const outDir = path.resolve(out);
  const dirs = args.positionals.map((d) => path.resolve(d));
  if (dirs.includes(outDir)) throw new UsageError('--out must be a new folder, not one of the shards', sweepMergeSpec);
  prepareSweepDir(outDir, false);
  const r = mergeShards(dirs, outDir);
  if (args.flags.has('json'))
    io.stdout.write(JSON.stringify({ sweep_id: r.header.sweep_id, variants: r.records.length, files: r.files }, null, 2) + '\n');
  else
    io.stdout.write(
      `Merged ${dirs.length} shard folder${dirs.length === 1 ? '' : 's'}: ${r.records.length} variants into ${displayPath(outDir)} (${r.files.map((f) => path.basename(f)).join(', ')})\n`,
    );
  return EXIT.ok;
}

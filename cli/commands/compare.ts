// `backtest compare CONFIG [--json] [--html FILE]`: the guide's "Test Both Methods".
import path from 'node:path';
import type { CommandSpec, ParsedArgs } from '../args';
import { checkConfigFile } from '../../jobs/engineApi';
import { EXIT } from '../errors';
import { displayPath } from '../../jobs/failure';
import { formatCompareTable } from '../summary';
import { runJobWithUi, type Io } from '../runJob';

export const compareSpec: CommandSpec = {
  name: 'compare',
  usage: 'backtest compare CONFIG [--json] [--html FILE] [--force]',
  summary: 'Run the same inputs three ways (no hedge, proportional, ETF) and print them side by side.',
  details: [
    'Everything but the hedge comes from CONFIG (inputs, dates, costs, targets, mapping). "No hedge" turns the sector and beta hedges off; the proportional and ETF runs keep the beta hedge setting of CONFIG.',
    'The config is validated first; with errors nothing runs (exit 2) unless --force is given.',
  ],
  positionals: [{ name: 'CONFIG', description: 'a .backtest.jsonc file' }],
  flags: [
    { name: 'json', description: 'print the three summaries as JSON on stdout' },
    { name: 'html', value: 'FILE', description: 'write a self-contained HTML report comparing the three runs to FILE' },
    { name: 'force', description: 'run even if `backtest validate` reports errors for the config' },
  ],
};

export async function compareCommand(args: ParsedArgs, io: Io): Promise<number> {
  const configPath = checkConfigFile(args.positionals[0]);
  const html = args.flags.get('html');
  // The job checks --html first of all, before the validation and the run.
  const done = await runJobWithUi(
    {
      kind: 'compare',
      configPath,
      validate: !args.flags.has('force'),
      htmlFile: typeof html === 'string' ? path.resolve(html) : null,
    },
    io,
  );
  if (typeof done === 'number') return done;
  if (done.kind !== 'compare') return EXIT.error;
  if (args.flags.has('json')) {
    const runs = done.runs.map(({ label, variant, summary }) => ({
      label,
      variant,
      meta: summary.meta,
      metrics: summary.metrics,
      tradeCounts: summary.tradeCounts,
      warnings: summary.warnings,
    }));
    io.stdout.write(JSON.stringify({ config: configPath, runs, files: done.files }, null, 2) + '\n');
    return EXIT.ok;
  }
  const first = done.runs[0]?.summary;
  if (first) io.stdout.write(`${first.meta.name}: ${first.meta.startDate} to ${first.meta.endDate}, same inputs, three hedges\n\n`);
  io.stdout.write(formatCompareTable(done.runs));
  for (const f of done.files) io.stdout.write(`\nWrote ${displayPath(f)}\n`);
  return EXIT.ok;
}

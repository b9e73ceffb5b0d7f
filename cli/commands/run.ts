// `backtest run CONFIG [--out DIR [--format csv|parquet]] [--json] [--html FILE] [--no-positions] [--force]`
import path from 'node:path';
import { UsageError, type CommandSpec, type ParsedArgs } from '../args';
import { checkConfigFile } from '../../jobs/engineApi';
import { EXIT } from '../errors';
import { formatRunSummary } from '../summary';
import { runJobWithUi, type Io } from '../runJob';

export const runSpec: CommandSpec = {
  name: 'run',
  usage: 'backtest run CONFIG [--out DIR [--format csv|parquet]] [--json] [--html FILE] [--no-positions] [--force]',
  summary: 'Run one backtest and print a summary: metrics, trades by reason, costs of stocks and hedges, warnings.',
  details: [
    'With --out DIR it writes equity.csv, trades.csv, positions.csv, exposures.csv, beta.csv, attribution.csv and metrics.json into DIR (created if needed; files are replaced whole, never half-written).',
    'With --format parquet the tables are written as equity.parquet, trades.parquet, ... instead (DOUBLE values at full precision, DATE columns, nulls where the CSV leaves a cell empty); metrics.json is the same.',
    'The config is validated first (as by `backtest validate`); if that finds errors they are printed and nothing runs (exit 2), unless --force is given.',
    'Ctrl-C cancels the run; nothing is written. Exit codes: 0 done, 2 error (bad config or data, named file:line:col), 130 cancelled.',
  ],
  positionals: [{ name: 'CONFIG', description: 'a .backtest.jsonc file' }],
  flags: [
    { name: 'out', value: 'DIR', description: 'write the result files into DIR' },
    { name: 'format', value: 'csv|parquet', description: 'file format of the --out tables (default csv)' },
    { name: 'json', description: 'print the summary as JSON (meta, metrics, tradeCounts, warnings, analysis) on stdout' },
    { name: 'html', value: 'FILE', description: 'write a self-contained HTML report (charts, trades, exposures) to FILE' },
    { name: 'force', description: 'run even if `backtest validate` reports errors for the config' },
    { name: 'no-positions', description: 'skip positions.csv (and positions in the HTML report): much smaller for big runs' },
  ],
};

export async function runCommand(args: ParsedArgs, io: Io): Promise<number> {
  const configPath = checkConfigFile(args.positionals[0]);
  const out = args.flags.get('out');
  const html = args.flags.get('html');
  const raw = args.flags.get('format') ?? 'csv',
    format = typeof raw === 'string' ? raw.toLowerCase() : raw;
  if (format !== 'csv' && format !== 'parquet') throw new UsageError(`--format must be csv or parquet, not "${String(raw)}"`, runSpec);
  if (args.flags.has('format') && typeof out !== 'string')
    throw new UsageError('--format needs --out DIR (it sets the format of the files written there)', runSpec);
  // The job checks --out and --html first of all, before the validation and the run.
  const done = await runJobWithUi(
    {
      kind: 'run',
      configPath,
      validate: !args.flags.has('force'),
      outDir: typeof out === 'string' ? path.resolve(out) : null,
      htmlFile: typeof html === 'string' ? path.resolve(html) : null,
      writePositions: !args.flags.has('no-positions'),
      format,
    },
    io,
  );
  if (typeof done === 'number') return done;
  if (done.kind !== 'run') return EXIT.error;
  if (args.flags.has('json')) {
    const { meta, metrics, tradeCounts, warnings, analysis } = done.summary;
    io.stdout.write(JSON.stringify({ meta, metrics, tradeCounts, warnings, analysis, files: done.files }, null, 2) + '\n');
  } else {
    io.stdout.write(formatRunSummary(done.summary, done.files));
  }
  return EXIT.ok;
}

// `backtest`: run, validate and compare sector-hedged backtests from the terminal.
// Bundled to dist/cli.js. The same bundle also serves as the run's worker thread.
// First: the job's worker may start before the rest of the bundle is evaluated.
import './prestart';
import { ENGINE_VERSION } from '../engine/results/version';
import { formatHelp, nearest, parseArgs, UsageError, type CommandSpec, type ParsedArgs } from './args';
import { compareCommand, compareSpec } from './commands/compare';
import { runCommand, runSpec } from './commands/run';
import { validateCommand, validateSpec } from './commands/validate';
import { sweepCommand, sweepSpec } from './commands/sweep';
import { sweepMergeCommand, sweepMergeSpec } from './commands/sweepMerge';
import { EXIT, formatFailure } from './errors';
import { toFailure } from '../jobs/failure';
import type { Io } from './runJob';
import { isCliWorker, workerMain } from './worker';
import { safeWritable } from './safeStream';

interface Command {
  spec: CommandSpec;
  exec(args: ParsedArgs, io: Io): Promise<number>;
}

const COMMANDS: Command[] = [
  { spec: runSpec, exec: runCommand },
  { spec: validateSpec, exec: validateCommand },
  { spec: compareSpec, exec: compareCommand },
  { spec: sweepSpec, exec: sweepCommand },
  { spec: sweepMergeSpec, exec: sweepMergeCommand },
];

// The one version constant (package.json's, as metrics.json's engine_version).
const VERSION = ENGINE_VERSION;

function topHelp(): string {
  return (
    [
      'usage: backtest <command> [options]',
      '',
      'Sector Hedge Backtester: long/short equity backtests with sector ETF and beta hedges.',
      '',
      'commands:',
      ...COMMANDS.map((c) => `  ${c.spec.name.padEnd(11)} ${c.spec.summary}`),
      '',
      'Run `backtest <command> --help` for its options. Example:',
      '  backtest run sample_data/configs/neutral-etf.backtest.jsonc --out results/neutral-etf',
      '',
      'Set BACKTEST_DEBUG=1 to see stack traces of unexpected errors.',
    ].join('\n') + '\n'
  );
}

export async function main(argv: string[], rawIo: Io = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  // Data strings (tickers, cells, sector names) reach every message: no raw control or bidi characters on the terminal.
  const io: Io = { ...rawIo, stdout: safeWritable(rawIo.stdout), stderr: safeWritable(rawIo.stderr) };
  const [name, ...rest] = argv;
  if (!name || name === '-h' || name === '--help' || name === 'help') {
    io.stdout.write(topHelp());
    return name ? EXIT.ok : EXIT.error;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${VERSION}\n`);
    return EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.spec.name === name);
  try {
    if (!command) {
      const near = nearest(
        name,
        COMMANDS.map((c) => c.spec.name),
      );
      throw new UsageError(
        `unknown command '${name}'${near ? ` (did you mean '${near}'?)` : ''}; commands: ${COMMANDS.map((c) => c.spec.name).join(', ')}`,
      );
    }
    const args = parseArgs(rest, command.spec);
    if (args.help) {
      io.stdout.write(formatHelp(command.spec));
      return EXIT.ok;
    }
    return await command.exec(args, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(
        `error: ${err.message}\n${err.command ? `usage: ${err.command.usage}\n(see backtest ${err.command.name} --help)\n` : 'see backtest --help\n'}`,
      );
      return EXIT.error;
    }
    io.stderr.write(formatFailure(toFailure(err)));
    return EXIT.error;
  }
}

/** A sweep worker thread's task (piscina loads this bundle in each thread and calls it). */
export { runSweepTask as sweepTask } from './sweep/task';

if (isCliWorker()) {
  workerMain();
} else if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => exitWhenWritten(code),
    (err) => {
      safeWritable(process.stderr).write(formatFailure(toFailure(err)));
      exitWhenWritten(EXIT.error);
    },
  );
}

/**
 * Ends the process once stdout and stderr have taken everything written to them. The
 * command is done; a natural end would first tear the heap down (a W1 run's ~200 MB:
 * ~20-50 ms after its summary is out), which process.exit skips. A stream that never calls
 * back (closed under us) leaves the natural end, with the same exit code.
 */
function exitWhenWritten(code: number): void {
  process.exitCode = code;
  let pending = 2;
  const written = () => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write('', written);
  process.stderr.write('', written);
}

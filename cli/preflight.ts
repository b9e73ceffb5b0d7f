// `run` and `compare` check the config with the validator first, so they never silently
// run something `backtest validate` reports errors for (a misspelt sector whose target
// would be dropped, an ETF without prices). `--force` skips the refusal. The check runs
// inside the job (jobs/job.ts) on the tables the run then uses; this prints its refusal.
import type { ConfigDiagnostic } from '../engine/types';
import { formatDiagnostic } from '../jobs/validation';

export { formatDiagnostic, sortDiagnostics, validateConfigFile } from '../jobs/validation';

/** Prints the config's errors as `validate` does, plus the --force hint (the caller exits 2). */
export function reportRefusal(errors: ConfigDiagnostic[], command: 'run' | 'compare', stderr: NodeJS.WritableStream): void {
  for (const d of errors) stderr.write(formatDiagnostic(d) + '\n');
  stderr.write(
    `\n${errors.length} error${errors.length === 1 ? '' : 's'} in the config (as \`backtest validate\` reports them); nothing was run.\n` +
      `  fix: correct ${errors.length === 1 ? 'it' : 'them'}, or pass --force to ${command} anyway (the engine then skips or ignores what is wrong).\n`,
  );
}

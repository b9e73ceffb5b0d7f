// `backtest validate CONFIG`: the language server's checks (schema, syntax, data-aware)
// printed as `file:line:col severity message [code]`.
import type { CommandSpec, ParsedArgs } from '../args';
import { formatDiagnostic, validateConfigFile } from '../preflight';
import { checkConfigFile } from '../../jobs/engineApi';
import { EXIT } from '../errors';
import { displayPath } from '../../jobs/failure';
import type { Io } from '../runJob';

export const validateSpec: CommandSpec = {
  name: 'validate',
  usage: 'backtest validate CONFIG [--json]',
  summary:
    'Check a config without running it: JSONC syntax, every key against the schema, and the data it names (files, sectors, ETFs, tickers, dates, expressions).',
  details: [
    'Prints one line per problem as file:line:col severity message [code]. Exit codes: 0 no errors (warnings allowed), 1 errors found, 2 the config could not be read.',
  ],
  positionals: [{ name: 'CONFIG', description: 'a .backtest.jsonc file' }],
  flags: [{ name: 'json', description: 'print the diagnostics as JSON (1-based line/column) on stdout' }],
};

export { formatDiagnostic };

/** "1 error, 2 warnings, 1 info": every severity printed above is counted. */
export function countSummary(diags: { severity: string }[]): string {
  const n = (sev: string) => diags.filter((d) => d.severity === sev).length;
  const parts = [`${n('error')} error${n('error') === 1 ? '' : 's'}`, `${n('warning')} warning${n('warning') === 1 ? '' : 's'}`];
  if (n('info')) parts.push(`${n('info')} info`);
  if (n('hint')) parts.push(`${n('hint')} hint${n('hint') === 1 ? '' : 's'}`);
  return parts.join(', ');
}

export async function validateCommand(args: ParsedArgs, io: Io): Promise<number> {
  const configPath = checkConfigFile(args.positionals[0]);
  const diags = await validateConfigFile(configPath);
  const errors = diags.filter((d) => d.severity === 'error').length;
  if (args.flags.has('json')) {
    const rows = diags.map((d) => ({
      file: d.file,
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
      endLine: d.range.end.line + 1,
      endColumn: d.range.end.character + 1,
      severity: d.severity,
      code: d.code,
      message: d.message,
      path: d.path,
    }));
    io.stdout.write(JSON.stringify({ config: configPath, errors, diagnostics: rows }, null, 2) + '\n');
  } else if (!diags.length) {
    io.stdout.write(`${displayPath(configPath)}: no problems\n`);
  } else {
    for (const d of diags) io.stdout.write(formatDiagnostic(d) + '\n');
    io.stdout.write(`\n${countSummary(diags)}\n`);
  }
  return errors > 0 ? EXIT.problems : EXIT.ok;
}

// `backtest validate CONFIG`: the language server's checks (schema, syntax, data-aware)
// printed as `file:line:col severity message [code]`.
import { readFileSync } from 'node:fs';
import type { CommandSpec, ParsedArgs } from '../args';
import { createSyncDataAccess, validateConfigText } from '../../validate';
import type { ConfigDiagnostic, Severity } from '../../types';
import { checkConfigFile } from '../engineApi';
import { EXIT, displayPath } from '../errors';
import type { Io } from '../runJob';

export const validateSpec: CommandSpec = {
  name: 'validate',
  usage: 'backtest validate CONFIG [--json]',
  summary: 'Check a config without running it: JSONC syntax, every key against the schema, and the data it names (files, sectors, ETFs, tickers, dates, expressions).',
  details: ['Prints one line per problem as file:line:col severity message [code]. Exit codes: 0 no errors (warnings allowed), 1 errors found, 2 the config could not be read.'],
  positionals: [{ name: 'CONFIG', description: 'a .backtest.jsonc file' }],
  flags: [{ name: 'json', description: 'print the diagnostics as JSON (1-based line/column) on stdout' }],
};

const ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2, hint: 3 };

export function formatDiagnostic(d: ConfigDiagnostic): string {
  return `${displayPath(d.file)}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity} ${d.message} [${d.code}]`;
}

export async function validateCommand(args: ParsedArgs, io: Io): Promise<number> {
  const configPath = checkConfigFile(args.positionals[0]);
  const text = readFileSync(configPath, 'utf8');
  const diags = (await validateConfigText(text, configPath, createSyncDataAccess())).slice().sort((a, b) =>
    (a.file === b.file ? 0 : a.file === configPath ? -1 : b.file === configPath ? 1 : a.file < b.file ? -1 : 1)
    || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character
    || ORDER[a.severity] - ORDER[b.severity]);
  const errors = diags.filter((d) => d.severity === 'error').length;
  if (args.flags.has('json')) {
    const rows = diags.map((d) => ({
      file: d.file, line: d.range.start.line + 1, column: d.range.start.character + 1,
      endLine: d.range.end.line + 1, endColumn: d.range.end.character + 1,
      severity: d.severity, code: d.code, message: d.message, path: d.path,
    }));
    io.stdout.write(JSON.stringify({ config: configPath, errors, diagnostics: rows }, null, 2) + '\n');
  } else if (!diags.length) {
    io.stdout.write(`${displayPath(configPath)}: no problems\n`);
  } else {
    for (const d of diags) io.stdout.write(formatDiagnostic(d) + '\n');
    const warnings = diags.filter((d) => d.severity === 'warning').length;
    io.stdout.write(`\n${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}\n`);
  }
  return errors > 0 ? EXIT.problems : EXIT.ok;
}

// A small, strict argument parser: each command declares its flags, and anything else is
// a usage error that names the nearest valid flag (the engine's one nearest-name helper).
import { nearest } from '../engine/config/nearest';

export { nearest };

export interface FlagSpec {
  /** Long name without dashes, e.g. `out`. */
  name: string;
  /** Placeholder for a flag that takes a value (`DIR`); absent for a boolean flag. */
  value?: string;
  description: string;
  /** The value may itself start with `--` (options passed through to another program). */
  passThrough?: boolean;
}

export interface CommandSpec {
  name: string;
  /** One line, e.g. `backtest run CONFIG [--out DIR]`. */
  usage: string;
  summary: string;
  /** Extra help paragraphs. */
  details?: string[];
  positionals: { name: string; description: string }[];
  /** Any number of further arguments (e.g. `DIR...`), after the fixed positionals. */
  variadic?: { name: string; description: string };
  flags: FlagSpec[];
}

export interface ParsedArgs {
  positionals: string[];
  flags: Map<string, string | true>;
  help: boolean;
}

/** Bad command-line usage: printed with the command's usage line, exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: CommandSpec,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

export function parseArgs(argv: string[], spec: CommandSpec): ParsedArgs {
  const out: ParsedArgs = { positionals: [], flags: new Map(), help: false };
  let flagsDone = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (flagsDone || !arg.startsWith('-') || arg === '-') {
      out.positionals.push(arg);
      continue;
    }
    if (arg === '--') {
      flagsDone = true;
      continue;
    }
    if (arg === '-h' || arg === '--help') {
      out.help = true;
      continue;
    }
    const body = arg.replace(/^--?/, '');
    const eq = body.indexOf('=');
    const name = eq >= 0 ? body.slice(0, eq) : body;
    const inline = eq >= 0 ? body.slice(eq + 1) : undefined;
    const flag = spec.flags.find((f) => f.name === name);
    if (!flag) {
      const near = nearest(
        name,
        spec.flags.map((f) => f.name),
      );
      throw new UsageError(`unknown option --${name}${near ? ` (did you mean --${near}?)` : ''}`, spec);
    }
    if (out.flags.has(flag.name)) throw new UsageError(`--${flag.name} given twice`, spec);
    if (flag.value === undefined) {
      if (inline !== undefined) throw new UsageError(`--${flag.name} takes no value`, spec);
      out.flags.set(flag.name, true);
    } else {
      const value = inline ?? argv[++i];
      if (value === undefined || value === '' || (inline === undefined && value.startsWith('--') && !flag.passThrough)) {
        throw new UsageError(`--${flag.name} needs a value: --${flag.name} ${flag.value}`, spec);
      }
      out.flags.set(flag.name, value);
    }
  }
  if (
    !out.help &&
    (spec.variadic ? out.positionals.length < spec.positionals.length : out.positionals.length !== spec.positionals.length)
  ) {
    const names = spec.positionals.map((p) => p.name).join(' ');
    throw new UsageError(
      out.positionals.length < spec.positionals.length
        ? `missing ${spec.positionals[out.positionals.length].name}`
        : `unexpected argument ${out.positionals[spec.positionals.length]} (expects only ${names})`,
      spec,
    );
  }
  return out;
}

export function formatHelp(spec: CommandSpec): string {
  const lines = [`usage: ${spec.usage}`, '', spec.summary];
  for (const p of spec.details ?? []) lines.push('', p);
  const positionals = [...spec.positionals, ...(spec.variadic ? [spec.variadic] : [])];
  if (positionals.length) {
    lines.push('', 'arguments:');
    for (const p of positionals) lines.push(`  ${p.name.padEnd(18)} ${p.description}`);
  }
  lines.push('', 'options:');
  for (const f of spec.flags) lines.push(`  ${`--${f.name}${f.value ? ` ${f.value}` : ''}`.padEnd(18)} ${f.description}`);
  lines.push(`  ${'-h, --help'.padEnd(18)} show this help`);
  return lines.join('\n') + '\n';
}

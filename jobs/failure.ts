// Turning anything thrown into one clear, located failure: `file:line:col: what` plus the
// fix. Stack traces only with BACKTEST_DEBUG=1.
import path from 'node:path';
import type { CliFailure } from '../common/failure';
import { locateJsonPath } from '../common/jsonLocation';
import { boundedMessage } from '../engine/validate/validate';

/** An expected failure the CLI itself detects (missing file, missing build asset, ...). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly fix?: string,
    readonly file?: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export function debugEnabled(): boolean {
  return process.env.BACKTEST_DEBUG === '1' || process.env.BACKTEST_DEBUG === 'true';
}

/** Path as the user typed it, relative to the working directory when inside it. */
export function displayPath(file: string, cwd = process.cwd()): string {
  if (!path.isAbsolute(file)) return file;
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

const KNOWN_ERRORS = new Set([
  'OutputFolderError',
  'DataError',
  'ConfigError',
  'ExpressionError',
  'CliError',
  'UsageError',
  'ValidationError',
]);

/** Reads the location fields engine errors carry (DataError, ConfigError, ExpressionError, fs errors). */
export function toFailure(err: unknown, configPath?: string, configText?: string | null): CliFailure {
  const e = (err ?? {}) as Record<string, unknown>;
  const name = err instanceof Error ? err.name || err.constructor?.name : '';
  const f: CliFailure = { message: err instanceof Error ? err.message : String(err) };
  if (typeof e.detail === 'string' && e.detail) f.message = e.detail;
  if (typeof e.code === 'string') f.code = e.code;
  if (typeof e.fix === 'string' && e.fix) f.fix = e.fix;
  if (typeof e.file === 'string') f.file = e.file;
  if (typeof e.line === 'number') f.line = e.line;
  if (typeof e.column === 'number') f.column = e.column;
  if (typeof e.path === 'string' && !e.syscall) f.path = e.path;

  // Node fs errors: ENOENT and friends carry the path they failed on.
  if (typeof e.syscall === 'string' && typeof e.path === 'string') {
    f.file = e.path;
    const what =
      e.code === 'ENOENT'
        ? 'file not found'
        : e.code === 'EACCES'
          ? 'permission denied'
          : e.code === 'EISDIR'
            ? 'is a folder, not a file'
            : `cannot ${e.syscall}`;
    f.message = `${what}: ${displayPath(e.path)}`;
    f.fix ??=
      e.code === 'ENOENT'
        ? "check the path; paths in a config are relative to the config file's folder (data files to data_dir)"
        : undefined;
    return f;
  }

  // ConfigError: a list of issues, each with its JSON path and (from a file) its location.
  const issues = Array.isArray(e.issues) ? (e.issues as Record<string, unknown>[]) : [];
  if (issues.length) {
    const text = (i: Record<string, unknown>) =>
      `${typeof i.path === 'string' && i.path && !i.asShown ? `${i.path}: ` : ''}${String(i.message)}`;
    const [first, ...others] = issues;
    f.message = text(first);
    if (typeof first.path === 'string' && first.path) f.path = first.path;
    if (typeof first.file === 'string') f.file = first.file;
    if (typeof first.line === 'number') {
      f.line = first.line;
      f.column = typeof first.column === 'number' ? first.column : 1;
    }
    for (const i of others) {
      const loc =
        typeof i.file === 'string'
          ? `${displayPath(i.file)}${typeof i.line === 'number' ? `:${i.line}:${typeof i.column === 'number' ? i.column : 1}` : ''}: `
          : '';
      f.message += `\n  also: ${loc}${text(i)}`;
    }
  }
  if (f.line === undefined) {
    // Messages like "/x/prices.csv:12:5: ..." already carry the location: lift it out.
    const m = /^((?:[A-Za-z]:)?[^\s:][^:]*):(\d+):(\d+):\s*/.exec(f.message);
    if (m) {
      f.file ??= m[1];
      f.line = Number(m[2]);
      f.column = Number(m[3]);
      f.message = f.message.slice(m[0].length);
    }
  }
  if (f.line === undefined && f.path && configPath && configText) {
    const loc = locateJsonPath(configText, f.path);
    if (loc) {
      f.file = configPath;
      f.line = loc.line;
      f.column = loc.column;
    }
  }
  if (f.line !== undefined && !f.file && configPath) f.file = configPath;
  // A message that already ends with "Fix: ..." keeps its own fix text once.
  if (f.fix && f.message.endsWith(`Fix: ${f.fix}`)) f.message = f.message.slice(0, -`Fix: ${f.fix}`.length).trimEnd();
  // A 50 MB cell or key quoted in a message is shown cut to ~200 characters, escaped.
  f.message = boundedMessage(f.message);
  if (f.fix) f.fix = boundedMessage(f.fix);
  if (!KNOWN_ERRORS.has(name) && !(typeof e.code === 'string' && f.file)) f.internal = true;
  if (debugEnabled() && err instanceof Error) f.stack = err.stack;
  return f;
}

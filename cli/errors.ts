// Exit codes and the one-message-per-failure format of the `backtest` command.
import type { CliFailure } from '../common/failure';
import { displayPath } from '../jobs/failure';

/** Exit codes of the `backtest` command. */
export const EXIT = { ok: 0, problems: 1, error: 2, cancelled: 130 } as const;

export function formatFailure(f: CliFailure): string {
  let where = f.file ? displayPath(f.file) : '';
  if (where && f.line !== undefined) where += `:${f.line}${f.column !== undefined ? `:${f.column}` : ''}`;
  const head = `error: ${where ? `${where}: ` : ''}${f.internal ? `internal error: ${f.message}` : f.message}`;
  const lines = [head];
  if (f.fix) lines.push(`  fix: ${f.fix}`);
  if (f.internal && !f.stack) lines.push('  (this looks like a bug; run again with BACKTEST_DEBUG=1 for a stack trace)');
  if (f.stack) lines.push(f.stack);
  return lines.join('\n') + '\n';
}

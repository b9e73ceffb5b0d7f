import type { DataErrorInfo } from '../types';

/**
 * A problem in a data file (or inline data). `message` is the full located text
 * (`file:line:col: detail Fix: ...`) so an uncaught error is still useful;
 * `detail` and `fix` are the parts, for tools that print the location themselves.
 */
export class DataError extends Error implements DataErrorInfo {
  readonly code: string;
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  readonly fix?: string;
  readonly detail: string;

  constructor(info: { code: string; file: string; line?: number; column?: number; detail: string; fix?: string }) {
    super(formatLocated(info.file, info.line, info.column, info.detail, info.fix));
    this.name = 'DataError';
    this.code = info.code;
    this.file = info.file;
    this.line = info.line;
    this.column = info.column;
    this.detail = info.detail;
    this.fix = info.fix;
  }

  toInfo(): DataErrorInfo {
    return {
      code: this.code,
      file: this.file,
      line: this.line,
      column: this.column,
      message: this.message,
      fix: this.fix,
      detail: this.detail,
    };
  }
}

export function formatLocated(file: string, line: number | undefined, column: number | undefined, detail: string, fix?: string): string {
  let where = file;
  if (line !== undefined) where += `:${line}`;
  if (line !== undefined && column !== undefined) where += `:${column}`;
  return `${where}: ${detail}${fix ? ` Fix: ${fix}` : ''}`;
}

/** Any thrown value as DataErrorInfo (non-DataErrors become `data-internal`). */
export function toDataErrorInfo(err: unknown, file: string): DataErrorInfo {
  if (err instanceof DataError) return err.toInfo();
  const detail = err instanceof Error ? err.message : String(err);
  return { code: 'data-internal', file, message: `${file}: ${detail}`, detail };
}

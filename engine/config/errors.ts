/** One problem in a config: JSON path (e.g. `sector_target_exposures.Tech`), message, and location when known. */
export interface ConfigIssue {
  path: string;
  /** The same path as segments (sector names may contain dots or spaces). */
  segments?: (string | number)[];
  message: string;
  /** Stable code (docs/errors.md). */
  code?: string;
  file?: string;
  /** 1-based. */
  line?: number;
  column?: number;
}

export class ConfigError extends Error {
  readonly issues: ConfigIssue[];
  constructor(issues: ConfigIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

export function formatIssue(i: ConfigIssue): string {
  const where = i.file ? `${i.file}${i.line !== undefined ? `:${i.line}:${i.column ?? 1}` : ''}: ` : '';
  return `${where}${i.path ? `${i.path}: ` : ''}${i.message}`;
}

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
  /** How to fix it, when there is more to say than the message. */
  fix?: string;
  /**
   * The message is shown as it is: the validator's words, which name their key already
   * (config issues); otherwise (sweep specs) formatters put the path in front.
   */
  asShown?: boolean;
}

export class ConfigError extends Error {
  readonly issues: ConfigIssue[];
  /** The first issue's fix (the CLI prints it as the `fix:` line). */
  readonly fix?: string;
  constructor(issues: ConfigIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'ConfigError';
    this.issues = issues;
    if (issues[0]?.fix) this.fix = issues[0].fix;
  }
}

export function formatIssue(i: ConfigIssue): string {
  const where = i.file ? `${i.file}${i.line !== undefined ? `:${i.line}:${i.column ?? 1}` : ''}: ` : '';
  return `${where}${i.path && !i.asShown ? `${i.path}: ` : ''}${i.message}`;
}

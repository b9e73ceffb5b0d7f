// A located failure, as plain data: what the CLI prints and what the run worker posts.

/** Plain data (crosses the worker boundary). Line and column are 1-based. */
export interface CliFailure {
  message: string;
  file?: string;
  line?: number;
  column?: number;
  fix?: string;
  code?: string;
  /** JSON path in the config, when the error names one. */
  path?: string;
  /** Not one of the engine's known error kinds: likely a bug. */
  internal?: boolean;
  stack?: string;
}

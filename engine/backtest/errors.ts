/** Thrown out of Backtester.run when the progress callback returns false. No results exist. */
export class CancelledError extends Error {
  constructor(date?: string) {
    super(date ? `backtest cancelled at ${date}` : 'backtest cancelled');
    this.name = 'CancelledError';
  }
}

/** A run that cannot start (empty date range, missing hedge column, bad inputs). */
export class BacktestError extends Error {
  readonly code: string;
  readonly fix?: string;
  /** Config key the problem is about, e.g. `start_date`. */
  readonly path?: string;
  constructor(code: string, message: string, opts: { fix?: string; path?: string } = {}) {
    super(opts.fix ? `${message} Fix: ${opts.fix}` : message);
    this.name = 'BacktestError';
    this.code = code;
    this.fix = opts.fix;
    this.path = opts.path;
  }
}

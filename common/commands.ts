// Every command id and context key of the extension, one copy: package.json contributes
// these names (test/package/contributions.test.ts checks both agree), the client registers
// them, and the language server's code lenses point at `run` and `compare`.

export const CommandIds = {
  /** Run the config and show the results panel. Args: [uri?: string | Uri]. */
  run: 'backtest.run',
  /** Run none / proportional / etf side by side. Args: [uri?: string | Uri]. */
  compare: 'backtest.compare',
  /** Run every variant of a .sweep.jsonc and show the sweep view. Args: [uri?: string | Uri]. */
  runSweep: 'backtest.runSweep',
  showLastResults: 'backtest.showLastResults',
  newConfig: 'backtest.newConfig',
  exportResults: 'backtest.exportResults',
  cancelRun: 'backtest.cancelRun',
  restartServer: 'backtest.restartServer',
  openWalkthroughExample: 'backtest.openWalkthroughExample',
} as const;

/**
 * Server-side command (declared in executeCommandProvider) that any LSP client can call:
 * re-read every data file from disk and re-validate all open configs. Args: none.
 */
export const SERVER_COMMAND_RELOAD_DATA = 'backtest.server.reloadData';

/** `when`-clause context keys the client sets. */
export const ContextKeys = {
  running: 'backtest.running',
  walkthroughFixed: 'backtest.walkthroughFixed',
  /** A run / a comparison finished successfully (completes those walkthrough steps). */
  walkthroughRan: 'backtest.walkthroughRan',
  walkthroughCompared: 'backtest.walkthroughCompared',
  /** The results panel's Trades tab was shown (completes "Read the hedge trades"). */
  walkthroughTradesViewed: 'backtest.walkthroughTradesViewed',
} as const;

// The extension's settings and their defaults, one copy: package.json's
// contributes.configuration states the same defaults (test/package/contributions.test.ts
// checks they agree), the client reads them with these fallbacks, and the language server
// uses them when a client sends no initializationOptions.

/** Section of every setting (`backtest.*`). */
export const SETTINGS_SECTION = 'backtest';

export const Settings = {
  resultsDirectory: { key: 'resultsDirectory', default: 'results' },
  openResultsPanel: { key: 'openResultsPanel', default: true },
  debounceMs: { key: 'validation.debounceMs', default: 200 },
  cacheMaxMB: { key: 'server.cacheMaxMB', default: 512 },
  traceServer: { key: 'trace.server', default: 'off' },
} as const;

/** Settings whose change restarts the language server (sections under `backtest.`). */
export const SERVER_SETTING_SECTIONS = ['backtest.validation', 'backtest.server'] as const;

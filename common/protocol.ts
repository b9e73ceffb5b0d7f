// Custom LSP surface shared by the language server (server/) and the VS Code client
// (client/), as vscode-eslint's shared/customMessages.ts and rust-analyzer's lsp_ext.ts:
// typed NotificationType / RequestType objects from vscode-languageserver-protocol (no
// vscode or DOM imports), so both sides (and other editors' docs) use the same names.
import { NotificationType } from 'vscode-languageserver-protocol';
import { CommandIds } from './commands';
export { SERVER_COMMAND_RELOAD_DATA } from './commands';

/** Config files the server understands. Clients select documents with this glob. */
export const CONFIG_FILE_GLOB = '**/*.backtest.jsonc';
/** File name suffix of a config (the glob's last part). */
export const CONFIG_FILE_SUFFIX = '.backtest.jsonc';
/** Files whose changes the client forwards to the server (data files and configs). */
export const DATA_FILE_WATCH_GLOB = '**/*.{csv,json,jsonc}';
/** Suggested language id for `*.backtest.jsonc` (the server accepts any id it is sent). */
export const BACKTEST_LANGUAGE_ID = 'backtest-jsonc';
/** Language id of *.sweep.jsonc files (package.json contributes it; the server routes them to the sweep features). */
export const SWEEP_LANGUAGE_ID = 'backtest-sweep-jsonc';
export const SWEEP_FILE_SUFFIX = '.sweep.jsonc';
/** `source` of every diagnostic the server publishes. */
export const DIAGNOSTIC_SOURCE = 'backtest';

/**
 * Client-side commands the server's code lenses point at. The server does NOT declare
 * them as executeCommandProvider commands (the VS Code client registers them itself);
 * each receives one argument: the config document's URI as a string.
 */
export const Commands = {
  /** "Run backtest" lens: run the config and show the results panel. Args: [uri: string]. */
  run: CommandIds.run,
  /** "Compare hedge methods" lens: run none / proportional / etf side by side. Args: [uri: string]. */
  compare: CommandIds.compare,
  /** "Run sweep" lens of a .sweep.jsonc. Args: [uri: string]. */
  runSweep: CommandIds.runSweep,
} as const;

/** Method of the notification server -> client: a data file started loading, finished, or failed. */
export const DATA_STATUS_NOTIFICATION = 'backtest/dataStatus';

export type DataFileKind = 'prices' | 'mapping' | 'datedValues' | 'orders' | 'borrow';

export interface DataStatusParams {
  /** Absolute path of the data file. */
  path: string;
  kind: DataFileKind;
  state: 'loading' | 'ready' | 'error';
  /** For `error`: the reason (file:line:col and the fix when known). */
  message?: string;
  /** For `ready`: a one-line summary, e.g. "503 days x 40 tickers, 2022-01-03..2023-12-29". */
  summary?: string;
}

/** `initializationOptions` the server accepts (all optional). */
export interface BacktestServerOptions {
  /** Delay after the last edit before a document is re-validated, ms (default Settings.debounceMs, 200). */
  debounceMs?: number;
  /** Upper bound of the parsed-data cache, bytes (default Settings.cacheMaxMB, 512 MiB). Least recently used files are evicted. */
  cacheMaxBytes?: number;
  /** Parse data files in a worker thread (default true); false parses on the main thread in chunks. */
  useWorker?: boolean;
}

/** Server -> client: a data file started loading, finished, or failed. */
export const DataStatusNotification = new NotificationType<DataStatusParams>(DATA_STATUS_NOTIFICATION);

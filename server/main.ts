// Entry of dist/server.js, also the `backtest-language-server` bin:
//   backtest-language-server --stdio | --node-ipc | --socket=PORT
// The same bundle runs as the data-loading worker threads (see host/dataLoader.ts) and
// as the big-document thread (host/documentWorker.ts).
import { isLoaderWorker, runLoaderWorker } from './host/dataLoader';
import { isDocumentWorker, runDocumentWorker } from './host/documentWorker';
import { startServer } from './host/startServer';

const USAGE = `backtest-language-server: language server for *.backtest.jsonc configs.
Usage: backtest-language-server --stdio | --node-ipc | --socket=PORT`;

if (isLoaderWorker()) {
  runLoaderWorker();
} else if (isDocumentWorker()) {
  runDocumentWorker();
} else if (process.argv.includes('--help') || process.argv.includes('-h')) {
  process.stdout.write(USAGE + '\n');
} else if (!process.argv.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe'))) {
  process.stderr.write(USAGE + '\n');
  process.exitCode = 2;
} else {
  startServer(__filename);
}

// The layers of the tree and which of our folders each may import (docs/ARCHITECTURE.md).
// eslint.config.mjs turns this table into a no-restricted-imports rule per folder, so an
// import against the allowed direction fails `npm run lint`; test/package/layers.test.ts
// proves a forbidden import is caught.

/** Our top-level source folders. */
export const LAYERS = ['engine', 'common', 'report', 'jobs', 'cli', 'server', 'client', 'webview'];

/**
 * layer -> what it may import: `value` folders freely, `types` folders with `import type`
 * only; `files` single modules by path (pure ones a browser bundle may use); `node`
 * whether Node built-ins are allowed; `vscode` whether the vscode API is.
 */
export const ALLOWED = {
  engine: { value: [], types: [], node: true, vscode: false },
  common: { value: [], types: ['engine'], node: false, vscode: false },
  report: { value: ['common'], types: ['engine', 'webview'], files: ['engine/data/files'], node: true, vscode: false },
  jobs: { value: ['engine', 'common', 'report'], types: [], node: true, vscode: false },
  cli: { value: ['engine', 'common', 'jobs', 'report'], types: [], node: true, vscode: false },
  server: { value: ['engine', 'common'], types: [], node: true, vscode: false },
  client: { value: ['engine', 'common', 'report'], types: [], node: true, vscode: true },
  webview: {
    value: ['common'],
    types: ['engine'],
    files: ['engine/results/csvCell', 'engine/results/tradeReasons', 'engine/text/safeText'],
    node: false,
    vscode: false,
  },
};

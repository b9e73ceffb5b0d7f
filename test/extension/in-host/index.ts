// Entry of the mocha suite that runs INSIDE the VS Code extension host. Both launchers
// (scripts/test-vscode-local.mjs and scripts/test-vscode-electron.mjs) point
// extensionTestsPath at the compiled out/test/extension/in-host/index.js.
import { readdirSync } from 'node:fs';
import * as path from 'node:path';

export async function run(): Promise<void> {
  // Mocha 12 is ESM-only; a real dynamic import (kept as-is by esbuild for node20 targets).
  const { default: Mocha } = await import('mocha');
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec' });
  const grep = process.env.BACKTEST_VSCODE_GREP;
  if (grep) mocha.grep(grep);
  for (const f of readdirSync(__dirname)
    .filter((n) => n.endsWith('.test.js'))
    .sort())
    mocha.addFile(path.join(__dirname, f));
  await mocha.loadFilesAsync();
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} extension-host test(s) failed`);
}

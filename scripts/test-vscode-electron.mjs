// Runs the same extension-host mocha suite (test/extension/in-host/) in desktop VS Code through
// @vscode/test-electron, which DOWNLOADS VS Code: for a developer machine with internet.
// CI and offline machines use scripts/test-vscode-local.mjs (a real VS Code from npm).
// Usage: node scripts/test-vscode-electron.mjs   (VSCODE_VERSION=stable|insiders|1.95.0)
import path from 'node:path';
import { rmSync } from 'node:fs';
import { runTests } from '@vscode/test-electron';
import { buildHostSuite, cleanupScratch, makeScratch, root } from './vscode-harness.mjs';

const suiteIndex = await buildHostSuite();
const s = makeScratch('electron');
try {
  await runTests({
    version: process.env.VSCODE_VERSION || 'stable',
    extensionDevelopmentPath: root,
    extensionTestsPath: suiteIndex,
    launchArgs: [
      s.ws,
      '--disable-extensions',
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
      '--user-data-dir',
      s.userData,
      '--extensions-dir',
      s.extensions,
    ],
    extensionTestsEnv: { BACKTEST_VSCODE_GREP: process.env.BACKTEST_VSCODE_GREP ?? '' },
  });
  console.log('extension-host suite (test-electron): PASS');
} catch (err) {
  console.error(`extension-host suite (test-electron): FAIL: ${err?.message ?? err}`);
  process.exitCode = 1;
} finally {
  cleanupScratch(s);
  rmSync(path.join(root, '.vscode-test', 'user-data'), { recursive: true, force: true });
}

// Runs the extension in a REAL VS Code installed from the npm registry (scripts/install-vscode.sh):
//  1. the mocha suite of test/extension/in-host/ inside the extension host (source tree as the
//     extension development path), its exit code collected through codeAutomationExit;
//  2. the workbench UI tests of test/extension/ui/ against the packaged .vsix installed into a fresh
//     extensions dir, with screenshots of each step in test-output/vscode/.
// Usage: node scripts/test-vscode-local.mjs [--only host|ui] [--vsix FILE] [--keep]
// Exit codes: 0 pass, 1 failure, 3 prerequisites missing (the message says which).
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  buildHostSuite,
  cleanupScratch,
  installVsix,
  launchChromium,
  makeScratch,
  memorySampler,
  missingPrerequisite,
  packageVsix,
  root,
  startServer,
} from './vscode-harness.mjs';

const argv = process.argv.slice(2);
const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : 'all';
const givenVsix = argv.includes('--vsix') ? path.resolve(argv[argv.indexOf('--vsix') + 1]) : null;
const keep = argv.includes('--keep');
const verbose = !!process.env.BACKTEST_VSCODE_VERBOSE;
const outputDir = path.join(root, 'test-output', 'vscode');
const log = (s) => console.log(s);

const missing = missingPrerequisite();
if (missing) {
  console.log(`SKIP real VS Code tests: ${missing}`);
  process.exit(3);
}

mkdirSync(outputDir, { recursive: true });
// Screenshots and logs of an earlier run must not pass for this one's.
for (const f of readdirSync(outputDir)) if (/\.(png|log|json)$/.test(f)) rmSync(path.join(outputDir, f), { force: true });
const started = Date.now();
const pids = new Set();
const mem = memorySampler(() => pids);
const summary = { host: null, ui: null };
let failed = false;

/** Console noise the note says to expect (vsda, the offline gallery). */
const NOISE =
  /^\{"name":"\w+"\}$|vsda|gallery|marketplace|Failed to load resource|net::ERR|Ignoring fetching additional builtin extensions|debugger listening|\[AgentHost|ChatModelSelection|AccountPolicyGate|authentication provider|Service Worker|connection token|Creating a socket|reconnection-grace-time|additional builtin extensions|web worker extension host|allow-scripts and allow-same-origin|bad HTTP response code \(404\)|ppt\.|workbench\.js:/i;

/** Applies console format strings (%s %d %o; %c styling dropped) as devtools would; VS Code nests them. */
async function formatConsole(m) {
  const args = await Promise.all(m.args().map((a) => a.jsonValue().catch(() => String(a))));
  if (!args.length) return m.text();
  const str = (v) => (typeof v === 'string' ? v : JSON.stringify(v));
  const out = [];
  while (args.length) {
    const a = args.shift();
    if (typeof a === 'string' && /%[sdifoOc]/.test(a)) {
      out.push(
        a.replace(/%[sdifoOc]/g, (spec) => {
          const v = args.shift();
          return spec === '%c' ? '' : str(v);
        }),
      );
    } else out.push(str(a));
  }
  return (
    out
      .join(' ')
      // eslint-disable-next-line no-control-regex -- strips mocha's ANSI colours
      .replace(/\x1b\[[0-9;]*m/g, '')
      .replace(/^\s*(INFO|ERR|WARN)\s+/, '')
      .replace(/\s+$/, '')
  );
}

async function runHostSuite() {
  const t0 = Date.now();
  const suiteIndex = await buildHostSuite();
  const s = makeScratch('host');
  const server = await startServer(s, {
    log: verbose ? log : undefined,
    env: process.env.BACKTEST_VSCODE_GREP ? { BACKTEST_VSCODE_GREP: process.env.BACKTEST_VSCODE_GREP } : {},
  });
  pids.add(server.pid);
  const browser = await launchChromium();
  pids.add(browser.process?.()?.pid);
  const output = [];
  try {
    const page = await browser.newPage();
    const exitCode = new Promise((resolve) => {
      void page.exposeFunction('codeAutomationExit', (code) => resolve(code));
    });
    page.on('console', async (m) => {
      const text = await formatConsole(m);
      if (!verbose && NOISE.test(text)) return;
      output.push(text);
      console.log(`  ${text}`);
    });
    page.on('pageerror', (e) => {
      if (verbose) console.log(`  [pageerror] ${e.message}`);
    });
    const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remote(root)],
      ['extensionTestsPath', remote(suiteIndex)],
    ]);
    await page.goto(`${server.url}/?folder=${encodeURIComponent(s.ws)}&payload=${encodeURIComponent(payload)}`);
    const code = await Promise.race([exitCode, new Promise((r) => setTimeout(() => r('timeout'), 10 * 60_000))]);
    if (code === 'timeout') await page.screenshot({ path: path.join(outputDir, 'host-suite-timeout.png') }).catch(() => undefined);
    summary.host = { exitCode: code, seconds: (Date.now() - t0) / 1000 };
    writeFileSync(path.join(outputDir, 'host-suite.log'), output.join('\n') + '\n');
    if (code !== 0) failed = true;
    log(`extension-host suite: ${code === 0 ? 'PASS' : `FAIL (exit ${code})`} in ${summary.host.seconds.toFixed(1)} s`);
  } finally {
    await browser.close();
    await server.stop();
    if (!keep) cleanupScratch(s);
  }
}

async function runUiSuite() {
  const t0 = Date.now();
  const s = makeScratch('ui');
  const vsixDir = mkdtempSync(path.join(os.tmpdir(), 'backtest-vsix-'));
  const vsix = givenVsix ?? packageVsix(path.join(vsixDir, 'sector-hedge-backtester.vsix'));
  const installed = installVsix(s, vsix);
  log(`installed ${path.basename(vsix)} -> ${installed.join(', ')}`);
  const server = await startServer(s, { log: verbose ? log : undefined });
  pids.add(server.pid);
  const browser = await launchChromium();
  pids.add(browser.process?.()?.pid);
  const { runWorkbenchTests, runRestrictedModeTests } = await import('../test/extension/ui/workbench.mjs');
  try {
    const results = await runWorkbenchTests({ browser, url: server.url, ws: s.ws, shots: outputDir, log, verbose });
    summary.ui = { ...results, seconds: (Date.now() - t0) / 1000 };
    if (results.failed.length) failed = true;
    log(`UI tests: ${results.passed.length} passed, ${results.failed.length} failed in ${summary.ui.seconds.toFixed(1)} s`);
  } finally {
    await browser.close();
    await server.stop();
    if (!keep) cleanupScratch(s);
  }
  // Restricted mode: the same .vsix in a workspace the user does not trust.
  const trusted = makeScratch('untrusted', { trust: true });
  try {
    installVsix(trusted, vsix);
    const server2 = await startServer(trusted, { log: verbose ? log : undefined });
    pids.add(server2.pid);
    const browser2 = await launchChromium();
    pids.add(browser2.process?.()?.pid);
    try {
      const r = await runRestrictedModeTests({ browser: browser2, url: server2.url, ws: trusted.ws, shots: outputDir, log });
      summary.ui.passed.push(...r.passed);
      summary.ui.failed.push(...r.failed);
      if (r.failed.length) failed = true;
      log(`restricted-mode UI tests: ${r.passed.length} passed, ${r.failed.length} failed`);
    } finally {
      await browser2.close();
      await server2.stop();
    }
  } finally {
    if (!keep) cleanupScratch(trusted);
    rmSync(vsixDir, { recursive: true, force: true });
    summary.ui.seconds = (Date.now() - t0) / 1000;
  }
}

try {
  if (only === 'all' || only === 'host') await runHostSuite();
  if (only === 'all' || only === 'ui') await runUiSuite();
} catch (err) {
  failed = true;
  console.error(`real VS Code tests crashed: ${err?.stack ?? err}`);
}
const peak = mem.stop();
const total = (Date.now() - started) / 1000;
const report = { ...summary, totalSeconds: total, peakMemoryMB: Math.round(peak / 1048576) };
writeFileSync(path.join(outputDir, 'summary.json'), JSON.stringify(report, null, 2) + '\n');
log(
  `real VS Code tests: ${failed ? 'FAILED' : 'passed'} in ${total.toFixed(1)} s, peak memory ${report.peakMemoryMB} MB (VS Code server + Chromium process trees); screenshots in ${path.relative(root, outputDir)}/`,
);
process.exit(failed ? 1 : 0);

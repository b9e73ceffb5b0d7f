// Runs the extension in a real VS Code (scripts/test-vscode-local.mjs): the mocha suite
// inside the extension host, then the workbench UI tests against the packaged .vsix.
// Reported as SKIPPED, with the reason, where VS Code (npm run install:vscode), Chromium
// or the build is missing: never passed without running.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

const root = path.resolve(__dirname, '..', '..');

/**
 * The lines of the launcher's output that say what failed: each failed UI step (✘, its time)
 * with its whole indented error block (a Playwright timeout's call log names the locator it
 * waited for), mocha's numbered failures with the line after, the pass/fail counts and any
 * crash, at most 12 lines per block and 50 in all.
 */
function whatFailed(text: string): string {
  // eslint-disable-next-line no-control-regex -- Playwright's call log comes with ANSI dim/normal codes
  const lines = text.replace(/\x1b\[[0-9;]*m/g, '').split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (/✘/.test(l)) {
      out.push(l);
      for (let n = 0; i + 1 < lines.length && /^\s{4}/.test(lines[i + 1]); n++, i++) if (n < 11) out.push(lines[i + 1]);
    } else if (/^\s*\d+\) \S/.test(l)) out.push(l, lines[i + 1] ?? '');
    else if (/crashed|FAIL|failing|timed out|Error:|UI tests: \d+ passed, [1-9]/.test(l)) out.push(l);
  }
  return out.slice(0, 50).join('\n');
}

async function prerequisite(): Promise<string | null> {
  // @ts-expect-error: plain .mjs helper shared with the launchers, no type declarations
  const { missingPrerequisite } = await import('../../scripts/vscode-harness.mjs');
  return missingPrerequisite() as string | null;
}

test('the extension passes its suites in a real VS Code (extension host + workbench UI)', { timeout: 15 * 60_000 }, async (t) => {
  const missing = await prerequisite();
  if (missing) {
    t.skip(missing);
    return;
  }
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, [path.join(root, 'scripts', 'test-vscode-local.mjs')], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (b: Buffer) => {
      const s = String(b);
      output.push(s);
      process.stdout.write(s.replace(/^/gm, '    '));
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('exit', resolve);
  });
  const text = output.join('');
  if (code === 3) {
    t.skip(/SKIP real VS Code tests: (.*)/.exec(text)?.[1] ?? 'prerequisites missing');
    return;
  }
  // The failed steps and any crash go into the message itself: CI shows a failing test's
  // message even where it cuts the output above.
  const why = whatFailed(text);
  assert.equal(code, 0, `scripts/test-vscode-local.mjs failed; see test-output/vscode/. What failed:\n${why}`);
  const summary = JSON.parse(readFileSync(path.join(root, 'test-output', 'vscode', 'summary.json'), 'utf8'));
  assert.equal(summary.host?.exitCode, 0, 'the extension-host mocha suite ran and passed');
  assert.match(text, /\d+ passing/, 'mocha reported its passing tests');
  assert.doesNotMatch(text, /\d+ failing/);
  assert.ok(summary.ui?.passed.length >= 12 && summary.ui.failed.length === 0, 'every workbench UI step passed');
  for (const shot of [
    '02-diagnostics.png',
    '03-palette.png',
    '05-results-panel.png',
    '02b-quick-fix.png',
    '06-hedge-trades.png',
    '06c-results-panel-dark.png',
    '08-compare.png',
    '13-restored-after-reload.png',
    '11-run-asks-for-trust.png',
  ]) {
    assert.ok(existsSync(path.join(root, 'test-output', 'vscode', shot)), `screenshot ${shot} saved`);
  }
});

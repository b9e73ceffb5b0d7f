// Captures the real theme variables of VS Code's built-in themes (Dark Modern, Light Modern,
// High Contrast dark and light) from the workbench of the VS Code installed by
// scripts/install-vscode.sh, into test/fixtures/webview/vscode-themes.json, so the panel's
// contrast test (test/webview/themes.test.ts) checks the colours a user really gets.
// Keeps only the variables the panel bundle (dist/webview.js + .css) reads.
// Usage: npm run build && node scripts/capture-vscode-themes.mjs
/* global getComputedStyle */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cleanupScratch, launchChromium, makeScratch, missingPrerequisite, root, startServer } from './vscode-harness.mjs';

const THEMES = {
  dark: 'Default Dark Modern',
  light: 'Default Light Modern',
  hcDark: 'Default High Contrast',
  hcLight: 'Default High Contrast Light',
};
const BODY_CLASS = { dark: 'vscode-dark', light: 'vscode-light', hcDark: 'vscode-high-contrast', hcLight: 'vscode-high-contrast-light' };

const missing = missingPrerequisite();
if (missing) {
  console.error(missing);
  process.exit(3);
}
const bundle = ['dist/webview.js', 'dist/webview.css'].map((f) => readFileSync(path.join(root, f), 'utf8')).join('\n');
const used = new Set(bundle.match(/--vscode-[A-Za-z0-9-]+/g));

const out = { source: '', themes: {} };
for (const [key, theme] of Object.entries(THEMES)) {
  const s = makeScratch(`theme-${key}`);
  const userSettings = path.join(s.userData, 'User', 'settings.json');
  writeFileSync(
    userSettings,
    JSON.stringify({ ...JSON.parse(readFileSync(userSettings, 'utf8')), 'workbench.colorTheme': theme }, null, 2),
  );
  const server = await startServer(s);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(`${server.url}/?folder=${encodeURIComponent(s.ws)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.waitForTimeout(1500);
    const vars = await page.evaluate(() => {
      const cs = getComputedStyle(document.querySelector('.monaco-workbench'));
      const r = {};
      for (let i = 0; i < cs.length; i++) {
        const n = cs[i];
        if (n.startsWith('--vscode-')) r[n] = cs.getPropertyValue(n).trim();
      }
      return r;
    });
    out.source = `workbench of code-server@4.139.1 (VS Code 1.139.1), .monaco-workbench computed style`;
    const kept = Object.fromEntries(
      Object.entries(vars)
        .filter(([k]) => used.has(k) || k.startsWith('--vscode-charts-'))
        .sort(),
    );
    out.themes[key] = { name: theme, bodyClass: BODY_CLASS[key], vars: kept };
    console.log(
      `${theme}: ${Object.keys(vars).length} variables, kept ${Object.keys(kept).length}; charts-orange ${kept['--vscode-charts-orange']}, editor bg ${kept['--vscode-editor-background']}`,
    );
  } finally {
    await browser.close();
    await server.stop();
    cleanupScratch(s);
  }
}
writeFileSync(path.join(root, 'test/fixtures/webview/vscode-themes.json'), JSON.stringify(out, null, 1) + '\n');

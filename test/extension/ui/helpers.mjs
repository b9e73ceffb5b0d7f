// Helpers of the workbench UI tests (test/extension/ui/workbench.mjs): the explorer, the
// palette, the status bar, the walkthrough's steps, the quick pick, colour themes, and the
// step runner.
/* global MutationObserver, getComputedStyle */
import path from 'node:path';

// Explorer rows carry the file name as their aria-label.
export const explorerRow = (page, name) => page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${name}"]`).first();

export async function openFromExplorer(page, segments) {
  for (const [i, name] of segments.entries()) {
    const row = explorerRow(page, name);
    await row.waitFor({ state: 'visible', timeout: 30_000 });
    const expanded = await row.getAttribute('aria-expanded');
    if (i < segments.length - 1 && expanded === 'true') continue;
    await row.click();
  }
  const file = segments[segments.length - 1];
  await page.locator(`.tabs-container .tab.active:has-text("${file}")`).waitFor({ timeout: 30_000 });
}

/** Errors and warnings from the status bar's problems item (its aria-label, e.g. "Errors: 1, Warnings: 1"). */
export async function problemsCount(page) {
  const item = page.locator('[id="status.problems"]');
  await item.waitFor({ timeout: 10_000 });
  const label = (await item.getAttribute('aria-label')) ?? (await item.innerText());
  // A kind with no problems is left out of the label ("Warnings: 1" means no errors).
  const errors = Number(/Errors?:\s*(\d+)/i.exec(label)?.[1] ?? 0);
  const warnings = Number(/Warnings?:\s*(\d+)/i.exec(label)?.[1] ?? 0);
  return { errors, warnings, label };
}

/**
 * Opens the command palette and returns its input once it takes typing. The quick input
 * closes with a 150 ms animation during which it is `inert`. A CI run found the input still
 * inert 30 s after F1 (pressed with the panel's tab focused, just after the palette had run
 * another command), so an input that stays inert is dismissed and F1 pressed again.
 */
export async function openPalette(page) {
  const input = page.locator('.quick-input-widget input');
  const ready = () => input.evaluate((e) => e.checkVisibility() && !e.closest('[inert]')).catch(() => false);
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('F1');
    const t0 = Date.now();
    while (Date.now() - t0 < 5_000 && !(await ready())) await page.waitForTimeout(50);
    if (await ready()) return input;
    if (attempt === 3) throw new Error('the command palette did not open for typing after three presses of F1');
    await page.keyboard.press('Escape');
    await page.waitForTimeout(300);
  }
}

export async function runFromPalette(page, title, shots, shot) {
  // Focus the active group's editor, if it is a text editor, so that F1 reaches the workbench. Not
  // locator.focus(): with a walkthrough or the panel in front it waited its full 30 s for a hidden textarea.
  await page.evaluate(() => document.querySelector('.editor-group-container.active .monaco-editor textarea')?.focus());
  const input = await openPalette(page);
  await input.fill(`>${title}`);
  // The row whose label is exactly the command ("Color Theme", not "Browse Color Themes").
  const exact = new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  const item = page
    .locator('.quick-input-widget .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: exact }) })
    .first();
  await item.waitFor({ timeout: 10_000 });
  await page.screenshot({ path: path.join(shots, shot) });
  await item.click();
}

/** Runs the first palette command whose label matches `label` (a RegExp), after typing `query`. */
export async function runCommandMatching(page, query, label, shots, shot) {
  const input = await openPalette(page);
  await input.fill(`>${query}`);
  const item = page
    .locator('.quick-input-widget .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: label }) })
    .first();
  await item.waitFor({ timeout: 10_000 });
  if (shot) await page.screenshot({ path: path.join(shots, shot) });
  await item.click();
}

/** Records every status bar text matching `re` from now on (a run may be over in a second). */
export async function watchStatusBar(page, re) {
  await page.evaluate((src) => {
    const re = new RegExp(src);
    window.__statusSeen = [];
    const bar = document.querySelector('.part.statusbar');
    const scan = () => {
      for (const el of bar.querySelectorAll('.statusbar-item')) {
        const t = el.textContent.trim();
        if (re.test(t) && window.__statusSeen.at(-1) !== t) window.__statusSeen.push(t);
      }
    };
    window.__statusObserver?.disconnect();
    window.__statusObserver = new MutationObserver(scan);
    window.__statusObserver.observe(bar, { subtree: true, childList: true, characterData: true, attributes: true });
  }, re.source);
}

/** The walkthrough's step element (its aria-checked says whether it is complete). */
export const walkthroughStep = (page, id) => page.locator(`.getting-started-step[data-step-id$="#${id}"]`).first();

/** Every walkthrough step as "id=checked" (its aria-checked), e.g. "run=true". */
export const walkthroughStepStates = (page) =>
  page
    .locator('.getting-started-step')
    .evaluateAll((els) => els.map((e) => `${e.getAttribute('data-step-id').split('#').pop()}=${e.getAttribute('aria-checked')}`));

/**
 * Waits until the editor's light bulb stands on `line` (a `.view-line` locator): the editor's own
 * code-action request for the cursor there has come back with actions. Ctrl+. pressed before then
 * races that request: it starts 250 ms after the cursor moves and replaces a manual one still
 * waiting for the language server (500 ms later), so only the light bulb shows and no menu opens
 * (seen with the server paused for 1.5 s after Ctrl+.; on a loaded machine, now and then).
 */
export async function lightBulbOn(page, line) {
  const handle = await line.elementHandle({ timeout: 10_000 });
  await page.waitForFunction(
    (el) => {
      const l = el.getBoundingClientRect();
      const bulbs = document.querySelectorAll(
        '.monaco-editor .lightBulbWidget[class*="codicon-"], .monaco-editor [class*="codicon-gutter-lightbulb"]',
      );
      return [...bulbs].some((b) => {
        const r = b.getBoundingClientRect();
        const mid = (r.top + r.bottom) / 2;
        return getComputedStyle(b).visibility !== 'hidden' && r.height > 0 && mid >= l.top && mid <= l.bottom;
      });
    },
    handle,
    { timeout: 30_000 },
  );
  await handle.dispose();
}

/** Waits until the quick pick has finished fading in (no running animations, opacity 1). */
export async function quickInputSettled(page) {
  await page.waitForFunction(
    () => {
      const w = document.querySelector('.quick-input-widget');
      if (!w || w.style.display === 'none') return false;
      const busy = [w, ...w.querySelectorAll('*')].some((el) => el.getAnimations().some((a) => a.playState === 'running'));
      return !busy && window.getComputedStyle(w).opacity === '1';
    },
    null,
    { timeout: 10_000 },
  );
  await page.waitForTimeout(150);
}

/** The body's data-vscode-theme-kind in a webview, for each workbench theme class (setColorTheme's `cls`). */
export const WEBVIEW_THEME_KIND = {
  vs: 'vscode-light',
  'vs-dark': 'vscode-dark',
  'hc-black': 'vscode-high-contrast',
  'hc-light': 'vscode-high-contrast-light',
};

/**
 * Waits until a webview (`frame`, a frameLocator) has taken the workbench theme `cls`: the workbench
 * posts the theme's colours to each webview after it has switched itself, so a webview follows a
 * moment later, and on a loaded machine more than a moment (body class and colours are set together).
 * Resolves with the milliseconds waited.
 */
export async function webviewTheme(frame, cls, timeout = 30_000) {
  const t0 = Date.now();
  await frame.locator(`body[data-vscode-theme-kind="${WEBVIEW_THEME_KIND[cls]}"]`).waitFor({ state: 'attached', timeout });
  return Date.now() - t0;
}

/** Picks a colour theme by its exact name and waits for the workbench's theme class. */
export async function setColorTheme(page, name, cls, shots, shot) {
  await runFromPalette(page, 'Preferences: Color Theme', shots, shot ?? `theme-palette-${cls}.png`);
  const input = page.locator('.quick-input-widget input');
  await input.fill(name);
  await page
    .locator('.quick-input-widget .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${name}$`) }) })
    .first()
    .waitFor({ timeout: 10_000 });
  await input.press('Enter');
  await page.waitForFunction((c) => document.querySelector('.monaco-workbench')?.classList.contains(c), cls, { timeout: 15_000 });
  await page.waitForTimeout(400);
}

export async function runSteps(page, steps, shots, log, failPrefix) {
  const passed = [];
  const failed = [];
  for (const [name, fn] of steps) {
    const t0 = Date.now();
    const took = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
    try {
      await fn();
      passed.push(name);
      log(`  ✔ ${name} (${took()})`);
    } catch (err) {
      failed.push({ name, error: String(err?.message ?? err) });
      log(
        `  ✘ ${name} (${took()})\n    ${String(err?.message ?? err)
          .split('\n')
          .join('\n    ')}`,
      );
      await page.screenshot({ path: path.join(shots, `${failPrefix}-${passed.length + failed.length}.png`) }).catch(() => undefined);
      break; // later steps build on this one
    }
  }
  return { passed, failed };
}

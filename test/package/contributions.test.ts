// package.json cannot import common/, so it restates the command ids, the config file
// glob and the setting defaults: these tests keep the two copies the same.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { CommandIds, ContextKeys } from '../../common/commands';
import { BACKTEST_LANGUAGE_ID, CONFIG_FILE_GLOB, CONFIG_FILE_SUFFIX, SWEEP_FILE_SUFFIX, SWEEP_LANGUAGE_ID } from '../../common/protocol';
import { Settings, SETTINGS_SECTION } from '../../common/settings';

const ROOT = path.resolve(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

test('package.json contributes exactly the command ids of common/commands.ts', () => {
  const contributed: string[] = (pkg.contributes.commands as { command: string }[]).map((c) => c.command).sort();
  assert.deepEqual(contributed, (Object.values(CommandIds) as string[]).sort());
  // Every menu and keybinding names a known command, and `when` clauses only known context keys.
  const menus = Object.values(pkg.contributes.menus as Record<string, { command: string; when?: string }[]>).flat();
  for (const m of menus) assert.ok(contributed.includes(m.command), `menu item ${m.command} is not a contributed command`);
  // `when` / `enablement` clauses only use the language id and the context keys the client sets.
  const clauses = [...JSON.stringify(pkg.contributes).matchAll(/"(?:when|enablement)":"([^"]*)"/g)].map((m) => m[1]);
  assert.ok(clauses.length > 0);
  const known = new Set<string>([...Object.values(ContextKeys), BACKTEST_LANGUAGE_ID, SWEEP_LANGUAGE_ID]);
  for (const c of clauses)
    for (const id of c.match(/backtest[.-][a-zA-Z.-]+/g) ?? []) assert.ok(known.has(id), `unknown context key ${id} in "${c}"`);
});

test('package.json states the setting defaults of common/settings.ts', () => {
  const props = pkg.contributes.configuration.properties as Record<string, { default: unknown }>;
  for (const s of Object.values(Settings)) {
    const key = `${SETTINGS_SECTION}.${s.key}`;
    assert.ok(props[key], `package.json has no setting ${key}`);
    assert.deepEqual(props[key].default, s.default, `default of ${key}`);
  }
  assert.deepEqual(
    Object.keys(props).sort(),
    Object.values(Settings)
      .map((s) => `${SETTINGS_SECTION}.${s.key}`)
      .sort(),
  );
});

test('package.json activates on and names the config files of common/protocol.ts', () => {
  assert.ok(pkg.activationEvents.includes(`workspaceContains:${CONFIG_FILE_GLOB}`));
  assert.ok(pkg.activationEvents.includes(`onLanguage:${BACKTEST_LANGUAGE_ID}`));
  const lang = (pkg.contributes.languages as { id: string; extensions: string[] }[]).find((l) => l.id === BACKTEST_LANGUAGE_ID);
  assert.ok(lang, 'language contribution');
  assert.deepEqual(lang.extensions, [CONFIG_FILE_SUFFIX]);
  assert.ok(CONFIG_FILE_GLOB.endsWith(`*${CONFIG_FILE_SUFFIX}`));
});

test('package.json associates *.sweep.jsonc with the sweep language the server and client use', () => {
  const lang = (pkg.contributes.languages as { id: string; extensions: string[]; filenamePatterns: string[] }[]).find(
    (l) => l.id === SWEEP_LANGUAGE_ID,
  );
  assert.ok(lang, 'the sweep language is contributed');
  assert.deepEqual(lang.extensions, [SWEEP_FILE_SUFFIX]);
  assert.ok(pkg.activationEvents.includes(`onLanguage:${SWEEP_LANGUAGE_ID}`));
  const menus = Object.values(pkg.contributes.menus as Record<string, { command: string; when?: string }[]>).flat();
  assert.ok(
    menus.some((m) => m.command === CommandIds.runSweep && m.when?.includes(SWEEP_LANGUAGE_ID)),
    'Run Sweep is in the menus of sweep files',
  );
});

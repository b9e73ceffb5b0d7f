// Shared by validate.test.ts and validate-codes.test.ts: validate a config text against the
// mini fixture data, find a range, and assert exactly one diagnostic of a code.
import assert from 'node:assert/strict';
import path from 'node:path';
import { validateConfigText, createSyncDataAccess, parseConfigDocument, DIAGNOSTIC_CODES } from '../../engine/validate';
import type { ConfigDiagnostic, DataAccess, Range } from '../../engine/types';

export const ROOT = path.resolve(__dirname, '../..');
export const MINI = path.resolve(__dirname, '../fixtures/data/mini');
export const CONFIG = path.join(MINI, 't.backtest.jsonc');

export async function validate(text: string, opts: { workspaceRoot?: string; data?: DataAccess } = {}): Promise<ConfigDiagnostic[]> {
  return validateConfigText(text, CONFIG, opts.data ?? createSyncDataAccess(), { workspaceRoot: opts.workspaceRoot });
}

/** Range (0-based, LSP style) of the nth occurrence of `needle` in `text`. */
export function at(text: string, needle: string, nth = 0): Range {
  let i = -1;
  for (let k = 0; k <= nth; k++) {
    i = text.indexOf(needle, i + 1);
    assert.ok(i >= 0, `"${needle}" not in text`);
  }
  const doc = parseConfigDocument(text);
  return { start: doc.positionAt(i), end: doc.positionAt(i + needle.length) };
}

/** Codes a test has asserted on, to check that every code in codes.ts is covered. */
export const covered = new Set<string>();

export function only(diags: ConfigDiagnostic[], code: string): ConfigDiagnostic {
  covered.add(code);
  const found = diags.filter((d) => d.code === code);
  assert.equal(
    found.length,
    1,
    `expected one ${code}, got ${JSON.stringify(
      diags.map((d) => [d.code, d.message]),
      null,
      1,
    )}`,
  );
  assert.ok(DIAGNOSTIC_CODES[code], `${code} is listed in codes.ts`);
  return found[0];
}

export const SIGNALS = '"use_case": "signals", "inputs": { "signals": "signals_long.csv" }';
export const HEDGED = `${SIGNALS}, "enable_sector_hedge": true`;

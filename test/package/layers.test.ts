// The layers hold by themselves: eslint.config.mjs has a no-restricted-imports rule per
// folder built from scripts/layers.mjs, so an import against the allowed direction fails
// `npm run lint` (part of `npm test`). Each case lints a would-be file in a layer.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { ESLint } from 'eslint';

const root = path.resolve(__dirname, '..', '..');
const eslint = new ESLint({ cwd: root });

async function restricted(file: string, code: string): Promise<string[]> {
  const [r] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return r.messages.filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message);
}

const FORBIDDEN: [string, string][] = [
  ['engine/backtest/probe.ts', "import { fmtPct } from '../../common/format';\nexport const x = fmtPct;\n"],
  ['engine/probe.ts', "import { renderReportHtml } from '../report/html';\nexport const x = renderReportHtml;\n"],
  ['common/probe.ts', "import { ENGINE_VERSION } from '../engine/results/version';\nexport const x = ENGINE_VERSION;\n"],
  ['common/probe.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n"],
  [
    'webview/views/probe.ts',
    "import { BacktestResults } from '../../engine/results/backtestResults';\nexport const x = BacktestResults;\n",
  ],
  ['webview/probe.ts', "import path from 'node:path';\nexport const x = path;\n"],
  ['client/probe.ts', "import { executeJob } from '../jobs/job';\nexport const x = executeJob;\n"],
  ['server/service/probe.ts', "import { Ctx } from '../../client/ctx';\nexport const x = Ctx;\n"],
  ['jobs/probe.ts', "import { main } from '../cli/main';\nexport const x = main;\n"],
  ['server/probe.ts', "import * as vscode from 'vscode';\nexport const x = vscode;\n"],
];

const ALLOWED: [string, string][] = [
  [
    'engine/backtest/probe.ts',
    "import { Ledger } from './ledger';\nimport type { PriceTable } from '../types';\nexport const x: PriceTable | Ledger | null = null;\n",
  ],
  [
    'webview/probe.ts',
    "import type { ResultsJson } from '../engine/types';\nimport { cell } from '../engine/results/csvCell';\nimport { fmtPct } from '../common/format';\nexport const x: ResultsJson | null = null;\nexport const c = [cell, fmtPct];\n",
  ],
  [
    'cli/commands/probe.ts',
    "import { executeJob } from '../../jobs/job';\nimport { Backtester } from '../../engine/backtest';\nexport const x = [executeJob, Backtester];\n",
  ],
  [
    'client/probe.ts',
    "import * as vscode from 'vscode';\nimport { renderPanelHtml } from '../report/html';\nexport const x = [vscode, renderPanelHtml];\n",
  ],
];

test('an import against the allowed direction is a lint error naming the rule', { timeout: 120_000 }, async () => {
  for (const [file, code] of FORBIDDEN) {
    const msgs = await restricted(file, code);
    assert.equal(msgs.length, 1, `${file}: ${code.split('\n')[0]} should be refused, got ${JSON.stringify(msgs)}`);
    assert.match(msgs[0], /ARCHITECTURE\.md|Node built-ins|vscode API/, msgs[0]);
  }
});

test('imports along the allowed directions lint clean', { timeout: 120_000 }, async () => {
  for (const [file, code] of ALLOWED) assert.deepEqual(await restricted(file, code), [], `${file}: ${code.split('\n')[0]}`);
});

// One validator: for each bad config, the library (BacktestConfig.fromFile), `backtest
// validate` (a subprocess) and the language server (over a real LSP connection) report the
// same errors: the same code, the same words, at the same line and column.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-types';
import { BacktestConfig, ConfigError } from '../../engine/config';
import { LspClient, Workspace } from '../server/lspClient';
import { BASE } from '../server/diagnosticCases';
import { cli, ensureBuilt } from './helpers';

/** code, 1-based line, 1-based column, message. */
type Row = [string, number, number, string];

const BAD: { name: string; edit: [string, string][] }[] = [
  { name: 'syntax error', edit: [['"use_case": 2,', '"use_case": 2']] },
  { name: 'unknown key', edit: [['"enable_beta_hedge": true', '"enable_beta_hedg": true']] },
  { name: 'unknown nested key', edit: [['"name": "golden",', '"name": "golden",\n  "stock_costs": { "slipage_bps": 1 },']] },
  { name: 'wrong type', edit: [['"name": "golden",', '"name": "golden",\n  "initial_cash": "1000000",']] },
  { name: 'enum value', edit: [['"sector_hedge_method": "etf"', '"sector_hedge_method": "etff"']] },
  { name: 'out of range', edit: [['"name": "golden",', '"name": "golden",\n  "target_beta": 5,']] },
  { name: 'target outside -1..1', edit: [['"Technology": 0.1', '"Technology": 15']] },
  { name: 'dates reversed', edit: [['"end_date": "2023-02-10"', '"end_date": "2023-01-02"']] },
  { name: 'bad target expression', edit: [['"Technology": 0.1', '"Technology": "market_vol > 0.25 ? 0 : 0.05"']] },
  { name: 'empty ETF', edit: [['"Energy": "XLE"', '"Energy": ""']] },
  { name: 'a repeated key with a bad last value', edit: [['"use_case": 2,', '"use_case": 2,\n  "use_case": 7,']] },
  {
    name: 'several at once',
    edit: [
      ['"sector_hedge_method": "etf"', '"sector_hedge_method": 3'],
      ['"enable_beta_hedge": true', '"enable_beta_hedge": "yes", "bootstrap_samples": 1.5'],
    ],
  },
];

function textOf(edit: [string, string][]): string {
  let t = BASE;
  for (const [from, to] of edit) {
    assert.ok(t.includes(from), from);
    t = t.replace(from, to);
  }
  return t;
}

function libraryRows(file: string): Row[] {
  try {
    BacktestConfig.fromFile(file);
  } catch (e) {
    assert.ok(e instanceof ConfigError, String(e));
    return e.issues.map((i) => [i.code ?? '', i.line ?? 0, i.column ?? 0, i.message]);
  }
  assert.fail('BacktestConfig.fromFile accepted a bad config');
}

function cliRows(file: string, cwd: string): Row[] {
  const r = cli(['validate', file, '--json'], { cwd });
  assert.equal(r.code, 1, r.stderr);
  const out = JSON.parse(r.stdout) as { diagnostics: { severity: string; code: string; line: number; column: number; message: string }[] };
  return out.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.line, d.column, d.message]);
}

function serverRows(ds: Diagnostic[]): Row[] {
  return ds
    .filter((d) => d.severity === 1)
    .map((d) => [
      String(d.code),
      d.range.start.line + 1,
      d.range.start.character + 1,
      typeof d.message === 'string' ? d.message : (d.message as { value: string }).value,
    ]);
}

const byPlace = (a: Row, b: Row) => a[1] - b[1] || a[2] - b[2] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

describe('one validator for the library, the CLI and the editor', () => {
  let ws: Workspace;
  let c: LspClient;
  before(async () => {
    ensureBuilt();
    ws = new Workspace();
    c = await LspClient.start({}, ws.dir);
  });
  after(async () => {
    await c.stop();
    ws.dispose();
  });

  BAD.forEach(({ name, edit }, n) => {
    it(`${name}: the same code, words, line and column everywhere`, async () => {
      const text = textOf(edit);
      const uri = ws.config(`bad-${n}.backtest.jsonc`, text);
      const file = fileURLToPath(uri);
      const lib = libraryRows(file).sort(byPlace);
      assert.ok(lib.length > 0 && lib.every((r) => r[0] && r[1] > 0 && r[2] > 0 && r[3]), JSON.stringify(lib));
      assert.deepEqual(cliRows(file, ws.dir).sort(byPlace), lib, '`backtest validate` and BacktestConfig.fromFile');
      c.open(uri, text);
      const want = JSON.stringify(lib);
      // The server may publish before its data has loaded; wait for the errors to settle.
      const ds = await c.diagnostics(uri, (d) => JSON.stringify(serverRows(d).sort(byPlace)) === want, `errors ${want}`);
      assert.deepEqual(serverRows(ds).sort(byPlace), lib, 'the language server and BacktestConfig.fromFile');
      c.close(uri);
    });
  });
});

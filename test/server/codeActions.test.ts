// Each quick fix applied over a real connection: request code actions for the published
// diagnostic, apply the WorkspaceEdit to the text, send it back, and the server must then
// publish an empty diagnostics list.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { LspClient, Workspace, applyWorkspaceEdit } from './lspClient';
import { BASE } from './diagnosticCases';

interface FixCase {
  name: string;
  edit: [string, string];
  code: string;
  title: RegExp;
  /** Text the fixed document must contain. */
  fixed: string;
}

const FIXES: FixCase[] = [
  {
    name: 'replace a misspelt sector with the nearest one',
    edit: ['"Technology": 0.1', '"Tecnology": 0.1'],
    code: 'unknown-sector',
    title: /^Replace with 'Technology'$/,
    fixed: '"Technology": 0.1',
  },
  {
    name: 'replace a misspelt key',
    edit: ['"enable_beta_hedge": true', '"enable_beta_hedg": true'],
    code: 'unknown-key',
    title: /^Replace with 'enable_beta_hedge'$/,
    fixed: '"enable_beta_hedge": true',
  },
  {
    name: 'remove an unknown key',
    edit: ['"name": "golden",', '"name": "golden",\n  "colour": "blue",'],
    code: 'unknown-key',
    title: /^Remove unknown key 'colour'$/,
    fixed: '"name": "golden",\n  "data_dir"',
  },
  {
    name: 'replace an enum typo',
    edit: ['"sector_hedge_method": "etf"', '"sector_hedge_method": "etff"'],
    code: 'invalid-value',
    title: /^Replace with 'etf'$/,
    fixed: '"sector_hedge_method": "etf"',
  },
  {
    name: 'switch an ETF without data to one that has it',
    edit: ['"Technology": "XLK"', '"Technology": "VGT"'],
    code: 'etf-no-prices',
    title: /^Switch to 'XLK'/,
    fixed: '"Technology": "XLK"',
  },
  {
    name: 'switch the beta instrument to one with data',
    edit: ['"beta_hedge_instrument": "SPY"', '"beta_hedge_instrument": "SPX"'],
    code: 'beta-instrument-no-prices',
    title: /^Switch to 'SPY'/,
    fixed: '"beta_hedge_instrument": "SPY"',
  },
  {
    name: 'add every missing held sector as neutral',
    edit: ['"Healthcare": 0.0,\n    "Financials": 0.0,\n    "Energy": 0.0', '"Healthcare": 0.0'],
    code: 'sectors-missing-target',
    title: /^Add the 2 missing held sectors as neutral \(0\.0\)$/,
    fixed: '"Healthcare": 0.0,\n    "Financials": 0.0,\n    "Energy": 0.0\n  }',
  },
  {
    name: 'map a held sector to its ETF',
    edit: [', "Energy": "XLE" }', ' }'],
    code: 'sector-without-etf',
    title: /^Map Energy to XLE/,
    fixed: '"Energy": "XLE"',
  },
  {
    name: 'fix an expression variable',
    edit: ['"Healthcare": 0.0', '"Healthcare": "market_vol > 0.25 ? 0 : 0.05"'],
    code: 'expression-invalid',
    title: /^Replace with 'market_vol_21d'$/,
    fixed: '"Healthcare": "market_vol_21d > 0.25 ? 0 : 0.05"',
  },
  {
    name: 'clip an end date to the data',
    edit: ['"end_date": "2023-02-10"', '"end_date": "2023-03-31"'],
    code: 'date-outside-data',
    title: /^Replace with '2023-02-10'$/,
    fixed: '"end_date": "2023-02-10"',
  },
];

describe('code actions', () => {
  let ws: Workspace;
  let c: LspClient;

  before(async () => {
    ws = new Workspace();
    c = await LspClient.start({}, ws.dir);
    // Load the data once so every case below is validated against it.
    const warm = ws.config('warm.backtest.jsonc', BASE);
    c.open(warm, BASE);
    const ready = (f: string) =>
      c.notifications.some(
        (x) =>
          x.method === 'backtest/dataStatus' && (x.params as any).state === 'ready' && (x.params as any).path === path.join(ws.dataDir, f),
      );
    await c.until(() => (['prices.csv', 'sector_mapping.csv', 'signals.csv'].every(ready) ? true : undefined), 'data loaded');
  });
  after(async () => {
    await c.stop();
    ws.dispose();
  });

  FIXES.forEach((k, i) => {
    it(k.name, async () => {
      assert.ok(BASE.includes(k.edit[0]));
      const text = BASE.replace(k.edit[0], k.edit[1]);
      const uri = ws.config(`fix-${i}.backtest.jsonc`, text);
      c.open(uri, text);
      const ds = await c.diagnostics(uri, (d) => d.some((x) => x.code === k.code), k.code);
      const diag = ds.find((x) => x.code === k.code)!;
      const actions: any[] = await c.request('textDocument/codeAction', {
        textDocument: { uri },
        range: diag.range,
        context: { diagnostics: [diag] },
      });
      const act = actions.find((a) => k.title.test(a.title));
      assert.ok(act, `no action matching ${k.title}; got ${actions.map((a) => a.title).join(' | ')}`);
      assert.equal(act.kind, 'quickfix');
      assert.deepEqual(
        act.diagnostics?.map((d: any) => d.code),
        [k.code],
      );
      const fixed = applyWorkspaceEdit(text, uri, act.edit);
      assert.ok(fixed.includes(k.fixed), `fixed text should contain ${JSON.stringify(k.fixed)}:\n${fixed}`);
      c.change(uri, fixed);
      const after = await c.diagnostics(uri);
      assert.deepEqual(
        after.map((d) => `${d.code}: ${typeof d.message === 'string' ? d.message : d.message.value}`),
        [],
      );
    });
  });

  it('industry names in sector_etf_mapping: offers "Set hedge_group_column to "industry""', async () => {
    // The guide's industry-level example written without hedge_group_column.
    const text = BASE.replace(/"sector_target_exposures": \{[^}]*\},\n/, '').replace(
      '{ "Technology": "XLK", "Healthcare": "XLV", "Financials": "XLF", "Energy": "XLE" }',
      '{ "Software": "XLK", "Pharma": "XLV" }',
    );
    assert.notEqual(text, BASE);
    const uri = ws.config('industry.backtest.jsonc', text);
    c.open(uri, text);
    const ds = await c.diagnostics(uri, (d) => d.some((x) => x.code === 'sector-without-stocks'), 'sector-without-stocks');
    const diag = ds.find((x) => x.code === 'sector-without-stocks')!;
    assert.match(String(diag.message), /"hedge_group_column": "industry"/);
    const actions: any[] = await c.request('textDocument/codeAction', {
      textDocument: { uri },
      range: diag.range,
      context: { diagnostics: [diag] },
    });
    const act = actions.find((a) => a.title === 'Set hedge_group_column to "industry"');
    assert.ok(act, `got ${actions.map((a) => a.title).join(' | ')}`);
    const fixed = applyWorkspaceEdit(text, uri, act.edit);
    assert.match(fixed, /"hedge_group_column": "industry"/);
    c.change(uri, fixed);
    const after = await c.diagnostics(uri, (d) => !d.some((x) => x.code === 'sector-without-stocks'), 'no sector-without-stocks');
    assert.ok(!after.some((d) => /hedge_group_column/.test(String(d.message))), JSON.stringify(after.map((d) => d.message)));
  });

  it('offers to fill sector_target_exposures with the remaining mapped sectors', async () => {
    const text = BASE.replace('"Healthcare": 0.0,\n    "Financials": 0.0,\n    "Energy": 0.0', '"Healthcare": 0.0');
    const uri = ws.config('refactor.backtest.jsonc', text);
    c.open(uri, text);
    const at = { line: text.slice(0, text.indexOf('"Healthcare": 0.0')).split('\n').length - 1, character: 6 };
    const actions: any[] = await c.request('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: at, end: at },
      context: { diagnostics: [] },
    });
    const act = actions.find((a) => a.kind === 'refactor.rewrite');
    assert.ok(act);
    assert.match(act.title, /Add all 2 remaining sectors/);
    const fixed = applyWorkspaceEdit(text, uri, act.edit);
    assert.match(fixed, /"Financials": 0\.0,\n {4}"Energy": 0\.0\n {2}\}/);
  });
});

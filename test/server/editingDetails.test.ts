// Editing details over a real LSP connection: the specific quick fix comes first and is the
// only preferred one; coverage warnings of default-mapping ETFs sit on the sector's key; one
// error for an empty ETF or a half-typed key; singular refactor wording; a cut-off list says
// so; 5 -> 0.05 for a percentage typed as a target; path completion offers data first.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { LspClient, Workspace, applyWorkspaceEdit, positionOf } from './lspClient';
import { BASE } from './diagnosticCases';

const textAt = (text: string, r: { start: { line: number; character: number }; end: { line: number; character: number } }) => {
  const lines = text.split('\n');
  return r.start.line === r.end.line
    ? lines[r.start.line].slice(r.start.character, r.end.character)
    : `${lines[r.start.line].slice(r.start.character)}…`;
};

describe('editing details', () => {
  let ws: Workspace;
  let c: LspClient;
  let n = 0;

  before(async () => {
    ws = new Workspace();
    c = await LspClient.start({}, ws.dir);
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

  async function openWith(edits: [string, string][], settle: (d: any[]) => boolean) {
    let text = BASE;
    for (const [a, b] of edits) {
      assert.ok(text.includes(a), a);
      text = text.replace(a, b);
    }
    const uri = ws.config(`detail-${++n}.backtest.jsonc`, text);
    c.open(uri, text);
    const ds = (await c.diagnostics(uri, settle)) as any[];
    return { uri, text, ds };
  }

  it('on a mistyped ETF, the cursor on its key: "Switch to XLK" comes first and is the only preferred fix', async () => {
    const { uri, text, ds } = await openWith(
      [
        ['"Technology": "XLK"', '"Technology": "XLKK"'],
        [', "Energy": "XLE" }', ' }'],
      ],
      (d) => d.some((x) => x.code === 'etf-no-prices') && d.some((x) => x.code === 'sector-without-etf'),
    );
    const cursor = positionOf(text, '"Technology": "XLKK"', 3);
    const actions: any[] = await c.request('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: cursor, end: cursor },
      context: { diagnostics: ds },
    });
    const quick = actions.filter((a) => a.kind === 'quickfix');
    assert.match(quick[0].title, /^Switch to 'XLK'/, quick.map((a) => a.title).join(' | '));
    assert.deepEqual(
      quick.filter((a) => a.isPreferred).map((a) => a.title),
      [quick[0].title],
      'one preferred fix, so Auto Fix applies it without a menu',
    );
    assert.ok(
      quick.some((a) => /^Map Energy to XLE/.test(a.title)),
      'the broader fix is still offered',
    );
  });

  it("a late-listing ETF of the default mapping is warned about on its sector's key, not on sector_hedge_method", async () => {
    const { text, ds } = await openWith(
      [
        ['  "sector_etf_mapping": { "Technology": "XLK", "Healthcare": "XLV", "Financials": "XLF", "Energy": "XLE" },\n', ''],
        ['"start_date": "2023-01-20"', '"start_date": "2023-01-02"'],
      ],
      (d) => d.some((x) => x.code === 'etf-coverage'),
    );
    const cov = ds.find((x) => x.code === 'etf-coverage')!;
    assert.equal(textAt(text, cov.range), '"Energy"');
    assert.equal(cov.range.start.line, positionOf(text, '"Energy": 0.0').line);
  });

  it('an empty ETF string is one error, saying what to write', async () => {
    const { text, ds } = await openWith([['"Technology": "XLK"', '"Technology": ""']], (d) => d.some((x) => x.severity === 1));
    await new Promise((r) => setTimeout(r, 300));
    const problems = ds.filter((x) => (x.severity ?? 1) <= 2);
    assert.equal(problems.length, 1, problems.map((x) => `${x.code}: ${x.message}`).join(' | '));
    assert.equal(textAt(text, problems[0].range), '""');
    assert.match(problems[0].message, /^The ETF for Technology is empty: write its ticker/);
  });

  it('a half-typed (still empty) key gets one plain message, not one about "sector_target_exposures."', async () => {
    const { text, ds } = await openWith([['"Technology": 0.1,', '"Technology": 0.1,\n    "": 0.0,']], (d) =>
      d.some((x) => x.severity === 1),
    );
    const errs = ds.filter((x) => x.severity === 1);
    assert.equal(errs.length, 1, errs.map((x) => `${x.code}: ${x.message}`).join(' | '));
    assert.equal(textAt(text, errs[0].range), '""');
    assert.equal(errs[0].message, 'Empty key in sector_target_exposures: type a sector name from the mapping, e.g. "Technology".');
    assert.doesNotMatch(errs[0].message, /sector_target_exposures\.:/);
  });

  it('with one mapped sector left, the refactor says "the remaining sector", not "all 1 remaining sectors"', async () => {
    const { uri, text } = await openWith([[',\n    "Energy": 0.0', '']], () => true);
    const at = positionOf(text, '"Healthcare"', 2);
    const actions: any[] = await c.request('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: at, end: at },
      context: { diagnostics: [] },
    });
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes("Add the remaining sector 'Energy' of the mapping as neutral (0.0)"), titles.join(' | '));
    assert.ok(!titles.some((t) => /all 1 remaining/.test(t)));
  });

  it('a list of ETFs with data that is cut short says how many more there are', async () => {
    const { ds } = await openWith([['"Technology": "XLK"', '"Technology": "VGT"']], (d) => d.some((x) => x.code === 'etf-no-prices'));
    const d = ds.find((x) => x.code === 'etf-no-prices');
    assert.match(d.message, /ETFs with data: XLK, TSLA, XLV, XLF, XLE and 1 more\.$/);
  });

  it('a target typed as a percentage (5) gets the quick fix 0.05, which clears the error', async () => {
    const { uri, text, ds } = await openWith([['"Technology": 0.1', '"Technology": 5']], (d) =>
      d.some((x) => x.code === 'target-out-of-range'),
    );
    const diag = ds.find((x) => x.code === 'target-out-of-range');
    assert.match(diag.message, /Did you mean 0\.05 \(5%\)\?/);
    const actions: any[] = await c.request('textDocument/codeAction', {
      textDocument: { uri },
      range: diag.range,
      context: { diagnostics: [diag] },
    });
    const fix = actions.find((a) => a.title === 'Change to 0.05 (5%)');
    assert.ok(fix?.isPreferred, actions.map((a) => a.title).join(' | '));
    const fixed = applyWorkspaceEdit(text, uri, fix.edit);
    assert.ok(fixed.includes('"Technology": 0.05'));
    c.change(uri, fixed);
    await c.diagnostics(uri, (d) => !d.some((x) => x.code === 'target-out-of-range' || x.severity === 1), 'the error to clear');
  });

  it('path completion offers data files and data folders before anything else, and never a config', async () => {
    // inputs.signals in the configs folder: the data folder first, no *.backtest.jsonc offered.
    const text = BASE.replace('"inputs": { "signals": "../data/signals.csv" }', '"inputs": { "signals": "../data/" }');
    const uri = ws.config(`detail-${++n}.backtest.jsonc`, text);
    c.open(uri, text);
    await c.diagnostics(uri);
    const at = positionOf(text, '"../data/"', 9);
    const list: any = await c.request('textDocument/completion', { textDocument: { uri }, position: at });
    const items: any[] = (Array.isArray(list) ? list : list.items).slice().sort((a: any, b: any) => (a.sortText < b.sortText ? -1 : 1));
    assert.ok(items.length >= 3, JSON.stringify(items.map((i) => i.label)));
    assert.ok(
      items.slice(0, 4).every((i) => /\.csv$/.test(i.label)),
      `data files first: ${items.map((i) => i.label).join(', ')}`,
    );
    // data_dir from the configs folder: ../ is offered; inside it, the folder with data comes before configs/.
    const t2 = BASE.replace('"data_dir": "../data"', '"data_dir": "../"');
    const u2 = ws.config(`detail-${++n}.backtest.jsonc`, t2);
    c.open(u2, t2);
    await c.diagnostics(u2);
    const l2: any = await c.request('textDocument/completion', { textDocument: { uri: u2 }, position: positionOf(t2, '"../"', 4) });
    const i2: any[] = (Array.isArray(l2) ? l2 : l2.items).slice().sort((a: any, b: any) => (a.sortText < b.sortText ? -1 : 1));
    const labels = i2.map((i) => i.label);
    assert.ok(
      labels.indexOf('data/') >= 0 && labels.indexOf('data/') < labels.indexOf('configs/'),
      `the data folder before configs/: ${labels.join(', ')}`,
    );
    assert.ok(!labels.some((l) => /\.backtest\.jsonc$/.test(l)));
  });
});

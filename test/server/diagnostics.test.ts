// Golden diagnostics over a real stdio connection: one config mistake per diagnostic
// kind in, the published diagnostics (code, severity, exact range, message) out; a
// clean file gets an empty list; data files changed on disk re-validate open configs;
// a malformed document is still answered.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import { LspClient, Workspace, ROOT, positionOf } from './lspClient';
import { BASE, CASES, applyCase, type Expected } from './diagnosticCases';

const SEVERITY = ['', 'error', 'warning', 'info', 'hint'];

function msg(d: Diagnostic): string {
  return typeof d.message === 'string' ? d.message : d.message.value;
}

function shape(text: string, uri: string, ds: Diagnostic[]): [string, string, string, string][] {
  const doc = TextDocument.create(uri, 'jsonc', 1, text);
  return ds.map((d) => [String(d.code), SEVERITY[d.severity ?? 1], doc.getText(d.range), msg(d)]);
}

function sameCodes(ds: Diagnostic[], expect: Expected[]): boolean {
  return ds.map((d) => d.code).join() === expect.map((e) => e[0]).join();
}

describe('diagnostics', () => {
  let ws: Workspace;
  let c: LspClient;
  let n = 0;

  before(async () => {
    ws = new Workspace();
    cpSync(path.join(ROOT, 'test/fixtures/server/bad-data'), path.join(ws.dir, 'bad-data'), { recursive: true });
    c = await LspClient.start({}, ws.dir);
  });
  after(async () => {
    await c.stop();
    ws.dispose();
  });

  it('publishes an empty list for a clean file once its data is loaded', async () => {
    const uri = ws.config('clean.backtest.jsonc', BASE);
    c.open(uri, BASE);
    const ready = (f: string) =>
      c.notifications.some(
        (x) =>
          x.method === 'backtest/dataStatus' && (x.params as any).state === 'ready' && (x.params as any).path === path.join(ws.dataDir, f),
      );
    await c.until(() => (['prices.csv', 'sector_mapping.csv', 'signals.csv'].every(ready) ? true : undefined), 'data loaded');
    // An edit after loading: this version's diagnostics include every data-aware check.
    c.change(uri, BASE + '\n');
    const ds = await c.diagnostics(uri);
    assert.deepEqual(ds, []);
    assert.equal(c.published.get(uri)?.version, 2);
  });

  for (const k of CASES) {
    it(`reports: ${k.name}`, async () => {
      const text = applyCase(k);
      const uri = ws.config(`case-${n++}.backtest.jsonc`, text);
      c.open(uri, text);
      const ds = await c.diagnostics(uri, (d) => sameCodes(d, k.expect), `codes ${k.expect.map((e) => e[0]).join()}`);
      const got = shape(text, uri, ds);
      assert.equal(got.length, k.expect.length);
      k.expect.forEach(([code, severity, rangeText, message], i) => {
        assert.equal(got[i][0], code);
        assert.equal(got[i][1], severity, `${code} severity`);
        assert.equal(got[i][2], rangeText, `${code} range`);
        assert.ok(got[i][3].includes(message), `${code} message "${got[i][3]}" should contain "${message}"`);
      });
      for (const d of ds) assert.equal(d.source, 'backtest');
      if (k.name === 'unreadable data file') {
        // The bad cell itself is linked, so the editor can jump to it.
        const rel = ds[0].relatedInformation?.[0];
        assert.ok(rel, 'relatedInformation to the bad cell');
        assert.ok(rel.location.uri.endsWith('/bad-data/prices.csv'));
        assert.deepEqual(rel.location.range.start, { line: 5, character: 18 });
      }
    });
  }

  it('warns when a data folder lies outside the workspace', async () => {
    const text = BASE.replace(
      '"data_dir": "../data"',
      `"data_dir": ${JSON.stringify(path.join(ROOT, 'test/fixtures/server/data'))}`,
    ).replace('"../data/signals.csv"', JSON.stringify(path.join(ws.dataDir, 'signals.csv')));
    const uri = ws.config('outside.backtest.jsonc', text);
    c.open(uri, text);
    const ds = await c.diagnostics(uri, (d) => d.some((x) => x.code === 'path-outside-workspace'));
    const d = ds.find((x) => x.code === 'path-outside-workspace')!;
    assert.equal(shape(text, uri, [d])[0][2], JSON.stringify(path.join(ROOT, 'test/fixtures/server/data')));
  });

  it('re-validates open configs when a data file changes on disk', async () => {
    const text = BASE.replace('"Technology": "XLK"', '"Technology": "XLU"');
    const uri = ws.config('watch.backtest.jsonc', text);
    c.open(uri, text);
    await c.diagnostics(uri, (d) => d.some((x) => x.code === 'etf-no-prices' && msg(x).includes('XLU')), 'etf-no-prices for XLU');
    // Add an XLU column to the price file (a copy of XLK's prices).
    const pricesFile = path.join(ws.dataDir, 'prices.csv');
    const original = readFileSync(pricesFile, 'utf8');
    const lines = original.trimEnd().split('\n');
    const xlk = lines[0].split(',').indexOf('XLK');
    const withXlu = lines.map((l, i) => `${l},${i === 0 ? 'XLU' : l.split(',')[xlk]}`).join('\n') + '\n';
    writeFileSync(pricesFile, withXlu);
    await c.diagnostics(uri, (d) => d.length === 0, 'clean after XLU was added');
    // Editors often save by writing a new file and renaming it over the old one.
    writeFileSync(pricesFile + '.tmp', original);
    renameSync(pricesFile + '.tmp', pricesFile);
    await c.diagnostics(uri, (d) => d.some((x) => x.code === 'etf-no-prices'), 'etf-no-prices again after the rename');
  });

  it('reports a deleted mapping file and recovers when it is restored', async () => {
    const uri = ws.config('deleted.backtest.jsonc', BASE);
    c.open(uri, BASE);
    await c.diagnostics(uri, (d) => d.length === 0, 'clean first');
    const mapping = path.join(ws.dataDir, 'sector_mapping.csv');
    const saved = readFileSync(mapping, 'utf8');
    renameSync(mapping, mapping + '.bak');
    const ds = await c.diagnostics(uri, (d) => d.some((x) => x.code === 'data-file-missing'), 'data-file-missing');
    assert.match(msg(ds.find((x) => x.code === 'data-file-missing')!), /sector_mapping\.csv: File not found/);
    writeFileSync(mapping, saved);
    await c.diagnostics(uri, (d) => d.length === 0, 'clean after restore');
  });

  it('answers every request on malformed documents without crashing', async () => {
    const texts = [
      '{ "sector_target_exposures": { "Tech',
      ']]}{ "data_dir": ',
      '',
      '"just a string"',
      '{ "initial_cash": 1e999999, "sector_target_exposures": [1, 2], "sector_etf_mapping": "XLK", "data_dir": 42, "inputs": { "signals": 7 } }',
      '\u0000\u0001{{{{',
    ];
    for (const [i, text] of texts.entries()) {
      const uri = ws.config(`broken-${i}.backtest.jsonc`, text);
      c.open(uri, text);
      const ds = await c.diagnostics(uri);
      if (i !== 3) assert.ok(Array.isArray(ds));
      const end = TextDocument.create(uri, 'jsonc', 1, text).positionAt(text.length);
      const mid = TextDocument.create(uri, 'jsonc', 1, text).positionAt(Math.floor(text.length / 2));
      for (const position of [{ line: 0, character: 0 }, mid, end]) {
        await c.request('textDocument/completion', { textDocument: { uri }, position });
        await c.request('textDocument/hover', { textDocument: { uri }, position });
        await c.request('textDocument/definition', { textDocument: { uri }, position });
      }
      await c.request('textDocument/codeAction', {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end },
        context: { diagnostics: ds },
      });
      await c.request('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end } });
      await c.request('textDocument/codeLens', { textDocument: { uri } });
      await c.request('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
      await c.request('textDocument/foldingRange', { textDocument: { uri } });
      await c.request('textDocument/documentSymbol', { textDocument: { uri } });
    }
    const first = ws.config('broken-check.backtest.jsonc', texts[0]);
    c.open(first, texts[0]);
    const ds = await c.diagnostics(first, (d) => d.length > 0);
    assert.ok(ds.some((d) => d.code === 'syntax-error'));
    // Requests about a document the server never saw are answered too.
    const r = await c.request('textDocument/hover', {
      textDocument: { uri: 'file:///nowhere/x.backtest.jsonc' },
      position: positionOf('x', 'x'),
    });
    assert.equal(r, null);
    assert.equal(c.exited, false);
  });
});

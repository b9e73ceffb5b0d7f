// Completion, hover, definition, inlay hints, code lens and the schema features, over a
// real stdio connection to dist/server.js (run `npm run build` first).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { URI } from 'vscode-uri';
import { LspClient, Workspace, positionOf } from './lspClient';

const CONFIG = `{
  // sample config for the language server tests
  "name": "features",
  "data_dir": "../data",
  "prices_file": "prices.csv",
  "initial_cash": 2000000,
  "start_date": "2023-01-03",
  "end_date": "2023-02-10",
  "enable_sector_hedge": true,
  "sector_hedge_method": "etf",
  "sector_target_exposures": {
    "Technology": 0.15,
    "Healthcare": "market_vol_21d > 0.25 ? 0 : 0.05"
  },
  "sector_etf_mapping": { "Technology": "XLK", "Healthcare": "AAPL" },
  "beta_hedge_instrument": "SPY"
}
`;

describe('language server features', () => {
  let ws: Workspace;
  let c: LspClient;
  let uri: string;

  /** Opens `text` as a new config and waits until its data files are parsed. */
  async function openReady(name: string, text: string): Promise<string> {
    const u = ws.config(name, text);
    c.open(u, text);
    await c.diagnostics(u);
    const ready = (file: string) =>
      c.notifications.some(
        (n) =>
          n.method === 'backtest/dataStatus' &&
          (n.params as any).state === 'ready' &&
          (n.params as any).path === path.join(ws.dataDir, file),
      );
    await c.until(() => (ready('prices.csv') && ready('sector_mapping.csv') ? true : undefined), 'data files loaded');
    return u;
  }

  async function complete(u: string, text: string, needle: string, delta: number) {
    const r = await c.request('textDocument/completion', { textDocument: { uri: u }, position: positionOf(text, needle, delta) });
    return (Array.isArray(r) ? r : r.items) as any[];
  }

  before(async () => {
    ws = new Workspace();
    c = await LspClient.start();
    uri = await openReady('features.backtest.jsonc', CONFIG);
  });
  after(async () => {
    await c.stop();
    ws.dispose();
  });

  it('offers exactly the sectors of the mapping, with stock counts, inside an empty sector_target_exposures', async () => {
    const text = CONFIG.replace(/"sector_target_exposures": \{[^}]*\}/, '"sector_target_exposures": {\n    \n  }');
    const u = await openReady('empty-targets.backtest.jsonc', text);
    const items = await complete(u, text, '"sector_target_exposures": {\n    ', 32);
    assert.deepEqual(items.map((i) => i.label).sort(), ['Energy', 'Financials', 'Healthcare', 'Technology']);
    const tech = items.find((i) => i.label === 'Technology');
    assert.match(tech.detail, /2 stocks/);
    assert.match(tech.detail, /ETF XLK/);
    assert.equal(tech.textEdit.newText, '"Technology": ${1:0.0}');
    assert.match(tech.documentation.value, /AAPL, MSFT/);
  });

  it('replaces a bare word typed as a sector key, quotes and all', async () => {
    const text = CONFIG.replace('"Technology": 0.15,', '"Technology": 0.15,\n    Fin');
    const u = await openReady('bare-key.backtest.jsonc', text);
    const items = await complete(u, text, '0.15,\n    Fin', 13);
    const fin = items.find((i) => i.label === 'Financials');
    assert.ok(fin, items.map((i) => i.label).join());
    assert.equal(fin.filterText, 'Financials');
    const start = positionOf(text, 'Fin');
    assert.deepEqual(fin.textEdit.range, { start, end: { line: start.line, character: start.character + 3 } });
  });

  it('leaves out sectors already present when completing another key', async () => {
    const text = CONFIG.replace('"Technology": 0.15,', '"Technology": 0.15,\n    "",');
    const u = await openReady('more-targets.backtest.jsonc', text);
    const items = await complete(u, text, '0.15,\n    "', 11);
    const labels = items.map((i) => i.label);
    assert.ok(!labels.includes('Technology') && !labels.includes('Healthcare'));
    assert.deepEqual(labels.sort(), ['Energy', 'Financials']);
    // The key already has a colon-less string: the snippet adds the value.
    assert.match(items[0].textEdit.newText, /^"(Energy|Financials)": \$\{1:0\.0\}$/);
  });

  it('offers price-file tickers for an ETF value, the sector default ETF first and ETFs before stocks', async () => {
    const items = await complete(uri, CONFIG, '"Technology": "XLK"', 16);
    assert.equal(items[0].label, 'XLK');
    assert.match(items[0].detail, /2023-01-02\.\.2023-02-10 · last \d+\.\d\d/);
    const labels = items.map((i) => i.label);
    const firstStock = labels.findIndex((l) => ['AAPL', 'MSFT', 'JNJ', 'PFE', 'JPM', 'XOM'].includes(l));
    for (const etf of ['XLV', 'XLF', 'XLE', 'SPY']) assert.ok(labels.indexOf(etf) < firstStock, `${etf} before stocks`);
    assert.equal(labels.length, 12);
    const xle = items.find((i) => i.label === 'XLE');
    assert.match(xle.detail, /2023-01-20\.\.2023-02-10/);
  });

  it('offers SPY first for beta_hedge_instrument', async () => {
    const items = await complete(uri, CONFIG, '"beta_hedge_instrument": "SPY"', 26);
    assert.equal(items[0].label, 'SPY');
  });

  it('offers expression variables inside a string target', async () => {
    const items = await complete(uri, CONFIG, '"market_vol_21d', 8);
    const labels = items.map((i) => i.label);
    for (const v of ['market_vol_21d', 'market_return_63d', 'portfolio_drawdown', 'days_since_start']) assert.ok(labels.includes(v), v);
    const v = items.find((i) => i.label === 'market_vol_21d');
    // Replaces only the word being typed, not the whole expression.
    assert.equal(v.textEdit.range.end.character - v.textEdit.range.start.character, 7);
  });

  it('offers dates inside the data range for start_date and end_date', async () => {
    const s = await complete(uri, CONFIG, '"start_date": "2023', 15);
    assert.equal(s[0].label, '2023-01-02');
    assert.match(s[0].detail, /first date/);
    const e = await complete(uri, CONFIG, '"end_date": "2023', 13);
    assert.equal(e[0].label, '2023-02-10');
    for (const i of [...s, ...e]) assert.ok(i.label >= '2023-01-02' && i.label <= '2023-02-10', i.label);
  });

  it('offers data files and folders for file keys', async () => {
    const files = await complete(uri, CONFIG, '"prices_file": "', 16);
    const labels = files.map((i) => i.label);
    for (const f of ['prices.csv', 'sector_mapping.csv', 'signals.csv']) assert.ok(labels.includes(f), f);
    const dirs = await complete(uri, CONFIG, '"data_dir": "../', 16);
    const dl = dirs.map((i) => i.label);
    assert.ok(dl.includes('data/') && dl.includes('configs/'), dl.join(','));
    assert.ok(!dl.some((l) => l.endsWith('.csv')));
    assert.equal(dirs.find((i) => i.label === 'data/').textEdit.newText, '"../data"');
  });

  it('offers schema keys with documentation and snippets, and enum values', async () => {
    const text = CONFIG.replace('"name": "features",', '"name": "features",\n  ');
    const u = await openReady('keys.backtest.jsonc', text);
    const keys = await complete(u, text, '"features",\n  ', 14);
    assert.ok(!keys.some((i) => i.label === 'initial_cash'), 'keys already set are not offered again');
    const beta = keys.find((i) => i.label === 'target_beta');
    assert.ok(beta, 'target_beta offered');
    const doc = typeof beta.documentation === 'string' ? beta.documentation : beta.documentation?.value;
    assert.match(doc ?? '', /Portfolio beta the beta hedge aims for/);
    const newText = beta.textEdit?.newText ?? beta.insertText;
    assert.match(newText, /"target_beta": \$\{1:0\}/);
    const enums = await complete(uri, CONFIG, '"sector_hedge_method": "etf"', 23);
    assert.deepEqual(enums.map((i) => i.label).sort(), ['"etf"', '"proportional"']);
  });

  it('hovers a ticker with its sector, date range, last price and missing days', async () => {
    const h = await c.request('textDocument/hover', { textDocument: { uri }, position: positionOf(CONFIG, '"AAPL"', 2) });
    assert.match(h.contents.value, /\*\*AAPL\*\*: Technology/);
    assert.match(h.contents.value, /2023-01-02 \.\. 2023-02-10/);
    assert.match(h.contents.value, /last price: \d+\.\d\d on 2023-02-10/);
    assert.match(h.contents.value, /missing days: 2/);
    const x = await c.request('textDocument/hover', { textDocument: { uri }, position: positionOf(CONFIG, '"XLK"', 2) });
    assert.match(x.contents.value, /ETF/);
    assert.match(x.contents.value, /hedges: Technology/);
  });

  it('hovers a sector with its stocks and its ETF', async () => {
    const h = await c.request('textDocument/hover', { textDocument: { uri }, position: positionOf(CONFIG, '"Technology": 0.15', 3) });
    assert.match(h.contents.value, /2 stocks/);
    assert.match(h.contents.value, /AAPL, MSFT/);
    assert.match(h.contents.value, /ETF: \*\*XLK\*\*/);
  });

  it('hovers an expression variable with its meaning', async () => {
    const h = await c.request('textDocument/hover', { textDocument: { uri }, position: positionOf(CONFIG, 'market_vol_21d >', 3) });
    assert.match(h.contents.value, /\*\*market_vol_21d\*\*/);
    assert.match(h.contents.value, /Annualised volatility/);
    assert.deepEqual(h.range.start, positionOf(CONFIG, 'market_vol_21d >'));
  });

  it('hovers a key with the schema description and default', async () => {
    const h = await c.request('textDocument/hover', { textDocument: { uri }, position: positionOf(CONFIG, '"beta_hedge_instrument"', 3) });
    assert.match(h.contents.value, /beta hedge/);
    assert.match(h.contents.value, /Default `"SPY"`/);
    const t = await c.request('textDocument/hover', { textDocument: { uri }, position: positionOf(CONFIG, '"enable_sector_hedge"', 3) });
    assert.match(t.contents.value, /Default `false`/);
  });

  it('goes from a ticker to its header cell and from a sector to its first mapping row', async () => {
    const t = await c.request('textDocument/definition', { textDocument: { uri }, position: positionOf(CONFIG, '"XLK"', 2) });
    assert.equal(t[0].targetUri, URI.file(path.join(ws.dataDir, 'prices.csv')).toString());
    const header = 'date,AAPL,MSFT,JNJ,PFE,JPM,XOM,TSLA,XLK';
    assert.deepEqual(t[0].targetSelectionRange, {
      start: { line: 0, character: header.length - 3 },
      end: { line: 0, character: header.length },
    });
    const s = await c.request('textDocument/definition', {
      textDocument: { uri },
      position: positionOf(CONFIG, '"Healthcare": "market', 3),
    });
    assert.equal(s[0].targetUri, URI.file(path.join(ws.dataDir, 'sector_mapping.csv')).toString());
    // Healthcare first appears on line 3 (0-based), "JNJ,Healthcare,..." -> column 4.
    assert.deepEqual(s[0].targetSelectionRange, { start: { line: 3, character: 4 }, end: { line: 3, character: 14 } });
  });

  it('shows the dollar size of each numeric target at initial_cash as an inlay hint', async () => {
    const hints = await c.request('textDocument/inlayHint', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 40, character: 0 } },
    });
    assert.equal(hints.length, 1, 'expression targets get no dollar hint');
    assert.equal(hints[0].label, '≈ $300,000');
    assert.deepEqual(hints[0].position, positionOf(CONFIG, '0.15', 4));
  });

  it('puts Run and Compare code lenses at the top with the document URI', async () => {
    const lenses = await c.request('textDocument/codeLens', { textDocument: { uri } });
    assert.deepEqual(
      lenses.map((l: any) => l.command.command),
      ['backtest.run', 'backtest.compare'],
    );
    assert.deepEqual(lenses[0].command.arguments, [uri]);
    assert.equal(lenses[0].range.start.line, 0);
  });

  it('formats, folds, lists symbols and expands selections', async () => {
    const messy = '{"initial_cash":1000000,"sector_target_exposures":{"Technology":0.1}}';
    const u = ws.config('messy.backtest.jsonc', messy);
    c.open(u, messy);
    const edits = await c.request('textDocument/formatting', { textDocument: { uri: u }, options: { tabSize: 2, insertSpaces: true } });
    assert.ok(edits.length > 0);
    const folds = await c.request('textDocument/foldingRange', { textDocument: { uri } });
    assert.ok(folds.some((f: any) => f.startLine === positionOf(CONFIG, '"sector_target_exposures"').line));
    const symbols = await c.request('textDocument/documentSymbol', { textDocument: { uri } });
    assert.ok(symbols.some((s: any) => s.name === 'sector_target_exposures' && s.children.some((ch: any) => ch.name === 'Technology')));
    const sel = await c.request('textDocument/selectionRange', { textDocument: { uri }, positions: [positionOf(CONFIG, '0.15', 1)] });
    assert.ok(sel[0].parent, 'nested selection ranges');
  });
});

// Issue 13, class 5: a 10 MB config (inline signals) must not freeze the server. Its
// requests run on the big-document thread; a second, small config's hover and completion
// are answered while the big document's diagnostics, outline, folding and inlay hints are
// still being computed. The outline and folding are capped, and the editor is told so.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LspClient, Workspace, positionOf } from './lspClient';
import { bigInlineSignalsConfig } from '../../bench/bigConfig';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { BacktestLanguageService, RESULT_LIMIT } from '../../server/service/languageService';

const SMALL = `{
  "data_dir": "../data",
  "use_case": 2,
  "inputs": { "signals": "../data/signals.csv" },
  "enable_sector_hedge": true,
  "sector_target_exposures": { "Technology": 0.1 },
  "beta_hedge_instrument": "SP"
}`;

describe('a 10 MB config does not hold up other documents', () => {
  let ws: Workspace;
  let c: LspClient;
  before(async () => {
    ws = new Workspace();
    c = await LspClient.start({ debounceMs: 0 }, ws.dir);
  });
  after(async () => {
    await c.stop();
    ws.dispose();
  });

  it('answers a small config while the big one is validated, outlined and folded, then caps its outline and says so', async () => {
    const bigText = bigInlineSignalsConfig(10_000_000, '../data');
    const bigUri = ws.config('big.backtest.jsonc', bigText);
    const smallUri = ws.config('small.backtest.jsonc', SMALL);
    const order: string[] = [];
    const ms: Record<string, number> = {};
    const timed = <T>(name: string, p: Promise<T>): Promise<T> => {
      const t0 = performance.now();
      return p.then((r) => {
        ms[name] = Math.round(performance.now() - t0);
        order.push(name);
        return r;
      });
    };
    const t0 = performance.now();
    c.open(bigUri, bigText);
    const whole = { start: { line: 0, character: 0 }, end: { line: bigText.split('\n').length, character: 0 } };
    // What VS Code asks on opening a document.
    const symbols = timed('big documentSymbol', c.request<any[]>('textDocument/documentSymbol', { textDocument: { uri: bigUri } }));
    const folding = timed('big foldingRange', c.request<any[]>('textDocument/foldingRange', { textDocument: { uri: bigUri } }));
    const hints = timed('big inlayHint', c.request<any[]>('textDocument/inlayHint', { textDocument: { uri: bigUri }, range: whole }));
    const bigDiagnostics = timed(
      'big diagnostics',
      c.until(() => c.published.get(bigUri), "the big config's diagnostics", 180_000),
    );
    c.open(smallUri, SMALL);
    const hover = await timed(
      'small hover',
      c.request('textDocument/hover', { textDocument: { uri: smallUri }, position: positionOf(SMALL, '"use_case"', 2) }),
    );
    // The data-aware check on the small config needs its price file: loaded while the big one is validated.
    const smallDiagnostics = await timed(
      'small diagnostics',
      c.diagnostics(smallUri, (d) => d.some((x) => /SP/.test(String(x.message))), "the small config's diagnostics"),
    );
    const completion = await timed(
      'small completion',
      c.request('textDocument/completion', { textDocument: { uri: smallUri }, position: positionOf(SMALL, '"SP"', 3) }),
    );
    const [syms, folds, inlay] = await Promise.all([symbols, folding, hints, bigDiagnostics]);
    process.stdout.write(
      `[big-document] 10 MB config, ms from its didOpen (machine under load): ${Object.entries(ms)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')} (total ${Math.round(performance.now() - t0)}); order: ${order.join(' < ')}\n`,
    );

    assert.match(JSON.stringify(hover), /use_case/, "the small config's hover has the key's documentation");
    assert.ok(
      ((completion as any).items ?? completion).some((i: any) => i.label === 'SPY'),
      "the small config's completion lists SPY",
    );
    assert.ok(smallDiagnostics.length > 0);
    for (const small of ['small hover', 'small completion', 'small diagnostics']) {
      for (const bigReq of ['big documentSymbol', 'big foldingRange', 'big diagnostics']) {
        assert.ok(order.indexOf(small) < order.indexOf(bigReq), `${small} answered before ${bigReq} (order: ${order.join(' < ')})`);
      }
    }
    // Capped the way vscode-json-languageservice's resultLimit caps: top-level keys first.
    const count = (xs: any[]): number => xs.reduce((n, s) => n + 1 + count(s.children ?? []), 0);
    assert.ok(count(syms) <= RESULT_LIMIT, `outline of ${count(syms)} symbols`);
    assert.ok(syms.some((s) => s.name === 'inputs') && syms.some((s) => s.name === 'use_case'), 'the top-level keys are in the outline');
    assert.ok(folds.length <= RESULT_LIMIT && folds.length > 0, `${folds.length} folding ranges`);
    assert.equal(inlay.length, 2, 'one dollar hint per sector target');
    // Each date's signals sit on one line, so folding stays under the limit and only the outline is cut.
    const notes = await c.diagnostics(bigUri, (d) => d.some((x) => x.code === 'results-limited'), 'the "results limited" note');
    const texts = notes.filter((x) => x.code === 'results-limited').map((x) => String(x.message));
    assert.equal(texts.length, 1, texts.join('\n'));
    assert.match(texts[0], new RegExp(`^Outline limited to ${RESULT_LIMIT} symbols`));
    assert.ok(notes.every((x) => x.code !== 'internal-error'));
    assert.equal(notes.find((x) => x.code === 'results-limited')!.severity, 3, 'shown as information');
  });

  it('serves a config on the main thread again once it shrinks, and drops the note', async () => {
    const uri = ws.config('big.backtest.jsonc', SMALL);
    c.change(uri, SMALL);
    const syms = await c.request<any[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.ok(syms.some((s) => s.name === 'beta_hedge_instrument'));
    const d = await c.diagnostics(
      uri,
      (x) => x.some((y) => /SP/.test(String(y.message))) && !x.some((y) => y.code === 'results-limited'),
      'diagnostics without the note',
    );
    assert.ok(d.length > 0);
    assert.equal(c.stderr.match(/\[(symbols|folding|validate|big-document)/g), null, c.stderr);
  });
});

describe('result limits in the language service', () => {
  it('cuts folding and the outline at the limit and says which', () => {
    const service = new BacktestLanguageService({
      data: { prices: () => ({ state: 'pending' }), mapping: () => ({ state: 'pending' }), datedValues: () => ({ state: 'pending' }) },
      listDirectory: () => [],
    });
    const text = JSON.stringify(
      {
        use_case: 2,
        inputs: { signals: { '2023-01-03': { AAPL: 1, MSFT: -1 }, '2023-01-04': { AAPL: 1 } } },
        sector_target_exposures: { Technology: 0.1 },
      },
      null,
      2,
    );
    const doc = TextDocument.create('file:///x/a.backtest.jsonc', 'backtest-jsonc', 1, text);
    const notes: (string | undefined)[] = [];
    assert.equal(service.folding(doc, (n) => notes.push(n), 1).length, 1);
    assert.ok(service.symbols(doc, (n) => notes.push(n), 3).length <= 3);
    assert.match(notes[0]!, /^Folding limited to 1 ranges/);
    assert.match(notes[1]!, /^Outline limited to 3 symbols/);
    notes.length = 0;
    service.folding(doc, (n) => notes.push(n));
    service.symbols(doc, (n) => notes.push(n));
    assert.deepEqual(notes, [undefined, undefined], 'under the default limit nothing is cut');
  });
});

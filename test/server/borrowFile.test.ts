// borrow_file over a real stdio connection to dist/server.js: a bad cell is a diagnostic on
// the key naming file, line and column; tickers without prices are a warning; fixing the
// file on disk clears the diagnostic.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { LspClient, Workspace, positionOf } from './lspClient';

const config = (file: string) => `{
  "data_dir": "../data",
  "use_case": "weights",
  "inputs": { "weights": { "2023-01-03": { "AAPL": 0.5, "MSFT": -0.5 } } },
  "borrow_file": "${file}"
}
`;

describe('language server: borrow_file', () => {
  let ws: Workspace;
  let c: LspClient;
  before(async () => {
    ws = new Workspace();
    c = await LspClient.start();
  });
  after(async () => {
    await c.stop();
    ws.dispose();
  });

  it('reports a bad rate at its cell, on the borrow_file value, and clears once fixed', async () => {
    const file = path.join(ws.dataDir, 'borrow.csv');
    writeFileSync(file, 'date,ticker,rate_annual,available_shares\n2023-01-02,MSFT,0.3,1000\n2023-01-02,AAPL,abc,\n');
    const text = config('borrow.csv');
    const uri = ws.config('borrow.backtest.jsonc', text);
    c.open(uri, text);
    const ds = await c.diagnostics(uri, (d) => d.some((x) => x.code === 'data-file-invalid'), 'borrow diagnostic');
    const d = ds.find((x) => x.code === 'data-file-invalid')!;
    assert.match(String(d.message), /Borrow file: .*borrow\.csv:3:17: rate_annual "abc" is not a rate/);
    assert.equal(d.range.start.line, positionOf(text, '"borrow.csv"').line);
    writeFileSync(file, 'date,ticker,rate_annual,available_shares\n2023-01-02,MSFT,0.3,1000\n2023-01-02,ZZZZ,0.1,\n');
    // The server may publish once while the rewritten file is still loading (no borrow
    // findings yet); wait for the state after the load: error gone, ZZZZ warned.
    const after = await c.diagnostics(
      uri,
      (x) => !x.some((y) => y.code === 'data-file-invalid') && x.some((y) => y.code === 'input-ticker-no-prices'),
      'cleared after the fix, ZZZZ warned',
    );
    const w = after.find((x) => x.code === 'input-ticker-no-prices' && /borrow rows are ignored/.test(String(x.message)));
    assert.ok(w, JSON.stringify(after));
    assert.match(String(w.message), /ZZZZ/);
  });
});

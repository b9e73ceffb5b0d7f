// Point-in-time sector mappings (valid_from / valid_to) over a real stdio connection to
// dist/server.js: a bad range is a diagnostic at its cell, and hovering a ticker shows
// its sector history.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { LspClient, Workspace, positionOf } from './lspClient';

const PIT =
  'ticker,sector,valid_from,valid_to\nAAPL,Technology,,2023-01-31\nAAPL,Communication Services,2023-02-01,\nMSFT,Technology,,\nJNJ,Healthcare,,\nPFE,Healthcare,,\n';

function config(mappingFile: string): string {
  return `{
  "data_dir": "../data",
  "sector_mapping_file": "${mappingFile}",
  "use_case": "weights",
  "inputs": { "weights": { "2023-01-03": { "AAPL": 0.5, "MSFT": -0.5 } } },
  "enable_sector_hedge": true
}
`;
}

describe('language server: point-in-time sector mapping', () => {
  let ws: Workspace;
  let c: LspClient;

  before(async () => {
    ws = new Workspace();
    writeFileSync(path.join(ws.dataDir, 'pit_mapping.csv'), PIT);
    // AAPL's two rows overlap on 2023-01-31 (both ends are inclusive).
    writeFileSync(path.join(ws.dataDir, 'overlap_mapping.csv'), PIT.replace('2023-02-01', '2023-01-31'));
    c = await LspClient.start();
  });
  after(async () => {
    await c.stop();
    ws.dispose();
  });

  it('accepts several rows per ticker and shows the sector history on hover', async () => {
    const text = config('pit_mapping.csv');
    const uri = ws.config('pit.backtest.jsonc', text);
    c.open(uri, text);
    const ready = () =>
      c.notifications.some(
        (n) =>
          n.method === 'backtest/dataStatus' &&
          (n.params as any).state === 'ready' &&
          (n.params as any).path === path.join(ws.dataDir, 'pit_mapping.csv'),
      );
    await c.until(() => (ready() ? true : undefined), 'mapping loaded');
    const ds = await c.diagnostics(uri);
    assert.equal(ds.filter((d) => d.severity === 1).length, 0, JSON.stringify(ds));
    // The price file loads on its own (after the mapping): wait for the hover a user sees once it has.
    const hoverAapl = async () => {
      const h = await c.request('textDocument/hover', { textDocument: { uri }, position: positionOf(text, '"AAPL"', 2) });
      const v = h.contents.value as string;
      return /not loaded yet/.test(v) ? undefined : v;
    };
    let md = '';
    for (let i = 0; i < 100 && !md; i++) md = (await hoverAapl()) ?? (await new Promise((r) => setTimeout(r, 50)), '');
    assert.match(md, /sector history/);
    assert.match(md, /\(open\) \.\. 2023-01-31: Technology/);
    assert.match(md, /2023-02-01 \.\. \(open\): Communication Services/);
    const m = await c.request('textDocument/hover', { textDocument: { uri }, position: positionOf(text, '"MSFT"', 2) });
    assert.match(m.contents.value, /\(open\) \.\. \(open\): Technology/);
  });

  it('reports overlapping ranges at the offending cell with the fix', async () => {
    const text = config('overlap_mapping.csv');
    const uri = ws.config('overlap.backtest.jsonc', text);
    c.open(uri, text);
    const ds = await c.diagnostics(uri, (d) => d.some((x) => /overlaps/.test(String(x.message))), 'overlap diagnostic');
    const d = ds.find((x) => /overlaps/.test(String(x.message)))!;
    assert.match(String(d.message), /overlap_mapping\.csv:3:29/);
    assert.match(String(d.message), /AAPL's range 2023-01-31\.\.\(open\) overlaps its range \(open\)\.\.2023-01-31 on line 2/);
    assert.match(String(d.message), /end the earlier row the day before/);
  });
});

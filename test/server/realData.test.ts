// The server against real S&P 500 data (read in place from ../shared, skipped when
// absent): XLC listed in June 2018, so a 2016 run's Communication Services hedge is
// flagged; completion and hover use the real 504-stock mapping and prices.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { LspClient, Workspace, positionOf } from './lspClient';

// ../shared sits beside the repository (developers and CI alike).
const REAL = path.resolve(__dirname, '../../../shared/data/real-sp500-2016-2021');
const skip = !existsSync(path.join(REAL, 'prices_full.csv')) && 'real data not present';

describe('real S&P 500 data', { skip }, () => {
  let ws: Workspace;
  let c: LspClient;
  let uri: string;
  const text = `{
  "data_dir": ${JSON.stringify(REAL)},
  "prices_file": "prices_full.csv",
  "sector_mapping_file": "sector_mapping_full.csv",
  "start_date": "2016-04-21",
  "end_date": "2021-04-21",
  "use_case": "orders",
  "inputs": { "orders": [
    { "date": "2016-04-21", "ticker": "AAPL", "quantity": 100 },
    { "date": "2016-04-21", "ticker": "GOOGL", "quantity": 10 }
  ] },
  "enable_sector_hedge": true,
  "sector_hedge_method": "etf",
  "sector_target_exposures": {  },
  "sector_etf_mapping": { "Technology": "XLK", "Communication Services": "XLC" }
}`;

  before(async () => {
    ws = new Workspace();
    c = await LspClient.start({}, REAL);
    uri = ws.config('real.backtest.jsonc', text);
    c.open(uri, text);
  });
  after(async () => {
    await c.stop();
    ws.dispose();
  });

  it('flags XLC, which starts trading two years into the run', async () => {
    const ds = await c.diagnostics(uri, (d) => d.some((x) => x.code === 'etf-coverage'), 'etf-coverage for XLC');
    const d = ds.find((x) => x.code === 'etf-coverage')!;
    assert.match(d.message as string, /XLC has prices only from 2018-06-21 to 2021-04-21/);
    assert.equal(d.range.start.line, positionOf(text, '"XLC"').line);
    assert.deepEqual(
      ds.filter((x) => x.severity === 1).map((x) => x.code),
      [],
    );
  });

  it('completes the eleven real sectors with their stock counts', async () => {
    // The 504-stock mapping loads in the background; ask again until it is ready.
    const ask = () =>
      c.request('textDocument/completion', { textDocument: { uri }, position: positionOf(text, '"sector_target_exposures": { ', 29) });
    let r = await ask();
    for (let i = 0; i < 100 && r.items.length < 11; i++) {
      await new Promise((res) => setTimeout(res, 200));
      r = await ask();
    }
    assert.equal(r.items.length, 11);
    assert.match(r.items.find((i: any) => i.label === 'Technology').detail, /^74 stocks · ETF XLK$/);
    // The explicit sector_etf_mapping replaces the SPDR default: Utilities has no ETF here.
    assert.match(r.items.find((i: any) => i.label === 'Utilities').detail, /^28 stocks · no ETF$/);
  });

  it('hovers XLC with its real listing date', async () => {
    const h = await c.request('textDocument/hover', { textDocument: { uri }, position: positionOf(text, '"XLC"', 2) });
    assert.match(h.contents.value, /prices: 2018-06-21 \.\. 2021-04-21/);
    assert.match(h.contents.value, /hedges: Communication Services/);
  });
});

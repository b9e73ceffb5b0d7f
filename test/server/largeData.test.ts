// A large price file (3,000 tickers x 2 years) is parsed off the request path: the
// server keeps answering while it loads, then validates against it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { LspClient, Workspace, positionOf } from './lspClient';

const TICKERS = 3000;
const DAYS = 504;

function writeLargeData(dir: string): void {
  const tickers = Array.from({ length: TICKERS }, (_, j) => `S${String(j).padStart(4, '0')}`);
  const header = ['date', ...tickers, 'XLK', 'SPY'].join(',');
  const rows: string[] = [header];
  const d = new Date(Date.UTC(2018, 0, 1));
  for (let i = 0; i < DAYS;) {
    const wd = d.getUTCDay();
    if (wd !== 0 && wd !== 6) {
      const cells = new Array<string>(TICKERS + 2);
      for (let j = 0; j < TICKERS + 2; j++) cells[j] = (50 + ((i * 7 + j * 13) % 997) / 10).toFixed(2);
      rows.push(`${d.toISOString().slice(0, 10)},${cells.join(',')}`);
      i++;
    }
    d.setUTCDate(d.getUTCDate() + 1);
  }
  writeFileSync(path.join(dir, 'prices.csv'), rows.join('\n') + '\n');
  const mapping = ['ticker,sector', ...tickers.map((t, j) => `${t},${j % 2 ? 'Technology' : 'Healthcare'}`)];
  writeFileSync(path.join(dir, 'sector_mapping.csv'), mapping.join('\n') + '\n');
}

describe('large data files', () => {
  let ws: Workspace;
  let c: LspClient;
  before(async () => {
    ws = new Workspace();
    writeLargeData(ws.dataDir);
    c = await LspClient.start({}, ws.dir);
  });
  after(async () => {
    await c.stop();
    ws.dispose();
  });

  it('answers requests while a 3,000-ticker price file loads, then validates against it', async () => {
    const text = `{
  "data_dir": "../data",
  "use_case": 3,
  "inputs": { "orders": [] },
  "enable_sector_hedge": true,
  "sector_target_exposures": { "Technology": 0.0, "Healthcare": 0.0 },
  "sector_etf_mapping": { "Technology": "XLK", "Healthcare": "XLV" }
}`;
    const uri = ws.config('large.backtest.jsonc', text);
    const pricesPath = path.join(ws.dataDir, 'prices.csv');
    const isReady = () =>
      c.notifications.some(
        (n) => n.method === 'backtest/dataStatus' && (n.params as any).path === pricesPath && (n.params as any).state === 'ready',
      );
    c.open(uri, text);
    await c.until(
      () =>
        c.notifications.some(
          (n) => n.method === 'backtest/dataStatus' && (n.params as any).path === pricesPath && (n.params as any).state === 'loading',
        )
          ? true
          : undefined,
      'loading status',
    );
    // While the worker parses, key hovers (no data needed) are answered.
    const hover = await c.request('textDocument/hover', { textDocument: { uri }, position: positionOf(text, '"use_case"', 2) });
    assert.match(hover.contents.value, /use_case/);
    const answeredBeforeReady = !isReady();
    assert.ok(answeredBeforeReady, 'the hover was answered before the price file finished loading');
    // Schema diagnostics are published without waiting for the data.
    await c.diagnostics(uri);
    const ds = await c.diagnostics(uri, (d) => d.some((x) => x.code === 'etf-no-prices'), 'etf-no-prices for XLV once loaded');
    assert.ok(isReady());
    assert.match(ds.find((d) => d.code === 'etf-no-prices')!.message as string, /XLV/);
    const status = c.notifications.find(
      (n) => n.method === 'backtest/dataStatus' && (n.params as any).path === pricesPath && (n.params as any).state === 'ready',
    )!.params as any;
    assert.match(status.summary, /504 days x 3002 tickers/);
    const items = await c.request('textDocument/completion', { textDocument: { uri }, position: positionOf(text, '"XLK"', 1) });
    // 3,002 tickers are too many for one response: a capped list, ETFs first, asked again as the user types.
    assert.equal(items.items.length, 200);
    assert.equal(items.isIncomplete, true);
    assert.deepEqual(
      items.items.slice(0, 2).map((i: any) => i.label),
      ['XLK', 'SPY'],
    );
    const typed = await c.request('textDocument/completion', { textDocument: { uri }, position: positionOf(text, '"XLK"', 3) });
    const labels: string[] = typed.items.map((i: any) => i.label);
    assert.ok(labels.includes('XLK') && labels.every((l) => l.toUpperCase().startsWith('XL')), labels.join(','));
  });
});

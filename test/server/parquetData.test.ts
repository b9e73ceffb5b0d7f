// The language server over a real stdio connection with a Parquet-backed config and its
// CSV twin (same prices and mapping; the Parquet files from the sample generator and from
// DuckDB): the same completions, diagnostics and hovers, and go-to-definition into a
// Parquet file opens its schema summary at the ticker's or sector's line.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { URI } from 'vscode-uri';
import { LspClient, positionOf } from './lspClient';
import { duck, lit } from '../helpers/duck';

const ROOT = path.resolve(__dirname, '..', '..');
const S = path.join(ROOT, 'sample_data');

const config = (prices: string, mapping: string) => `{
  "name": "twin",
  "data_dir": "../data",
  "prices_file": "${prices}",
  "sector_mapping_file": "${mapping}",
  "use_case": 2,
  "inputs": { "signals": "../data/signals.csv" },
  "start_date": "2019-04-01",
  "enable_sector_hedge": true,
  "sector_hedge_method": "etf",
  "sector_target_exposures": { "Technology": 0.0, "Helthcare": 0.0 },
  "sector_etf_mapping": { "Technology": "XLK", "Healthcare": "XLVV" },
  "beta_hedge_instrument": "SPY"
}
`;
const CSV = config('prices.csv', 'sector_mapping.csv');
const PARQUET = config('prices.parquet', 'sector_mapping.parquet');
/** The Parquet answers with the file names swapped back, to compare with the CSV twin's. */
const asCsv = (v: unknown) =>
  JSON.parse(
    JSON.stringify(v)
      .replace(/prices\.parquet/g, 'prices.csv')
      .replace(/sector_mapping\.parquet/g, 'sector_mapping.csv')
      .replace(/parquet\.backtest/g, 'csv.backtest'),
  );

describe('language server with Parquet data', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lsp-parquet-'));
  const data = path.join(dir, 'data'),
    configs = path.join(dir, 'configs');
  let c: LspClient;
  let csvUri: string, pqUri: string;

  before(async () => {
    mkdirSync(data);
    mkdirSync(configs);
    for (const f of ['prices.csv', 'prices.parquet', 'sector_mapping.csv', 'signals.csv'])
      copyFileSync(path.join(S, f), path.join(data, f));
    await duck(
      `COPY (SELECT * FROM read_csv(${lit(path.join(S, 'sector_mapping.csv'))}, header = true)) TO ${lit(path.join(data, 'sector_mapping.parquet'))} (FORMAT parquet)`,
    );
    c = await LspClient.start({}, dir);
    const open = async (name: string, text: string) => {
      const file = path.join(configs, name);
      writeFileSync(file, text);
      const u = URI.file(file).toString();
      c.open(u, text);
      return u;
    };
    csvUri = await open('csv.backtest.jsonc', CSV);
    pqUri = await open('parquet.backtest.jsonc', PARQUET);
    const ready = (f: string) =>
      c.notifications.some(
        (n) =>
          n.method === 'backtest/dataStatus' &&
          (n.params as { state: string; path: string }).state === 'ready' &&
          (n.params as { path: string }).path === path.join(data, f),
      );
    await c.until(
      () => (['prices.csv', 'prices.parquet', 'sector_mapping.csv', 'sector_mapping.parquet'].every(ready) ? true : undefined),
      'data files loaded',
      60_000,
    );
  });

  after(async () => {
    await c?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const at = (uri: string, text: string, needle: string, delta: number) => ({
    textDocument: { uri },
    position: positionOf(text, needle, delta),
  });

  it('offers the same ticker and sector completions as the CSV twin', async () => {
    for (const [needle, delta, what] of [
      ['"XLK"', 1, 'ETF tickers'],
      ['"SPY"', 1, 'beta instrument'],
      ['"Technology": 0.0', 1, 'sector names'],
      ['"Healthcare": "XLVV"', 1, 'ETF mapping sectors'],
    ] as const) {
      const a = await c.request('textDocument/completion', at(csvUri, CSV, needle, delta));
      const b = await c.request('textDocument/completion', at(pqUri, PARQUET, needle, delta));
      const items = (r: any) => (Array.isArray(r) ? r : r.items) as { label: string }[];
      assert.ok(items(a).length > 5, `${what}: the CSV config offers completions`);
      assert.deepEqual(asCsv(items(b)), items(a), `${what}: same items`);
    }
    const tickers = await c.request('textDocument/completion', at(pqUri, PARQUET, '"XLK"', 1));
    const labels = ((Array.isArray(tickers) ? tickers : tickers.items) as { label: string }[]).map((i) => i.label);
    assert.ok(labels.includes('XLV') && labels.includes('XLC'), `tickers from prices.parquet: ${labels.slice(0, 10).join(', ')}`);
  });

  it('reports the same diagnostics (unknown sector, ticker without prices) as the CSV twin', async () => {
    const a = await c.diagnostics(csvUri, (d) => d.length > 0);
    const b = await c.diagnostics(pqUri, (d) => d.length > 0);
    const codes = a.map((d) => String(d.code));
    assert.ok(codes.includes('unknown-sector'), codes.join(', '));
    assert.ok(
      a.some((d) => /XLVV/.test(String(d.message))),
      'the ticker without prices is reported',
    );
    assert.deepEqual(asCsv(b), a);
  });

  it('hovers a ticker with its range and last price from the Parquet file', async () => {
    const a = await c.request('textDocument/hover', at(csvUri, CSV, '"XLK"', 2));
    const b = await c.request('textDocument/hover', at(pqUri, PARQUET, '"XLK"', 2));
    assert.match(b.contents.value, /prices: 2019-01-02 \.\. 2023-12-29 in prices\.parquet/);
    assert.match(b.contents.value, /last price: [\d,.]+ on 2023-12-29/);
    assert.deepEqual(asCsv(b), a);
  });

  it("go-to-definition on a ticker or sector opens the Parquet file's schema summary at its line", async () => {
    const csvDef = await c.request('textDocument/definition', at(csvUri, CSV, '"XLK"', 2));
    assert.ok(csvDef[0].targetUri.endsWith('/prices.csv'));
    const [t] = await c.request('textDocument/definition', at(pqUri, PARQUET, '"XLK"', 2));
    const file = URI.parse(t.targetUri).fsPath;
    assert.ok(existsSync(file) && !file.startsWith(data), `summary written outside the data folder: ${file}`);
    const lines = readFileSync(file, 'utf8').split('\n');
    assert.match(lines[0], /prices\.parquet: prices \(Parquet/);
    assert.ok(lines.some((l) => /^ {2}date: DATE/.test(l)) && lines.some((l) => /^ {2}close: DOUBLE/.test(l)), 'schema listed');
    assert.match(lines[t.targetRange.start.line], /^XLK\s+2019-01-02 \.\. 2023-12-29\s+[\d,.]+$/);
    assert.equal(lines[t.targetRange.start.line].slice(t.targetRange.start.character, t.targetRange.end.character), 'XLK');
    const [s] = await c.request('textDocument/definition', at(pqUri, PARQUET, '"Technology": 0.0', 3));
    const mlines = readFileSync(URI.parse(s.targetUri).fsPath, 'utf8').split('\n');
    assert.match(mlines[s.targetRange.start.line], /^ {2}Technology: MSFT, /);
  });
});

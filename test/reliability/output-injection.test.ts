// Issue 13, class 6: data strings reach spreadsheets, terminals, the report and the panel.
// Every CSV cell goes through one formula-neutralising encoder (engine/results/csvCell.ts),
// and control / bidi characters are shown as visible escapes wherever data is displayed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CLI, ensureBuilt, tempDir } from '../cli/helpers';
import { csvCell } from '../../engine/results/csvCell';
import { csvField } from '../../webview/trades';
import { resultsToFiles } from '../../client/exportFiles';
import { displaySafe, quoteData } from '../../engine/text/safeText';
import { validateConfigText, createSyncDataAccess } from '../../engine/validate';
import { BacktestConfig } from '../../engine/config';
import { Backtester } from '../../engine/backtest';
import type { ResultsJson } from '../../engine/types';
import { parseLongPricesCsv } from '../../engine/data/pricesLong';

const FORMULA = '=HYPERLINK("http://evil.example","x")';
const ESCAPES = 'EV\u001b]0;pwned\u0007IL\u202eX';
// eslint-disable-next-line no-control-regex
const RAW_UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

let dir: string;
let config: string;

before(() => {
  ensureBuilt();
  dir = tempDir('injection');
  const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const days = ['2023-01-02', '2023-01-03', '2023-01-04', '2023-01-05', '2023-01-06'];
  writeFileSync(
    path.join(dir, 'prices.csv'),
    `date,${q(FORMULA)},AAA,XLK,SPY\n${days.map((d, i) => `${d},${10 + i},${20 - i},${50 + i},${100 + i}`).join('\n')}\n`,
  );
  writeFileSync(path.join(dir, 'sector_mapping.csv'), `ticker,sector\n${q(FORMULA)},Technology\nAAA,Technology\n`);
  writeFileSync(
    path.join(dir, 'signals.csv'),
    `date,ticker,signal\n2023-01-02,${q(FORMULA)},1\n2023-01-02,AAA,-0.5\n2023-01-02,${ESCAPES},1\n`,
  );
  config = path.join(dir, 'c.backtest.jsonc');
  writeFileSync(
    config,
    JSON.stringify({
      data_dir: '.',
      use_case: 2,
      inputs: { signals: 'signals.csv' },
      enable_sector_hedge: true,
      sector_etf_mapping: { Technology: 'XLK' },
      execution_delay_days: 0,
    }),
  );
});
after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('one CSV encoder: formulas are neutralised, plain numbers as text are not', () => {
  assert.equal(csvCell(FORMULA), `"'=HYPERLINK(""http://evil.example"",""x"")"`);
  for (const s of ['+cmd', '-2+3', '@SUM(A1)', '\t=1', '\r=1']) assert.ok(csvCell(s).replace(/^"/, '').startsWith("'"), s);
  for (const s of ['-3', '+1.5e3', '0.25', 'AAPL', '2023-01-03']) assert.equal(csvCell(s), s);
  assert.equal(csvCell(NaN), '');
  assert.equal(csvCell(-0.5), '-0.5');
  // The panel's own CSV (trades table, positions) uses the same encoder.
  assert.equal(csvField(FORMULA), csvCell(FORMULA));
});

test('--out CSVs and the panel Export neutralise a formula ticker the same way', { timeout: 60_000 }, () => {
  const out = path.join(dir, 'out');
  const r = spawnSync(process.execPath, [CLI, 'run', config, '--out', out, '--force', '--json'], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(r.status, 0, r.stderr);
  const trades = readFileSync(path.join(out, 'trades.csv'), 'utf8');
  assert.ok(trades.includes(`"'=HYPERLINK(""http://evil.example"",""x"")"`), trades);
  assert.ok(!/(^|,)"?=HYPERLINK/m.test(trades), 'a raw formula cell reached trades.csv');
  const positions = readFileSync(path.join(out, 'positions.csv'), 'utf8');
  assert.ok(!/(^|,)"?=HYPERLINK/m.test(positions));
  // Export from the panel: the same cells.
  const cfg = BacktestConfig.fromFile(config);
  const results = new Backtester(cfg, cfg.createDataManager()).run().toJSON() as ResultsJson;
  const exported = resultsToFiles(results).find((f) => f.name === 'trades.csv')!.content;
  assert.ok(exported.includes(`"'=HYPERLINK(""http://evil.example"",""x"")"`));
});

test('the CLI never prints a raw control or bidi character from data, in text or JSON output', { timeout: 60_000 }, () => {
  for (const args of [
    ['run', config, '--force'],
    ['run', config, '--force', '--json'],
    ['validate', config],
    ['validate', config, '--json'],
  ]) {
    const r = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    const all = r.stdout + r.stderr;
    assert.match(all, /EV\\+u001b/i, `${args.join(' ')}: the hostile ticker is not shown at all: ${all}`);
    assert.doesNotMatch(all, RAW_UNSAFE, `${args.join(' ')} printed a raw control/bidi character`);
    if (args.includes('--json')) {
      // Still valid JSON holding the original value (the escapes are JSON's own).
      assert.doesNotThrow(() => JSON.parse(r.stdout));
    }
  }
});

test('diagnostics (editor and CLI) and display text escape control and bidi characters', async () => {
  const diags = await validateConfigText(readFileSync(config, 'utf8'), config, createSyncDataAccess());
  const about = diags.filter((d) => d.message.includes('EV'));
  assert.ok(about.length > 0);
  for (const d of about) assert.doesNotMatch(d.message, RAW_UNSAFE, d.message);
  // The panel and the report render through webview/dom.ts, which applies displaySafe (browser test: test/webview/browser.test.ts).
  assert.equal(displaySafe(`signal for ${ESCAPES}`), 'signal for EV\\u001B]0;pwned\\u0007IL\\u202EX');
  assert.equal(quoteData('a\nb'), 'a\\u000Ab');
  assert.equal(displaySafe('tab\tand\nnewline kept, Ünïcödé and العربية too'), 'tab\tand\nnewline kept, Ünïcödé and العربية too');
});

test('a long-form price file quotes a bad date cell escaped and cut short, as the other loaders do', () => {
  const cell = ESCAPES + 'x'.repeat(5000);
  const text = `date,ticker,close\n2023-01-03,AAA,10\n${cell},AAA,11\n`;
  const err = (() => {
    try {
      parseLongPricesCsv(text, 'long.csv');
    } catch (e) {
      return e as Error & { code?: string; detail?: string };
    }
    assert.fail('a bad date was accepted');
  })();
  assert.equal(err.code, 'invalid-date');
  assert.ok(!RAW_UNSAFE.test(err.message), `raw control or bidi character in: ${JSON.stringify(err.message.slice(0, 120))}`);
  assert.ok(err.message.length < 600, `the message quotes the whole ${cell.length}-character cell (${err.message.length} chars)`);
  assert.match(err.message, /long\.csv:3:1/);
});

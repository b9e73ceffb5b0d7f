// Bad input gives one clear message naming file:line:col and the fix, exit code 2, no stack trace.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SAMPLES, STACK_LINE, cli, ensureBuilt, lineColOf, tempDir } from './helpers';

/** A small copy of the sample data (first 80 days) with an optional edit to prices.csv. */
function smallData(edit?: (lines: string[]) => void): string {
  const dir = tempDir('cli-data');
  const lines = readFileSync(path.join(SAMPLES, 'prices.csv'), 'utf8').split('\n').slice(0, 81);
  edit?.(lines);
  writeFileSync(path.join(dir, 'prices.csv'), lines.join('\n') + '\n');
  writeFileSync(path.join(dir, 'sector_mapping.csv'), readFileSync(path.join(SAMPLES, 'sector_mapping.csv')));
  writeFileSync(path.join(dir, 'orders.csv'), 'date,ticker,quantity\n2019-01-03,MSFT,100\n2019-01-03,JNJ,-50\n');
  return dir;
}

function writeConfig(dir: string, text: string): string {
  const file = path.join(dir, 'test.backtest.jsonc');
  writeFileSync(file, text);
  return file;
}

const GOOD = `{
  // orders on a tiny data set
  "use_case": "orders",
  "inputs": { "orders": "orders.csv" },
  "enable_sector_hedge": true
}
`;

describe('CLI errors', () => {
  before(() => ensureBuilt());

  it('a bad CSV cell names prices.csv:line:col and the fix, exit 2', () => {
    let line = 0,
      column = 0;
    const dir = smallData((lines) => {
      // Line 42 of the file (index 41), the MSFT cell (second column).
      const cells = lines[41].split(',');
      cells[1] = 'abc';
      lines[41] = cells.join(',');
      line = 42;
      column = lines[41].indexOf('abc') + 1;
    });
    const r = cli(['run', writeConfig(dir, GOOD)]);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.ok(r.stderr.includes(`prices.csv:${line}:${column}`), r.stderr);
    assert.match(r.stderr, /abc/);
    assert.match(r.stderr, /fix/i);
    assert.doesNotMatch(r.stderr, STACK_LINE);
    assert.equal(r.stdout, '');
  });

  it('--format takes PARQUET as parquet; an unknown format is a usage error naming what was typed', () => {
    const dir = smallData();
    const config = writeConfig(dir, GOOD),
      out = path.join(dir, 'out');
    const ok = cli(['run', config, '--out', out, '--format', 'PARQUET']);
    assert.equal(ok.code, 0, ok.stderr);
    assert.ok(existsSync(path.join(out, 'trades.parquet')), 'trades.parquet written');
    const bad = cli(['run', config, '--out', out, '--format', 'Feather']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--format must be csv or parquet, not "Feather"/);
  });

  it('a missing config file is a clear error', () => {
    const r = cli(['run', 'sample_data/configs/no-such.backtest.jsonc']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /config file not found: sample_data\/configs\/no-such\.backtest\.jsonc/);
    assert.match(r.stderr, /fix: /);
    assert.doesNotMatch(r.stderr, STACK_LINE);
    for (const cmd of ['validate', 'compare']) assert.equal(cli([cmd, 'nope.jsonc']).code, 2);
  });

  it('broken JSONC names the config file, line and column', () => {
    const dir = smallData();
    const text = GOOD.replace('"use_case": "orders",', '"use_case": "orders"');
    const file = writeConfig(dir, text);
    const r = cli(['run', file]);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /test\.backtest\.jsonc:\d+:\d+/);
    assert.doesNotMatch(r.stderr, STACK_LINE);
  });

  it('an unknown config key names the nearest valid key and where it is', () => {
    const dir = smallData();
    const text = GOOD.replace('"enable_sector_hedge"', '"enable_sector_hegde"');
    const file = writeConfig(dir, text);
    const r = cli(['run', file]);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /enable_sector_hedge/);
    const { line } = lineColOf(text, 'enable_sector_hegde');
    assert.ok(r.stderr.includes(`test.backtest.jsonc:${line}:`), r.stderr);
    assert.doesNotMatch(r.stderr, STACK_LINE);
  });

  it('a missing data file names the path it looked for', () => {
    const dir = smallData();
    const file = writeConfig(dir, GOOD.replace('"use_case"', '"prices_file": "missing.csv",\n  "use_case"'));
    const r = cli(['run', file]);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /missing\.csv/);
    assert.doesNotMatch(r.stderr, STACK_LINE);
  });

  it('unknown commands suggest the right one; no command prints help', () => {
    const r = cli(['valdate', 'x']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /did you mean 'validate'/);
    const none = cli([]);
    assert.equal(none.code, 2);
    assert.match(none.stdout, /usage: backtest <command>/);
  });
});

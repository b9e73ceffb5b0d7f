// Seen from the terminal: run refuses what validate rejects (unless
// --force), one wording for config syntax errors, duplicate keys, formatting.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { SAMPLES, cli, ensureBuilt, tempDir } from './helpers';
import { fixed, int, money, num, pct, times } from '../../common/format';
import { countSummary } from '../../cli/commands/validate';

/** A sentence ending in ".." (date ranges like 2019-01-02..2023 and "..." are fine). */
const DOUBLE_PERIOD = /[A-Za-z)"']\.\.(\s|$)/m;

const DATA = SAMPLES.replace(/\\/g, '/');

function writeConfig(name: string, body: string | Buffer): string {
  const file = path.join(tempDir('cli-fix'), name);
  writeFileSync(file, body);
  return file;
}

const base = (extra: string) =>
  `{ "data_dir": "${DATA}", "use_case": 2, "inputs": { "signals": "${DATA}/signals.csv" }, "enable_sector_hedge": true${extra} }`;

describe('run and compare validate first', () => {
  before(() => ensureBuilt());

  it("run refuses a config with validator errors (exit 2, validate's format, --force hint); --force runs it", () => {
    const file = writeConfig('sector.backtest.jsonc', base(', "sector_target_exposures": { "Tecnology": 0.1 }'));
    const v = cli(['validate', file]);
    assert.equal(v.code, 1);
    const r = cli(['run', file]);
    assert.equal(r.code, 2, r.stdout);
    assert.match(
      r.stderr,
      /sector\.backtest\.jsonc:1:\d+ error Sector "Tecnology" is not in sector_mapping\.csv\. Did you mean "Technology"\?.*\[unknown-sector\]/,
    );
    assert.match(r.stderr, /--force/);
    assert.equal(r.stdout, '', 'nothing is run');
    const forced = cli(['run', file, '--force']);
    assert.equal(forced.code, 0, forced.stderr);
    assert.match(forced.stdout, /Sharpe ratio/);
    const cmp = cli(['compare', file]);
    assert.equal(cmp.code, 2);
    assert.match(cmp.stderr, /\[unknown-sector\]/);
  });

  it('every sample config validates clean, so run still runs them', () => {
    for (const name of [
      'neutral-etf',
      'proportional',
      'tactical-tilt',
      'vanguard',
      'tech-industry',
      'beta-sector',
      'dynamic-targets',
      'orders',
      'weights',
    ]) {
      const v = cli(['validate', path.join(SAMPLES, 'configs', `${name}.backtest.jsonc`), '--json']);
      assert.equal(JSON.parse(v.stdout).errors, 0, `${name}: ${v.stdout}`);
    }
  });
});

describe('config syntax errors: one wording in run and validate', () => {
  before(() => ensureBuilt());

  const cases: [string, string | Buffer, RegExp][] = [
    ['malformed', base('').replace(', "inputs"', '\n "inputs"'), /JSON syntax error: Expected comma\./],
    ['empty', '', /The config file is empty; it must be a JSON object\./],
    ['binary', Buffer.from([0x50, 0x4b, 3, 4, 0, 0, 1, 2]), /This is a binary file/],
  ];
  for (const [name, body, message] of cases) {
    it(`${name}: validate and run --force show the same message, each with a fix`, () => {
      const file = writeConfig(`${name}.backtest.jsonc`, body);
      const v = cli(['validate', file]);
      assert.equal(v.code, 1, v.stdout);
      assert.match(v.stdout, message);
      assert.match(v.stdout, /Fix: \S/);
      assert.doesNotMatch(v.stdout, DOUBLE_PERIOD, 'no double periods');
      const r = cli(['run', file, '--force']);
      assert.equal(r.code, 2);
      assert.match(r.stderr, message);
      assert.match(r.stderr, /\n {2}fix: \S/);
      assert.doesNotMatch(r.stderr, /CommaExpected|ValueExpected|InvalidSymbol/);
      assert.doesNotMatch(r.stderr, DOUBLE_PERIOD);
      // Without --force, run prints the validator's lines.
      assert.match(cli(['run', file]).stderr, message);
    });
  }
});

describe('duplicate keys', () => {
  before(() => ensureBuilt());

  it('validate and run both report the last copy (position and value agree)', () => {
    const file = writeConfig('dup.backtest.jsonc', base('').replace('"use_case": 2,', '"use_case": 2,\n "use_case": 5,'));
    const v = cli(['validate', file]);
    assert.match(
      v.stdout,
      /dup\.backtest\.jsonc:2:2 warning Duplicate key "use_case" \(first on line 1\): the last one wins, so 5 is used/,
    );
    assert.match(v.stdout, /dup\.backtest\.jsonc:2:14 error use_case: 5 is not allowed/);
    const r = cli(['run', file, '--force']);
    assert.match(r.stderr, /dup\.backtest\.jsonc:2:14: use_case: 5 is not allowed/);
  });
});

describe('formatting', () => {
  it('never prints a negative zero or "n/ax"', () => {
    assert.equal(pct(-1.6e-5), '0.00%');
    assert.equal(num(-0.001), '0.00');
    assert.equal(fixed(-0.004, 2), '0.00');
    assert.equal(pct(-0.0123), '-1.23%');
    assert.equal(times(NaN), 'n/a');
    assert.equal(times(1.234), '1.23x');
    assert.equal(money(-0.001), '$0.00');
    assert.equal(int(-0.2), '0');
  });

  it('the validate summary counts info lines too', () => {
    assert.equal(countSummary([{ severity: 'warning' }, { severity: 'info' }]), '0 errors, 1 warning, 1 info');
    assert.equal(countSummary([{ severity: 'error' }]), '1 error, 0 warnings');
  });
});

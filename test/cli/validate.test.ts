// `backtest validate`: diagnostics as file:line:col severity message [code], exit codes.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SAMPLES, cli, config, ensureBuilt, lineColOf, tempDir } from './helpers';

describe('backtest validate', () => {
  before(() => ensureBuilt());

  it("finds the walkthrough's misspelt sector at its line:col and exits 1", () => {
    const file = path.join(SAMPLES, 'walkthrough', 'fix-me.backtest.jsonc');
    const { line, column } = lineColOf(readFileSync(file, 'utf8'), '"Tecnology"');
    const r = cli(['validate', 'sample_data/walkthrough/fix-me.backtest.jsonc']);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    const hit = r.stdout.split('\n').find((l) => l.includes('Tecnology'));
    assert.ok(hit, `a diagnostic names Tecnology:\n${r.stdout}`);
    // The key itself, or its text just inside the quote.
    const m = /^sample_data\/walkthrough\/fix-me\.backtest\.jsonc:(\d+):(\d+) error .*\[[\w-]+\]$/.exec(hit!);
    assert.ok(m, `file:line:col severity message [code]: ${hit}`);
    assert.equal(Number(m![1]), line);
    assert.ok(Math.abs(Number(m![2]) - column) <= 1, `column ${m![2]} vs ${column}`);
    assert.match(hit!, /Technology/, 'suggests the right sector');
    assert.match(r.stdout, /1 error/);
  });

  it('exits 0 on every sample config (warnings allowed, no errors)', () => {
    for (const name of ['neutral-etf', 'tech-industry', 'dynamic-targets', 'weights']) {
      const r = cli(['validate', config(name)]);
      assert.equal(r.code, 0, `${name}: ${r.stdout}${r.stderr}`);
      assert.doesNotMatch(r.stdout, /:\d+:\d+ error /);
    }
  });

  it('says "no problems" on a clean file', () => {
    const dir = tempDir('cli-validate');
    const file = path.join(dir, 'clean.backtest.jsonc');
    writeFileSync(
      file,
      JSON.stringify(
        {
          data_dir: path.join(SAMPLES),
          start_date: '2022-01-03',
          end_date: '2022-12-30',
          use_case: 2,
          inputs: { signals: path.join(SAMPLES, 'signals.csv') },
          enable_sector_hedge: true,
          sector_hedge_method: 'etf',
          sector_target_exposures: {
            Technology: 0,
            Healthcare: 0.05,
            Financials: 0,
            Energy: 0,
            'Consumer Discretionary': 0,
            'Consumer Staples': 0,
            Industrials: 0,
            Materials: 0,
            'Real Estate': 0,
            Utilities: 0,
            'Communication Services': -0.05,
          },
        },
        null,
        2,
      ),
    );
    const r = cli(['validate', file]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /no problems/);
    assert.equal(cli(['validate', config('orders')]).stdout.trim(), 'sample_data/configs/orders.backtest.jsonc: no problems');
  });

  it('--json lists the diagnostics with 1-based positions', () => {
    const r = cli(['validate', path.join(SAMPLES, 'walkthrough', 'fix-me.backtest.jsonc'), '--json']);
    assert.equal(r.code, 1);
    const j = JSON.parse(r.stdout);
    assert.equal(j.errors, j.diagnostics.filter((d: { severity: string }) => d.severity === 'error').length);
    const d = j.diagnostics.find((x: { message: string }) => x.message.includes('Tecnology'));
    assert.ok(d.line > 1 && d.column > 1);
  });
});

// `backtest run`: the summary a user reads, the --out files of the spec, --json, --html.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { CLI, ROOT, cli, config, ensureBuilt, STACK_LINE, tempDir } from './helpers';

const SPEC_COLUMNS: Record<string, string> = {
  'equity.csv': 'date,equity,cash,long_value,short_value,stock_value,hedge_value,daily_return',
  'trades.csv': 'date,ticker,quantity,price,notional,commission,slippage,reason',
  'positions.csv': 'date,ticker,shares,price,value',
  'exposures.csv': 'date,sector,pre_hedge,post_hedge,target',
  'beta.csv': 'date,pre_hedge_beta,post_hedge_beta',
  'attribution.csv': 'date,stock_specific,sector,sector_hedge,beta_hedge,costs,borrow,interest,total,equity_change',
};

describe('backtest run', () => {
  before(() => ensureBuilt());

  it("prints a summary and writes the spec's files with their columns", () => {
    const out = path.join(tempDir('cli-run'), 'results');
    const r = cli(['run', config('neutral-etf'), '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    for (const label of [
      'Sharpe ratio',
      'Max drawdown',
      'Realised beta',
      'Mean |sector exposure error|',
      'rebalance',
      'sector_hedge',
      'Stocks',
      'Hedges',
      'Warnings',
      'Wrote:',
    ]) {
      assert.ok(r.stdout.includes(label), `summary shows "${label}":\n${r.stdout}`);
    }
    // XLC lists part-way through the sample: the run reports it rather than failing.
    assert.match(r.stdout, /XLC|Communication Services/);
    for (const [file, header] of Object.entries(SPEC_COLUMNS)) {
      const text = readFileSync(path.join(out, file), 'utf8');
      assert.equal(text.split(/\r?\n/)[0], header, `${file} header`);
      assert.ok(text.split('\n').length > 100, `${file} has rows`);
      assert.ok(r.stdout.includes(file), `summary lists ${file}`);
    }
    const metrics = JSON.parse(readFileSync(path.join(out, 'metrics.json'), 'utf8'));
    assert.equal(typeof JSON.stringify(metrics), 'string');
    const trades = readFileSync(path.join(out, 'trades.csv'), 'utf8');
    assert.match(trades, /,XLK,.*,sector_hedge/);
    // Nothing but the spec's files is left behind (no temp files).
    assert.deepEqual(readdirSync(out).sort(), [...Object.keys(SPEC_COLUMNS), 'metrics.json'].sort());
    // No progress bar noise when stderr is not a terminal.
    assert.doesNotMatch(r.stderr, /\[#+/);
  });

  it('--json prints parseable JSON with metrics, trade counts, warnings and meta', () => {
    const r = cli(['run', config('orders'), '--json']);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.equal(typeof j.metrics.sharpeRatio, 'number');
    assert.equal(typeof j.metrics.totalCosts.hedges, 'number');
    assert.ok(j.tradeCounts.order > 0, 'use case 3 trades orders');
    assert.ok(j.tradeCounts.sector_hedge > 0, 'and hedges them');
    assert.ok(Array.isArray(j.warnings));
    assert.equal(j.meta.name, 'Use case 3: quarterly orders');
    assert.equal(j.meta.hedgeMethod, 'etf');
  });

  it('--no-positions skips positions.csv', () => {
    const out = tempDir('cli-nopos');
    const r = cli(['run', config('orders'), '--out', out, '--no-positions']);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(existsSync(path.join(out, 'equity.csv')));
    assert.ok(!existsSync(path.join(out, 'positions.csv')));
  });

  it('--html writes a self-contained report, or says clearly that the bundle is missing', () => {
    const file = path.join(tempDir('cli-html'), 'report.html');
    const r = cli(['run', config('orders'), '--html', file]);
    if (existsSync(path.join(path.dirname(CLI), 'webview.js'))) {
      assert.equal(r.code, 0, r.stderr);
      const html = readFileSync(file, 'utf8');
      assert.match(html, /<script type="application\/json" id="results-data"/);
      assert.ok(html.includes('Use case 3: quarterly orders'));
      assert.doesNotMatch(html, /<script[^>]+src=/, 'no external scripts');
    } else {
      assert.equal(r.code, 2);
      assert.match(r.stderr, /webview\.js is missing[\s\S]*npm run build/);
      assert.ok(!existsSync(file));
    }
  });

  it('--help documents the options; an unknown option suggests the right one', () => {
    const h = cli(['run', '--help']);
    assert.equal(h.code, 0);
    for (const f of ['--out DIR', '--json', '--html FILE', '--no-positions']) assert.ok(h.stdout.includes(f), f);
    const bad = cli(['run', config('orders'), '--ouf', 'x']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /unknown option --ouf \(did you mean --out\?\)/);
    assert.doesNotMatch(bad.stderr, STACK_LINE);
  });

  it('runs from another working directory (paths are relative to the config file)', () => {
    const r = cli(['run', path.relative(ROOT, config('orders')), '--json'], { cwd: ROOT });
    assert.equal(r.code, 0, r.stderr);
    const elsewhere = cli(['run', config('orders'), '--json'], { cwd: tempDir('cwd') });
    assert.equal(elsewhere.code, 0, elsewhere.stderr);
    assert.equal(JSON.parse(elsewhere.stdout).metrics.totalReturn, JSON.parse(r.stdout).metrics.totalReturn);
  });
});

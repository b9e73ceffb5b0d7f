// Issue 13, class 2: runs that go bankrupt or absurd must not print normal-looking metrics.
// Each example of the issue, through the built CLI as a user runs it: a one-day 1,000x price
// typo, a weight of 1e6 (use case 1), an order of 1e15 shares, min_commission 1e300, and an
// expression target that evaluates to 79. Then the config choices: on_bankruptcy "continue"
// (every metric invalid in the summary, --json and metrics.json) and on_target_out_of_range
// "clamp" (a warning).
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SAMPLES, STACK_LINE, cli, ensureBuilt, tempDir } from './helpers';

let dir: string;
const TYPO_DAY = '2023-06-01';

/** Writes NAME.backtest.jsonc in the temp folder: a short MSFT / long NVDA order book on the sample data. */
function configFile(name: string, over: Record<string, unknown>): string {
  const cfg = {
    name,
    initial_cash: 1_000_000,
    start_date: '2023-01-03',
    end_date: '2023-12-29',
    data_dir: '.',
    use_case: 'orders',
    inputs: {
      orders: [
        { date: '2023-01-03', ticker: 'MSFT', quantity: -10000 },
        { date: '2023-01-03', ticker: 'NVDA', quantity: 5000 },
      ],
    },
    enable_sector_hedge: true,
    sector_hedge_method: 'etf',
    bootstrap_samples: 0,
    ...over,
  };
  const file = path.join(dir, `${name}.backtest.jsonc`);
  writeFileSync(file, JSON.stringify(cfg, null, 2));
  return file;
}

function run(file: string, ...extra: string[]) {
  const r = cli(['run', file, ...extra], { cwd: dir });
  assert.doesNotMatch(r.stderr, STACK_LINE);
  assert.doesNotMatch(r.stderr, /internal error|looks like a bug/);
  return r;
}

before(() => {
  ensureBuilt();
  dir = tempDir('absurd-runs');
  for (const f of ['prices.csv', 'sector_mapping.csv', 'signals.csv']) copyFileSync(path.join(SAMPLES, f), path.join(dir, f));
  // The typo: MSFT at 1,000x its price for one day, then back.
  const rows = readFileSync(path.join(SAMPLES, 'prices.csv'), 'utf8').split('\n');
  const j = rows[0].split(',').indexOf('MSFT');
  const fixed = rows.map((line) => {
    if (!line.startsWith(TYPO_DAY)) return line;
    const cells = line.split(',');
    cells[j] = String(Number(cells[j]) * 1000);
    return cells.join(',');
  });
  writeFileSync(path.join(dir, 'prices_typo.csv'), fixed.join('\n'));
});

describe('absurd runs get a clear error or warning, never normal-looking metrics', () => {
  it('a one-day 1,000x price typo that bankrupts a short stops the run naming the day and the ticker', () => {
    const r = run(configFile('typo', { prices_file: 'prices_typo.csv' }));
    assert.equal(r.code, 2, r.stdout);
    assert.equal(r.stdout, '', 'no summary is printed');
    assert.match(r.stderr, new RegExp(`Equity fell to -\\$[\\d,]+ on ${TYPO_DAY}`));
    assert.match(r.stderr, /the largest losses that day: MSFT -\$[\d,]+ \(short 10000 shares, price [\d.]+ -> [\d.]+\)/);
    assert.match(r.stderr, /fix: check MSFT around 2023-06-01: its price in .*prices_typo\.csv/);
    assert.match(r.stderr, /on_bankruptcy/);
    // --force (no validation) stops the same way: the check is in the run itself.
    assert.match(run(configFile('typo-force', { prices_file: 'prices_typo.csv' }), '--force').stderr, /Equity fell to/);
  });

  it('a weight of 1e6 in use case 1 is refused with the date, the ticker and the 10x bound', () => {
    const r = run(configFile('weight', { use_case: 'weights', inputs: { weights: { '2023-01-03': { MSFT: 1e6, NVDA: 0.1 } } } }));
    assert.equal(r.code, 2, r.stdout);
    assert.match(
      r.stderr,
      /The weights dated 2023-01-03 in inline data add up to a gross of 1000000\.1x equity \(largest: MSFT 1000000\); the limit is 10x/,
    );
    assert.match(r.stderr, /fix: write weights as fractions of equity/);
    // A realistic leveraged book (gross 2x) still runs.
    const ok = run(configFile('weight-ok', { use_case: 'weights', inputs: { weights: { '2023-01-03': { MSFT: -1, NVDA: 1 } } } }));
    assert.equal(ok.code, 0, ok.stderr);
  });

  it('an order of 1e15 shares is refused with the date, the ticker, its worth and the bound', () => {
    const r = run(configFile('order', { inputs: { orders: [{ date: '2023-01-03', ticker: 'MSFT', quantity: 1e15 }] } }));
    assert.equal(r.code, 2, r.stdout);
    assert.match(
      r.stderr,
      /The order of 1\.000e\+15 MSFT shares on 2023-01-03 in inline data is worth \$[\d.e+,]+, [\d.e+]+x the capital of \$1,000,000; the limit is 100x/,
    );
  });

  it('a position of 1e12 shares (use case 4) is refused with the date, the ticker, its worth and the bound; a real book runs', () => {
    const r = run(configFile('position', { use_case: 'positions', inputs: { positions: { '2023-01-03': { MSFT: 1e12, NVDA: -100 } } } }));
    assert.equal(r.code, 2, r.stdout);
    assert.match(
      r.stderr,
      /The position of 1\.000e\+12 MSFT shares on 2023-01-03 in inline data is worth \$[\d.e+,]+, [\d.e+]+x the capital of \$1,000,000; the limit is 100x/,
    );
    assert.match(r.stderr, /fix: check the shares of MSFT on 2023-01-03/);
    const ok = run(
      configFile('position-ok', { use_case: 'positions', inputs: { positions: { '2023-01-03': { MSFT: 1000, NVDA: -1000 } } } }),
    );
    assert.equal(ok.code, 0, ok.stderr);
  });

  it("min_commission 1e300 is out of the schema's range in validate, run and run --force", () => {
    const file = configFile('mincomm', { stock_costs: { min_commission: 1e300 } });
    const v = cli(['validate', file], { cwd: dir });
    assert.equal(v.code, 1, 'validate exits 1 on errors');
    assert.match(v.stdout + v.stderr, /stock_costs\.min_commission: 1e\+300 is out of range; it must be at most 100000\. \[out-of-range\]/);
    const r = run(file);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /must be at most 100000/);
    // --force skips the validator's data checks, not the config's schema (the library's own
    // Backtester, which takes plain objects, stops such a run as bankrupt: test/engine/solvency.test.ts).
    const forced = run(file, '--force');
    assert.equal(forced.code, 2, forced.stdout);
    assert.match(
      forced.stderr,
      /mincomm\.backtest\.jsonc:\d+:\d+: stock_costs\.min_commission: 1e\+300 is out of range[:;] it must be (<=|at most) 100000/,
    );
  });

  it('an expression target that evaluates to 79 stops the run naming the sector, the day and the value', () => {
    const r = run(configFile('expr', { sector_target_exposures: { Technology: 'market_vol_21d * 0 + 79' } }));
    assert.equal(r.code, 2, r.stdout);
    assert.match(r.stderr, /The target of Technology \("market_vol_21d \* 0 \+ 79"\) gives 79 on 2023-01-03, which is outside -1\.\.1/);
    assert.match(
      r.stderr,
      /fix: bound the expression, e\.g\. "clamp\(market_vol_21d \* 0 \+ 79, -1, 1\)", or set "on_target_out_of_range": "clamp"/,
    );
  });
});

describe('the config choices', () => {
  it('on_bankruptcy "continue": the run finishes and every metric is invalid in the summary, --json and metrics.json', () => {
    const file = configFile('typo-continue', { prices_file: 'prices_typo.csv', on_bankruptcy: 'continue' });
    const out = path.join(dir, 'out-continue');
    const r = run(file, '--out', out);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /EVERY METRIC IS INVALID: equity reached zero or below on 2023-06-01/);
    for (const label of ['Total return', 'CAGR', 'Sharpe ratio', 'Max drawdown', 'Turnover \\(annual\\)']) {
      assert.match(r.stdout, new RegExp(`${label}\\s+invalid\\n`), `${label} shows invalid`);
    }
    assert.doesNotMatch(r.stdout, /Sharpe ratio\s+-?\d/);
    assert.match(r.stdout, /\[bankrupt\]/, 'the warning is listed');
    const m = JSON.parse(readFileSync(path.join(out, 'metrics.json'), 'utf8'));
    assert.equal(m.metrics_valid, false);
    assert.equal(m.metrics_invalid.date, TYPO_DAY);
    assert.match(m.metrics_invalid.message, /MSFT/);
    for (const k of [
      'total_return',
      'cagr',
      'annual_volatility',
      'sharpe_ratio',
      'sortino_ratio',
      'max_drawdown',
      'calmar_ratio',
      'turnover',
      'realised_beta',
    ])
      assert.equal(m[k], null, k);
    assert.ok(m.warnings.some((w: { code: string }) => w.code === 'bankrupt'));
    const j = JSON.parse(run(file, '--json').stdout);
    assert.equal(j.metrics.invalid.date, TYPO_DAY);
    assert.equal(j.metrics.sharpeRatio, null);
    // compare: every performance cell of the three runs reads invalid; costs and counts stay.
    const c = cli(['compare', file], { cwd: dir });
    assert.equal(c.code, 0, c.stderr);
    assert.match(c.stdout, /Sharpe ratio\s+invalid\s+invalid\s+invalid/);
    assert.match(c.stdout, /Trades: stocks\s+\d+\s+\d+\s+\d+\n/);
    // A healthy run says its metrics are valid.
    const healthy = path.join(dir, 'out-healthy');
    assert.equal(run(configFile('healthy', {}), '--out', healthy).code, 0);
    assert.equal(JSON.parse(readFileSync(path.join(healthy, 'metrics.json'), 'utf8')).metrics_valid, true);
  });

  it('on_target_out_of_range "clamp": the target is clamped to 1 with one warning counting the days', () => {
    const r = run(
      configFile('expr-clamp', {
        sector_target_exposures: { Technology: 'market_vol_21d * 0 + 79' },
        on_target_out_of_range: 'clamp',
        rebalance_frequency: 'monthly',
      }),
      '--json',
    );
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    const w = j.warnings.find((x: { code: string }) => x.code === 'target-clamped');
    assert.ok(w, JSON.stringify(j.warnings));
    assert.equal(w.sector, 'Technology');
    assert.match(w.message, /gives 79 on 2023-01-03, which is outside -1\.\.1, so it was clamped to 1/);
    assert.ok(w.count >= 12, `clamped on each monthly rebalance: ${w.count}`);
  });

  it("a number target outside -1..1 is refused by validate, and with --force by the config's own schema check", () => {
    const file = configFile('num-target', { sector_target_exposures: { Technology: 15 } });
    const r = run(file);
    assert.equal(r.code, 2);
    assert.match(r.stdout + r.stderr, /\[target-out-of-range\]/);
    const forced = run(file, '--force');
    assert.equal(forced.code, 2);
    assert.match(
      forced.stderr,
      /num-target\.backtest\.jsonc:\d+:\d+: .*15.* (for )?Technology.* outside -1\.\.1|Technology: 15 is out of range/,
    );
  });
});

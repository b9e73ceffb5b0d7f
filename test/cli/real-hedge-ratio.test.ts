// The regression hedge ratio on five years of real S&P 500 prices, through the CLI as a
// subprocess: the run summary shows the beta ratio's residual sector variance next to the
// dollar ratio's, and compare's table shows both for the ETF run. Skipped without the data.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, cli, ensureBuilt, tempDir } from './helpers';

// ../shared beside the repository (a worktree elsewhere may point REAL_SP500_DIR at it).
const REAL = process.env.REAL_SP500_DIR ?? path.resolve(ROOT, '..', 'shared', 'data', 'real-sp500-2016-2021');
const skip = existsSync(path.join(REAL, 'prices.csv')) ? false : 'real S&P data not present';
let dir = '';

/** Monthly 63-day momentum over the mapped stocks, as a long signals CSV. */
function momentumSignals(): string {
  const lines = readFileSync(path.join(REAL, 'prices.csv'), 'utf8').trim().split('\n');
  const header = lines[0].split(',');
  const rows = lines.slice(1).map((l) => l.split(','));
  const stocks = readFileSync(path.join(REAL, 'sector_mapping.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(',')[0]);
  const out = ['date,ticker,signal'];
  for (let i = 63; i < rows.length; i += 21) {
    for (const s of stocks) {
      const j = header.indexOf(s),
        a = Number(rows[i - 63][j]),
        b = Number(rows[i][j]);
      if (a > 0 && b > 0) out.push(`${rows[i][0]},${s},${(b / a - 1).toFixed(6)}`);
    }
  }
  return out.join('\n') + '\n';
}

function writeConfig(ratio: 'dollar' | 'beta'): string {
  const file = path.join(dir, `${ratio}.backtest.jsonc`);
  writeFileSync(
    file,
    JSON.stringify(
      {
        name: `real ${ratio}`,
        data_dir: REAL,
        use_case: 'signals',
        inputs: { signals: 'signals.csv' },
        demean_signals: true,
        enable_sector_hedge: true,
        sector_hedge_method: 'etf',
        sector_hedge_ratio: ratio,
      },
      null,
      2,
    ),
  );
  return file;
}

const variance = (out: string, label: RegExp) => {
  const m = new RegExp(`${label.source}[^\\n]*?  (\\d\\.\\d+) \\(residual vol`).exec(out);
  assert.ok(m, `no ${label} line in:\n${out}`);
  return Number(m[1]);
};

before(() => {
  if (skip) return;
  ensureBuilt();
  dir = tempDir('real-ratio-');
  writeFileSync(path.join(dir, 'signals.csv'), momentumSignals());
});

test('real S&P run with sector_hedge_ratio "beta": the summary shows both ratios\' residual sector variance', { skip }, () => {
  const r = cli(['run', writeConfig('beta'), '--out', path.join(dir, 'out-beta')]);
  assert.equal(r.code, 0, r.stderr);
  const beta = variance(r.stdout, /Beta ratio \(this run\)/);
  const dollar = variance(r.stdout, /Dollar ratio \(same book and days, not traded\)/);
  // The minimum-variance ratio leaves less residual sector variance on these five years.
  assert.ok(beta < dollar, `beta ${beta} vs dollar ${dollar}`);
  assert.match(r.stdout, /Less residual sector variance: the beta ratio/);
  const metrics = JSON.parse(readFileSync(path.join(dir, 'out-beta', 'metrics.json'), 'utf8'));
  assert.ok(
    Math.abs(metrics.residual_sector_variance_beta - beta) < 1e-6 && Math.abs(metrics.residual_sector_variance_dollar - dollar) < 1e-6,
  );
  assert.equal(Object.keys(metrics.residual_sector_variance_by_sector).length, 11);
  assert.equal(Object.keys(metrics.band_triggers).length, 11);
  // The dollar run measures the same two quantities the other way round: it is the dollar one that trades.
  const d = cli(['run', writeConfig('dollar')]);
  assert.equal(d.code, 0, d.stderr);
  assert.ok(variance(d.stdout, /Beta ratio \(same book and days, not traded\)/) < variance(d.stdout, /Dollar ratio \(this run\)/));
});

test("compare on real S&P data: the ETF run's column names the ratio that left less residual sector variance", { skip }, () => {
  const r = cli(['compare', writeConfig('dollar')]);
  assert.equal(r.code, 0, r.stderr);
  const row = (label: string) => r.stdout.split('\n').find((l) => l.startsWith(label)) ?? '';
  assert.match(row('Residual sector var., dollar ratio'), /n\/a +n\/a +0\.\d+ \(residual vol/);
  assert.match(row('Residual sector var., beta ratio'), /n\/a +n\/a +0\.\d+ \(residual vol/);
  assert.match(row('Less residual sector variance'), /n\/a +n\/a +beta/);
});

test(
  'real S&P weekly proportional run with tilts: an adjustment lands on target, so the day after a rebalance never re-trades',
  { skip },
  () => {
    const file = path.join(dir, 'prop.backtest.jsonc');
    writeFileSync(
      file,
      JSON.stringify(
        {
          name: 'real proportional',
          data_dir: REAL,
          use_case: 'signals',
          inputs: { signals: 'signals.csv' },
          demean_signals: true,
          enable_sector_hedge: true,
          sector_hedge_method: 'proportional',
          rebalance_frequency: 'weekly',
          sector_target_exposures: { Technology: 0.1, Healthcare: -0.05 },
        },
        null,
        2,
      ),
    );
    const out = path.join(dir, 'out-prop');
    const r = cli(['run', file, '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    const trades = readFileSync(path.join(out, 'trades.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    const days = readFileSync(path.join(out, 'equity.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',')[0]);
    const rebalance = new Set(trades.filter((t) => t[7] === 'rebalance').map((t) => t[0]));
    const dayAfter = new Set(days.filter((_, i) => i > 0 && rebalance.has(days[i - 1])));
    const retrades = new Set(trades.filter((t) => t[7] === 'proportional' && dayAfter.has(t[0])).map((t) => t[0]));
    assert.ok(rebalance.size > 200, `${rebalance.size} rebalance days`);
    assert.equal(retrades.size, 0, `proportional re-trades the day after a rebalance: ${[...retrades].slice(0, 5).join(', ')}`);
    // And no position changed sign in a proportional adjustment: every proportional trade shrinks or grows a position on its own side.
    const held = new Map<string, number>();
    for (const [, ticker, q, , , , , reason] of trades) {
      const before = held.get(ticker) ?? 0,
        after = before + Number(q);
      if (reason === 'proportional') assert.ok(before * after >= 0, `${ticker} flipped from ${before} to ${after}`);
      held.set(ticker, after);
    }
  },
);

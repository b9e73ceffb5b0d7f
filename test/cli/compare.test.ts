// `backtest compare`: no hedge, proportional and ETF on the same inputs, side by side.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cli, config, ensureBuilt } from './helpers';

describe('backtest compare', () => {
  before(() => ensureBuilt());

  it("prints three columns with the guide's comparison rows", () => {
    const r = cli(['compare', config('orders')]);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split('\n');
    const header = lines.find((l) => l.includes('No hedge'));
    assert.ok(header, r.stdout);
    assert.match(header!, /No hedge\s+Proportional\s+ETF/);
    for (const row of [
      'Sharpe ratio',
      'Annual volatility',
      'Max drawdown',
      'Realised beta',
      'Mean |sector exposure error|',
      'Costs: stocks',
      'Costs: hedges',
      'Trades: stocks',
      'Trades: hedges',
    ]) {
      const line = lines.find((l) => l.startsWith(row));
      assert.ok(line, `row ${row}`);
      // label + three values
      assert.equal(
        line!
          .slice(row.length)
          .trim()
          .split(/\s{2,}/).length,
        3,
        line,
      );
    }
    const hedgeTrades = lines
      .find((l) => l.startsWith('Trades: hedges'))!
      .slice('Trades: hedges'.length)
      .trim()
      .split(/\s+/);
    assert.equal(hedgeTrades[0], '0', 'no hedge trades without a hedge');
    assert.equal(hedgeTrades[1], '0', 'proportional adjusts stocks, no ETF trades');
    assert.notEqual(hedgeTrades[2], '0', 'the ETF method trades ETFs');
  });

  it('--json gives the three runs; hedging lowers the exposure error', () => {
    const r = cli(['compare', config('orders'), '--json']);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.deepEqual(
      j.runs.map((x: { variant: string }) => x.variant),
      ['none', 'proportional', 'etf'],
    );
    const [none, prop, etf] = j.runs;
    assert.equal(none.meta.hedgeMethod, 'none');
    assert.equal(etf.meta.hedgeMethod, 'etf');
    assert.ok(etf.metrics.meanAbsExposureError < none.metrics.meanAbsExposureError);
    assert.ok(prop.metrics.meanAbsExposureError < none.metrics.meanAbsExposureError);
  });
});

// Property test: for random markets and random settings, the engine's cash and equity
// equal an independent ledger replayed from getTrades() (costs included) every day.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Backtester } from '../../engine/backtest';
import { memoryData, syntheticMarket } from '../fixtures/sim/tables';

test('random runs reconcile with a ledger of their own trades and never trade without a price', () => {
  fc.assert(
    fc.property(
      fc.record({
        seed: fc.integer({ min: 1, max: 10_000 }),
        method: fc.constantFrom('etf', 'proportional'),
        hedge: fc.boolean(),
        beta: fc.boolean(),
        basis: fc.constantFrom('gross', 'nav'),
        freq: fc.constantFrom('signal', 'daily', 'weekly', 'monthly'),
        delay: fc.integer({ min: 0, max: 3 }),
        demean: fc.boolean(),
        bps: fc.double({ min: 0, max: 20, noNaN: true }),
        perShare: fc.double({ min: 0, max: 0.02, noNaN: true }),
        minCommission: fc.double({ min: 0, max: 5, noNaN: true }),
        slip: fc.double({ min: 0, max: 20, noNaN: true }),
        lateEtf: fc.boolean(),
      }),
      (p) => {
        const mkt = syntheticMarket({ stocks: 12, days: 80, seed: p.seed, lateEtf: p.lateEtf ? { etf: 'XLF', startDay: 30 } : undefined });
        // Punch holes in one stock's prices: it must be carried, and not traded on those days.
        const hole = mkt.table.columns[mkt.table.index.get('S001')!];
        for (let t = 20; t < 25; t++) hole[t] = NaN;
        const res = new Backtester(
          {
            initial_cash: 1_000_000,
            use_case: 2,
            inputs: { signals: mkt.signals },
            demean_signals: p.demean,
            enable_sector_hedge: p.hedge,
            sector_hedge_method: p.method,
            sector_etf_mapping: mkt.etfs,
            enable_beta_hedge: p.beta,
            exposure_basis: p.basis,
            rebalance_frequency: p.freq,
            execution_delay_days: p.delay,
            beta_lookback_days: 30,
            stock_costs: { commission_bps: p.bps, commission_per_share: p.perShare, min_commission: p.minCommission, slippage_bps: p.slip },
            etf_costs: { commission_bps: p.bps / 2, slippage_bps: p.slip / 2 },
          },
          memoryData(mkt.table, mkt.mapping),
        ).run();
        const trades = res.getTrades();
        let cash = 1_000_000,
          k = 0;
        const shares = new Map<string, number>(),
          last = new Map<string, number>();
        for (const e of res.getEquityCurve()) {
          const t = mkt.table.dates.indexOf(e.date);
          for (const [tk, j] of mkt.table.index) {
            const px = mkt.table.columns[j][t];
            if (px > 0) last.set(tk, px);
          }
          for (; k < trades.length && trades[k].date === e.date; k++) {
            const tr = trades[k];
            const close = mkt.table.columns[mkt.table.index.get(tr.ticker)!][t];
            assert.ok(close > 0, `${tr.ticker} traded on ${e.date} without a price`);
            assert.ok(tr.quantity > 0 ? tr.price >= close : tr.price <= close, 'slippage is against the trader');
            assert.ok(Number.isInteger(tr.quantity) && tr.quantity !== 0);
            cash -= tr.quantity * tr.price + tr.commission;
            shares.set(tr.ticker, (shares.get(tr.ticker) ?? 0) + tr.quantity);
          }
          let value = cash;
          for (const [tk, s] of shares) value += s * last.get(tk)!;
          assert.ok(Math.abs(cash - e.cash) <= 1e-9 * e.equity, `${e.date}: cash ${cash} vs ${e.cash}`);
          assert.ok(Math.abs(value - e.equity) <= 1e-9 * e.equity, `${e.date}: equity ${value} vs ${e.equity}`);
        }
        assert.equal(k, trades.length);
      },
    ),
    { numRuns: 40, seed: 20240105 },
  );
});

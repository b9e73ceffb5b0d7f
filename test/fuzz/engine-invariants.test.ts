// Fuzz of the simulator on random valid small markets and configs: whatever the prices
// (gaps, late listings, delistings), signals, costs and options, the books must balance.
// Checked every day of every run:
//  - no NaN/Infinity in equity or cash;
//  - equity = cash + sum(shares * price), with the holdings rebuilt independently from
//    the trade list (1e-9 relative);
//  - cash moves only by trades, commissions, borrow and interest (over the whole run);
//  - after each ETF hedge on a rebalance day, every held, hedged sector's post-hedge
//    exposure is within one ETF share of its target;
//  - after a beta hedge on a rebalance day, portfolio dollar beta is within one
//    instrument share (plus that day's hedge costs) of target_beta * equity.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parsePricesCsv, parseSectorMappingCsv, DataManager } from '../../engine/data';
import { Backtester } from '../../engine/backtest';
import type { DatedValues } from '../../engine/types';
import { FuzzStats, fuzzSync, fuzzRuns } from './fuzzKit';

const SECTOR_POOL = ['Technology', 'Healthcare', 'Energy', 'Financials'];
const ETF_POOL = ['XLK', 'XLV', 'XLE', 'XLF'];

function weekdays(n: number): string[] {
  const out: string[] = [];
  const d = new Date(Date.UTC(2021, 0, 4));
  while (out.length < n) {
    if (d.getUTCDay() % 6 !== 0) out.push(d.toISOString().slice(0, 10));
    d.setUTCDate(d.getUTCDate() + 1);
  }
  return out;
}

/** A price path: positive start, bounded daily moves, optional gaps and a late start / early end. */
const pricePath = (days: number, gapRate: number) =>
  fc
    .record({
      // Integers scaled down: fast-check's doubles crowd around 0 and the bounds.
      start: fc.integer({ min: 100, max: 50_000 }).map((c) => c / 100),
      moves: fc.array(
        fc.integer({ min: -1500, max: 1500 }).map((bp) => bp / 10_000),
        { minLength: days, maxLength: days },
      ),
      gaps: fc.array(
        fc.integer({ min: 0, max: 99 }).map((x) => x / 100),
        { minLength: days, maxLength: days },
      ),
      listFrom: fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.nat({ max: days - 1 }) }),
      listTo: fc.oneof({ weight: 4, arbitrary: fc.constant(days - 1) }, { weight: 1, arbitrary: fc.nat({ max: days - 1 }) }),
    })
    .map(({ start, moves, gaps, listFrom, listTo }) => {
      let p = start;
      return moves.map((m, i) => {
        p *= 1 + m;
        const listed = i >= listFrom && i <= Math.max(listFrom, listTo);
        return listed && gaps[i] >= gapRate ? Number(p.toPrecision(8)) : null;
      });
    });

const costs = fc.record({
  commission_bps: fc.constantFrom(0, 0, 1, 5, 25),
  commission_per_share: fc.constantFrom(0, 0, 0.005, 0.01),
  min_commission: fc.constantFrom(0, 0, 1, 5),
  slippage_bps: fc.constantFrom(0, 0, 1, 5, 50),
});

interface Scenario {
  dates: string[];
  stocks: { ticker: string; sector: string; prices: (number | null)[] }[];
  etfs: Record<string, (number | null)[]>;
  spy: (number | null)[];
  mapping: Record<string, string>;
  signals: [number, [string, number][]][];
  config: Record<string, unknown>;
}

const scenario: fc.Arbitrary<Scenario> = fc
  .record({
    days: fc.integer({ min: 5, max: 45 }),
    nStocks: fc.integer({ min: 1, max: 8 }),
    nSectors: fc.integer({ min: 1, max: 4 }),
    gapRate: fc.constantFrom(0, 0.05, 0.2),
  })
  .chain(({ days, nStocks, nSectors, gapRate }) => {
    const dates = weekdays(days);
    const sectors = SECTOR_POOL.slice(0, nSectors);
    return fc
      .record({
        stocks: fc
          .array(fc.tuple(fc.nat({ max: nSectors - 1 }), pricePath(days, gapRate)), { minLength: nStocks, maxLength: nStocks })
          .map((rows) => rows.map(([s, prices], i) => ({ ticker: `S${i}`, sector: sectors[s], prices }))),
        etfs: fc
          .tuple(...sectors.map(() => pricePath(days, gapRate / 2)))
          .map((paths) => Object.fromEntries(paths.map((p, k) => [ETF_POOL[k], p]))),
        spy: pricePath(days, 0),
        // Sector -> ETF: usually its own, sometimes shared with another sector, sometimes missing.
        mapping: fc
          .tuple(
            ...sectors.map((_, k) =>
              fc.oneof(
                { weight: 6, arbitrary: fc.constant(ETF_POOL[k]) },
                { weight: 1, arbitrary: fc.constant(ETF_POOL[0]) },
                { weight: 1, arbitrary: fc.constant('') },
              ),
            ),
          )
          .map((etfs) => Object.fromEntries(sectors.map((s, k) => [s, etfs[k]]).filter(([, e]) => e))),
        signals: fc.array(
          fc.tuple(
            fc.nat({ max: days - 1 }),
            fc.array(
              fc.tuple(
                fc.nat({ max: nStocks - 1 }).map((i) => `S${i}`),
                fc.integer({ min: -100, max: 100 }).map((x) => x / 100),
              ),
              { minLength: 1, maxLength: nStocks },
            ),
          ),
          { minLength: 1, maxLength: 6 },
        ),
        config: fc.record({
          initial_cash: fc.constantFrom(1e5, 1e6, 1e7, 123456.78),
          use_case: fc.constantFrom(1, 2, 2, 3),
          enable_sector_hedge: fc.boolean(),
          sector_hedge_method: fc.constantFrom('etf', 'etf', 'proportional'),
          sector_target_exposures: fc.dictionary(
            fc.constantFrom(...sectors),
            fc.integer({ min: -20, max: 20 }).map((x) => x / 100),
            { maxKeys: nSectors },
          ),
          sector_hedge_tolerance: fc.constantFrom(0, 0.02, 0.1),
          enable_beta_hedge: fc.boolean(),
          target_beta: fc.constantFrom(0, 0, 0.5, -0.3),
          beta_lookback_days: fc.constantFrom(5, 20, 126),
          beta_hedge_tolerance: fc.constantFrom(0, 0.05),
          exposure_basis: fc.constantFrom('gross', 'nav'),
          execution_delay_days: fc.constantFrom(0, 1),
          gross_leverage: fc.constantFrom(0.5, 1, 2),
          demean_signals: fc.boolean(),
          rebalance_frequency: fc.constantFrom('signal', 'signal', 'daily', 'weekly', 'monthly'),
          stock_costs: costs,
          etf_costs: costs,
          borrow_rate_annual: fc.constantFrom(0, 0.01, 0.2),
          cash_rate_annual: fc.constantFrom(0, 0.03),
        }),
      })
      .map((r) => ({ dates, ...r }));
  });

function toCsv(s: Scenario): { prices: string; mapping: string } {
  const cols: [string, (number | null)[]][] = [
    ...s.stocks.map((x) => [x.ticker, x.prices] as [string, (number | null)[]]),
    ...Object.entries(s.etfs),
    ['SPY', s.spy],
  ];
  const prices = [
    ['date', ...cols.map((c) => c[0])].join(','),
    ...s.dates.map((d, i) => [d, ...cols.map((c) => (c[1][i] === null ? '' : String(c[1][i])))].join(',')),
  ].join('\n');
  const mapping = ['ticker,sector', ...s.stocks.map((x) => `${x.ticker},${x.sector}`)].join('\n');
  return { prices, mapping };
}

function inputsOf(s: Scenario): Record<string, unknown> {
  const uc = s.config.use_case;
  if (uc === 3) {
    return {
      orders: s.signals.flatMap(([d, rows]) => rows.map(([ticker, v]) => ({ date: s.dates[d], ticker, quantity: Math.round(v * 2000) }))),
    };
  }
  const values: DatedValues = new Map();
  for (const [d, rows] of [...s.signals].sort((a, b) => a[0] - b[0])) {
    const day = new Map(values.get(s.dates[d]) ?? []);
    for (const [t, v] of rows) day.set(t, uc === 1 ? v / rows.length : v);
    values.set(s.dates[d], day);
  }
  return uc === 1 ? { weights: values } : { signals: values };
}

/** How many of each check ran, so a generator change cannot make the suite vacuous. */
const checked = { days: 0, etfHedges: 0, betaHedges: 0, trades: 0, bankrupt: 0 };

function checkRun(s: Scenario): void {
  const { prices, mapping } = toCsv(s);
  const table = parsePricesCsv(prices, '/fuzz/prices.csv');
  const data = DataManager.fromTables(table, parseSectorMappingCsv(mapping, '/fuzz/sector_mapping.csv'));
  // Random leverage and costs can take equity to zero: such runs continue so every invariant
  // is still checked, and their metrics must then be marked invalid (issue 13, class 2).
  const config = {
    ...s.config,
    sector_etf_mapping: s.mapping,
    beta_hedge_instrument: 'SPY',
    inputs: inputsOf(s),
    on_bankruptcy: 'continue' as const,
  };
  const results = new Backtester(config, data).run();
  const rec = results.record;
  const o = rec.options;
  const curve = results.getEquityCurve();
  const positions = results.getPositionHistory();
  const trades = results.getTrades();
  const T = curve.length;
  assert.equal(positions.length, T);

  // Accounting identity, every day, against holdings rebuilt from the trades.
  for (let d = 0; d < T; d++) {
    const e = curve[d];
    assert.ok(Number.isFinite(e.equity) && Number.isFinite(e.cash), `day ${e.date}: equity ${e.equity}, cash ${e.cash}`);
    let held = 0,
      gross = 0;
    for (const p of positions[d].rows) {
      assert.ok(Number.isFinite(p.price) && p.price > 0, `${p.ticker} on ${e.date} valued at ${p.price}`);
      held += p.shares * p.price;
      gross += Math.abs(p.shares * p.price);
    }
    const scale = Math.max(Math.abs(e.equity), Math.abs(e.cash), gross, 1);
    assert.ok(
      Math.abs(e.equity - (e.cash + held)) <= 1e-9 * scale,
      `day ${e.date}: equity ${e.equity} != cash ${e.cash} + holdings ${held}`,
    );
    checked.days++;
  }

  // Cash moves only by trade notional, commissions, borrow and interest.
  let traded = 0,
    scale = o.initial_cash;
  for (const t of trades) {
    assert.ok(
      Number.isFinite(t.notional) && Number.isFinite(t.commission) && t.commission >= 0 && t.slippage >= 0,
      `trade ${JSON.stringify(t)}`,
    );
    assert.ok(Number.isInteger(t.quantity) && t.quantity !== 0, `trade quantity ${t.quantity}`);
    traded += t.notional + t.commission;
    checked.trades++;
    scale += Math.abs(t.notional);
  }
  const expectedCash = o.initial_cash - traded - rec.costs.borrow + rec.costs.interest;
  assert.ok(Math.abs(curve[T - 1].cash - expectedCash) <= 1e-9 * scale, `final cash ${curve[T - 1].cash} != ${expectedCash}`);

  // Metrics are invalid exactly when equity reached zero or below, naming the first such day;
  // turnover is never negative.
  const m = results.calculateMetrics();
  const broke = curve.find((e) => e.equity <= 0);
  assert.equal(m.invalid?.date, broke?.date, `metrics.invalid ${JSON.stringify(m.invalid)} vs first day at or below zero ${broke?.date}`);
  if (broke) {
    assert.ok(Number.isNaN(m.sharpeRatio) && Number.isNaN(m.totalReturn));
    checked.bankrupt++;
  }
  assert.ok(!(m.turnover < 0), `turnover ${m.turnover}`);

  // Hedge invariants on rebalance days.
  const exposures = results.getExposures();
  const etfCol = (etf: string) => table.columns[table.index.get(etf)!];
  const byDay = new Map<string, typeof exposures>();
  for (const x of exposures) {
    let l = byDay.get(x.date);
    if (!l) byDay.set(x.date, (l = []));
    l.push(x);
  }
  for (let d = 0; d < T; d++) {
    if (!rec.rebalance[d]) continue;
    const t = rec.i0 + d;
    const date = rec.dates[d];
    const heldSectors = new Set(
      positions[d].rows.filter((p) => p.sector && !(p.ticker in s.etfs) && p.ticker !== 'SPY').map((p) => p.sector!),
    );
    if (o.enable_sector_hedge && o.sector_hedge_method === 'etf') {
      for (const x of byDay.get(date) ?? []) {
        const etf = s.mapping[x.sector];
        if (!etf || !heldSectors.has(x.sector) || !x.rehedged || !(x.basis > 0)) continue;
        const p = etfCol(etf)[t];
        if (!(p > 0)) continue; // no ETF price today: unhedged by design (and warned)
        const errorValue = Math.abs(x.postHedge - x.target) * x.basis;
        assert.ok(
          errorValue <= p * (1 + 1e-9) + 1e-9 * x.basis,
          `${date} ${x.sector}: post-hedge ${x.postHedge} vs target ${x.target} is ${errorValue.toFixed(2)} off, more than one ${etf} share (${p})`,
        );
        checked.etfHedges++;
      }
    }
    if (o.enable_beta_hedge) {
      const b = results.getBeta()[d];
      const p = etfCol('SPY')[t];
      const e = curve[d].equity;
      const dayCosts = trades
        .filter((x) => x.date === date && x.reason === 'beta_hedge')
        .reduce((a, x) => a + x.commission + x.slippage, 0);
      if (p > 0 && Number.isFinite(b.postHedgeBeta) && trades.some((x) => x.date === date && x.reason === 'beta_hedge')) {
        const off = Math.abs(b.postHedgeBeta - o.target_beta) * Math.abs(e);
        assert.ok(
          off <= p * (1 + 1e-9) + Math.abs(o.target_beta) * dayCosts + 1e-9 * Math.abs(e),
          `${date}: post-hedge beta ${b.postHedgeBeta} vs target ${o.target_beta}: ${off.toFixed(2)} dollars off, more than one SPY share (${p})`,
        );
        checked.betaHedges++;
      }
    }
  }
}

test('engine invariants hold on random small markets and configs', { timeout: 600_000 }, (t) => {
  const stats = new FuzzStats('engine invariants');
  try {
    fuzzSync(stats, scenario, fuzzRuns(600), checkRun);
  } finally {
    stats.notes.push(
      `checked ${checked.days} days, ${checked.trades} trades, ${checked.etfHedges} ETF hedges, ${checked.betaHedges} beta hedges, ${checked.bankrupt} bankrupt runs`,
    );
    stats.report(t);
  }
  assert.equal(stats.failures, 0);
  assert.ok(checked.days > 5000 && checked.trades > 2000 && checked.etfHedges > 200 && checked.betaHedges > 200, JSON.stringify(checked));
});

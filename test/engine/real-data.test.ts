// A run on real S&P 500 prices (../shared/data/real-sp500-2016-2021; skipped when absent):
// ETF sector hedge from the first day, while XLC only lists on 2018-06-21.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Backtester } from '../../engine/backtest';
import { DataManager } from '../../engine/data';
import { DEFAULT_SECTOR_ETF_MAPPING } from '../../engine/hedging';
import type { DatedValues, PriceTable } from '../../engine/types';

const DIR = path.resolve(__dirname, '../../../shared/data/real-sp500-2016-2021');
const present = existsSync(path.join(DIR, 'prices.csv')) && existsSync(path.join(DIR, 'sector_mapping.csv'));
const skip = present ? false : `absent: ${DIR}`;

/** Monthly 63-day momentum signals over the stocks of the mapping (a deterministic strategy). */
function momentumSignals(table: PriceTable, stocks: string[]): DatedValues {
  const out: DatedValues = new Map();
  for (let t = 63; t < table.dates.length; t++) {
    if (table.dates[t].slice(0, 7) === table.dates[t - 1].slice(0, 7)) continue;
    const row = new Map<string, number>();
    for (const s of stocks) {
      const c = table.columns[table.index.get(s)!];
      if (c[t] > 0 && c[t - 63] > 0) row.set(s, c[t] / c[t - 63] - 1);
    }
    out.set(table.dates[t], row);
  }
  return out;
}

test("real S&P 500 data: the ETF-hedged book ends sector-neutral; XLC's late start is a warning, not a crash", { skip }, () => {
  const dm = new DataManager(DIR);
  const table = dm.loadPrices();
  const mapping = dm.loadSectorMapping();
  const stocks = mapping.rows.map((r) => r.ticker);
  const signals = momentumSignals(table, stocks);
  const res = new Backtester(
    {
      initial_cash: 10_000_000,
      use_case: 2,
      inputs: { signals },
      demean_signals: true,
      start_date: '2016-04-21',
      end_date: '2021-04-21',
      enable_sector_hedge: true,
      sector_hedge_method: 'etf',
      stock_costs: { commission_bps: 5, slippage_bps: 5 },
      etf_costs: { commission_bps: 1, slippage_bps: 1 },
    },
    dm,
  ).run();

  const dates = res.getDates();
  assert.equal(dates[0], '2016-04-21');
  assert.equal(dates.at(-1), '2021-04-21');
  const xlc = res.getWarnings().filter((w) => w.code === 'etf-no-price');
  assert.equal(xlc.length, 1, JSON.stringify(xlc));
  assert.equal(xlc[0].ticker, 'XLC');
  assert.equal(xlc[0].sector, 'Communication Services');
  assert.match(xlc[0].message, /starts on 2018-06-21/);

  // Sector-neutral at the end: on the last day every sector is inside the 2% band, and on
  // the last rebalance day (a full re-hedge) within one ETF share of 0.
  const last = res.getExposures().filter((e) => e.date === '2021-04-21');
  assert.equal(last.length, 11);
  for (const e of last) assert.ok(Math.abs(e.postHedge) <= 0.02 + 1e-12, `${e.sector} ${e.postHedge}`);
  const lastRebalance = res
    .getTrades()
    .filter((t) => t.reason === 'rebalance')
    .at(-1)!.date;
  const t = table.dates.indexOf(lastRebalance);
  for (const e of res.getExposures().filter((x) => x.date === lastRebalance)) {
    const etf = DEFAULT_SECTOR_ETF_MAPPING[e.sector];
    const px = table.columns[table.index.get(etf)!][t];
    assert.ok(e.rehedged);
    assert.ok(Math.abs(e.postHedge) * e.basis <= px + 1e-6, `${e.sector}: ${e.postHedge * e.basis} left vs ${etf} @ ${px}`);
  }
  // Communication Services: unhedged before XLC lists, hedged after.
  const comm = res.getExposures().filter((e) => e.sector === 'Communication Services' && e.basis > 0);
  const before = comm.filter((e) => e.date < '2018-06-21'),
    after = comm.filter((e) => e.date >= '2018-06-21');
  assert.ok(before.length > 400 && before.every((e) => e.postHedge === e.preHedge));
  assert.ok(after.every((e) => Math.abs(e.postHedge) <= 0.02 + 1e-12));
  assert.equal(res.getHedgeTrades().find((t) => t.ticker === 'XLC')!.date, '2018-06-21');
  const m = res.calculateMetrics();
  assert.ok(Number.isFinite(m.sharpeRatio) && m.maxDrawdown < 0 && m.totalCosts.total > 0);
  assert.ok(Math.abs(m.realisedBeta) < 0.5, `sector-neutral, dollar-neutral book: realised beta ${m.realisedBeta}`);
});

test('real S&P 500 data: beta plus sector hedge, dollar-, beta- and sector-neutral', { skip }, () => {
  const dm = new DataManager(DIR);
  const table = dm.loadPrices();
  const signals = momentumSignals(
    table,
    dm.loadSectorMapping().rows.map((r) => r.ticker),
  );
  const res = new Backtester(
    {
      initial_cash: 10_000_000,
      use_case: 2,
      inputs: { signals },
      start_date: '2017-01-03',
      enable_sector_hedge: true,
      enable_beta_hedge: true,
      beta_hedge_instrument: 'SPY',
      target_beta: 0,
    },
    dm,
  ).run();
  const spy = table.columns[table.index.get('SPY')!];
  const eq = res.getEquityCurve();
  res.getBeta().forEach((b, d) => {
    if (res.getTrades().length === 0) return;
    const t = table.dates.indexOf(b.date);
    assert.ok(Math.abs(b.postHedgeBeta) <= 0.05 + spy[t] / eq[d].equity, `${b.date}: beta ${b.postHedgeBeta}`);
  });
  assert.ok(Math.abs(res.calculateMetrics().realisedBeta) < 0.2);
});

test(
  'real S&P 500 data, all 504 stocks: late starters and an early end are handled, the books balance',
  { skip: present && existsSync(path.join(DIR, 'prices_full.csv')) ? false : skip || 'no prices_full.csv' },
  () => {
    const dm = new DataManager(DIR, { pricesFile: 'prices_full.csv', sectorMappingFile: 'sector_mapping_full.csv' });
    const table = dm.loadPrices();
    const stocks = dm.loadSectorMapping().rows.map((r) => r.ticker);
    // Equal long weights on every stock listed at each month start: late starters join
    // when they list; VAR (acquired, no price after 2021-04-16) is valued at its last close.
    const weights: DatedValues = new Map();
    for (let t = 1; t < table.dates.length; t++) {
      if (table.dates[t].slice(0, 7) === table.dates[t - 1].slice(0, 7)) continue;
      const row = new Map<string, number>();
      for (const s of stocks) if (table.columns[table.index.get(s)!][t] > 0) row.set(s, 1 / stocks.length);
      weights.set(table.dates[t], row);
    }
    const res = new Backtester(
      {
        initial_cash: 50_000_000,
        use_case: 1,
        inputs: { weights },
        enable_sector_hedge: true,
        enable_beta_hedge: true,
        write_positions: false,
      },
      dm,
    ).run();
    const first = new Map<string, string>();
    for (const t of res.getTrades()) if (!first.has(t.ticker)) first.set(t.ticker, t.date);
    for (const [ticker, listed] of [
      ['CARR', '2020-03-19'],
      ['FTV', '2016-07-01'],
      ['DOW', '2019-03-20'],
    ]) {
      assert.ok(first.get(ticker)! > listed, `${ticker} first traded ${first.get(ticker)}, after it listed on ${listed}`);
    }
    const varWarn = res.getWarnings().find((w) => w.code === 'carried-price' && w.ticker === 'VAR');
    assert.equal(varWarn?.count, 3);
    const eq = res.getEquityCurve().at(-1)!;
    assert.ok(Math.abs(eq.longValue + eq.shortValue - eq.stockValue - eq.hedgeValue) < 1e-6 * eq.equity);
    for (const e of res.getExposures().filter((x) => x.date === '2021-04-21' && x.basis > 0))
      assert.ok(Math.abs(e.postHedge) <= 0.02 + 1e-12, e.sector);
  },
);

// A stock reclassified during the run (a point-in-time mapping): the attribution books each
// day's P&L under the sector the stock was in at the close before (when its hedge was sized),
// and the position history names the sector of the day, not the stock's last one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Backtester } from '../../engine/backtest';
import { parseSectorMappingCsv } from '../../engine/data';
import { makeTable, memoryData } from '../fixtures/sim/tables';

test("a reclassified stock's P&L and positions follow the sector of each day", () => {
  const dates = ['2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05'];
  // AAA gains 10 a day; everything else is flat. AAA is Technology to 01-03, Healthcare from 01-04.
  const table = makeTable(dates, { AAA: [100, 110, 120, 130], BBB: [50, 50, 50, 50], XLK: [100, 100, 100, 100], XLV: [50, 50, 50, 50] });
  const mapping = parseSectorMappingCsv(
    'ticker,sector,valid_from,valid_to\nAAA,Technology,,2024-01-03\nAAA,Healthcare,2024-01-04,\nBBB,Healthcare,,\n',
    'm.csv',
  );
  const res = new Backtester(
    { initial_cash: 100_000, use_case: 1, enable_sector_hedge: true, inputs: { weights: { '2024-01-01': { AAA: 0.5, BBB: -0.25 } } } },
    memoryData(table, mapping),
  ).run();
  const aaa = res.getTrades().filter((t) => t.ticker === 'AAA');
  assert.deepEqual(
    aaa.map((t) => [t.date, t.quantity]),
    [['2024-01-02', 500]],
    'the book this test works out: 500 AAA bought on the first day, never traded again',
  );
  const daily = res.analyse().daily;
  const T = daily.days,
    g = (name: string) => daily.groups.indexOf(name);
  const stockPnl = (name: string) => Array.from(daily.sectorStockPnl.subarray(g(name) * T, (g(name) + 1) * T));
  // 01-03 and 01-04 earn on AAA held at a Technology close; 01-05 on a Healthcare close.
  assert.deepEqual(stockPnl('Technology'), [0, 5000, 5000, 0]);
  assert.deepEqual(stockPnl('Healthcare'), [0, 0, 0, 5000]);
  // End-of-day sector values follow the day's own sector.
  const net = (name: string) => Array.from(daily.sectorNet.subarray(g(name) * T, (g(name) + 1) * T));
  assert.deepEqual(net('Technology'), [50_000, 55_000, 0, 0]);
  assert.deepEqual(net('Healthcare'), [-25_000, -25_000, 60_000 - 25_000, 65_000 - 25_000]);
  const sectorOf = (date: string) =>
    res
      .getPositionHistory()
      .find((p) => p.date === date)!
      .rows.find((r) => r.ticker === 'AAA')!.sector;
  assert.equal(sectorOf('2024-01-03'), 'Technology');
  assert.equal(sectorOf('2024-01-04'), 'Healthcare');
});

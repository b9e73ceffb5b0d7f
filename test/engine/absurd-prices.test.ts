// Absurd prices: the loader refuses them, and the day loop refuses a non-finite equity.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePricesCsv, DataError } from '../../engine/data';
import { Backtester } from '../../engine/backtest';
import { BacktestError } from '../../engine/backtest/errors';
import { DATA_ERROR_CODES } from '../../engine/validate/codes';
import { makeMapping, makeTable, memoryData } from '../fixtures/sim/tables';

test('a price above 1e9 per share is a DataError naming file, line, column and fix', () => {
  const text = 'date,AAPL,ORCL\n2021-06-14,130,80\n2021-06-15,131,1e308\n';
  assert.throws(
    () => parsePricesCsv(text, 'prices.csv'),
    (e: unknown) => {
      assert.ok(e instanceof DataError);
      assert.equal(e.code, 'implausible-price');
      assert.equal(e.line, 3);
      assert.equal(e.column, 16);
      assert.match(e.detail, /ORCL on 2021-06-15/);
      assert.ok(e.fix && e.fix.length > 0);
      return true;
    },
  );
  assert.ok(DATA_ERROR_CODES['implausible-price'], 'the code is documented');
  // The bound itself and normal prices still load.
  assert.equal(parsePricesCsv('date,A\n2021-01-04,1000000000\n', 'p.csv').columns[0][0], 1e9);
});

test('equity that becomes non-finite stops the run naming the date and the ticker', () => {
  const dates = ['2021-06-14', '2021-06-15', '2021-06-16'];
  const table = makeTable(dates, { AAPL: [130, 131, 132], ORCL: [80, 1e308, 81], XLK: [140, 141, 142] });
  const mapping = makeMapping([
    ['AAPL', 'Technology'],
    ['ORCL', 'Technology'],
  ]);
  const bt = new Backtester(
    {
      initial_cash: 1e6,
      use_case: 1,
      enable_sector_hedge: true,
      sector_hedge_method: 'etf',
      inputs: { weights: { '2021-06-11': { AAPL: 0.5, ORCL: 0.5 } } },
    },
    memoryData(table, mapping),
  );
  assert.throws(
    () => bt.run(),
    (e: unknown) => {
      assert.ok(e instanceof BacktestError);
      assert.equal(e.code, 'non-finite-equity');
      assert.match(e.message, /2021-06-15/);
      assert.match(e.message, /ORCL at 1e\+308/);
      return true;
    },
  );
});

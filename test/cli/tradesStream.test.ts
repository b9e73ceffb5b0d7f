// --out's trades.csv formatted while the run goes on: the job's side thread
// (dist/sideWorker.js) reads the shared trade log (withSharedTradeLog) and formats its rows
// chunk by chunk, into memory until the results folder exists, then into the file; the
// job's thread takes the chunks left from the end (tradesStream.ts). What a user must not
// notice: the same bytes as one thread writing it all, also when the log outgrew its
// shared room, when the side thread fails or is stopped, and nothing left behind when the
// run fails before writing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CLI, SAMPLES, ensureBuilt, tempDir } from './helpers';
import { SideThread } from '../../jobs/sideThread';
import { BacktestConfig } from '../../engine/config';
import { Backtester } from '../../engine/backtest';
import { LoadedTables } from '../../engine/data/loadedTables';
import { recordSource, type ResultSource } from '../../engine/results/resultSource';
import { writeResultFolder, type TradesStreamed } from '../../engine/results/resultFiles';
import { TradeLog } from '../../engine/results/tradeLog';
import type { RunRecord } from '../../engine/results';
import { bootstrapRequest, runConfidenceIntervals } from '../../engine/analysis';

const WORKER = path.join(path.dirname(CLI), 'sideWorker.js');
let source: ResultSource;
let record: RunRecord;
const ROWS = 150_000;
const TICKERS = ['AAA', '=CMD()', 'B,"C"'];
const made: string[] = [];
const dirOf = (prefix: string) => {
  const d = tempDir(prefix);
  made.push(d);
  return d;
};
after(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

before(() => {
  ensureBuilt();
  const config = BacktestConfig.fromFile(path.join(SAMPLES, 'configs', 'neutral-etf.backtest.jsonc'));
  const res = new Backtester(config, config.createDataManager(new LoadedTables())).run();
  record = res.record;
  source = recordSource(res.record, null, true, {
    meta: res.toJSON().meta,
    metrics: res.calculateMetrics(),
    analysis: null,
    tradeCounts: res.tradeCounts(),
    finalEquity: 1,
    warnings: [],
  });
});

/**
 * A run that logs ROWS trades a day at a time (full-precision doubles, integers, NaN, -0,
 * a formula-like ticker), publishing between days as the simulation's progress calls do.
 * `room`: the log's up-front room (below ROWS: it grows past what it shares).
 */
function fakeRun(tick: () => boolean, room: number): TradeLog {
  const T = source.dates.length;
  const log = new TradeLog(source.dates, 0, TICKERS, room);
  let seed = 11;
  const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  for (let k = 0; k < ROWS; k++) {
    const d = Math.floor((k / ROWS) * T);
    if (k > 0 && d !== log.day[k - 1]) tick();
    const commission = k % 7 === 0 ? -0 : rnd() * 1e-3;
    const slippage = k % 11 === 0 ? NaN : rnd() / 3;
    log.pushCoded(
      d,
      k % 3,
      Math.round((rnd() - 0.5) * 2000),
      Math.round(rnd() * 50000) / 100,
      (rnd() - 0.5) * 1e6,
      commission,
      slippage,
      k % 4,
      -1,
    );
  }
  return log;
}

const withTrades = (log: TradeLog): ResultSource => ({
  ...source,
  trades: {
    length: log.length,
    dayOffset: 0,
    tickers: log.tickers,
    day: log.day,
    ticker: log.ticker,
    quantity: log.quantity,
    price: log.price,
    notional: log.notional,
    commission: log.commission,
    slippage: log.slippage,
    reason: log.reason,
  },
});

const files = (dir: string) =>
  Object.fromEntries(
    readdirSync(dir)
      .filter((f) => !f.startsWith('.'))
      .map((f) => [f, readFileSync(path.join(dir, f))]),
  );
const sameFiles = (a: Record<string, Buffer>, dir: string) => {
  const b = files(dir);
  assert.deepEqual(Object.keys(b), Object.keys(a), dir);
  for (const f of Object.keys(a)) if (f !== 'metrics.json') assert.ok(a[f].equals(b[f]), `${dir}: ${f} differs`);
};

function streamed(side: SideThread, room: number): { log: TradeLog; streamed: TradesStreamed } {
  const { value: log, streamed } = side.streamTrades(
    (watch) =>
      fakeRun(
        watch(() => true),
        room,
      ),
    60_000,
  );
  assert.ok(streamed, 'a log with room for 100 000 trades or more is shared');
  return { log, streamed };
}

test('trades.csv formatted on the side thread during the run is byte for byte the one-thread file', () => {
  const side = SideThread.start(WORKER);
  assert.ok(side, 'the side thread starts from dist/sideWorker.js');
  // Room for all (the side thread may format every row), and a log that outgrows its shared room.
  for (const room of [ROWS + 1024, 120_000]) {
    const { log, streamed: s } = streamed(side, room);
    // Grown when full: the rows past its shared room are only in its new columns.
    assert.equal(log.sharedRows, room);
    assert.equal(log.length, ROWS);
    const one = dirOf('stream-one'),
      two = dirOf('stream-two');
    writeResultFolder(one, withTrades(log));
    // Who wrote what: the side thread's rows (its wait's answer) and the chunks this thread took.
    let sideRows = -2,
      backChunks = 0;
    const counted: TradesStreamed = {
      ...s,
      begin: (file) => {
        const wait = s.begin(file);
        return () => (sideRows = wait());
      },
      claimBack: () => {
        const c = s.claimBack();
        if (c) backChunks++;
        return c;
      },
    };
    const written = writeResultFolder(two, withTrades(log), counted);
    assert.ok(sideRows > 0, 'the side thread wrote the first rows');
    if (room < ROWS) assert.ok(backChunks > 0 && sideRows <= room, 'the rows past the shared room were written by the job');
    assert.deepEqual(
      written.map((f) => path.basename(f)),
      ['equity.csv', 'trades.csv', 'positions.csv', 'exposures.csv', 'beta.csv', 'metrics.json'],
    );
    const a = files(one);
    assert.equal(a['trades.csv'].toString().split('\n').length, ROWS + 2, 'header, every trade, the final newline');
    assert.match(a['trades.csv'].toString(), /\n[^,]+,'=CMD\(\),/);
    sameFiles(a, two);
  }
  side.stop();
});

test('a side thread that fails, is stopped, or has other trades leaves the job to write the whole trades.csv', () => {
  const side = SideThread.start(WORKER)!;
  const { log, streamed: s } = streamed(side, ROWS + 1024);
  const one = dirOf('stream-ref');
  writeResultFolder(one, withTrades(log));
  const a = files(one);
  // Its rows in the file broken, and it says it failed.
  const broken: TradesStreamed = { ...s, begin: (file) => () => (writeFileSync(file, 'half a row,'), -1) };
  const two = dirOf('stream-broken');
  writeResultFolder(two, withTrades(log), broken);
  sameFiles(a, two);
  // Trades that are not the shared log's (a copy): not used, and the thread is told to stop.
  const copy = withTrades(log);
  copy.trades = { ...copy.trades, price: Float64Array.from(log.price.subarray(0, log.length)) };
  const three = dirOf('stream-copy');
  writeResultFolder(three, copy, streamed(side, ROWS + 1024).streamed);
  sameFiles(a, three);
  // The thread gone before the write.
  const late = streamed(side, ROWS + 1024);
  side.stop();
  const four = dirOf('stream-stopped');
  writeResultFolder(four, withTrades(late.log), late.streamed);
  sameFiles(a, four);
});

test('a run that fails while the side thread formats leaves nothing, and the thread serves the next request', () => {
  const side = SideThread.start(WORKER)!;
  const parent = dirOf('stream-fail');
  assert.throws(
    () =>
      side.streamTrades((watch) => {
        fakeRun(
          watch(() => true),
          ROWS + 1024,
        );
        throw new Error('the run failed');
      }, 60_000),
    /the run failed/,
  );
  assert.deepEqual(readdirSync(parent), []);
  // The thread left the stream and answers the next request.
  const ci = side.bootstrap(bootstrapRequest(record)!, 60_000)();
  assert.deepEqual(ci, runConfidenceIntervals(record));
  side.stop();
});

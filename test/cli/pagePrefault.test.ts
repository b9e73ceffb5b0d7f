// A plain run's trade log, its pages touched ahead by the job's side thread
// (engine/results/pagePrefault.ts, SideThread.prefaultTrades): the run's stores must find
// their pages mapped (no page fault of fresh memory on the job's thread), and no value the
// run logs may ever change, even when a touch meets a store into the same word.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CLI, ensureBuilt } from './helpers';
import { SideThread } from '../../jobs/sideThread';
import { IS_HEDGE_REASON_CODE, TRADE_REASONS, TradeLog } from '../../engine/results/tradeLog';
import { logTotals } from '../../engine/results/logTotals';
import { PagePrefault } from '../../engine/results/pagePrefault';

const WORKER = path.join(path.dirname(CLI), 'sideWorker.js');
const DAYS = 600;
const PER_DAY = 500;

/** This thread's minor page faults so far (Linux), or null. */
function threadFaults(): number | null {
  if (!existsSync('/proc/thread-self/stat')) return null;
  const st = readFileSync('/proc/thread-self/stat', 'utf8');
  return Number(st.slice(st.lastIndexOf(')') + 2).split(' ')[7]);
}

/** Row k's values: many with a zero 4-byte word (small integers, 1.0, 0, -0), NaN, full-precision doubles. */
function rowOf(k: number): [number, number, number, number, number, number, number, number, number] {
  const x = k % 5 === 0 ? 0 : k % 5 === 1 ? 1 : k % 5 === 2 ? -0 : k % 5 === 3 ? NaN : k / 7;
  return [Math.floor(k / PER_DAY), k % 97, x, k % 3 === 0 ? 0 : k + 0.5, -x, x / 3, 0, k % 6, k % 4 ? -1 : 0];
}

function fakeRun(tick: () => void): TradeLog {
  const log = new TradeLog(['2020-01-01'], 0, ['A'], DAYS * PER_DAY);
  for (let k = 0; k < DAYS * PER_DAY; k++) {
    if (k % PER_DAY === 0) tick();
    const r = rowOf(k);
    log.pushCoded(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8]);
  }
  return log;
}

test("the side thread's page touches never change a value the run logs", () => {
  ensureBuilt();
  const side = SideThread.start(WORKER);
  assert.ok(side, 'the side thread starts from dist/sideWorker.js');
  try {
    for (let round = 0; round < 3; round++) {
      const shared = side.prefaultTrades<TradeLog>((watch) => fakeRun(watch(() => true)));
      const log: TradeLog = shared.value;
      assert.ok(shared.settle(), "the log's totals are the ones summed beside the run");
      // Summed as the rows arrived, they are the sums of one pass over the finished log.
      let traded = 0,
        hedge = 0;
      const byCode = new Float64Array(TRADE_REASONS.length);
      for (let k = 0; k < log.length; k++) {
        traded += Math.abs(log.notional[k]);
        hedge += IS_HEDGE_REASON_CODE[log.reason[k]];
        byCode[log.reason[k]]++;
      }
      const totals = logTotals(log);
      assert.ok(Object.is(totals.traded, traded) && Object.is(totals.hedgeTrades, hedge), `${totals.traded} vs ${traded}`);
      assert.deepEqual(totals.byCode, byCode);
      assert.equal(log.sharedRows, DAYS * PER_DAY, 'a log with room for 100 000 trades or more is shared');
      for (let k = 0; k < log.length; k++) {
        const r = rowOf(k);
        const got = [
          log.day[k],
          log.ticker[k],
          log.quantity[k],
          log.price[k],
          log.notional[k],
          log.commission[k],
          log.slippage[k],
          log.reason[k],
          log.sector[k],
        ];
        for (let c = 0; c < r.length; c++) if (!Object.is(got[c], r[c])) assert.fail(`row ${k} column ${c}: ${got[c]} instead of ${r[c]}`);
      }
    }
  } finally {
    side.stop();
  }
});

test('after ahead(), storing into the touched rows takes no page fault; the untouched rows still do', (t) => {
  if (threadFaults() === null) return t.skip('no /proc/thread-self/stat (not Linux)');
  const rows = 1 << 20;
  const cols = [
    new Float64Array(new SharedArrayBuffer(rows * 8)),
    new Int32Array(new SharedArrayBuffer(rows * 4)),
    new Uint8Array(new SharedArrayBuffer(rows)),
  ];
  new PagePrefault(cols, rows).ahead(0); // touches rows [0, 2^18)
  const store = (from: number, to: number) => {
    const before = threadFaults()!;
    for (const c of cols) for (let k = from; k < to; k++) c[k] = 1;
    return threadFaults()! - before;
  };
  const touched = store(0, 1 << 18);
  const fresh = store(1 << 18, 1 << 19);
  // Fresh: one fault per 4 KB page (~832 for these rows); touched: next to none.
  assert.ok(fresh > 400, `storing into untouched rows faulted ${fresh} times`);
  assert.ok(touched < fresh / 10, `storing into touched rows faulted ${touched} times (untouched: ${fresh})`);
});

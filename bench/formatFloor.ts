// The number-formatting floor of the --out files: every number trades.csv holds (five a
// trade), turned into text by String(x) (V8's shortest round-trip conversion, the
// language's own floor) and by the writer's formatter into a byte buffer, with nothing
// else: no cells, rows, files. The writer's time beside it shows what writing adds.
import type { RunRecord } from '../engine/results/runRecord';
import { writeNumber } from '../engine/results/numberBytes';

export function measureFormatting(r: RunRecord): { numbers: number; stringSeconds: number; bytesSeconds: number } {
  const log = r.tradeLog;
  if (!log) throw new Error('bench: the run has no trade log');
  const cols = [log.quantity, log.price, log.notional, log.commission, log.slippage].map((c) => c.subarray(0, log.length));
  const buf = new Uint8Array(1 << 20);
  const viaString = (): number => {
    let len = 0;
    for (const c of cols) for (let k = 0; k < c.length; k++) len += String(c[k]).length;
    return len;
  };
  const viaBytes = (): number => {
    let len = 0,
      pos = 0;
    for (const c of cols)
      for (let k = 0; k < c.length; k++) {
        if (pos > buf.length - 64) {
          len += pos;
          pos = 0;
        }
        pos = writeNumber(c[k], buf, pos);
      }
    return len + pos;
  };
  const best = (f: () => number): number => {
    let s = Infinity;
    for (let k = 0; k < 3; k++) {
      const t0 = performance.now();
      f();
      s = Math.min(s, (performance.now() - t0) / 1000);
    }
    return s;
  };
  if (viaString() !== viaBytes()) throw new Error('bench: the formatter and String(x) disagree on the text length');
  return { numbers: cols.length * log.length, stringSeconds: best(viaString), bytesSeconds: best(viaBytes) };
}

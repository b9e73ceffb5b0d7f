// Wide signal/weight files are held as typed-array columns (engine/data/columnarValues.ts),
// loaded in the worker and transferred without a copy. The validator reads them as
// DatedValues, so they must read exactly like the engine's own parse of the same file.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseDatedValues } from '../../engine/data';
import type { DatedValues } from '../../engine/types';
import { ColumnarDatedValues } from '../../engine/data/columnarValues';
import { InlineLoader, WorkerLoader, type LoadResult } from '../../server/host/dataLoader';
import { SERVER } from './lspClient';

/** Nested maps as plain sorted entries, read through the Map API only. */
function plain(v: DatedValues): [string, [string, number][]][] {
  const out: [string, [string, number][]][] = [];
  for (const [d, day] of v) out.push([d, [...day.entries()]]);
  return out;
}

// Dates out of order, empty cells, negative and exponent values, CRLF.
const WIDE = ['date,AAA,BBB,CCC,DDD', '2023-01-04,1.5,,-2,', '2023-01-02,,0.25,3e-2,', '2023-01-03,-0.5,1,,'].join('\r\n') + '\r\n';

function valueOf(r: LoadResult): DatedValues {
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  return r.value as DatedValues;
}

describe('columnar dated values', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'backtest-columnar-'));
  const file = path.join(dir, 'signals.csv');
  writeFileSync(file, WIDE);
  const expected = parseDatedValues(WIDE, file);

  it('reads a wide file exactly like the engine parser, loaded in a worker and inline', async () => {
    const worker = new WorkerLoader(SERVER);
    try {
      for (const v of [valueOf(await new InlineLoader().load('datedValues', file)), valueOf(await worker.load('datedValues', file))]) {
        assert.ok(v instanceof ColumnarDatedValues, 'kept as columns');
        assert.ok(v instanceof Map);
        assert.equal(v.size, expected.size);
        assert.deepEqual([...v.keys()], ['2023-01-02', '2023-01-03', '2023-01-04']);
        assert.deepEqual(plain(v), plain(expected));
        const day = v.get('2023-01-02')!;
        assert.equal(day.size, 2);
        assert.equal(day.get('BBB'), 0.25);
        assert.equal(day.has('AAA'), false);
        assert.equal(v.get('2023-01-05'), undefined);
        assert.throws(() => v.set('2023-01-05', new Map()), /read-only/);
        // The validator's "which tickers does the input name" comes from the columns.
        const walked = new Set<string>();
        for (const d of expected.values()) for (const t of d.keys()) walked.add(t);
        assert.deepEqual([...(v as ColumnarDatedValues).tickerSet()].sort(), [...walked].sort());
      }
    } finally {
      worker.dispose();
    }
  });

  it("still reports an invalid wide file with the engine parser's error", async () => {
    const bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, 'date,AAA\n2023-01-02,abc\n');
    const r = await new InlineLoader().load('datedValues', bad);
    assert.equal(r.ok, false);
    assert.match(!r.ok ? `${r.error.line}:${r.error.message}` : '', /^2:.*abc/);
    rmSync(dir, { recursive: true, force: true });
  });
});

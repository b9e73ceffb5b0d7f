// Decodes the compact results encoding (./compact.ts) lazily: the daily series are used as
// they are, while `trades` and `positions` (about 250 k trades and a holding per ticker per
// day for 504 stocks) become getters that decode on first use, once. So the Overview of a
// large run shows at once, and the trade table pays for its rows only when it is opened.
import type { CompareJson, ResultsJson } from '../engine/types';
import { COMPACT_FORMAT, decodePositions, decodeTrades, type CompactCompare, type CompactResults } from '../common/compact';

/** Which bulky parts were decoded so far (also mirrored on <body data-decoded> for tests). */
export const decoded: string[] = [];

function note(what: string): void {
  decoded.push(what);
  if (typeof document !== 'undefined' && document.body) document.body.dataset.decoded = decoded.join(' ');
}

/** Defines `key` on `obj` as a value computed on first read (and then kept). */
function lazy<T extends object>(obj: T, key: string, make: () => unknown, label: string): void {
  let value: unknown;
  let done = false;
  Object.defineProperty(obj, key, {
    enumerable: true,
    configurable: true,
    get() {
      if (!done) {
        value = make();
        done = true;
        note(label);
      }
      return value;
    },
    set(v) {
      value = v;
      done = true;
    },
  });
}

function lazyResults(c: CompactResults, label: string): ResultsJson {
  const r = { ...c.rest } as ResultsJson;
  lazy(r, 'trades', () => decodeTrades(c.trades, c.rest.dates), `trades:${label}`);
  if (c.positions) {
    const p = c.positions;
    lazy(r, 'positions', () => decodePositions(p), `positions:${label}`);
  } else r.positions = null;
  return r;
}

/** Like decodeReportData, but trades and positions decode when first read. Plain data passes through. */
export function decodeLazily(x: unknown): unknown {
  if (typeof x !== 'object' || x === null || (x as { format?: unknown }).format !== COMPACT_FORMAT) return x;
  if (Array.isArray((x as CompactCompare).runs)) {
    const c = x as CompactCompare;
    return {
      schemaVersion: c.schemaVersion,
      runs: c.runs.map((r) => ({ label: r.label, results: lazyResults(r.results, r.label) })),
      ...(c.configured ? { configured: c.configured } : {}),
    } satisfies CompareJson;
  }
  return lazyResults(x as CompactResults, 'run');
}

/** True when `obj[key]` is a not-yet-decoded lazy part (shape checks must not force it). */
export function isLazy(obj: object, key: string): boolean {
  return typeof Object.getOwnPropertyDescriptor(obj, key)?.get === 'function';
}

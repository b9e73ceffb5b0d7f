// Compact, lossless encoding of the bulky parts of a ResultsJson for the static report:
// trades and holdings become columns of dictionary indices and numbers instead of objects
// with repeated keys, a holding's value is dropped when it equals shares × price (and a
// trade's notional when it equals quantity × price), and a day's tickers / shares are
// dropped when they equal the previous day's. The report decodes it in the browser, so
// the panel code sees the same ResultsJson. Pure functions (node and browser).
import type { CompareJson, ResultsJson, Trade, TradeReason } from '../engine/types';

export const COMPACT_FORMAT = 'compact-results-1';

type Holding = NonNullable<ResultsJson['positions']>[number]['rows'][number];

/** Trades as columns; `d` indexes `dates` (or `extraDates` at -1-k), `t`/`s`/`r` the dictionaries. */
interface CompactTrades {
  tickers: string[];
  sectors: (string | null)[];
  reasons: TradeReason[];
  extraDates: string[];
  d: number[];
  t: number[];
  s: number[];
  r: number[];
  q: number[];
  p: number[];
  /** Notional, or null when it equals q × p. */
  n: (number | null)[];
  c: number[];
  sl: number[];
}

/** Holdings per date: `i` indexes `instruments` ([ticker, sector]); null = same as the day before. */
interface CompactPositions {
  instruments: [string, string | null][];
  dates: string[];
  i: (number[] | null)[];
  sh: (number[] | null)[];
  p: number[][];
  /** Per date: values that differ from shares × price as [row, value] pairs, or null. */
  v: ([number, number][] | null)[];
}

export interface CompactResults {
  format: typeof COMPACT_FORMAT;
  /** Everything else of the ResultsJson, unchanged (trades and positions removed). */
  rest: Omit<ResultsJson, 'trades' | 'positions'>;
  trades: CompactTrades;
  positions: CompactPositions | null;
}

export interface CompactCompare {
  format: typeof COMPACT_FORMAT;
  schemaVersion: 1;
  runs: { label: string; results: CompactResults }[];
  configured?: string;
}

function dict<T>(): { idx: (v: T) => number; list: T[] } {
  const m = new Map<T, number>();
  const list: T[] = [];
  return {
    list,
    idx: (v) => {
      let k = m.get(v);
      if (k === undefined) {
        k = list.length;
        list.push(v);
        m.set(v, k);
      }
      return k;
    },
  };
}

const sameArray = (a: readonly number[] | undefined, b: readonly number[]): boolean =>
  !!a && a.length === b.length && a.every((x, k) => Object.is(x, b[k]));

function encodeTrades(trades: readonly Trade[], dates: readonly string[]): CompactTrades {
  const dateIdx = new Map(dates.map((d, i) => [d, i]));
  const tk = dict<string>(),
    sc = dict<string | null>(),
    rs = dict<TradeReason>(),
    extra = dict<string>();
  const out: CompactTrades = {
    tickers: tk.list,
    sectors: sc.list,
    reasons: rs.list,
    extraDates: extra.list,
    d: [],
    t: [],
    s: [],
    r: [],
    q: [],
    p: [],
    n: [],
    c: [],
    sl: [],
  };
  for (const x of trades) {
    const di = dateIdx.get(x.date);
    out.d.push(di ?? -1 - extra.idx(x.date));
    out.t.push(tk.idx(x.ticker));
    out.s.push(sc.idx(x.sector));
    out.r.push(rs.idx(x.reason));
    out.q.push(x.quantity);
    out.p.push(x.price);
    out.n.push(Object.is(x.notional, x.quantity * x.price) ? null : x.notional);
    out.c.push(x.commission);
    out.sl.push(x.slippage);
  }
  return out;
}

export function decodeTrades(c: CompactTrades, dates: readonly string[]): Trade[] {
  const out: Trade[] = new Array(c.d.length);
  for (let k = 0; k < c.d.length; k++) {
    const d = c.d[k];
    const n = c.n[k];
    out[k] = {
      date: d >= 0 ? dates[d] : c.extraDates[-1 - d],
      ticker: c.tickers[c.t[k]],
      quantity: c.q[k],
      price: c.p[k],
      notional: n === null ? c.q[k] * c.p[k] : n,
      commission: c.c[k],
      slippage: c.sl[k],
      reason: c.reasons[c.r[k]],
      sector: c.sectors[c.s[k]],
    };
  }
  return out;
}

function encodePositions(positions: NonNullable<ResultsJson['positions']>): CompactPositions {
  const ins = new Map<string | null, Map<string, number>>();
  const out: CompactPositions = { instruments: [], dates: [], i: [], sh: [], p: [], v: [] };
  let prevI: number[] | undefined, prevS: number[] | undefined;
  for (const snap of positions) {
    const i = snap.rows.map((r) => {
      let bySector = ins.get(r.sector);
      if (!bySector) ins.set(r.sector, (bySector = new Map()));
      let k = bySector.get(r.ticker);
      if (k === undefined) {
        k = out.instruments.length;
        out.instruments.push([r.ticker, r.sector]);
        bySector.set(r.ticker, k);
      }
      return k;
    });
    const sh = snap.rows.map((r) => r.shares);
    const odd: [number, number][] = [];
    snap.rows.forEach((r, k) => {
      if (!Object.is(r.value, r.shares * r.price)) odd.push([k, r.value]);
    });
    out.dates.push(snap.date);
    out.i.push(sameArray(prevI, i) ? null : i);
    out.sh.push(sameArray(prevS, sh) ? null : sh);
    out.p.push(snap.rows.map((r) => r.price));
    out.v.push(odd.length ? odd : null);
    prevI = i;
    prevS = sh;
  }
  return out;
}

export function decodePositions(c: CompactPositions): NonNullable<ResultsJson['positions']> {
  let i: number[] = [],
    sh: number[] = [];
  return c.dates.map((date, k) => {
    i = c.i[k] ?? i;
    sh = c.sh[k] ?? sh;
    const prices = c.p[k];
    const rows: Holding[] = i.map((ix, j) => ({
      ticker: c.instruments[ix][0],
      sector: c.instruments[ix][1],
      shares: sh[j],
      price: prices[j],
      value: sh[j] * prices[j],
    }));
    for (const [row, value] of c.v[k] ?? []) rows[row].value = value;
    return { date, rows };
  });
}

export function encodeResults(r: ResultsJson): CompactResults {
  const { trades, positions, ...rest } = r;
  return { format: COMPACT_FORMAT, rest, trades: encodeTrades(trades, r.dates), positions: positions ? encodePositions(positions) : null };
}

export function decodeResults(c: CompactResults): ResultsJson {
  return { ...c.rest, trades: decodeTrades(c.trades, c.rest.dates), positions: c.positions ? decodePositions(c.positions) : null };
}

/** Encodes a run or a comparison (each run) for embedding in the report. */
export function encodeReportData(data: ResultsJson | CompareJson): CompactResults | CompactCompare {
  if ('runs' in data && Array.isArray(data.runs)) {
    return {
      format: COMPACT_FORMAT,
      schemaVersion: 1,
      runs: data.runs.map((r) => ({ label: r.label, results: encodeResults(r.results) })),
      ...(data.configured ? { configured: data.configured } : {}),
    };
  }
  return encodeResults(data as ResultsJson);
}

/**
 * Decodes what `encodeReportData` produced; anything else (plain ResultsJson/CompareJson)
 * is returned as is. A malformed encoding throws (the caller shows it as an error).
 */
export function decodeReportData(x: unknown): unknown {
  if (typeof x !== 'object' || x === null || (x as { format?: unknown }).format !== COMPACT_FORMAT) return x;
  if (Array.isArray((x as CompactCompare).runs)) {
    const c = x as CompactCompare;
    return {
      schemaVersion: c.schemaVersion,
      runs: c.runs.map((r) => ({ label: r.label, results: decodeResults(r.results) })),
      ...(c.configured ? { configured: c.configured } : {}),
    } satisfies CompareJson;
  }
  return decodeResults(x as CompactResults);
}

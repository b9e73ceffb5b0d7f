// trades.csv formatted while the run still runs. W1's trades.csv is 1.2 M rows of four
// 17-digit doubles: ~1 s of one core, more than the simulation itself. With a shared trade
// log (tradeLog.ts withSharedTradeLog), another thread formats its rows in chunks as the
// simulation logs them, into memory until the results folder exists, then into the file;
// once the run ended and its other files are written, this thread takes the chunks left
// from the end, so both finish together. Chunks are claimed through one shared word (the
// next chunk from the front, the first chunk taken from the back), so no row is written
// twice or missed, and the file is the same bytes as one thread writing it all.
import type { TradeLog } from './tradeLog';
import { ByteCsvWriter, fileSink, MemorySink, textCells, type ByteSink } from './csvBytes';
import type { TradeColumns } from './resultSource';
import { PagePrefault } from './pagePrefault';
import { RunningTotals, type LogTotalsOf } from './logTotals';

/** Words of the control array. */
const PUB = 0, // rows the other thread may read: logged, final, and in the shared columns
  N = 1, // the run's trade count, once it ended
  CLAIM = 2, // next front chunk (low 16 bits) | first back chunk taken (high 16 bits)
  SEQ = 3, // bumped on every change, for Atomics.wait
  STATE = 4; // 0 while the run goes on, then ENDED or ABORTED
const ENDED = 1,
  ABORTED = 2;
/** The back's value while the run goes on (the chunk count is not known yet). */
const OPEN = 0x7fff;
const pack = (front: number, back: number) => front | (back << 16);

/** Rows a chunk holds; at most OPEN - 1 chunks (longer logs are written by one thread). */
const chunkRows = (room: number) => Math.max(16_384, Math.ceil(room / 16_384));
/** Bytes formatted into memory before the folder exists (W1's whole trades.csv is 117 MB). */
const MEMORY_LIMIT = 160 * 1024 * 1024;

/** What the other thread is sent: the shared columns and the control words (SharedArrayBuffers are shared, not copied). */
export interface TradeStreamShare {
  control: SharedArrayBuffer;
  chunk: number;
  dates: readonly string[];
  dayOffset: number;
  tickers: readonly string[];
  day: Int32Array;
  ticker: Int32Array;
  quantity: Float64Array;
  price: Float64Array;
  notional: Float64Array;
  commission: Float64Array;
  slippage: Float64Array;
  reason: Uint8Array;
  sector: Int32Array;
  /** Rows the shared columns hold (the log's up-front room). */
  room: number;
  /** The run's length in days (0: not said). */
  days: number;
}

/** The run's side of a stream: publishes the rows logged, ends it, and takes chunks from the back. */
export class TradeStream {
  private readonly ctl: Int32Array;
  private readonly chunk: number;
  private n = -1;

  constructor(readonly log: TradeLog) {
    this.ctl = new Int32Array(new SharedArrayBuffer(4 * 5));
    this.chunk = chunkRows(log.sharedRows);
    Atomics.store(this.ctl, CLAIM, pack(0, OPEN));
  }

  share(): TradeStreamShare {
    const l = this.log;
    return {
      control: this.ctl.buffer as SharedArrayBuffer,
      chunk: this.chunk,
      dates: l.dates,
      dayOffset: l.dayOffset,
      tickers: l.tickers,
      day: l.day,
      ticker: l.ticker,
      quantity: l.quantity,
      price: l.price,
      notional: l.notional,
      commission: l.commission,
      slippage: l.slippage,
      reason: l.reason,
      sector: l.sector,
      room: l.sharedRows,
      days: l.days,
    };
  }

  /** Between days of the run: the rows logged so far may be read (they never change again). */
  publish(): void {
    const rows = Math.min(this.log.length, this.log.sharedRows);
    if (rows !== Atomics.load(this.ctl, PUB)) this.set(PUB, rows);
  }

  /** The run ended: its trade count is final. */
  end(): void {
    this.publish();
    const n = (this.n = this.log.length);
    const chunks = Math.ceil(n / this.chunk);
    if (chunks >= OPEN) return this.abort();
    Atomics.store(this.ctl, N, n);
    for (;;) {
      const c = Atomics.load(this.ctl, CLAIM);
      if (Atomics.compareExchange(this.ctl, CLAIM, c, pack(c & 0xffff, chunks)) === c) break;
    }
    this.set(STATE, ENDED);
  }

  /** Wakes the other thread (a message it should read is on its way). */
  wake(): void {
    Atomics.add(this.ctl, SEQ, 1);
    Atomics.notify(this.ctl, SEQ);
  }

  /** The other thread stops (between chunks) and gives up. */
  abort(): void {
    if (Atomics.load(this.ctl, STATE) !== ABORTED) this.set(STATE, ABORTED);
  }

  /** True when `tr` are this run's trades, complete (the columns a writer is about to write). */
  covers(tr: TradeColumns): boolean {
    return this.n >= 0 && Atomics.load(this.ctl, STATE) === ENDED && tr.length === this.n && tr.price === this.log.price && tr.day === this.log.day;
  }

  /** The next rows [from, to) for this thread, from the end; null once the other thread has taken the rest. */
  claimBack(): readonly [number, number] | null {
    for (;;) {
      const c = Atomics.load(this.ctl, CLAIM),
        front = c & 0xffff,
        back = c >>> 16;
      if (back <= front || back === OPEN) return null;
      if (Atomics.compareExchange(this.ctl, CLAIM, c, pack(front, back - 1)) === c)
        return [(back - 1) * this.chunk, Math.min(this.n, back * this.chunk)];
    }
  }

  private set(word: number, value: number): void {
    Atomics.store(this.ctl, word, value);
    Atomics.add(this.ctl, SEQ, 1);
    Atomics.notify(this.ctl, SEQ);
  }
}

/** What the other thread's trades.csv rows go into (writeTradeRows). */
type WriteRows = (w: ByteCsvWriter, tr: TradeColumns, dates: readonly Uint8Array[], from: number, to: number) => void;

/** The shared log's page toucher: every column, up to its room (pagePrefault.ts). */
const pagesOf = (s: TradeStreamShare): PagePrefault =>
  new PagePrefault([s.day, s.ticker, s.quantity, s.price, s.notional, s.commission, s.slippage, s.reason, s.sector], s.room);

/**
 * The other thread's side: formats chunks from the front as the run logs them, into
 * memory until `poll()` gives the file (then the header, those chunks and the rest go
 * there), until the run ended and no chunk is left for it. `poll` is called between
 * chunks (the thread answers its other requests there). Returns the rows written (the
 * file holds the header and rows [0, rows)), or -1 when aborted.
 */
export function formatTradeStream(s: TradeStreamShare, header: readonly string[], writeRows: WriteRows, poll: () => string | null): number {
  const ctl = new Int32Array(s.control),
    C = s.chunk;
  const tr: TradeColumns = { ...s, length: 0 };
  const dates = textCells(s.dates);
  const held: MemorySink[] = [];
  let heldBytes = 0,
    out: ByteSink | null = null;
  const keep: ByteSink = { write: (b, o, l) => out!.write(b, o, l), close() {} };
  // Between chunks this thread also touches the log's pages ahead of the run (pagePrefault.ts).
  const pre = pagesOf(s);
  try {
    for (;;) {
      const seq = Atomics.load(ctl, SEQ);
      if (!out) {
        const file = poll();
        if (file) {
          out = fileSink(file);
          new ByteCsvWriter(keep, header).close();
          for (const m of held.splice(0)) m.writeTo(keep);
        }
      } else poll();
      const state = Atomics.load(ctl, STATE);
      if (state === ABORTED) return -1;
      if (state === 0) pre.ahead(Atomics.load(ctl, PUB));
      const c = Atomics.load(ctl, CLAIM),
        front = c & 0xffff,
        back = c >>> 16;
      const n = state === ENDED ? Atomics.load(ctl, N) : Infinity;
      const to = Math.min(n, (front + 1) * C);
      const open = front < back && to <= Atomics.load(ctl, PUB);
      if (open && (out || heldBytes < MEMORY_LIMIT)) {
        if (Atomics.compareExchange(ctl, CLAIM, c, pack(front + 1, back)) !== c) continue;
        let sink: ByteSink = keep;
        if (!out) {
          const m = new MemorySink();
          held.push(m);
          sink = { write: (b, o, l) => ((heldBytes += l), m.write(b, o, l)), close() {} };
        }
        writeRows(new ByteCsvWriter(sink, null), tr, dates, front * C, to);
        continue;
      }
      if (state === ENDED && !open && out) return Math.min(n, front * C);
      Atomics.wait(ctl, SEQ, seq, 50);
    }
  } finally {
    (out as ByteSink | null)?.close();
  }
}

/**
 * A plain run's side thread (no trades.csv to format): touches the log's pages ahead each
 * time the run publishes its rows (pagePrefault.ts) and sums the log's totals over them
 * (logTotals.ts), until the run ended (then the totals of every row) or stopped (null).
 * `meanwhile` runs once, after the first pages are touched (the bootstrap's paths).
 */
export function prefaultTradeStream(s: TradeStreamShare, meanwhile: () => void = () => {}): LogTotalsOf | null {
  const ctl = new Int32Array(s.control);
  const pre = pagesOf(s);
  const totals = new RunningTotals(s.notional, s.reason);
  let first = true;
  for (;;) {
    const seq = Atomics.load(ctl, SEQ);
    const state = Atomics.load(ctl, STATE);
    if (state === ABORTED) return null;
    const published = Atomics.load(ctl, PUB);
    if (state === ENDED) {
      // Rows past the shared room (a log that grew) are not readable here.
      const n = Atomics.load(ctl, N);
      if (published < n) return null;
      totals.add(n);
      return totals;
    }
    pre.ahead(published);
    if (first) {
      first = false;
      meanwhile();
      continue;
    }
    totals.add(published);
    Atomics.wait(ctl, SEQ, seq, 50);
  }
}

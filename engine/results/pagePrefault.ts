// A shared trade log's pages, touched from another thread ahead of the rows the run has
// logged. The first store into a fresh page costs its writer a page fault: W1's log is
// ~65 MB of columns, ~17 k faults, ~50 ms of the job's thread in a fresh process. Taken
// beside the run, the run's own stores find their pages mapped. A touch is a
// compare-exchange of 0 with 0 on one 4-byte word per page: it maps the page writable and
// can never change a value, not even one the run stores into that word at the same moment.

/** How far ahead of the rows logged the pages are touched (a run publishes its rows ~200 times). */
export const PREFAULT_AHEAD_ROWS = 1 << 18;
const PAGE = 4096;

export class PagePrefault {
  private readonly words: Int32Array[];
  private readonly rowBytes: number[];
  /** Rows whose pages are touched: [0, rows). */
  private rows = 0;

  /** `columns`: the log's shared columns; `room`: the rows they hold. */
  constructor(
    columns: readonly (Int32Array | Float64Array | Uint8Array)[],
    private readonly room: number,
  ) {
    this.words = columns.map((c) => new Int32Array(c.buffer, c.byteOffset, c.byteLength >> 2));
    this.rowBytes = columns.map((c) => c.BYTES_PER_ELEMENT);
  }

  /** Touches the pages of rows up to `published` + PREFAULT_AHEAD_ROWS (at most the room). */
  ahead(published: number): void {
    const to = Math.min(this.room, published + PREFAULT_AHEAD_ROWS);
    if (to <= this.rows) return;
    for (let c = 0; c < this.words.length; c++) touchPages(this.words[c], this.rows * this.rowBytes[c], to * this.rowBytes[c]);
    this.rows = to;
  }
}

/** One compare-exchange per page over bytes [from, to) of `words`' buffer (the page holding `from` included). */
function touchPages(words: Int32Array, from: number, to: number): void {
  const end = Math.min(words.length, Math.ceil(to / 4));
  for (let w = Math.floor(from / PAGE) * (PAGE / 4); w < end; w += PAGE / 4) Atomics.compareExchange(words, w, 0, 0);
}


// Hedge group of each ticker per day. A plain mapping gives one group per ticker for the
// whole run; a point-in-time mapping (valid_from / valid_to) changes a ticker's group on
// the days its rows start and end, applied by advance() before the day trades.
import type { PriceTable, SectorMapping } from '../types';
import { firstIndexAtOrAfter, lastIndexAtOrBefore } from './calendar';

export class GroupTimeline {
  /** Group names, in the order of first appearance in the mapping. */
  readonly groups: string[] = [];
  readonly groupIndex = new Map<string, number>();
  /** Group of each ticker today (-1: none). */
  readonly groupOf: Int32Array;
  /** Whether any ticker changes group during the run. */
  readonly changing: boolean;
  private readonly evDay: Int32Array;
  private readonly evTicker: Int32Array;
  private readonly evGroup: Int32Array;
  private cursor = 0;

  constructor(mapping: SectorMapping, table: PriceTable, column: string, i0: number, i1: number) {
    this.groupOf = new Int32Array(table.tickers.length).fill(-1);
    const ev: { day: number; j: number; g: number; start: number }[] = [];
    const d0 = table.dates[i0];
    for (const row of mapping.rows) {
      const j = table.index.get(row.ticker);
      const name = row.values[column];
      if (j === undefined || !name) continue;
      let g = this.groupIndex.get(name);
      if (g === undefined) {
        g = this.groups.length;
        this.groupIndex.set(name, g);
        this.groups.push(name);
      }
      if (!mapping.history) {
        this.groupOf[j] = g;
        continue;
      }
      const from = row.validFrom ?? null,
        to = row.validTo ?? null;
      if ((from === null || from <= d0) && (to === null || to >= d0)) this.groupOf[j] = g;
      else if (from !== null && from > d0) {
        const day = firstIndexAtOrAfter(table.dates, from);
        if (day <= i1) ev.push({ day, j, g, start: 1 });
      }
      if (to !== null && to >= d0) {
        // First trading day after valid_to: the row is no longer in force.
        const day = lastIndexAtOrBefore(table.dates, to) + 1;
        if (day <= i1) ev.push({ day, j, g: -1, start: 0 });
      }
    }
    // Ends before starts on the same day, so a row ending on the eve of the next one hands over.
    ev.sort((a, b) => a.day - b.day || a.start - b.start);
    this.evDay = Int32Array.from(ev, (e) => e.day);
    this.evTicker = Int32Array.from(ev, (e) => e.j);
    this.evGroup = Int32Array.from(ev, (e) => e.g);
    this.changing = ev.length > 0;
    this.initial = this.changing ? this.groupOf.slice() : this.groupOf;
  }

  /** Groups at the run's start (the same array as groupOf when nothing changes). */
  readonly initial: Int32Array;

  /** The changes, for a run's record: on price index day[k], ticker[k] goes to group[k] (-1: none). */
  changes(): { initial: Int32Array; day: Int32Array; ticker: Int32Array; group: Int32Array } | null {
    return this.changing ? { initial: this.initial, day: this.evDay, ticker: this.evTicker, group: this.evGroup } : null;
  }

  /** Applies the changes of day t (t ascending); returns whether any ticker changed group. */
  advance(t: number): boolean {
    let changed = false;
    while (this.cursor < this.evDay.length && this.evDay[this.cursor] <= t) {
      const k = this.cursor++;
      this.groupOf[this.evTicker[k]] = this.evGroup[k];
      changed = true;
    }
    return changed;
  }
}

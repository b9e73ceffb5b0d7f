// The hedge-group set-up: which group (sector, or industry with hedge_group_column) each
// ticker belongs to and which ETF hedges it, as typed arrays indexed by ticker / group, and
// the per-group net and gross stock values both sector-hedge methods start from.
import type { GroupChanges } from '../results/runRecord';
import { columnHoldingGroups } from '../data/groupColumns';
import type { PriceTable, SectorMapping } from '../types';
import { BacktestError } from './errors';
import { GroupTimeline } from './groupTimeline';
import type { ResolvedOptions } from './options';
import { hedgeGroupColumn, unknownSector } from './runWarnings';
import type { WarningLog } from './warnings';

export class HedgeGroups {
  /** Group names, in the mapping's order of first appearance. */
  readonly names: string[] = [];
  /** Group index of each ticker today (-1: none); a point-in-time mapping changes it in advance(). */
  readonly groupOf: Int32Array;
  /** 1 for the hedge instruments: mapped sector ETFs and the beta instrument (their own borrow rate). */
  readonly isEtf: Uint8Array;
  private readonly timeline: GroupTimeline;
  /** Each group's ETF from sector_etf_mapping (null: none), and its ticker index (-1: no price column). */
  readonly etf: (string | null)[];
  readonly etfIdx: Int32Array;
  /** Net (sv) and gross (sg) stock value per group, filled by sums(). */
  readonly sv: Float64Array;
  readonly sg: Float64Array;

  constructor(o: ResolvedOptions, table: PriceTable, mapping: SectorMapping, warnings: WarningLog, i0 = 0, i1 = table.dates.length - 1) {
    const col = o.hedge_group_column;
    if (!mapping.columns.includes(col)) {
      throw new BacktestError(
        'missing-hedge-column',
        `hedge_group_column "${col}" is not a column of ${mapping.file} (columns: ${mapping.columns.join(', ')}).`,
        {
          path: 'hedge_group_column',
          fix: `use one of ${mapping.columns.filter((c) => c !== 'ticker').join(', ')}, or add a "${col}" column to ${mapping.file}.`,
        },
      );
    }
    this.timeline = new GroupTimeline(mapping, table, col, i0, i1);
    this.groupOf = this.timeline.groupOf;
    this.names.push(...this.timeline.groups);
    const groupIndex = this.timeline.groupIndex;
    const G = this.names.length;
    this.etf = this.names.map((g) => o.sector_etf_mapping[g] ?? null);
    this.etfIdx = Int32Array.from(this.etf.map((e) => (e ? (table.index.get(e) ?? -1) : -1)));
    this.sv = new Float64Array(G);
    this.sg = new Float64Array(G);
    this.isEtf = new Uint8Array(table.tickers.length);
    for (const e of [...Object.values(o.sector_etf_mapping), o.beta_hedge_instrument]) {
      const j = table.index.get(e);
      if (j !== undefined) this.isEtf[j] = 1;
    }

    for (const s of Object.keys(o.sector_target_exposures)) {
      if (!groupIndex.has(s)) unknownSector(warnings, s, mapping.file, col, columnHoldingGroups(mapping, [s], col));
    }
    // ETF mapping keys that are groups of another column (the guide's industry example
    // without hedge_group_column) leave the book unhedged: say which column they belong to.
    const strayKeys = Object.keys(o.sector_etf_mapping).filter((k) => !groupIndex.has(k));
    const other = strayKeys.length ? columnHoldingGroups(mapping, strayKeys, col) : undefined;
    if (other) hedgeGroupColumn(warnings, other, col, mapping.file);
  }

  /** Applies day t's point-in-time changes (t ascending); returns whether any ticker changed group. */
  /** A point-in-time mapping's changes (GroupChanges), null when every ticker keeps its group. */
  changes(): GroupChanges | null {
    return this.timeline.changes();
  }

  advance(t: number): boolean {
    return this.timeline.changing && this.timeline.advance(t);
  }

  /**
   * Net (sv) and gross (sg) stock value per group for a shares vector at carried prices `px`.
   * Returns the exposure basis: `navBasis` when given (not NaN), else the gross; 0 when nothing is held.
   */
  sums(shares: Float64Array, px: Float64Array, navBasis: number): number {
    const sv = this.sv,
      sg = this.sg,
      groupOf = this.groupOf;
    sv.fill(0);
    sg.fill(0);
    let gross = 0;
    for (let j = 0; j < shares.length; j++) {
      const sh = shares[j];
      if (sh === 0) continue;
      const v = sh * px[j];
      gross += Math.abs(v);
      const g = groupOf[j];
      if (g >= 0) {
        sv[g] += v;
        sg[g] += Math.abs(v);
      }
    }
    return this.basis(gross, navBasis);
  }

  /** The exposure basis for a book of gross value `gross` (see sums). */
  basis(gross: number, navBasis: number): number {
    // Nothing held yet: every exposure is 0 and no hedge trades, whatever the basis.
    if (gross === 0) return 0;
    return Number.isNaN(navBasis) ? gross : navBasis;
  }
}

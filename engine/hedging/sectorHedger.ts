// The guide's SectorHedger, usable on its own (the backtester runs the same arithmetic
// on typed arrays). Accepts the guide's snake_case option names and camelCase ones.
import { DEFAULT_SECTOR_ETF_MAPPING } from './mappings';
import { roundHalfAwayFromZero } from './rounding';

export type HedgeMethod = 'etf' | 'proportional';
type NumberMap = Record<string, number> | ReadonlyMap<string, number>;
type StringMap = Record<string, string> | ReadonlyMap<string, string>;

export interface SectorHedgerOptions {
  /** Target net exposure per sector as a fraction of the basis; omitted sectors are 0. */
  target_exposures?: Record<string, number>;
  targetExposures?: Record<string, number>;
  hedge_method?: HedgeMethod;
  hedgeMethod?: HedgeMethod;
  /** Sector -> ETF; defaults to the SPDR table. */
  sector_etf_mapping?: Record<string, string>;
  sectorEtfMapping?: Record<string, string>;
}

export interface HedgeInput {
  /** Shares per ticker (signed). */
  positions: NumberMap;
  /** Price per ticker, ETFs included. */
  prices: NumberMap;
  /** Ticker -> sector (or any hedge group). */
  sector_mapping?: StringMap;
  sectorMapping?: StringMap;
  /**
   * Value that target fractions multiply. Default: gross notional of the positions,
   * sum of |shares * price| (the guide: "fractions of gross notional").
   */
  portfolio_value?: number;
  portfolioValue?: number;
}

export interface SectorHedgeDetail {
  sector: string;
  etf: string | null;
  stockValue: number;
  target: number;
  /** Target value minus stock value: what the hedge must add. */
  desiredHedgeValue: number;
  /** Whole ETF shares for this sector (0 when unhedged). */
  etfShares: number;
  /** Why the sector stays unhedged, if it does. */
  unhedgedReason?: 'no-etf-mapping' | 'no-etf-price';
}

export interface EtfHedgeResult {
  /** ETF -> whole shares; several sectors on one ETF add up. */
  hedges: Record<string, number>;
  sectors: SectorHedgeDetail[];
  basis: number;
  warnings: string[];
}

function isMapLike(v: unknown): boolean {
  return v instanceof Map || (typeof v === 'object' && v !== null && !Array.isArray(v));
}

function describe(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : v instanceof Map ? 'a Map' : typeof v === 'object' ? 'an object' : typeof v;
}

/**
 * The hedge input from either call form: `({ positions, prices, sector_mapping })` (this
 * library's) or `(positions, prices, sector_mapping[, portfolio_value])` (the guide's
 * Python). Anything else is a TypeError naming both shapes, not a crash deep inside.
 */
function hedgeInput(method: string, args: unknown[]): HedgeInput {
  const shapes = `${method} expects ({ positions, prices, sector_mapping }) or (positions, prices, sector_mapping), where positions is {TICKER: shares}, prices is {TICKER: price} (ETFs included) and sector_mapping is {TICKER: sector}, as objects or Maps`;
  const [first, second, third, fourth] = args;
  const objectForm = args.length === 1 && isMapLike(first) && !(first instanceof Map) && 'positions' in (first as object);
  if (objectForm) {
    const o = first as HedgeInput;
    const mapping = o.sector_mapping ?? o.sectorMapping;
    if (!isMapLike(o.positions) || !isMapLike(o.prices) || (mapping !== undefined && !isMapLike(mapping))) {
      throw new TypeError(
        `${shapes}; got positions: ${describe(o.positions)}, prices: ${describe(o.prices)}, sector_mapping: ${describe(mapping)}.`,
      );
    }
    return o;
  }
  if (
    args.length >= 2 &&
    isMapLike(first) &&
    isMapLike(second) &&
    (third === undefined || isMapLike(third)) &&
    (fourth === undefined || typeof fourth === 'number')
  ) {
    return {
      positions: first as NumberMap,
      prices: second as NumberMap,
      sector_mapping: third as StringMap | undefined,
      portfolio_value: fourth as number | undefined,
    };
  }
  throw new TypeError(`${shapes}; got ${args.length} argument(s): ${args.map(describe).join(', ') || 'none'}.`);
}

function get<T>(m: Record<string, T> | ReadonlyMap<string, T> | undefined, k: string): T | undefined {
  if (!m) return undefined;
  return m instanceof Map ? m.get(k) : (m as Record<string, T>)[k];
}
function entries<T>(m: Record<string, T> | ReadonlyMap<string, T>): [string, T][] {
  return m instanceof Map ? [...m.entries()] : Object.entries(m as Record<string, T>);
}

/**
 * ETF shares that bring a sector from `stockValue` to `target * basis`:
 * round_half_away_from_zero((target * basis - stockValue) / etfPrice).
 * (The guide's formula has the sign backwards; a long book gives a short ETF.)
 */
export function etfHedgeShares(target: number, basis: number, stockValue: number, etfPrice: number): number {
  return roundHalfAwayFromZero((target * basis - stockValue) / etfPrice);
}

/**
 * The proportional method's move of one position's value:
 * -(E_s - T_s * basis) * |v_i| / G_s, so the sector's net lands on T_s * basis.
 */
export function proportionalMove(value: number, sectorNet: number, sectorGross: number, target: number, basis: number): number {
  if (sectorGross === 0) return 0;
  return (-(sectorNet - target * basis) * Math.abs(value)) / sectorGross;
}

export class SectorHedger {
  readonly targetExposures: Record<string, number>;
  readonly hedgeMethod: HedgeMethod;
  readonly sectorEtfMapping: Record<string, string>;

  constructor(opts: SectorHedgerOptions = {}) {
    this.targetExposures = { ...(opts.target_exposures ?? opts.targetExposures ?? {}) };
    this.hedgeMethod = opts.hedge_method ?? opts.hedgeMethod ?? 'etf';
    this.sectorEtfMapping = { ...(opts.sector_etf_mapping ?? opts.sectorEtfMapping ?? DEFAULT_SECTOR_ETF_MAPPING) };
  }

  /** Target fraction of a sector (0 when not configured). */
  target(sector: string): number {
    const t = this.targetExposures[sector];
    return typeof t === 'number' && Number.isFinite(t) ? t : 0;
  }

  /**
   * ETF hedge as the guide's API: `{ XLK: -2069 }`. Takes `{ positions, prices, sector_mapping }`
   * or the guide's positional form `(positions, prices, sector_mapping)`.
   */
  calculateHedgeEtf(input: HedgeInput): Record<string, number>;
  calculateHedgeEtf(positions: NumberMap, prices: NumberMap, sectorMapping?: StringMap, portfolioValue?: number): Record<string, number>;
  calculateHedgeEtf(...args: unknown[]): Record<string, number> {
    return this.calculateHedgeEtfDetailed(hedgeInput('calculateHedgeEtf', args)).hedges;
  }

  /** Same as {@link calculateHedgeEtf} with per-sector detail and warnings. */
  calculateHedgeEtfDetailed(input: HedgeInput): EtfHedgeResult;
  calculateHedgeEtfDetailed(positions: NumberMap, prices: NumberMap, sectorMapping?: StringMap, portfolioValue?: number): EtfHedgeResult;
  calculateHedgeEtfDetailed(...args: unknown[]): EtfHedgeResult {
    const input = hedgeInput('calculateHedgeEtfDetailed', args);
    const { values, basis, warnings } = this.sectorValues(input);
    const hedges: Record<string, number> = {};
    const sectors: SectorHedgeDetail[] = [];
    for (const [sector, v] of values) {
      const target = this.target(sector);
      const etf = this.sectorEtfMapping[sector] ?? null;
      const desired = target * basis - v.net;
      const detail: SectorHedgeDetail = { sector, etf, stockValue: v.net, target, desiredHedgeValue: desired, etfShares: 0 };
      const price = etf ? get(input.prices, etf) : undefined;
      if (!etf) {
        detail.unhedgedReason = 'no-etf-mapping';
        warnings.push(`sector "${sector}" has no ETF in sector_etf_mapping; it stays unhedged`);
      } else if (!(typeof price === 'number' && price > 0)) {
        detail.unhedgedReason = 'no-etf-price';
        warnings.push(`no price for ${etf} (ETF of "${sector}"); the sector stays unhedged`);
      } else {
        detail.etfShares = etfHedgeShares(target, basis, v.net, price);
        hedges[etf] = (hedges[etf] ?? 0) + detail.etfShares;
      }
      sectors.push(detail);
    }
    for (const k of Object.keys(hedges)) if (hedges[k] === 0) delete hedges[k];
    return { hedges, sectors, basis, warnings };
  }

  /**
   * Proportional method: returns the new whole-share positions after moving every
   * position in a sector by -(E_s - T_s * basis) * |v_i| / G_s. An all-long sector with
   * a neutral target is closed. Unmapped tickers are returned unchanged.
   */
  calculateHedgeProportional(input: HedgeInput): Record<string, number>;
  calculateHedgeProportional(
    positions: NumberMap,
    prices: NumberMap,
    sectorMapping?: StringMap,
    portfolioValue?: number,
  ): Record<string, number>;
  calculateHedgeProportional(...args: unknown[]): Record<string, number> {
    const input = hedgeInput('calculateHedgeProportional', args);
    const { values, basis } = this.sectorValues(input);
    const mapping = input.sector_mapping ?? input.sectorMapping;
    const out: Record<string, number> = {};
    for (const [ticker, shares] of entries(input.positions)) {
      const sector = get(mapping, ticker);
      const price = get(input.prices, ticker);
      const v = sector !== undefined ? values.get(sector) : undefined;
      if (!v || !(typeof price === 'number' && price > 0)) {
        out[ticker] = shares;
        continue;
      }
      const move = proportionalMove(shares * price, v.net, v.gross, this.target(sector!), basis);
      out[ticker] = roundHalfAwayFromZero(shares + move / price);
    }
    return out;
  }

  private sectorValues(input: HedgeInput): { values: Map<string, { net: number; gross: number }>; basis: number; warnings: string[] } {
    const mapping = input.sector_mapping ?? input.sectorMapping;
    const values = new Map<string, { net: number; gross: number }>();
    const warnings: string[] = [];
    let gross = 0;
    for (const [ticker, shares] of entries(input.positions)) {
      const price = get(input.prices, ticker);
      if (!(typeof price === 'number' && price > 0)) {
        warnings.push(`no price for ${ticker}; it is left out`);
        continue;
      }
      const value = shares * price;
      gross += Math.abs(value);
      const sector = get(mapping, ticker);
      if (sector === undefined) {
        warnings.push(`${ticker} has no sector; it is not hedged`);
        continue;
      }
      const v = values.get(sector) ?? { net: 0, gross: 0 };
      v.net += value;
      v.gross += Math.abs(value);
      values.set(sector, v);
    }
    const basis = input.portfolio_value ?? input.portfolioValue ?? gross;
    return { values, basis, warnings };
  }
}

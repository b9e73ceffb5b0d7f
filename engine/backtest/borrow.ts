// Borrow by name and day: the rate and the borrowable shares in force for each ticker,
// moved forward day by day from a borrow file (engine/data/borrow.ts), with the flat
// config rates for names without rows. Accrues the cost per name.
import { borrowRowAt, type BorrowTable } from '../data/borrow';
import type { PriceTable } from '../types';
import { firstIndexAtOrAfter } from './calendar';
import type { WarningLog } from './warnings';

export interface BorrowRates {
  /** Annual rate for stocks without rows (borrow_rate_annual). */
  stockRate: number;
  /** Annual rate for sector ETFs and the beta instrument without rows (etf_borrow_rate_annual). */
  etfRate: number;
}

/** What one day's accrual took: all shorts, and the stock book's alone (for the unhedged curve). */
export interface BorrowAccrual {
  total: number;
  stocks: number;
}

export class BorrowBook {
  /** Rate in force today per ticker index. */
  readonly rate: Float64Array;
  /** Borrowable shares today per ticker index (NaN: no limit). */
  readonly available: Float64Array;
  /** Borrow cost accrued per ticker index over the run. */
  readonly cost: Float64Array;
  /** 1 for tickers whose rate comes from the file (on any day). */
  private readonly fromFile: Uint8Array;
  /** Events (day, ticker, rate, available), sorted by day; applied by advance(). */
  private readonly evDay: Int32Array;
  private readonly evTicker: Int32Array;
  private readonly evRate: Float64Array;
  private readonly evAvail: Float64Array;
  private cursor = 0;
  /** No file and one rate for all: accrue exactly as the flat rate always did. */
  private readonly uniform: boolean;
  readonly active: boolean;
  /** Whether any row limits the borrowable shares. */
  readonly limited: boolean;

  constructor(
    private readonly table: PriceTable,
    i0: number,
    i1: number,
    private readonly rates: BorrowRates,
    /** 1 for sector ETFs and the beta instrument. */
    isEtf: Uint8Array,
    file: BorrowTable | null,
    warnings: WarningLog,
  ) {
    const n = table.tickers.length;
    this.rate = new Float64Array(n);
    for (let j = 0; j < n; j++) this.rate[j] = isEtf[j] ? rates.etfRate : rates.stockRate;
    this.available = new Float64Array(n).fill(NaN);
    this.cost = new Float64Array(n);
    this.fromFile = new Uint8Array(n);
    const ev: { day: number; j: number; rate: number; avail: number; order: number }[] = [];
    if (file) {
      const dates = table.dates;
      for (const [ticker, s] of file.byTicker) {
        const j = table.index.get(ticker);
        if (j === undefined) {
          warnings.add(`borrow-unknown-ticker:${ticker}`, () => ({
            code: 'borrow-unknown-ticker',
            ticker,
            message: `${file.file} has borrow rows for ${ticker}, which has no column in ${table.file}; they are ignored.`,
          }));
          continue;
        }
        this.fromFile[j] = 1;
        // The row in force on the first day (rows dated before start_date count), then each later change.
        const k0 = borrowRowAt(s, dates[i0]);
        if (k0 >= 0) {
          this.rate[j] = s.rates[k0];
          this.available[j] = s.available[k0];
        }
        for (let k = k0 + 1; k < s.dates.length; k++) {
          const day = firstIndexAtOrAfter(dates, s.dates[k]);
          if (day > i1) break;
          ev.push({ day, j, rate: s.rates[k], avail: s.available[k], order: k });
        }
      }
    }
    ev.sort((a, b) => a.day - b.day || a.j - b.j || a.order - b.order);
    this.evDay = Int32Array.from(ev, (e) => e.day);
    this.evTicker = Int32Array.from(ev, (e) => e.j);
    this.evRate = Float64Array.from(ev, (e) => e.rate);
    this.evAvail = Float64Array.from(ev, (e) => e.avail);
    this.uniform = !file && rates.stockRate === rates.etfRate;
    this.active = !!file || rates.stockRate !== 0 || rates.etfRate !== 0;
    this.limited = !!file && file.hasAvailability;
  }

  /** Brings the rows whose date has come into force for day t (call once a day, t ascending). */
  advance(t: number): void {
    while (this.cursor < this.evDay.length && this.evDay[this.cursor] <= t) {
      const k = this.cursor++;
      this.rate[this.evTicker[k]] = this.evRate[k];
      this.available[this.evTicker[k]] = this.evAvail[k];
    }
  }

  /**
   * One day of borrow on every short: rate / 252 of each ticker's short market value (net
   * shares across books at carried prices), recorded per name. Returns the cash it takes.
   */
  accrue(stockSh: Float64Array, etfSh: Float64Array, betaSh: Float64Array, px: Float64Array): BorrowAccrual {
    const n = stockSh.length;
    let shortValue = 0,
      stockShort = 0,
      total = 0,
      stocks = 0;
    const rate = this.rate,
      cost = this.cost;
    for (let j = 0; j < n; j++) {
      const sh = stockSh[j] + etfSh[j] + betaSh[j];
      const s = stockSh[j];
      // A name not held takes price and rate 0 (its price may be NaN): its shares are 0 (never
      // -0), so every term below is 0 or -0 and leaves each sum as it was, as skipping it did.
      // No branch around the terms: V8 optimises this loop (inlined in mark) in the first days,
      // before anything is held, and code reached only for a held name had no type feedback
      // then (mark was deoptimised on the first held day).
      const held = sh !== 0 || s !== 0;
      const pj = px[j],
        rj = rate[j];
      const p = held ? pj : 0,
        r = held ? rj : 0;
      // The short parts without a branch on the sign (random across a long/short book):
      // (x - |x|) / 2 is x when x < 0, else 0, and a long's terms are then -0 or 0, which
      // leave every sum as it was: the same doubles as adding only the shorts.
      const shortSh = (sh - Math.abs(sh)) * 0.5,
        shortS = (s - Math.abs(s)) * 0.5;
      const v = -shortSh * p;
      shortValue += v;
      cost[j] += (v * r) / 252;
      total += (v * r) / 252;
      stockShort -= shortS * p;
      stocks += (-shortS * p * r) / 252;
    }
    // The flat rate for everything: the same sums in the same order as before borrow by name existed.
    if (this.uniform) return { total: (shortValue * this.rates.stockRate) / 252, stocks: (stockShort * this.rates.stockRate) / 252 };
    return { total, stocks };
  }

  /**
   * The stock target after the borrow limit: a short beyond today's available shares is
   * cut to what is available (warned once per name, counting the days).
   */
  capShort(j: number, target: number, date: string, warnings: WarningLog): number {
    const a = this.available[j];
    if (!(target < 0) || !(a === a) || -target <= a) return target;
    const ticker = this.table.tickers[j];
    warnings.add(`borrow-limit:${ticker}`, () => ({
      code: 'borrow-limit',
      ticker,
      date,
      message: `${ticker}: a short of ${-target} shares on ${date} is beyond the ${a} shares available to borrow, so it was cut to ${-a} (first such day; see count).`,
    }));
    return a === 0 ? 0 : -a;
  }

  /** Borrow cost per ticker with a non-zero cost, largest first. */
  byName(): Record<string, number> {
    const out: [string, number][] = [];
    for (let j = 0; j < this.cost.length; j++) if (this.cost[j] !== 0) out.push([this.table.tickers[j], this.cost[j]]);
    out.sort((a, b) => b[1] - a[1]);
    return Object.fromEntries(out);
  }

  /** Whether ticker j's rate came from the borrow file. */
  hasRows(j: number): boolean {
    return this.fromFile[j] === 1;
  }
}

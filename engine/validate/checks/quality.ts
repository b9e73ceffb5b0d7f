// Data checks that are about the data being plausible rather than the config being right:
// a price that looks like a typo inside the run, an ETF of the hedge mapping that the
// sector mapping also lists as a stock, a beta instrument whose price never moves.
import path from 'node:path';
import type { ConfigDiagnostic, PriceTable, Range, SectorMapping } from '../../types';
import { describeAnomaly, findPriceAnomalies, MIN_PLAUSIBLE_PRICE, SPIKE_FACTOR } from '../../data/priceAnomalies';
import { sample } from '../../data/prices';
import type { ConfigDocument, JsonPath } from '../document';

export interface QualityInputs {
  doc: ConfigDocument;
  file: string;
  out: ConfigDiagnostic[];
  prices: PriceTable;
  mapping: SectorMapping | undefined;
  /** Run window (trading-day indexes, clipped to the data). */
  window: [number, number];
  /** Where price-file findings point (prices_file or data_dir) and its path. */
  pricesAnchor: { range: Range; path: JsonPath };
  /** ETF per hedge group the run uses (empty when the ETF method is off). */
  etfMapping: Record<string, string>;
  instrument: string | undefined;
}

const push = (q: QualityInputs, code: string, range: Range, message: string, p: JsonPath, data?: Record<string, unknown>) =>
  q.out.push({ code, severity: 'warning', file: q.file, range, message, path: p.map(String).join('.'), ...(data ? { data } : {}) });

export function checkDataQuality(q: QualityInputs): void {
  const { prices } = q;
  const [a, b] = q.window;
  if (a > b) return;
  const from = prices.dates[a],
    to = prices.dates[b];
  const anomalies = (prices.quality.anomalies ?? findPriceAnomalies(prices)).filter((x) => x.date >= from && x.date <= to);
  if (anomalies.length) {
    push(
      q,
      'price-suspicious',
      q.pricesAnchor.range,
      `${anomalies.length} price(s) in ${path.basename(prices.file)} look like typos: ${sample(anomalies.map(describeAnomaly), 3)}. A one-day jump of ${SPIKE_FACTOR}x that reverts, or a price below ${MIN_PLAUSIBLE_PRICE}, is almost always a data error, and every metric of the run would depend on it. Correct the cells, or ignore this if the prices are real.`,
      q.pricesAnchor.path,
      { anomalies: anomalies.slice(0, 20) },
    );
  }
  const wk = prices.quality.timestampWeekends;
  if (wk) {
    push(
      q,
      'dates-on-weekends',
      q.pricesAnchor.range,
      `${wk.count.toLocaleString('en-US')} of the ${prices.dates.length.toLocaleString('en-US')} dates in ${path.basename(prices.file)} are Saturdays or Sundays (the first ${wk.first}), read from the TIMESTAMP column "${wk.column}" as UTC dates: a timestamp at local midnight east of UTC (Asia, or Europe in summer time) falls on the day before, and every trade and hedge of that day with it. If that is the cause, write the column as a DATE (or as timestamps without a time zone).`,
      q.pricesAnchor.path,
      { count: wk.count, first: wk.first },
    );
  }
  if (q.mapping) {
    for (const [group, etf] of Object.entries(q.etfMapping)) {
      const row = q.mapping.byTicker.get(etf);
      if (!row) continue;
      const p: JsonPath = ['sector_etf_mapping', group];
      const node = q.doc.valueNode(p);
      if (!node) continue;
      push(
        q,
        'etf-also-stock',
        q.doc.nodeRange(node),
        `${etf}, the hedge ETF of ${group}, is also listed as a stock in ${path.basename(q.mapping.file)} (line ${row.line + 1}): its hedge trades and any stock position in it would mix, and it counts towards its own sector's exposure. Remove ${etf} from the sector mapping, or map another ETF.`,
        p,
        { ticker: etf, sector: group },
      );
    }
  }
  const j = q.instrument !== undefined ? prices.index.get(q.instrument) : undefined;
  if (j !== undefined) {
    const c = prices.columns[j];
    let first = NaN,
      moved = false,
      n = 0;
    for (let i = a; i <= b; i++) {
      const v = c[i];
      if (v !== v) continue;
      n++;
      if (first !== first) first = v;
      else if (v !== first) {
        moved = true;
        break;
      }
    }
    if (!moved && n >= 2) {
      const node = q.doc.valueNode(['beta_hedge_instrument']);
      const range = node ? q.doc.nodeRange(node) : q.pricesAnchor.range;
      push(
        q,
        'beta-instrument-flat',
        range,
        `${q.instrument}'s price is ${first} on every day of the run, so its returns have zero variance and no beta can be estimated: every beta is taken as 1 and the beta hedge is meaningless. Check its column in ${path.basename(prices.file)}, or use another instrument.`,
        node ? ['beta_hedge_instrument'] : q.pricesAnchor.path,
        { ticker: q.instrument },
      );
    }
  }
}

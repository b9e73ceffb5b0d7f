// One config mistake per diagnostic kind, for the golden diagnostics test. Each case
// edits the clean base config; `expect` lists every diagnostic the server must publish
// as [code, severity, the exact text under its range, a fragment of its message].
export const BASE = `{
  "name": "golden",
  "data_dir": "../data",
  "use_case": 2,
  "inputs": { "signals": "../data/signals.csv" },
  "start_date": "2023-01-20",
  "end_date": "2023-02-10",
  "enable_sector_hedge": true,
  "sector_hedge_method": "etf",
  "sector_target_exposures": {
    "Technology": 0.1,
    "Healthcare": 0.0,
    "Financials": 0.0,
    "Energy": 0.0
  },
  "sector_etf_mapping": { "Technology": "XLK", "Healthcare": "XLV", "Financials": "XLF", "Energy": "XLE" },
  "enable_beta_hedge": true,
  "beta_hedge_instrument": "SPY"
}
`;

export type Expected = [code: string, severity: 'error' | 'warning' | 'info', rangeText: string, message: string];

export interface Case {
  name: string;
  edit: [from: string, to: string][];
  expect: Expected[];
}

export const CASES: Case[] = [
  { name: 'syntax error', edit: [['"use_case": 2,', '"use_case": 2']], expect: [['syntax-error', 'error', '"inputs"', 'Expected comma']] },
  {
    name: 'duplicate key',
    edit: [['"use_case": 2,', '"use_case": 2,\n  "use_case": 2,']],
    expect: [['duplicate-key', 'warning', '"use_case"', 'the last one wins']],
  },
  {
    name: 'unknown key',
    edit: [['"enable_beta_hedge": true', '"enable_beta_hedg": true']],
    expect: [['unknown-key', 'error', '"enable_beta_hedg"', 'Did you mean "enable_beta_hedge"?']],
  },
  {
    name: 'wrong type',
    edit: [['"name": "golden",', '"name": "golden",\n  "initial_cash": "1000000",']],
    expect: [['invalid-type', 'error', '"1000000"', 'Expected "number"']],
  },
  {
    name: 'enum value',
    edit: [['"sector_hedge_method": "etf"', '"sector_hedge_method": "etff"']],
    expect: [['invalid-value', 'error', '"etff"', 'Did you mean "etf"?']],
  },
  {
    name: 'out of range',
    edit: [['"name": "golden",', '"name": "golden",\n  "target_beta": 5,']],
    expect: [['out-of-range', 'error', '5', 'at most 3']],
  },
  {
    name: 'target outside -1..1',
    edit: [['"Technology": 0.1', '"Technology": 1.5']],
    expect: [['target-out-of-range', 'error', '1.5', 'outside -1..1']],
  },
  {
    name: 'target outside -0.2..0.2',
    edit: [['"Technology": 0.1', '"Technology": 0.3']],
    expect: [['target-large', 'warning', '0.3', 'outside the usual -0.2..0.2']],
  },
  {
    name: 'not a calendar date',
    edit: [['"start_date": "2023-01-20"', '"start_date": "2023-02-30"']],
    expect: [
      ['invalid-date', 'error', '"2023-02-30"', 'not a calendar date'],
      // The run then starts at the first price, before XLE has any.
      ['etf-coverage', 'warning', '"XLE"', 'Energy stays unhedged before 2023-01-20'],
    ],
  },
  {
    name: 'dates reversed',
    edit: [['"end_date": "2023-02-10"', '"end_date": "2023-01-10"']],
    expect: [['dates-reversed', 'error', '"2023-01-10"', 'Swap them']],
  },
  {
    name: 'date outside the data',
    edit: [['"start_date": "2023-01-20"', '"start_date": "2022-12-01"']],
    expect: [
      ['date-outside-data', 'warning', '"2022-12-01"', 'before the first price (2023-01-02)'],
      ['etf-coverage', 'warning', '"XLE"', 'Energy stays unhedged before 2023-01-20'],
    ],
  },
  {
    name: 'missing data file',
    edit: [['"data_dir": "../data"', '"data_dir": "../nowhere"']],
    expect: [
      ['data-file-missing', 'error', '"../nowhere"', 'nowhere/prices.csv: File not found'],
      ['data-file-missing', 'error', '"../nowhere"', 'nowhere/sector_mapping.csv: File not found'],
    ],
  },
  {
    name: 'unreadable data file',
    edit: [['"data_dir": "../data"', '"data_dir": "../bad-data"']],
    expect: [
      ['data-file-invalid', 'error', '"../bad-data"', 'bad-data/prices.csv:6:19: Price "abc" for MSFT on 2023-01-06 is not a number'],
    ],
  },
  {
    name: 'missing input',
    edit: [['"inputs": { "signals": "../data/signals.csv" },', '']],
    expect: [['missing-input', 'error', '2', 'needs inputs.signals']],
  },
  {
    name: 'unknown sector',
    edit: [['"Technology": 0.1', '"Tecnology": 0.1']],
    expect: [
      ['sectors-missing-target', 'info', '"sector_target_exposures"', 'hedged to 0.0 (neutral): Technology'],
      ['unknown-sector', 'error', '"Tecnology"', 'Did you mean "Technology"?'],
    ],
  },
  {
    name: 'unknown hedge group column',
    edit: [['"name": "golden",', '"name": "golden",\n  "hedge_group_column": "industy",']],
    expect: [['missing-group-column', 'error', '"industy"', 'Did you mean "industry"?']],
  },
  {
    name: 'mapped sector with no stocks',
    edit: [['"Energy": "XLE" }', '"Energy": "XLE", "Utilities": "XLE" }']],
    expect: [['sector-without-stocks', 'warning', '"Utilities"', 'No stock in sector_mapping.csv has sector "Utilities"']],
  },
  {
    name: 'ETF without prices',
    edit: [['"Technology": "XLK"', '"Technology": "VGT"']],
    expect: [['etf-no-prices', 'error', '"VGT"', 'ETF VGT (Technology) has no column in prices.csv']],
  },
  {
    name: 'beta instrument without prices',
    edit: [['"beta_hedge_instrument": "SPY"', '"beta_hedge_instrument": "SPX"']],
    expect: [['beta-instrument-no-prices', 'error', '"SPX"', 'has no column in prices.csv']],
  },
  {
    name: 'ETF not covering the period',
    edit: [['"start_date": "2023-01-20"', '"start_date": "2023-01-02"']],
    expect: [['etf-coverage', 'warning', '"XLE"', 'XLE has prices only from 2023-01-20 to 2023-02-10']],
  },
  {
    name: 'held sector without ETF',
    edit: [[', "Energy": "XLE" }', ' }']],
    expect: [['sector-without-etf', 'warning', '"sector_etf_mapping"', 'stay unhedged under the ETF method: Energy']],
  },
  {
    name: 'held sectors without target',
    edit: [['"Healthcare": 0.0,\n    "Financials": 0.0,\n    "Energy": 0.0', '"Healthcare": 0.0']],
    expect: [['sectors-missing-target', 'info', '"sector_target_exposures"', 'hedged to 0.0 (neutral): Financials, Energy']],
  },
  {
    name: 'signal stocks without sector or prices',
    edit: [['signals.csv', 'signals_unmapped.csv']],
    expect: [
      ['signals-unmapped', 'warning', '"../data/signals_unmapped.csv"', '2 ticker(s) in signals_unmapped.csv have no sector'],
      ['input-ticker-no-prices', 'warning', '"../data/signals_unmapped.csv"', 'never traded: FOO'],
    ],
  },
  {
    name: 'bad expression',
    edit: [['"Healthcare": 0.0', '"Healthcare": "market_vol > 0.25 ? 0 : 0.05"']],
    expect: [['expression-invalid', 'error', 'market_vol', 'Did you mean "market_vol_21d"?']],
  },
  {
    name: 'expression that does not parse',
    edit: [['"Healthcare": 0.0', '"Healthcare": "market_vol_21d > ? 0"']],
    expect: [['expression-invalid', 'error', '?', 'Syntax error']],
  },
];

export function applyCase(c: Case): string {
  let text = BASE;
  for (const [from, to] of c.edit) {
    if (!text.includes(from)) throw new Error(`case ${c.name}: '${from}' not in the base config`);
    text = text.replace(from, to);
  }
  return text;
}

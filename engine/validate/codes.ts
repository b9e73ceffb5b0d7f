// Every diagnostic code the validator can report: the one list that docs/errors.md is
// generated from (scripts/gen-config-docs.mjs) and that tests check one by one.
import type { Severity } from '../types';

export interface DiagnosticCodeInfo {
  code: string;
  /** Usual severity (a few codes are milder when the feature is switched off). */
  severity: Severity;
  example: string;
  cause: string;
  fix: string;
}

const list: DiagnosticCodeInfo[] = [
  {
    code: 'syntax-error',
    severity: 'error',
    example: 'Expected comma',
    cause: 'The file is not valid JSON with comments.',
    fix: 'Fix the quoting, commas or braces at the marked position.',
  },
  {
    code: 'duplicate-key',
    severity: 'warning',
    example: 'Duplicate object key',
    cause: 'The same key appears twice in one object; the last one wins.',
    fix: 'Delete one of the two.',
  },
  {
    code: 'unknown-key',
    severity: 'error',
    example: 'Unknown key "enable_beta_hedg". Did you mean "enable_beta_hedge"?',
    cause: 'A key that is not in the schema (often a typo).',
    fix: 'Use the suggested key (quick fix), or remove the key.',
  },
  {
    code: 'invalid-type',
    severity: 'error',
    example: 'Incorrect type. Expected "number".',
    cause: 'A value of the wrong JSON type, e.g. "0.1" (a string) for a number.',
    fix: 'Write the value with the type shown on hover.',
  },
  {
    code: 'invalid-value',
    severity: 'error',
    example: '"etff" is not allowed. Use one of "etf", "proportional". Did you mean "etf"?',
    cause: 'A value outside the allowed choices, or a string in the wrong format (dates, tickers).',
    fix: 'Pick one of the listed values (quick fix for the nearest one).',
  },
  {
    code: 'out-of-range',
    severity: 'error',
    example: '-5 is out of range: it must be >= 0.',
    cause: 'A number outside the range documented for the key.',
    fix: 'Use a value inside the range shown on hover.',
  },
  {
    code: 'target-out-of-range',
    severity: 'error',
    example: 'Target 1.5 for Technology is outside -1..1.',
    cause: 'A sector target beyond ±100% of the exposure basis (often 15 written for 0.15).',
    fix: 'Write targets as fractions: 0.15 means 15%.',
  },
  {
    code: 'target-large',
    severity: 'warning',
    example: 'Target 0.3 for Technology is outside the usual -0.2..0.2.',
    cause: 'The guide\'s "Large Hedge Positions": a big target makes the hedge large relative to the book.',
    fix: 'Check the target; typical tilts are within -0.2..0.2.',
  },
  {
    code: 'invalid-date',
    severity: 'error',
    example: '2023-02-30 is not a calendar date.',
    cause: 'start_date / end_date has the right shape but no such day exists.',
    fix: 'Use a real date, YYYY-MM-DD.',
  },
  {
    code: 'dates-reversed',
    severity: 'error',
    example: 'end_date 2022-01-01 is before start_date 2023-01-01; swap them.',
    cause: 'The run would have no days.',
    fix: 'Swap start_date and end_date.',
  },
  {
    code: 'date-outside-data',
    severity: 'warning',
    example: 'start_date 2010-01-01 is before the first price (2016-04-21); the run starts there.',
    cause: 'A run date outside the price file: clipped to the data (warning), or no trading day at all (error).',
    fix: 'Move the date inside the data range shown in the message, or extend prices.csv.',
  },
  {
    code: 'data-file-missing',
    severity: 'error',
    example: 'Price file /x/prices.csv: File not found.',
    cause: 'A data file (prices, sector mapping, an input) is missing or unreadable; the reason is in the message.',
    fix: "Fix data_dir / prices_file / sector_mapping_file / inputs.*, remembering relative paths start at the config's folder (data files at data_dir).",
  },
  {
    code: 'data-file-invalid',
    severity: 'error',
    example: 'prices.csv:12:5: Price "abc" for AAPL on 2020-01-02 is not a number.',
    cause: 'A data file has a bad cell, header or date; file:line:col is in the message.',
    fix: 'Open the data file at the location given and apply the fix in the message.',
  },
  {
    code: 'missing-input',
    severity: 'error',
    example: 'use_case 2 (signals) needs inputs.signals.',
    cause: 'The input of the chosen use case is not given.',
    fix: 'Add inputs.weights / inputs.signals / inputs.orders (a file path or inline data), or change use_case.',
  },
  {
    code: 'unknown-sector',
    severity: 'error',
    example: 'Sector "Tecnology" is not in sector_mapping.csv. Did you mean "Technology"?',
    cause: "A sector name that no stock has in the mapping's hedge group column; its target or ETF would silently do nothing.",
    fix: 'Use the suggested name (quick fix) or a name from the mapping file.',
  },
  {
    code: 'missing-group-column',
    severity: 'error',
    example: 'hedge_group_column "industy" is not a column of sector_mapping.csv (columns: sector, industry).',
    cause: 'The hedge group column does not exist in the mapping.',
    fix: 'Use one of the listed columns.',
  },
  {
    code: 'sector-without-stocks',
    severity: 'warning',
    example: 'No stock with prices maps to "Utilities"; this entry has no effect.',
    cause: 'A sector in the config has no stock in the mapping (or none with a price column).',
    fix: "Remove the entry, or add the sector's stocks to the mapping and prices.",
  },
  {
    code: 'etf-no-prices',
    severity: 'error',
    example: 'ETF VGT (Technology) has no column in prices.csv. ETFs with data: XLK.',
    cause: 'A hedge ETF without prices: its sector stays unhedged.',
    fix: 'Switch to an ETF listed in the message (quick fix) or add its prices.',
  },
  {
    code: 'beta-instrument-no-prices',
    severity: 'error',
    example: 'beta_hedge_instrument "SPX" has no column in prices.csv. Candidates with data: SPY.',
    cause: "The beta hedge (and market variables, benchmark) need the instrument's prices.",
    fix: 'Use a ticker listed in the message or add its prices.',
  },
  {
    code: 'etf-coverage',
    severity: 'warning',
    example:
      'XLC has prices only from 2018-06-19 to 2021-04-21, but the run is 2016-04-21..2021-04-21; Communication Services stays unhedged before 2018-06-19.',
    cause: 'A hedge ETF or the beta instrument starts after the run starts or ends before it ends.',
    fix: 'Accept the unhedged days, move start_date/end_date, or use an ETF with longer history.',
  },
  {
    code: 'sector-without-etf',
    severity: 'warning',
    example: '2 held sectors have no ETF in sector_etf_mapping and stay unhedged: Software, Internet.',
    cause: 'ETF method: a sector the strategy holds has no ETF mapped.',
    fix: 'Add an ETF for each listed sector (quick fix where a known ETF has data), or use the proportional method.',
  },
  {
    code: 'sectors-missing-target',
    severity: 'info',
    example: '3 held sectors have no target and are hedged to 0.0 (neutral): Energy, Materials, Utilities.',
    cause: 'sector_target_exposures lists some sectors but not every held one; omitted sectors default to neutral.',
    fix: 'Nothing to do if neutral is intended; the quick fix adds them explicitly as 0.0.',
  },
  {
    code: 'signals-unmapped',
    severity: 'warning',
    example: '12 tickers in signals.csv have no sector and are not hedged: ABC, DEF, ... ',
    cause: 'The guide\'s "Incomplete Sector Mapping": stocks traded without a hedge group.',
    fix: 'Add them to sector_mapping.csv.',
  },
  {
    code: 'input-ticker-no-prices',
    severity: 'warning',
    example: '3 tickers in signals.csv have no column in prices.csv and are never traded: FOO, BAR, BAZ.',
    cause: 'Inputs name tickers the price file does not have.',
    fix: 'Add their prices or remove them from the input.',
  },
  {
    code: 'input-no-rows',
    severity: 'warning',
    example: 'signals.csv has a header but no signals rows: the run would trade nothing.',
    cause: 'The signals/weights/orders file has only its header line (often a script that wrote nothing).',
    fix: 'Add rows, or point inputs.* at the right file.',
  },
  {
    code: 'expression-invalid',
    severity: 'error',
    example: 'Unknown variable "market_vol". Did you mean "market_vol_21d"?',
    cause: 'A dynamic target expression that does not parse, names an unknown variable or uses a forbidden feature.',
    fix: 'Use the variables listed on hover (market_vol_21d, market_return_63d, portfolio_drawdown, days_since_start) and plain arithmetic / cond ? a : b.',
  },
  {
    code: 'expression-value',
    severity: 'warning',
    example:
      'Target expression for Energy gives Infinity with typical values (market_vol_21d 0.2, market_return_63d 0, portfolio_drawdown 0, days_since_start 0).',
    cause:
      'The expression, tried once on typical values, gives a non-finite or complex result (1/0, sqrt of a negative); the run would keep the previous target on such days.',
    fix: 'Make the expression a finite number for every input, e.g. guard a division with cond ? a : b.',
  },
  {
    code: 'price-suspicious',
    severity: 'warning',
    example: '1 price(s) in prices.csv look like typos: XYZ on 2023-03-01: 12340 between 12.3 and 12.5.',
    cause:
      'A one-day jump of 10x or more that reverts the next day, or a price below 1e-6, inside the run: almost always a typo or unit slip, and every metric would depend on it.',
    fix: 'Correct the cells, or ignore the warning if the prices are real.',
  },
  {
    code: 'etf-also-stock',
    severity: 'warning',
    example: 'XLK, the hedge ETF of Technology, is also listed as a stock in sector_mapping.csv (line 12) ...',
    cause:
      'A hedge ETF that the sector mapping also lists as a stock: hedge and stock positions mix, and it counts towards its own sector.',
    fix: 'Remove the ETF from the sector mapping, or map another ETF.',
  },
  {
    code: 'beta-instrument-flat',
    severity: 'warning',
    example: "SPY's price is 100 on every day of the run, so its returns have zero variance ...",
    cause: 'The beta instrument never moves in the run: OLS has no slope, every beta is taken as 1.',
    fix: 'Check its price column, or use another instrument.',
  },
  {
    code: 'path-outside-workspace',
    severity: 'warning',
    example: 'data_dir resolves to /etc, outside the workspace.',
    cause: 'A data path leaves the workspace folder.',
    fix: 'Keep data inside the workspace, or ignore if intended.',
  },
  {
    code: 'internal-error',
    severity: 'error',
    example: 'Internal error while validating: ...',
    cause: 'A bug in the validator; the rest of the file could not be checked.',
    fix: 'Report it with the config file attached.',
  },
];

export const DIAGNOSTIC_CODES: Readonly<Record<string, DiagnosticCodeInfo>> = Object.freeze(
  Object.fromEntries(list.map((c) => [c.code, c])),
);

export type DiagnosticCode = (typeof list)[number]['code'];

/**
 * Codes of DataError (thrown by the loaders in engine/data). In validation they appear
 * inside `data-file-invalid` / `data-file-missing` diagnostics as `data.dataCode`.
 */
const dataList: DiagnosticCodeInfo[] = [
  {
    code: 'file-not-found',
    severity: 'error',
    example: '/data/prices.csv: File not found.',
    cause: 'The path does not exist.',
    fix: "Check data_dir and the file names; relative paths start at the config file's folder.",
  },
  {
    code: 'file-unreadable',
    severity: 'error',
    example: '/data: This path is a folder, not a file.',
    cause:
      'The path is a folder, a pipe or device, a symbolic link loop, a binary file, or cannot be read (permission denied); the message says which.',
    fix: 'Point at the CSV/JSON file itself; for "permission denied", change the file\'s permissions.',
  },
  {
    code: 'file-too-large',
    severity: 'error',
    example: '/data/prices.csv: This file is too large (1 GB; limit 256 MB).',
    cause: 'Data files are read whole, so their size is bounded (256 MB; configs 32 MB) before anything is read.',
    fix: 'Point at the right file, or split the data (fewer tickers or years per file).',
  },
  {
    code: 'empty-file',
    severity: 'error',
    example: 'prices.csv:1:1: The price file is empty.',
    cause: 'No header line.',
    fix: 'Add the header and rows.',
  },
  {
    code: 'csv-syntax',
    severity: 'error',
    example: 'prices.csv:7:12: CSV syntax error: Quoted field unterminated.',
    cause: 'An opened double quote is never closed.',
    fix: 'Close the quote; write a quote inside a quoted cell as "".',
  },
  {
    code: 'prices-header',
    severity: 'error',
    example: 'prices.csv:1:1: The first header cell is "day", expected "date".',
    cause: 'The price file does not start with date,TICKER,...',
    fix: 'Make the first line date,TICKER1,TICKER2,...',
  },
  {
    code: 'empty-ticker',
    severity: 'error',
    example: 'prices.csv:1:17: Header column 4 has no ticker name.',
    cause: 'A header cell or a ticker cell is empty.',
    fix: 'Fill in the ticker or delete the column/row.',
  },
  {
    code: 'duplicate-ticker',
    severity: 'error',
    example: 'prices.csv:1:12: Ticker AAPL appears twice in the header (columns 2 and 4).',
    cause: 'Two price columns, or two mapping rows, for one ticker.',
    fix: 'Keep one column (prices) or one row (mapping) per ticker.',
  },
  {
    code: 'row-length',
    severity: 'error',
    example: 'prices.csv:9:20: This row has 5 cells but the header has 4.',
    cause: 'A row with more or fewer cells than the header.',
    fix: 'One cell per header column; leave a cell empty for "no price that day".',
  },
  {
    code: 'invalid-date',
    severity: 'error',
    example: 'prices.csv:3:1: "03/01/2023" is not an ISO date.',
    cause: 'A date that is not YYYY-MM-DD or not a calendar date.',
    fix: 'Write dates as YYYY-MM-DD.',
  },
  {
    code: 'dates-not-ascending',
    severity: 'error',
    example: 'prices.csv:5:1: Date 2023-01-02 comes after 2023-01-04 (line 4).',
    cause: 'Price rows out of order.',
    fix: 'Sort the rows by date, oldest first.',
  },
  {
    code: 'duplicate-date',
    severity: 'error',
    example: 'prices.csv:5:1: Date 2023-01-04 repeats line 4.',
    cause: 'Two rows for one date.',
    fix: 'Keep one row per trading day.',
  },
  {
    code: 'invalid-price',
    severity: 'error',
    example: 'prices.csv:4:9: Price "n/a" for MSFT on 2023-01-05 is not a number.',
    cause: 'A price cell that is not a number.',
    fix: 'Use a positive number, or leave the cell empty.',
  },
  {
    code: 'non-positive-price',
    severity: 'error',
    example: 'prices.csv:4:9: Price -3 for MSFT on 2023-01-05 is not positive.',
    cause: 'A zero or negative price.',
    fix: 'Use a positive number, or leave the cell empty.',
  },
  {
    code: 'implausible-price',
    severity: 'error',
    example: 'prices.csv:4:9: Price 1e308 for ORCL on 2021-06-15 is above the plausible maximum of 1e9 per share.',
    cause: 'A price above 1e9 per share: almost always a unit or exponent slip, and it would overflow the equity curve.',
    fix: 'Correct the price, or leave the cell empty for "no price that day".',
  },
  {
    code: 'no-data-rows',
    severity: 'error',
    example: 'prices.csv:2:1: The price file has a header but no rows.',
    cause: 'Only a header line.',
    fix: 'Add one row per trading day.',
  },
  {
    code: 'mapping-header',
    severity: 'error',
    example: 'sector_mapping.csv:1:1: The header is "symbol,sector"; it needs a "ticker" column ...',
    cause: 'No ticker column, or no classification column.',
    fix: 'Use the header ticker,sector[,industry].',
  },
  {
    code: 'mapping-date',
    severity: 'error',
    example: 'sector_mapping.csv:2:10: valid_from "2024-02-30" is not a date.',
    cause: 'A point-in-time mapping (valid_from / valid_to columns) with a cell that is not a date, or valid_to before valid_from.',
    fix: 'Write YYYY-MM-DD (both dates inclusive), or leave the cell empty for an open-ended range.',
  },
  {
    code: 'mapping-overlap',
    severity: 'error',
    example: "sector_mapping.csv:3:12: AAA's range 2024-01-04..(open) overlaps its range (open)..2024-01-04 on line 2.",
    cause: 'Two rows of one ticker in force on the same day (both dates are inclusive).',
    fix: 'End the earlier row the day before the next one starts.',
  },
  {
    code: 'borrow-header',
    severity: 'error',
    example:
      'borrow.csv:1:1: The header is "date,ticker"; a borrow file needs the columns date, ticker and rate_annual (missing: rate_annual).',
    cause: 'The borrow file (borrow_file) lacks a required column.',
    fix: 'Start it with date,ticker,rate_annual[,available_shares].',
  },
  {
    code: 'borrow-date',
    severity: 'error',
    example: 'borrow.csv:2:1: "2024-13-01" is not a date.',
    cause: 'A borrow-file date that is not YYYY-MM-DD.',
    fix: 'Write dates as YYYY-MM-DD.',
  },
  {
    code: 'borrow-rate',
    severity: 'error',
    example: 'borrow.csv:2:16: rate_annual "-0.1" is not a rate between 0 and 10 (a fraction a year: 0.05 = 5%).',
    cause: 'A borrow rate that is not a number in 0..10.',
    fix: 'Write the annual rate as a fraction: 0.0025 for 25 bp, 0.35 for 35%.',
  },
  {
    code: 'borrow-available',
    severity: 'error',
    example: 'borrow.csv:2:20: available_shares "lots" is not a number of shares >= 0.',
    cause: 'A bad available_shares cell.',
    fix: 'A number of shares (0 = none), or leave it empty for no limit.',
  },
  {
    code: 'borrow-duplicate',
    severity: 'error',
    example: 'borrow.csv:3:1: AAA already has a row dated 2024-01-02 (line 2).',
    cause: 'Two borrow rows for one ticker and date.',
    fix: 'Keep one row per ticker and date; a row is in force until the next one.',
  },
  {
    code: 'values-header',
    severity: 'error',
    example: 'signals.csv:1:1: Unrecognised header "day,name,score".',
    cause: 'A signals/weights CSV that is neither long (date,ticker,value) nor wide (date,TICKER,...).',
    fix: 'Use one of the three formats (long CSV, wide CSV, JSON).',
  },
  {
    code: 'invalid-value',
    severity: 'error',
    example: 'signals.csv:3:17: Value "x" for AAPL on 2023-01-03 is not a number.',
    cause: 'A signal or weight that is not a finite number.',
    fix: 'Use a number (negative = short).',
  },
  {
    code: 'duplicate-value',
    severity: 'error',
    example: 'signals.csv:4:12: AAPL on 2023-01-03 already has a value (line 2).',
    cause: 'Two values for one date and ticker in a long CSV.',
    fix: 'Keep one value per date and ticker.',
  },
  {
    code: 'json-syntax',
    severity: 'error',
    example: 'signals.json:3:5: JSON syntax error: CommaExpected.',
    cause: 'A JSON signals/weights file that does not parse.',
    fix: 'Fix the JSON at the position given.',
  },
  {
    code: 'invalid-json-values',
    severity: 'error',
    example: 'inline signals: 2023-01-03.AAPL: value "1" is not a finite number.',
    cause: 'JSON signals/weights/orders with the wrong shape.',
    fix: 'Use {"YYYY-MM-DD": {"TICKER": number}} or [{date, ticker, value}].',
  },
  {
    code: 'orders-header',
    severity: 'error',
    example: 'orders.csv:1:1: The header is "date,symbol,qty".',
    cause: 'The orders file does not start with date,ticker,quantity.',
    fix: 'Use the header date,ticker,quantity.',
  },
  {
    code: 'invalid-quantity',
    severity: 'error',
    example: 'orders.csv:3:17: Quantity "ten" is not a number.',
    cause: 'An order quantity that is not a number.',
    fix: 'Use signed shares: 100 buys, -100 sells.',
  },
  {
    code: 'config-unreadable',
    severity: 'error',
    example: 'x.backtest.jsonc: Config file not found.',
    cause: 'BacktestConfig.fromFile could not read the config.',
    fix: 'Check the path.',
  },
];

export const DATA_ERROR_CODES: Readonly<Record<string, DiagnosticCodeInfo>> = Object.freeze(
  Object.fromEntries(dataList.map((c) => [c.code, c])),
);

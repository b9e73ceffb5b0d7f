// The bad-input catalogue: every code of engine/validate/codes.ts (the source of
// docs/errors.md) is reached by a real input, and `backtest validate` (the built CLI) and
// the language server (publishDiagnostics over stdio) report it identically: same code,
// line, column and message. Data-file codes are reached through the loaders and the
// validator, and every code the engine's run can report is documented in docs/errors.md.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync, statSync } from 'node:fs';
import os from 'node:os';
import { OutputFolderError, checkOutputFolder, describeWriteError } from '../../engine/results/outputFolder';
import path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-types';
import { DIAGNOSTIC_CODES, createSyncDataAccess, validateConfigText } from '../../engine/validate';
import { DATA_ERROR_CODES } from '../../engine/validate/codes';
import { BacktestConfig } from '../../engine/config';
import {
  DataError,
  parseBorrowCsv,
  parseDatedValues,
  parseOrdersCsv,
  parsePricesCsv,
  parseSectorMappingCsv,
  readTextFile,
} from '../../engine/data';
import type { DataAccess } from '../../engine/types';
import { LspClient, Workspace } from '../server/lspClient';
import { BASE, CASES, applyCase } from '../server/diagnosticCases';
import { cli, ensureBuilt } from '../cli/helpers';
import { duck, lit } from '../helpers/duck';

const ROOT = path.resolve(__dirname, '..', '..');

/** Extra inputs for codes the golden server cases do not cover. */
const EXTRA_CASES: { name: string; code: string; text: string }[] = [
  { name: 'signals file with a header only', code: 'input-no-rows', text: BASE.replace('signals.csv', 'signals_header_only.csv') },
  {
    name: 'expression that is infinite on typical values',
    code: 'expression-value',
    text: BASE.replace('"Healthcare": 0.0', '"Healthcare": "market_vol_21d / 0"'),
  },
  {
    name: 'a one-day 1000x price typo that reverts',
    code: 'price-suspicious',
    text: BASE.replace('"data_dir": "../data",', '"data_dir": "../data",\n  "prices_file": "../data/prices_spike.csv",'),
  },
  {
    name: 'a hedge ETF also mapped as a stock',
    code: 'etf-also-stock',
    text: BASE.replace('"data_dir": "../data",', '"data_dir": "../data",\n  "sector_mapping_file": "../data/mapping_etf_stock.csv",'),
  },
  {
    name: 'prices dated by timestamps at Tokyo midnight (UTC dates on weekends)',
    code: 'dates-on-weekends',
    text: BASE.replace('"data_dir": "../data",', '"data_dir": "../data",\n  "prices_file": "../data/prices_tokyo.parquet",'),
  },
  {
    name: 'a beta instrument whose price never moves',
    code: 'beta-instrument-flat',
    text: BASE.replace('"data_dir": "../data",', '"data_dir": "../data",\n  "prices_file": "../data/prices_flat_spy.csv",'),
  },
  {
    name: 'data outside the workspace',
    code: 'path-outside-workspace',
    text: BASE.replace('"inputs": { "signals": "../data/signals.csv" }', '"inputs": { "signals": "../../outside-signals.csv" }'),
  },
];

interface Row {
  code: string;
  line: number;
  column: number;
  severity: string;
  message: string;
}
const key = (r: Row) => `${r.code}|${r.line}|${r.column}|${r.severity}|${r.message}`;
const SEVERITY = ['', 'error', 'warning', 'info', 'hint'];
const fromLsp = (d: Diagnostic): Row => ({
  code: String(d.code),
  line: d.range.start.line + 1,
  column: d.range.start.character + 1,
  severity: SEVERITY[d.severity ?? 1],
  message: typeof d.message === 'string' ? d.message : d.message.value,
});

let ws: Workspace;
let client: LspClient;

before(async () => {
  ensureBuilt();
  ws = new Workspace();
  // The file a data path outside the workspace points at (it exists, so only the warning fires).
  writeFileSync(path.join(path.dirname(ws.dir), 'outside-signals.csv'), readFileSync(path.join(ws.dataDir, 'signals.csv')));
  writeFileSync(path.join(ws.dataDir, 'signals_header_only.csv'), 'date,ticker,signal\n');
  // Variants of the fixture data for the data-quality warnings.
  const prices = readFileSync(path.join(ws.dataDir, 'prices.csv'), 'utf8');
  writeFileSync(
    path.join(ws.dataDir, 'prices_spike.csv'),
    prices.replace(/^(2023-01-25),([\d.]+)/m, (_, d: string, p: string) => `${d},${Number(p) * 1000}`),
  );
  writeFileSync(path.join(ws.dataDir, 'prices_flat_spy.csv'), prices.replace(/,[\d.]+$/gm, ',400'));
  await duck(
    `COPY (SELECT * REPLACE (date::TIMESTAMP - INTERVAL 9 HOUR AS date) FROM read_csv(${lit(path.join(ws.dataDir, 'prices.csv'))}, header = true)) TO ${lit(path.join(ws.dataDir, 'prices_tokyo.parquet'))} (FORMAT parquet)`,
  );
  writeFileSync(
    path.join(ws.dataDir, 'mapping_etf_stock.csv'),
    `${readFileSync(path.join(ws.dataDir, 'sector_mapping.csv'), 'utf8').trimEnd()}\nXLK,Technology\n`,
  );
  cpSync(path.join(ROOT, 'test', 'fixtures', 'server', 'bad-data'), path.join(ws.dir, 'bad-data'), { recursive: true });
  client = await LspClient.start({ useWorker: false }, ws.dir);
});

after(async () => {
  await client?.stop();
  ws?.dispose();
});

test('every validator code is reached, and the CLI and the language server report it identically', { timeout: 300_000 }, async (t) => {
  const cases = [
    ...CASES.map((c) => ({ name: c.name, codes: c.expect.map((e) => e[0]), text: applyCase(c) })),
    ...EXTRA_CASES.map((c) => ({ name: c.name, codes: [c.code], text: c.text })),
  ];
  const reached = new Set<string>();
  let n = 0;
  for (const c of cases) {
    const name = `catalogue-${++n}.backtest.jsonc`;
    const uri = ws.config(name, c.text);
    const file = path.join(ws.configDir, name);
    const r = cli(['validate', file, '--json'], { cwd: ws.dir });
    assert.ok(r.code === 0 || r.code === 1, `${c.name}: validate exited ${r.code}: ${r.stderr}`);
    const out = JSON.parse(r.stdout) as { diagnostics: (Row & { file: string })[] };
    const cliRows = out.diagnostics
      .filter((d) => d.file === file)
      .map((d) => key(d))
      .sort();
    for (const code of c.codes)
      assert.ok(
        out.diagnostics.some((d) => d.code === code),
        `${c.name}: the CLI did not report ${code}: ${r.stdout}`,
      );
    client.open(uri, c.text);
    // Data loads asynchronously in the server: wait for its diagnostics to settle on the CLI's.
    let last: string[] = [];
    try {
      await client.diagnostics(uri, (d) => {
        last = d.map((x) => key(fromLsp(x))).sort();
        return JSON.stringify(last) === JSON.stringify(cliRows);
      });
    } catch {
      assert.deepEqual(last, cliRows, `${c.name}: the language server and the CLI disagree`);
    }
    client.close(uri);
    for (const row of out.diagnostics) reached.add(row.code);
  }
  // internal-error is reached only through a failing DataAccess (next test): a validator bug.
  const unreached = Object.keys(DIAGNOSTIC_CODES).filter((c) => !reached.has(c) && c !== 'internal-error');
  t.diagnostic(`codes reached through the CLI and the server: ${reached.size}/${Object.keys(DIAGNOSTIC_CODES).length}`);
  assert.deepEqual(unreached, [], 'catalogued codes no input reaches');
});

test('internal-error: a failing data provider becomes one diagnostic, never an exception', async () => {
  const broken: DataAccess = {
    prices: () => {
      throw new TypeError('disk on fire');
    },
    mapping: () => ({ state: 'pending' }),
    datedValues: () => ({ state: 'pending' }),
  };
  const diags = await validateConfigText(BASE, path.join(ws.configDir, 'x.backtest.jsonc'), broken);
  const internal = diags.filter((d) => d.code === 'internal-error');
  assert.equal(internal.length, 1);
  assert.match(internal[0].message, /disk on fire.*report/);
});

/** One file per data-error code: [code, loader, file name, content]. */
const DATA_CASES: [string, 'prices' | 'mapping' | 'signals' | 'orders' | 'borrow', string, string][] = [
  ['empty-file', 'prices', 'prices.csv', ''],
  ['csv-syntax', 'prices', 'prices.csv', 'date,A\n2023-01-02,"1\n'],
  ['prices-header', 'prices', 'prices.csv', 'day,A\n2023-01-02,1\n'],
  ['empty-ticker', 'prices', 'prices.csv', 'date,A,,B\n2023-01-02,1,2,3\n'],
  ['duplicate-ticker', 'prices', 'prices.csv', 'date,A,B,A\n2023-01-02,1,2,3\n'],
  ['row-length', 'prices', 'prices.csv', 'date,A,B\n2023-01-02,1,2,3\n'],
  ['invalid-date', 'prices', 'prices.csv', 'date,A\n01/02/2023,1\n'],
  ['dates-not-ascending', 'prices', 'prices.csv', 'date,A\n2023-01-03,1\n2023-01-02,1\n'],
  ['duplicate-date', 'prices', 'prices.csv', 'date,A\n2023-01-03,1\n2023-01-03,1\n'],
  ['invalid-price', 'prices', 'prices.csv', 'date,A\n2023-01-03,n/a\n'],
  ['non-positive-price', 'prices', 'prices.csv', 'date,A\n2023-01-03,-3\n'],
  ['implausible-price', 'prices', 'prices.csv', 'date,A\n2023-01-03,1e15\n'],
  ['no-data-rows', 'prices', 'prices.csv', 'date,A\n'],
  ['mapping-header', 'mapping', 'sector_mapping.csv', 'symbol,sector\nA,Tech\n'],
  ['mapping-date', 'mapping', 'sector_mapping.csv', 'ticker,sector,valid_from\nA,Tech,2024-02-30\n'],
  ['mapping-overlap', 'mapping', 'sector_mapping.csv', 'ticker,sector,valid_from,valid_to\nA,Tech,,2024-01-04\nA,Health,2024-01-04,\n'],
  ['borrow-header', 'borrow', 'borrow.csv', 'date,ticker\n2023-01-02,A\n'],
  ['borrow-date', 'borrow', 'borrow.csv', 'date,ticker,rate_annual\n2023-13-02,A,0.1\n'],
  ['borrow-rate', 'borrow', 'borrow.csv', 'date,ticker,rate_annual\n2023-01-02,A,-1\n'],
  ['borrow-available', 'borrow', 'borrow.csv', 'date,ticker,rate_annual,available_shares\n2023-01-02,A,0.1,lots\n'],
  ['borrow-duplicate', 'borrow', 'borrow.csv', 'date,ticker,rate_annual\n2023-01-02,A,0.1\n2023-01-02,A,0.2\n'],
  ['values-header', 'signals', 'signals.csv', 'day,name,score\n2023-01-02,A,1\n'],
  ['invalid-value', 'signals', 'signals.csv', 'date,ticker,signal\n2023-01-02,A,x\n'],
  ['duplicate-value', 'signals', 'signals.csv', 'date,ticker,signal\n2023-01-02,A,1\n2023-01-02,A,2\n'],
  ['json-syntax', 'signals', 'signals.json', '{"2023-01-02": {"A": 1}'],
  ['invalid-json-values', 'signals', 'signals.json', '{"2023-01-02": {"A": "1"}}'],
  ['orders-header', 'orders', 'orders.csv', 'date,symbol,qty\n2023-01-02,A,1\n'],
  ['invalid-quantity', 'orders', 'orders.csv', 'date,ticker,quantity\n2023-01-02,A,ten\n'],
];

const PARSE = {
  prices: parsePricesCsv,
  mapping: parseSectorMappingCsv,
  signals: parseDatedValues,
  orders: parseOrdersCsv,
  borrow: parseBorrowCsv,
};

test('every data-file code is reached, located, and surfaces through the validator', async () => {
  const dir = path.join(ws.dir, 'data-cases');
  mkdirSync(dir, { recursive: true });
  const reached = new Set<string>();
  for (const [i, [code, kind, name, content]] of DATA_CASES.entries()) {
    const caseDir = path.join(dir, String(i));
    mkdirSync(caseDir);
    const file = path.join(caseDir, name);
    writeFileSync(file, content);
    // The loader: a DataError with this code, naming a line and column.
    let err: unknown;
    try {
      PARSE[kind](readTextFile(file), file);
    } catch (e) {
      err = e;
    }
    assert.ok(err instanceof DataError, `${code}: no DataError`);
    assert.equal(err.code, code, `${code}: got ${err.code} (${err.message})`);
    assert.ok(err.line! >= 1 && err.column! >= 1, `${code}: not located: ${err.message}`);
    assert.ok(err.message.startsWith(`${file}:${err.line}:${err.column}: `), err.message);
    // The validator: a data-file-invalid diagnostic on the config key, carrying the code.
    const base = { data_dir: '../data', use_case: kind === 'orders' ? 3 : 2, inputs: {} as Record<string, string> };
    if (kind === 'prices') Object.assign(base, { prices_file: file });
    else if (kind === 'mapping') Object.assign(base, { sector_mapping_file: file });
    else if (kind === 'borrow') Object.assign(base, { borrow_file: file });
    if (kind === 'orders') base.inputs.orders = file;
    else base.inputs.signals = kind === 'signals' ? file : '../data/signals.csv';
    const diags = await validateConfigText(
      JSON.stringify(base, null, 2),
      path.join(ws.configDir, 'data-case.backtest.jsonc'),
      createSyncDataAccess(),
    );
    const d = diags.find((x) => x.code === 'data-file-invalid');
    assert.ok(d, `${code}: validator did not report it: ${JSON.stringify(diags.map((x) => x.code))}`);
    assert.equal(d.data?.dataCode, code);
    assert.match(
      d.message,
      new RegExp(`:${err.line}:${err.column}: `),
      `${code}: the diagnostic does not name line and column: ${d.message}`,
    );
    reached.add(code);
  }
  // Codes reached elsewhere: file-not-found / file-unreadable (test/reliability/files.test.ts
  // and the "missing data file" case above), config-unreadable (next test).
  // file-too-large: test/reliability/special-files.test.ts (a sparse 1 GB file, CLI and server).
  const elsewhere = new Set(['file-not-found', 'file-unreadable', 'file-too-large', 'config-unreadable']);
  assert.deepEqual(
    Object.keys(DATA_ERROR_CODES).filter((c) => !reached.has(c) && !elsewhere.has(c)),
    [],
  );
});

test('config-unreadable: BacktestConfig.fromFile on a missing config names the file', () => {
  const missing = path.join(ws.dir, 'nope.backtest.jsonc');
  assert.throws(
    () => BacktestConfig.fromFile(missing),
    (e: Error & { issues?: { code?: string }[] }) => e.issues?.[0]?.code === 'config-unreadable' && e.message.includes(missing),
  );
});

/** Codes the engine puts into a run's warnings or errors, read from its sources. */
function engineRunCodes(): string[] {
  const codes = new Set<string>();
  const walk = (dir: string) => {
    for (const f of readdirSync(dir)) {
      const full = path.join(dir, f);
      if (statSync(full).isDirectory()) {
        walk(full);
        continue;
      }
      if (!f.endsWith('.ts')) continue;
      const src = readFileSync(full, 'utf8');
      for (const m of src.matchAll(/warnings\.add\([^]*?code: ([^,]+),/g)) {
        for (const q of m[1].matchAll(/'([a-z][a-z-]+)'/g)) codes.add(q[1]);
      }
      for (const m of src.matchAll(/new BacktestError\('([a-z-]+)'/g)) codes.add(m[1]);
    }
  };
  walk(path.join(ROOT, 'engine', 'backtest'));
  return [...codes].sort();
}

test('docs/errors.md lists every code the validator, the loaders and a run can report', () => {
  const doc = readFileSync(path.join(ROOT, 'docs', 'errors.md'), 'utf8');
  const documented = new Set([...doc.matchAll(/^\| `([a-z-]+)` \|/gm)].map((m) => m[1]));
  const all = [...Object.keys(DIAGNOSTIC_CODES), ...Object.keys(DATA_ERROR_CODES), ...engineRunCodes()];
  assert.ok(
    engineRunCodes().length >= 10,
    `found only ${engineRunCodes().length} run codes in engine/backtest; has the code changed shape?`,
  );
  assert.deepEqual(
    all.filter((c) => !documented.has(c)),
    [],
    'codes missing from docs/errors.md',
  );
});

/** Codes of the output-folder checks (OutputFolderError), read from their source. */
function outputFolderCodes(): string[] {
  const src = readFileSync(path.join(ROOT, 'engine', 'results', 'outputFolder.ts'), 'utf8');
  return [...new Set([...src.matchAll(/new OutputFolderError\('([a-z-]+)'/g)].map((m) => m[1]))].sort();
}

test('every output-folder code (out-*) is documented in docs/errors.md and reached by a real folder or write error', () => {
  const doc = readFileSync(path.join(ROOT, 'docs', 'errors.md'), 'utf8');
  const documented = new Set([...doc.matchAll(/^\| `([a-z-]+)` \|/gm)].map((m) => m[1]));
  const codes = outputFolderCodes();
  assert.ok(codes.length >= 6, `found only ${codes.length} out-* codes: has outputFolder.ts changed shape?`);
  assert.deepEqual(
    codes.filter((c) => !documented.has(c)),
    [],
    'out-* codes missing from docs/errors.md',
  );
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'out-codes-'));
  const reached = new Set<string>();
  const reach = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      if (e instanceof OutputFolderError) reached.add(e.code);
      else throw e;
    }
  };
  try {
    const ours = ['equity.csv'];
    mkdirSync(path.join(tmp, 'real'));
    symlinkSync(path.join(tmp, 'real'), path.join(tmp, 'link'));
    reach(() => checkOutputFolder(path.join(tmp, 'link'), ours));
    writeFileSync(path.join(tmp, 'real', 'notes.txt'), 'mine');
    reach(() => checkOutputFolder(path.join(tmp, 'real'), ours));
    writeFileSync(path.join(tmp, 'a-file'), 'x');
    reach(() => checkOutputFolder(path.join(tmp, 'a-file', 'sub'), ours));
    // What a real write fails with (errno codes as node reports them; a full or read-only disk is mounted in out-targets.test.ts).
    for (const code of ['ENOSPC', 'EROFS', 'EACCES', 'ENAMETOOLONG']) {
      const d = describeWriteError(Object.assign(new Error(code), { code, path: tmp }), path.join(tmp, 'r'));
      if (d) reached.add(d.code);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  assert.deepEqual(
    codes.filter((c) => !reached.has(c)),
    [],
    'out-* codes no input reached',
  );
});

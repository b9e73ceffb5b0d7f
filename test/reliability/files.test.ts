// Files: `--out` is written to a temporary folder and renamed into place (a SIGKILL at any
// moment leaves either no result folder or a complete one; a cancelled run writes
// nothing); a price file rewritten while it is read gives a consistent table or a located
// error; special, binary and folder paths give clear errors instead of hangs; a data path
// leaving the workspace is flagged.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataError, parsePricesCsv, readTextFile } from '../../engine/data';
import { createSyncDataAccess, validateConfigText } from '../../engine/validate';
import { CLI, ensureBuilt, STACK_LINE } from '../cli/helpers';

const OUT_FILES = ['equity.csv', 'trades.csv', 'positions.csv', 'exposures.csv', 'beta.csv', 'attribution.csv', 'metrics.json'];
let dir: string;

/** A synthetic market big enough that a run and its writing take a noticeable time. */
function writeBigMarket(into: string, tickers = 120, days = 1500): string {
  const names = Array.from({ length: tickers }, (_, i) => `T${i}`);
  const etfs = ['XLK', 'XLV', 'XLE'];
  const sectors = ['Technology', 'Healthcare', 'Energy'];
  const dates: string[] = [];
  const d = new Date(Date.UTC(2015, 0, 5));
  while (dates.length < days) {
    if (d.getUTCDay() % 6 !== 0) dates.push(d.toISOString().slice(0, 10));
    d.setUTCDate(d.getUTCDate() + 1);
  }
  let seed = 7;
  const rnd = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296;
  const px = [...names, ...etfs, 'SPY'].map(() => 50 + 100 * rnd());
  const rows = [['date', ...names, ...etfs, 'SPY'].join(',')];
  for (const date of dates) rows.push([date, ...px.map((p, j) => (px[j] = p * (1 + (rnd() - 0.5) * 0.04)).toFixed(4))].join(','));
  writeFileSync(path.join(into, 'prices.csv'), rows.join('\n') + '\n');
  writeFileSync(
    path.join(into, 'sector_mapping.csv'),
    ['ticker,sector', ...names.map((n, i) => `${n},${sectors[i % 3]}`)].join('\n') + '\n',
  );
  const sig = ['date,ticker,signal'];
  for (let i = 0; i < days; i += 5) for (const n of names) sig.push(`${dates[i]},${n},${(rnd() - 0.5).toFixed(3)}`);
  writeFileSync(path.join(into, 'signals.csv'), sig.join('\n') + '\n');
  const config = path.join(into, 'big.backtest.jsonc');
  writeFileSync(
    config,
    JSON.stringify(
      {
        name: 'big',
        data_dir: '.',
        use_case: 2,
        inputs: { signals: 'signals.csv' },
        rebalance_frequency: 'daily',
        enable_sector_hedge: true,
        sector_hedge_method: 'etf',
        sector_etf_mapping: { Technology: 'XLK', Healthcare: 'XLV', Energy: 'XLE' },
        enable_beta_hedge: true,
        beta_hedge_instrument: 'SPY',
      },
      null,
      2,
    ),
  );
  return config;
}

let bigConfig: string;
before(() => {
  ensureBuilt();
  dir = mkdtempSync(path.join(os.tmpdir(), 'backtest-files-'));
  mkdirSync(path.join(dir, 'big'));
  bigConfig = writeBigMarket(path.join(dir, 'big'));
});
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A result folder is complete: every file, metrics.json parses, equity.csv has a row per day. */
function assertComplete(out: string): void {
  assert.deepEqual(readdirSync(out).sort(), [...OUT_FILES].sort(), `incomplete result folder ${out}`);
  const metrics = JSON.parse(readFileSync(path.join(out, 'metrics.json'), 'utf8')) as { run: { trading_days: number } };
  const equityRows = readFileSync(path.join(out, 'equity.csv'), 'utf8').trim().split('\n').length - 1;
  assert.equal(equityRows, metrics.run.trading_days, 'equity.csv has a row per trading day');
}

test('SIGKILL at any moment never leaves a half-written --out folder', { timeout: 300_000 }, async (t) => {
  const parent = path.join(dir, 'kill');
  mkdirSync(parent);
  let caughtWriting = 0;
  // Kill at increasing delays; the last attempts target the writing phase (the temp folder exists).
  const delays = [300, 800, 1500, 2500, -1, -1, -1];
  for (const [i, delay] of delays.entries()) {
    const out = path.join(parent, `run-${i}`);
    const child = spawn(process.execPath, [CLI, 'run', bigConfig, '--out', out], { stdio: 'ignore' });
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    if (delay >= 0) {
      await new Promise((r) => setTimeout(r, delay));
    } else {
      // Poll for the temporary folder and kill as soon as writing has started.
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline && child.exitCode === null && !readdirSync(parent).some((f) => f.startsWith(`.run-${i}.tmp-`))) {
        await new Promise((r) => setTimeout(r, 2));
      }
      if (readdirSync(parent).some((f) => f.startsWith(`.run-${i}.tmp-`))) caughtWriting++;
    }
    child.kill('SIGKILL');
    await exited;
    if (existsSync(out)) assertComplete(out); // renamed into place before the kill: whole
  }
  t.diagnostic(`killed ${delays.length} runs, ${caughtWriting} of them while writing; no half-written result folder`);
  assert.ok(caughtWriting >= 1, 'no kill landed in the writing phase; the test did not exercise it');
  // A run that is not killed replaces its folder with a complete one.
  const ok = spawnSync(process.execPath, [CLI, 'run', bigConfig, '--out', path.join(parent, 'run-0')], { encoding: 'utf8' });
  assert.equal(ok.status, 0, ok.stderr);
  assertComplete(path.join(parent, 'run-0'));
});

test('Ctrl-C (SIGINT) cancels a run and writes nothing', { timeout: 120_000 }, async () => {
  // A market of its own, long enough that the simulation takes several hundred ms.
  mkdirSync(path.join(dir, 'bigger'));
  const config = writeBigMarket(path.join(dir, 'bigger'), 250, 3000);
  const out = path.join(dir, 'cancelled');
  const child = spawn(process.execPath, [CLI, 'run', config, '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (b) => {
    stderr += b.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  // Send Ctrl-C mid-simulation: once trades.csv, which the run streams into its staged
  // folder as it trades, has its first bytes (the handler is set before the folder is made).
  // Not after some CPU time: as the run got faster, 0.8 s of CPU came to land in the writing,
  // where Ctrl-C rightly lets the results finish.
  const trading = () => {
    const staged = readdirSync(dir).find((f) => f.startsWith('.cancelled.tmp-'));
    try {
      return staged !== undefined && statSync(path.join(dir, staged, 'trades.csv')).size > 0;
    } catch {
      return false;
    }
  };
  const deadline = Date.now() + 30_000;
  while (!trading() && child.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
  child.kill('SIGINT');
  const code = await exited;
  assert.equal(code, 130, `exit ${code}; stderr: ${stderr}`);
  assert.match(stderr, /cancelled: nothing was written/);
  assert.equal(existsSync(out), false, 'a cancelled run created its --out folder');
  assert.deepEqual(
    readdirSync(dir).filter((f) => f.startsWith('.cancelled')),
    [],
    'a cancelled run left a temporary folder',
  );
});

test('a price file rewritten while it is read gives a consistent table or a located error', { timeout: 120_000 }, async () => {
  const d = path.join(dir, 'rewrite');
  mkdirSync(d);
  const file = path.join(d, 'prices.csv');
  const header = 'date,AAA,BBB,SPY';
  const dates = Array.from({ length: 400 }, (_, i) => new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10));
  const a = [header, ...dates.map((x, i) => `${x},${10 + (i % 10)},${20 + (i % 7)},300`)].join('\n') + '\n';
  const b = [header, ...dates.slice(0, 300).map((x, i) => `${x},${11 + (i % 5)},${21 + (i % 3)},301`)].join('\n') + '\n';
  writeFileSync(file, a);
  // A writer process alternates the two versions, each written in small chunks (not atomic).
  const writer = spawn(
    process.execPath,
    [
      '-e',
      `
    const fs = require('fs'); const [file, a, b] = process.argv.slice(1);
    let k = 0; const texts = [a, b];
    const step = () => { const t = texts[k++ % 2]; const fd = fs.openSync(file, 'w');
      for (let i = 0; i < t.length; i += 512) fs.writeSync(fd, t.slice(i, i + 512));
      fs.closeSync(fd); setTimeout(step, 1); };
    step(); setTimeout(() => process.exit(0), 8000);`,
      file,
      a,
      b,
    ],
    { stdio: 'ignore' },
  );
  const full = [parsePricesCsv(a, file).dates, parsePricesCsv(b, file).dates];
  let tables = 0,
    errors = 0;
  const deadline = Date.now() + 4000;
  while (Date.now() < deadline) {
    try {
      const t = parsePricesCsv(readTextFile(file), file);
      // Consistent: the rows of one version, in order (a torn read may end early).
      assert.ok(
        full.some((ds) => t.dates.every((x, i) => ds[i] === x)),
        'a table mixing the two versions',
      );
      for (const c of t.columns) for (const v of c) assert.ok(Number.isNaN(v) || v > 0);
      tables++;
    } catch (err) {
      assert.ok(err instanceof DataError, `not a DataError: ${(err as Error).stack}`);
      assert.ok(err.line! >= 1 && err.column! >= 1, `unlocated error ${err.message}`);
      errors++;
    }
    await new Promise((r) => setImmediate(r));
  }
  // The CLI reading it mid-rewrite: a result or a clear error, never a stack trace.
  const config = path.join(d, 'c.backtest.jsonc');
  writeFileSync(
    config,
    JSON.stringify({
      data_dir: '.',
      sector_mapping_file: path.join(dir, 'big', 'sector_mapping.csv'),
      use_case: 2,
      inputs: { signals: { '2020-01-10': { AAA: 1, BBB: -1 } } },
    }),
  );
  for (let i = 0; i < 3; i++) {
    const r = spawnSync(process.execPath, [CLI, 'run', config, '--force'], { encoding: 'utf8', timeout: 60_000 });
    assert.ok(r.status === 0 || r.status === 2, `exit ${r.status}: ${r.stderr}`);
    if (r.status === 2) assert.match(r.stderr, /prices\.csv(:\d+:\d+)?: /);
    assert.doesNotMatch(r.stderr, STACK_LINE);
  }
  writer.kill();
  assert.ok(tables > 0, 'never read a whole table');
  assert.ok(tables + errors > 20);
});

function validateWith(config: object, file: string, workspaceRoot?: string) {
  writeFileSync(file, JSON.stringify(config, null, 2));
  return validateConfigText(readFileSync(file, 'utf8'), file, createSyncDataAccess(), workspaceRoot ? { workspaceRoot } : {});
}

test('folders, pipes, devices and binary files give clear errors, never a hang', { timeout: 120_000 }, async () => {
  const d = path.join(dir, 'special');
  mkdirSync(d);
  const fifo = path.join(d, 'prices.fifo');
  execFileSync('mkfifo', [fifo]);
  // An .xlsx is a zip: binary, with NUL bytes. So is a UTF-16 "Unicode text" export.
  writeFileSync(
    path.join(d, 'prices.xlsx'),
    Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00, 0x21, 0x00]),
  );
  writeFileSync(path.join(d, 'prices-utf16.csv'), Buffer.from('\ufeffdate,AAA\n2020-01-02,1\n', 'utf16le'));
  mkdirSync(path.join(d, 'folder.csv'));
  const cases: [string, RegExp][] = [
    [fifo, /not a regular file/],
    ['/dev/zero', /not a regular file/],
    [path.join(d, 'prices.xlsx'), /binary file[^]*Export the data as CSV/],
    [path.join(d, 'prices-utf16.csv'), /binary file/],
    [path.join(d, 'folder.csv'), /folder, not a file/],
  ];
  for (const [prices, expected] of cases) {
    // In-process (the FIFO would block this process forever if it regressed, so the CLI
    // below runs it first with a timeout).
    const config = path.join(d, `${path.basename(prices)}.backtest.jsonc`);
    writeFileSync(
      config,
      JSON.stringify({
        data_dir: '.',
        prices_file: prices,
        sector_mapping_file: path.join(dir, 'big', 'sector_mapping.csv'),
        use_case: 2,
        inputs: { signals: { '2020-01-10': { AAA: 1 } } },
      }),
    );
    const v = spawnSync(process.execPath, [CLI, 'validate', config], { encoding: 'utf8', timeout: 20_000 });
    assert.notEqual(v.signal, 'SIGTERM', `validate hung on ${prices}`);
    assert.equal(v.status, 1, `${prices}: ${v.stdout}${v.stderr}`);
    assert.match(v.stdout, expected, `${prices}: ${v.stdout}`);
    assert.match(v.stdout, /\[data-file-missing\]/);
    const r = spawnSync(process.execPath, [CLI, 'run', config, '--force'], { encoding: 'utf8', timeout: 20_000 });
    assert.equal(r.status, 2, `run on ${prices}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, expected);
    assert.doesNotMatch(r.stderr, STACK_LINE);
    const diags = await validateWith(JSON.parse(readFileSync(config, 'utf8')), config);
    assert.ok(
      diags.some((x) => x.code === 'data-file-missing' && expected.test(x.message)),
      JSON.stringify(diags.map((x) => x.message)),
    );
  }
});

test('a data path leaving the workspace gets a warning; one inside does not', async () => {
  const ws = path.join(dir, 'ws');
  mkdirSync(path.join(ws, 'configs'), { recursive: true });
  const file = path.join(ws, 'configs', 'a.backtest.jsonc');
  const outside = await validateWith(
    { data_dir: path.join(dir, 'big'), use_case: 2, inputs: { signals: '../../big/signals.csv' } },
    file,
    ws,
  );
  const warnings = outside.filter((x) => x.code === 'path-outside-workspace');
  assert.deepEqual(warnings.map((x) => x.path).sort(), ['data_dir', 'inputs.signals']);
  assert.ok(warnings.every((x) => x.severity === 'warning' && x.message.includes('outside the workspace')));
  const inside = await validateWith({ data_dir: '..', use_case: 2, inputs: { signals: '../signals.csv' } }, file, ws);
  assert.equal(inside.filter((x) => x.code === 'path-outside-workspace').length, 0);
});

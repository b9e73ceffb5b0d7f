// `--out DIR --format parquet`: every result table read back with DuckDB (an independent
// reader) has the CSV form's rows, with DATE and DOUBLE columns and every value equal to
// the CSV's (shortest round-trip text, so equal doubles), nulls where the CSV cell is empty.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BacktestConfig } from '../../engine/config';
import { Backtester } from '../../engine/backtest';
import { RESULT_TABLES } from '../../engine/results/resultTables';
import { duckRows, lit } from '../helpers/duck';

const ROOT = path.resolve(__dirname, '..', '..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'parquet-out-'));
const csvDir = path.join(dir, 'csv'),
  pqDir = path.join(dir, 'parquet');

before(() => {
  // Beta hedge on: the beta table has values, and early days (before the lookback) are NaN.
  const config = BacktestConfig.fromFile(path.join(ROOT, 'sample_data', 'configs', 'beta-sector.backtest.jsonc'));
  const results = new Backtester(config, config.createDataManager()).run();
  results.writeOutFiles(csvDir);
  results.writeOutFiles(pqDir, { format: 'parquet' });
});

test('NaN values (no beta without the instrument) are nulls in Parquet, empty cells in CSV', async () => {
  const config = BacktestConfig.fromFile(path.join(ROOT, 'sample_data', 'configs', 'neutral-etf.backtest.jsonc'));
  (config as { beta_hedge_instrument: string }).beta_hedge_instrument = 'NO-SUCH-ETF';
  const results = new Backtester(config, config.createDataManager()).run();
  const out = path.join(dir, 'nan');
  results.writeOutFiles(out, { format: 'parquet' });
  results.writeOutFiles(path.join(dir, 'nan-csv'));
  const [[n, nulls]] = await duckRows(
    `SELECT count(*)::DOUBLE, count(*) FILTER (WHERE pre_hedge_beta IS NULL)::DOUBLE FROM ${lit(path.join(out, 'beta.parquet'))}`,
  );
  assert.equal(nulls, n);
  assert.match(readFileSync(path.join(dir, 'nan-csv', 'beta.csv'), 'utf8').split('\n')[1], /^\d{4}-\d{2}-\d{2},,$/);
});

/** CSV rows as cells (the writer quotes no cell in these tables). */
function csvRows(name: string): string[][] {
  const lines = readFileSync(path.join(csvDir, `${name}.csv`), 'utf8')
    .trimEnd()
    .split('\n');
  return lines.map((l) => l.split(','));
}

test('--format parquet writes every table plus the same metrics.json', () => {
  assert.deepEqual(readdirSync(pqDir).sort(), [...RESULT_TABLES.map((t) => `${t.name}.parquet`), 'metrics.json'].sort());
  const strip = (s: string) => s.replace(/"generated_at": "[^"]*"/, '');
  assert.equal(
    strip(readFileSync(path.join(pqDir, 'metrics.json'), 'utf8')),
    strip(readFileSync(path.join(csvDir, 'metrics.json'), 'utf8')),
  );
});

for (const table of RESULT_TABLES) {
  test(`${table.name}.parquet reads back in DuckDB with the CSV's columns, types and every value`, async () => {
    const file = lit(path.join(pqDir, `${table.name}.parquet`));
    const types = await duckRows(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM ${file})`);
    assert.deepEqual(
      types,
      table.columns.map((c) => [c.name, c.type === 'date' ? 'DATE' : c.type === 'string' ? 'VARCHAR' : 'DOUBLE']),
    );
    const csv = csvRows(table.name);
    assert.deepEqual(
      csv[0],
      table.columns.map((c) => c.name),
      'the CSV has the same header',
    );
    // Dates as text so both sides compare as YYYY-MM-DD; doubles as JS numbers.
    const select = table.columns.map((c) => (c.type === 'date' ? `strftime("${c.name}", '%Y-%m-%d')` : `"${c.name}"`)).join(', ');
    const rows = await duckRows(`SELECT ${select} FROM ${file}`);
    assert.equal(rows.length, csv.length - 1, 'row count');
    assert.ok(rows.length > 0);
    for (let i = 0; i < rows.length; i++) {
      const want = csv[i + 1];
      table.columns.forEach((c, j) => {
        const got = rows[i][j];
        if (c.type === 'double') {
          if (want[j] === '') {
            assert.equal(got, null, `${table.name} row ${i + 1} ${c.name}: null for an empty CSV cell`);
            return;
          }
          // String(x) is the shortest text that round-trips, as the CSV writer prints: equal text = equal double.
          if (typeof got !== 'number' || String(got) !== want[j])
            assert.fail(`${table.name} row ${i + 1} ${c.name}: ${String(got)} vs CSV ${want[j]}`);
        } else if (got !== want[j]) assert.fail(`${table.name} row ${i + 1} ${c.name}: ${String(got)} vs CSV ${want[j]}`);
      });
    }
  });
}

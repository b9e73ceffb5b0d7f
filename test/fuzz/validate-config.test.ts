// Fuzz of THE validation module (engine/validate, used by the language server and
// `backtest validate`): mutated sample configs and random documents must never throw,
// never take more than a second (a hang detector, not a benchmark), and every diagnostic
// must carry a catalogued code and a range inside the document.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { validateConfigText, createSyncDataAccess, DIAGNOSTIC_CODES, backtestSchema } from '../../engine/validate';
import type { ConfigDiagnostic } from '../../engine/types';
import { FuzzStats, fuzzAsync, fuzzRuns, lineLengths, mutatedText } from './fuzzKit';

const ROOT = path.resolve(__dirname, '..', '..');
const CONFIG_DIR = path.join(ROOT, 'sample_data', 'configs');
const SAMPLES = [
  ...readdirSync(CONFIG_DIR)
    .filter((f) => f.endsWith('.backtest.jsonc'))
    .map((f) => path.join(CONFIG_DIR, f)),
  path.join(ROOT, 'sample_data', 'walkthrough', 'fix-me.backtest.jsonc'),
].map((file) => ({ file, text: readFileSync(file, 'utf8') }));
/** A generous bound: validation of a sample takes ~10 ms; a second means something loops. */
const HANG_MS = 1000;
const SEVERITIES = new Set(['error', 'warning', 'info', 'hint']);

const CONFIG_FRAGMENTS = [
  '"sector_target_exposures": {"Tecnology": 0.5, "Energy": "market_vol > ? 1"},',
  '"use_case": "orders",',
  '"use_case": 7,',
  '"inputs": {"signals": {"2020-01-02": {"MSFT": 1e309}}},',
  '"inputs": {"orders": [{"date": "x"}]},',
  '"inputs": {"weights": 5},',
  '"data_dir": "/",',
  '"data_dir": "../../../../..",',
  '"prices_file": "/dev/null",',
  '"sector_mapping_file": "..",',
  '"hedge_group_column": "",',
  '"hedge_group_column": "ticker",',
  '"beta_hedge_instrument": "",',
  '"start_date": "2023-02-30",',
  '"end_date": "0000-00-00",',
  '"sector_etf_mapping": {"": ""},',
  '"sector_etf_mapping": [],',
  '"Technology": "import(\'fs\')",',
  '"Technology": "1+'.concat('1+'.repeat(300), '1",'),
  '"Technology": "'.concat('('.repeat(60), ')'.repeat(60), '",'),
  '"__proto__": {"polluted": true},',
  '"constructor": {"prototype": {}},',
];

function checkDiagnostics(text: string, configPath: string, diags: ConfigDiagnostic[]): void {
  assert.ok(Array.isArray(diags), 'validateConfigText must resolve to an array');
  const lines = lineLengths(text);
  const own = path.resolve(configPath);
  for (const d of diags) {
    assert.ok(DIAGNOSTIC_CODES[d.code], `diagnostic code ${d.code} is not in the catalogue (engine/validate/codes.ts): ${d.message}`);
    assert.ok(SEVERITIES.has(d.severity), `severity ${d.severity}`);
    assert.ok(typeof d.message === 'string' && d.message.length > 0, 'empty message');
    const { start, end } = d.range;
    for (const p of [start, end]) {
      assert.ok(
        Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.character >= 0,
        `bad position ${JSON.stringify(p)} (${d.code})`,
      );
    }
    assert.ok(
      start.line < end.line || (start.line === end.line && start.character <= end.character),
      `range ends before it starts (${d.code})`,
    );
    if (d.file !== own) continue; // a range in a data file
    for (const p of [start, end]) {
      assert.ok(p.line < lines.length, `${d.code}: line ${p.line} beyond the document's ${lines.length} lines`);
      assert.ok(
        p.character <= lines[p.line],
        `${d.code}: character ${p.character} beyond line ${p.line}'s length ${lines[p.line]} (${JSON.stringify(d.message.slice(0, 80))})`,
      );
    }
  }
  // The internal-error code means the validator itself failed: fuzzing must never reach it.
  const internal = diags.find((d) => d.code === 'internal-error');
  assert.equal(internal, undefined, internal?.message);
}

/** Random documents built from the schema's keys with random or near-valid values. */
function schemaShapedDocument(): fc.Arbitrary<string> {
  const keys = Object.keys(backtestSchema.properties ?? {});
  const sectorish = fc.constantFrom('Technology', 'Tecnology', 'Energy', '', ' ', 'technology', 'Consumer Discretionary', '\u0000', '😀');
  const value = fc.oneof(
    { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    {
      weight: 1,
      arbitrary: fc.dictionary(
        sectorish,
        fc.oneof(fc.double(), fc.string(), fc.constantFrom('market_vol_21d > 0.25 ? 0 : 0.05', 'cos.constructor', '1/0')),
        { maxKeys: 4 },
      ),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '..',
        '.',
        '/',
        '../prices.csv',
        '../signals.csv',
        '2020-01-02',
        '2019-12-31',
        'etf',
        'proportional',
        'SPY',
        'XLK',
        'nav',
        'weekly',
      ),
    },
  );
  return fc
    .tuple(fc.dictionary(fc.constantFrom(...keys, 'unknown_key', 'enable_beta_hedg'), value, { maxKeys: 12 }), fc.boolean())
    .map(([obj, pretty]) => JSON.stringify({ data_dir: '..', ...obj }, null, pretty ? 2 : undefined));
}

/** Structural extremes: deep nesting, long strings, many keys or lines. */
function extremeDocument(): fc.Arbitrary<string> {
  return fc.oneof(
    fc
      .tuple(fc.constantFrom('[', '{"a":', '{"inputs":{"signals":'), fc.integer({ min: 50, max: 5000 }), fc.boolean())
      .map(([open, n, close]) => `{"x": ${open.repeat(n)}1${close ? (open === '[' ? ']' : '}').repeat(n) : ''}}`),
    fc.integer({ min: 1000, max: 300_000 }).map((n) => `{"name": "${'ab\\u0000'.repeat(Math.ceil(n / 8))}", "data_dir": ".."}`),
    fc.integer({ min: 100, max: 2000 }).map((n) => `{${Array.from({ length: n }, (_, i) => `"k${i}": ${i}`).join(',')}}`),
    fc.integer({ min: 100, max: 20_000 }).map((n) => `{\n${'\n'.repeat(n)}"data_dir": ".."}`),
    fc.integer({ min: 10, max: 5000 }).map((n) => `{"initial_cash": ${'9'.repeat(n)}}`),
    fc
      .integer({ min: 10, max: 500 })
      .map((n) => `{"sector_target_exposures": {${Array.from({ length: n }, (_, i) => `"S${i}": ${i / n}`).join(',')}}}`),
  );
}

test('validateConfigText survives mutated, random and extreme documents', { timeout: 600_000 }, async (t) => {
  const stats = new FuzzStats('validateConfigText');
  const data = createSyncDataAccess();
  const slow: string[] = [];
  // Warm up (mathjs, the JSON language service and the sample data load lazily) so timing measures validation.
  for (const s of SAMPLES) await validateConfigText(s.text, s.file, data);

  const docs = fc.oneof(
    {
      weight: 6,
      arbitrary: fc
        .nat({ max: SAMPLES.length - 1 })
        .chain((i) => mutatedText(SAMPLES[i].text, CONFIG_FRAGMENTS).map((text) => ({ text, file: SAMPLES[i].file }))),
    },
    { weight: 2, arbitrary: schemaShapedDocument().map((text) => ({ text, file: SAMPLES[0].file })) },
    { weight: 1, arbitrary: extremeDocument().map((text) => ({ text, file: SAMPLES[0].file })) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }).map((text) => ({ text, file: SAMPLES[0].file })) },
  );
  try {
    await fuzzAsync(stats, docs, fuzzRuns(800), async ({ text, file }) => {
      const t0 = performance.now();
      let diags: ConfigDiagnostic[];
      try {
        diags = await validateConfigText(text, file, data);
      } catch (err) {
        assert.fail(`validateConfigText threw: ${err instanceof Error ? err.stack : String(err)}`);
      }
      const ms = performance.now() - t0;
      if (ms > HANG_MS) slow.push(`${ms.toFixed(0)} ms for a ${text.length}-char document starting ${JSON.stringify(text.slice(0, 60))}`);
      assert.ok(ms <= HANG_MS, `validation took ${ms.toFixed(0)} ms (> ${HANG_MS} ms)`);
      checkDiagnostics(text, file, diags);
    });
  } finally {
    stats.notes.push(...slow);
    stats.report(t);
  }
  assert.equal(stats.failures, 0);
});

test('every sample config validates in under a second with ranges inside the document', async () => {
  const data = createSyncDataAccess();
  for (const s of SAMPLES) {
    const diags = await validateConfigText(s.text, s.file, data);
    checkDiagnostics(s.text, s.file, diags);
    // The samples are meant to be clean, except the walkthrough's one seeded mistake.
    const errors = diags.filter((d) => d.severity === 'error');
    if (s.file.includes('walkthrough'))
      assert.deepEqual(
        errors.map((d) => d.code),
        ['unknown-sector'],
      );
    else assert.deepEqual(errors, [], `${path.basename(s.file)} has errors`);
  }
});

// `backtest sweep` and `backtest sweep-merge` as a user runs them: variant metrics equal
// single runs (and each record's sampled equity curve is the run's equity), shards merge into the whole sweep, --resume after Ctrl-C gives the same
// result, invalid variants stop everything before a run, and the walk-forward choice is
// the argmax of its candidates.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { CLI, SAMPLES, cli, ensureBuilt, tempDir } from './helpers';
import { sweepViewData } from '../../report/sweepReport';
import { variantEquity } from '../../webview/sweep/data';

before(() => ensureBuilt());

const BASE = path.join(SAMPLES, 'configs', 'neutral-etf.backtest.jsonc');

function sweepFile(dir: string, body: Record<string, unknown>, name = 'test.sweep.jsonc'): string {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify({ base: BASE, ...body }, null, 2));
  return file;
}

// Short runs: the sample's 2021-2022 on two axes.
const AXES = {
  sector_hedge_method: ['etf', 'proportional'],
  sector_hedge_tolerance: [0.01, 0.05],
  start_date: ['2021-01-04'],
  end_date: ['2022-06-30'],
};
const readJson = (f: string) => JSON.parse(readFileSync(f, 'utf8'));

test("each variant's metrics are exactly those of `backtest run` on its config", () => {
  const dir = tempDir('sweep-exact');
  const out = path.join(dir, 'out');
  const r = cli(['sweep', sweepFile(dir, { axes: AXES }), '--out', out, '--jobs', '2', '--keep-runs']);
  assert.equal(r.code, 0, r.stderr);
  const sweep = readJson(path.join(out, 'sweep.json'));
  assert.equal(sweep.variants.length, 4);
  const csv = readFileSync(path.join(out, 'sweep.csv'), 'utf8').trim().split('\n');
  assert.equal(csv[0].split(',').slice(0, 4).join(','), 'variant_id,sector_hedge_method,sector_hedge_tolerance,start_date');
  for (const v of sweep.variants) {
    const cfg = path.join(out, 'runs', v.variant_id, 'variant.backtest.jsonc');
    const single = path.join(dir, `single-${v.variant_id}`);
    const s = cli(['run', cfg, '--out', single]);
    assert.equal(s.code, 0, s.stderr);
    const m = readJson(path.join(single, 'metrics.json'));
    for (const k of [
      'total_return',
      'cagr',
      'annual_volatility',
      'sharpe_ratio',
      'sortino_ratio',
      'max_drawdown',
      'calmar_ratio',
      'turnover',
      'realised_beta',
      'mean_abs_exposure_error',
      'trade_count',
      'hedge_trade_count',
    ]) {
      assert.equal(v.metrics[k], m[k], `${v.variant_id} ${k}`);
    }
    assert.equal(v.metrics.total_costs, m.total_costs.total);
    assert.equal(v.metrics.total_costs_hedges, m.total_costs.hedges);
    // The CSV row carries the same numbers at full precision.
    const row = csv.find((l) => l.startsWith(v.variant_id))!.split(',');
    assert.equal(Number(row[csv[0].split(',').indexOf('sharpe_ratio')]), m.sharpe_ratio);
    assert.ok(existsSync(path.join(out, 'runs', v.variant_id, 'trades.csv')), '--keep-runs writes the full --out files');
    // The record keeps the equity curve sampled for the sweep view's side by side (every k-th
    // day and the last, to the cent); sweep.json leaves it out.
    const eq = readFileSync(path.join(single, 'equity.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    const curve = readJson(path.join(out, 'variants', `${v.variant_id}.json`)).equity_curve;
    const step = Math.ceil(eq.length / 260);
    assert.ok(
      curve.dates.length <= 261 && curve.dates.length >= Math.floor(eq.length / step),
      `${curve.dates.length} points of ${eq.length}`,
    );
    curve.dates.forEach((d: string, i: number) => {
      const day = i === curve.dates.length - 1 ? eq.length - 1 : i * step;
      assert.equal(d, eq[day][0]);
      assert.ok(Math.abs(curve.equity[i] - Number(eq[day][1])) <= 0.005 + 1e-9, `${d}: ${curve.equity[i]} vs ${eq[day][1]}`);
    });
    assert.equal(v.equity_curve, undefined, 'sweep.json holds no equity curve');
    const view = sweepViewData(out);
    const shown = view.variants.find((x) => x.variant_id === v.variant_id)!;
    assert.deepEqual(variantEquity(view, shown), { dates: curve.dates, values: curve.equity }, 'the view reads the curve from the record');
  }
  // Ranked by sharpe_ratio, best first.
  const sharpe = sweep.variants.map((v: { metrics: { sharpe_ratio: number } }) => v.metrics.sharpe_ratio);
  assert.deepEqual(
    sharpe,
    sharpe.slice().sort((a: number, b: number) => b - a),
  );
});

test('shards merged equal the whole sweep; shards of another sweep or other data are refused', () => {
  const dir = tempDir('sweep-shards');
  const file = sweepFile(dir, { axes: AXES, rank_by: '-turnover' });
  assert.equal(cli(['sweep', file, '--out', path.join(dir, 'whole'), '--jobs', '1']).code, 0);
  for (const i of [0, 1, 2]) {
    const r = cli(['sweep', file, '--out', path.join(dir, `s${i}`), '--shard', `${i}/3`, '--jobs', '1']);
    assert.equal(r.code, 0, r.stderr);
  }
  const shardCounts = [0, 1, 2].map((i) => readdirSync(path.join(dir, `s${i}`, 'variants')).length);
  assert.deepEqual(shardCounts, [2, 1, 1], 'deterministic slices: every 3rd variant');
  const m = cli(['sweep-merge', path.join(dir, 's0'), path.join(dir, 's1'), path.join(dir, 's2'), '--out', path.join(dir, 'merged')]);
  assert.equal(m.code, 0, m.stderr);
  assert.equal(readFileSync(path.join(dir, 'merged', 'sweep.csv'), 'utf8'), readFileSync(path.join(dir, 'whole', 'sweep.csv'), 'utf8'));
  assert.deepEqual(readJson(path.join(dir, 'merged', 'sweep.json')), readJson(path.join(dir, 'whole', 'sweep.json')));

  const missing = cli(['sweep-merge', path.join(dir, 's0'), path.join(dir, 's2'), '--out', path.join(dir, 'partial')]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /1 of 4 variants are in none of the given folders \(shards 1\/3 not given\)/);

  const other = sweepFile(dir, { axes: { ...AXES, sector_hedge_tolerance: [0.02, 0.05] } }, 'other.sweep.jsonc');
  assert.equal(cli(['sweep', other, '--out', path.join(dir, 'o1'), '--shard', '1/3', '--jobs', '1']).code, 0);
  const diff = cli(['sweep-merge', path.join(dir, 's0'), path.join(dir, 'o1'), '--out', path.join(dir, 'bad')]);
  assert.equal(diff.code, 2);
  assert.match(diff.stderr, /is a shard of a different sweep/);

  // The same sweep over a copy of the data with one price changed.
  const data = path.join(dir, 'data');
  mkdirSync(data);
  for (const f of ['sector_mapping.csv', 'signals.csv']) copyFileSync(path.join(SAMPLES, f), path.join(data, f));
  const prices = readFileSync(path.join(SAMPLES, 'prices.csv'), 'utf8').split('\n');
  const last = prices.length - 2;
  prices[last] = prices[last].replace(/,(\d+)\./, (_m, n: string) => `,${Number(n) + 1}.`);
  assert.notEqual(prices[last], readFileSync(path.join(SAMPLES, 'prices.csv'), 'utf8').split('\n')[last]);
  writeFileSync(path.join(data, 'prices.csv'), prices.join('\n'));
  const cfg = readFileSync(BASE, 'utf8')
    .replace('"data_dir": ".."', `"data_dir": ${JSON.stringify(data)}`)
    .replace('"../signals.csv"', JSON.stringify(path.join(data, 'signals.csv')));
  writeFileSync(path.join(dir, 'copy.backtest.jsonc'), cfg);
  const copy = path.join(dir, 'copy.sweep.jsonc');
  writeFileSync(copy, JSON.stringify({ base: 'copy.backtest.jsonc', axes: AXES, rank_by: '-turnover' }));
  assert.equal(cli(['sweep', copy, '--out', path.join(dir, 'c1'), '--shard', '1/3', '--jobs', '1']).code, 0);
  const data2 = cli(['sweep-merge', path.join(dir, 's0'), path.join(dir, 'c1'), '--out', path.join(dir, 'bad2')]);
  assert.equal(data2.code, 2);
  assert.match(data2.stderr, /was run on different data .*prices\.csv differs/);
});

test('Ctrl-C keeps the finished variants, and --resume finishes with the same result as one whole run', async () => {
  const dir = tempDir('sweep-resume');
  const axes = { ...AXES, sector_hedge_tolerance: [0.01, 0.02, 0.03, 0.05] };
  const file = sweepFile(dir, { axes });
  const out = path.join(dir, 'out');
  const child = spawn(process.execPath, [CLI, 'sweep', file, '--out', out, '--jobs', '1'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (b) => {
    stderr += b;
  });
  const vdir = path.join(out, 'variants');
  const code = await new Promise<number | null>((resolve) => {
    const poll = setInterval(() => {
      if (existsSync(vdir) && readdirSync(vdir).filter((f) => f.endsWith('.json')).length >= 2) {
        clearInterval(poll);
        child.kill('SIGINT');
      }
    }, 20);
    child.on('exit', (c) => {
      clearInterval(poll);
      resolve(c);
    });
  });
  assert.equal(code, 130, stderr);
  const kept = readdirSync(vdir).filter((f) => f.endsWith('.json')).length;
  assert.ok(kept >= 2 && kept < 8, `kept ${kept}`);
  assert.match(stderr, new RegExp(`cancelled: ${kept} of 8 variants finished`));
  assert.equal(readJson(path.join(out, 'sweep.json')).complete, false);

  const refused = cli(['sweep', file, '--out', out]);
  assert.equal(refused.code, 2, 'an earlier sweep is not replaced without --resume');
  assert.match(refused.stderr, /already holds a sweep/);

  const resumed = cli(['sweep', file, '--out', out, '--resume', '--jobs', '2']);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.match(resumed.stderr, new RegExp(`resume: ${kept} of 8 variants already in .*; running ${8 - kept}`));
  const whole = cli(['sweep', file, '--out', path.join(dir, 'whole'), '--jobs', '2']);
  assert.equal(whole.code, 0);
  assert.equal(readFileSync(path.join(out, 'sweep.csv'), 'utf8'), readFileSync(path.join(dir, 'whole', 'sweep.csv'), 'utf8'));

  // Extending an axis runs only the new values.
  const extended = sweepFile(dir, { axes: { ...axes, sector_hedge_tolerance: [...axes.sector_hedge_tolerance, 0.1] } });
  const ext = cli(['sweep', extended, '--out', out, '--resume', '--jobs', '2']);
  assert.equal(ext.code, 0, ext.stderr);
  assert.match(ext.stderr, /resume: 8 of 10 variants already in .*; running 2/);
});

test('invalid variants are refused before any run, each named by its axis values', () => {
  const dir = tempDir('sweep-invalid');
  const file = sweepFile(dir, { axes: { sector_hedge_tolerance: [0.02, -0.5], 'sector_target_exposures.Technology': [0, 2] } });
  const out = path.join(dir, 'out');
  const r = cli(['sweep', file, '--out', out]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /3 of 4 variants are not a valid config; nothing was run/);
  assert.match(r.stderr, /variant 1 \(sector_hedge_tolerance=0\.02, sector_target_exposures\.Technology=2\)/);
  assert.match(r.stderr, /sector_hedge_tolerance=-0\.5/);
  assert.ok(!existsSync(out), 'no folder, no run');

  const typo = sweepFile(dir, { axes: { sector_hedge_tolerence: [0.01] } }, 'typo.sweep.jsonc');
  const t = cli(['sweep', typo, '--out', out]);
  assert.equal(t.code, 2);
  assert.match(t.stderr, /typo\.sweep\.jsonc:\d+:\d+: .*"sector_hedge_tolerence".*Did you mean "sector_hedge_tolerance"/);
});

test("walk-forward: each window's choice is the argmax of its train scores; test windows chain the equity", () => {
  const dir = tempDir('sweep-wf');
  const file = sweepFile(dir, {
    axes: {
      sector_hedge_method: ['etf', 'proportional'],
      target_beta: [0, 0.3],
      enable_beta_hedge: [true],
      start_date: ['2021-01-04'],
      end_date: ['2022-12-30'],
    },
    walk_forward: { train_days: 126, test_days: 63, select_by: 'sharpe_ratio' },
  });
  const out = path.join(dir, 'out');
  const r = cli(['sweep', file, '--out', out, '--jobs', '2']);
  assert.equal(r.code, 0, r.stderr);
  const rows = (f: string) =>
    readFileSync(path.join(out, f), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
  const windows = rows('walk_forward.csv');
  const cands = rows('walk_forward_candidates.csv');
  assert.ok(windows.length >= 4, `${windows.length} windows`);
  for (const w of windows) {
    const mine = cands.filter((c) => c[0] === w[0]);
    assert.equal(mine.length, 4);
    const best = mine.reduce((a, b) => (Number(b[2]) > Number(a[2]) ? b : a));
    assert.equal(w[5], best[1], `window ${w[0]} chose the argmax`);
    assert.equal(Number(w[6]), Number(best[2]));
  }
  const eq = rows('walk_forward_equity.csv');
  assert.equal(eq[0][0], windows[0][3], 'the stitched equity starts on the first test day');
  assert.equal(eq[eq.length - 1][0], windows[windows.length - 1][4]);
  assert.equal(eq.length, windows.length * 63);
  const json = readJson(path.join(out, 'sweep.json'));
  const oos = json.walk_forward.out_of_sample;
  assert.equal(oos.total_return, Number(eq[eq.length - 1][1]) / 10_000_000 - 1);
  assert.ok(json.walk_forward.in_sample_best.variant_id);
  assert.match(r.stdout, /out-of-sample +in-sample best/);
});

test('--shard reads the slice from a Kubernetes Indexed Job or a Slurm array, and refuses a slice that does not exist', () => {
  const dir = tempDir('sweep-shard-env');
  const file = sweepFile(dir, { axes: AXES });
  const k8s = cli(['sweep', file, '--out', path.join(dir, 'k'), '--shard', 'k8s:3', '--jobs', '1'], { env: { JOB_COMPLETION_INDEX: '1' } });
  assert.equal(k8s.code, 0, k8s.stderr);
  assert.deepEqual(readJson(path.join(dir, 'k', 'sweep.json')).shard, { index: 1, count: 3 });
  const slurm = cli(['sweep', file, '--out', path.join(dir, 's'), '--shard', 'slurm', '--jobs', '1'], {
    env: { SLURM_ARRAY_TASK_ID: '2', SLURM_ARRAY_TASK_COUNT: '3', SLURM_ARRAY_TASK_MIN: '0' },
  });
  assert.equal(slurm.code, 0, slurm.stderr);
  assert.equal(readJson(path.join(dir, 's', 'sweep.json')).variants.length, 1);
  const bad = cli(['sweep', file, '--out', path.join(dir, 'b'), '--shard', '3/3']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /slice 3 of 3 does not exist/);
  const none = cli(['sweep', file, '--out', path.join(dir, 'n'), '--shard', 'slurm'], {
    env: { SLURM_ARRAY_TASK_ID: '', SLURM_ARRAY_TASK_COUNT: '' },
  });
  assert.equal(none.code, 2);
  assert.match(none.stderr, /needs SLURM_ARRAY_TASK_ID/);
});

test('walk-forward runs are kept as they finish: Ctrl-C then --resume reuses them and gives the same walk_forward files', async () => {
  const dir = tempDir('sweep-wf-resume');
  const file = sweepFile(dir, {
    axes: { sector_hedge_method: ['etf', 'proportional'], target_beta: [0, 0.3], enable_beta_hedge: [true] },
    walk_forward: { train_days: 126, test_days: 63, select_by: 'sharpe_ratio' },
  });
  const out = path.join(dir, 'out');
  const runsDir = path.join(out, 'walk_forward');
  const stored = () => (existsSync(runsDir) ? readdirSync(runsDir).filter((f) => /^[0-9a-f]{16}\.json$/.test(f)) : []);
  const child = spawn(process.execPath, [CLI, 'sweep', file, '--out', out, '--jobs', '1'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (b) => {
    stderr += b;
  });
  const code = await new Promise<number | null>((resolve) => {
    const poll = setInterval(() => {
      if (stored().length >= 10) {
        clearInterval(poll);
        child.kill('SIGINT');
      }
    }, 20);
    child.on('exit', (c) => {
      clearInterval(poll);
      resolve(c);
    });
  });
  assert.equal(code, 130, stderr);
  assert.match(stderr, /cancelled during walk-forward/);
  assert.ok(!existsSync(path.join(out, 'walk_forward.csv')), 'no walk_forward.csv from an interrupted walk-forward');
  // The sample's 2019-2023 makes 17 windows: 4 x 17 train runs and 17 test runs.
  const kept = new Map(stored().map((f) => [f, statSync(path.join(runsDir, f))]));
  assert.ok(kept.size >= 10 && kept.size < 85, `kept ${kept.size} window runs`);

  const resumed = cli(['sweep', file, '--out', out, '--resume', '--jobs', '2']);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.match(resumed.stderr, /resume: 4 of 4 variants already in/);
  const m = /resume: walk-forward: (\d+) of 68 train-window runs already in .*; running (\d+)/.exec(resumed.stderr);
  assert.ok(m, resumed.stderr);
  assert.ok(Number(m[1]) >= kept.size - 1 && Number(m[1]) <= kept.size, `reused ${m[1]} train runs of the ${kept.size} kept`);
  assert.equal(Number(m[1]) + Number(m[2]), 68);
  // Not recomputed: every kept run is the same file (same inode, same mtime), not rewritten.
  for (const [f, st] of kept) {
    const now = statSync(path.join(runsDir, f));
    assert.equal(now.ino, st.ino, `${f} was rewritten`);
    assert.equal(now.mtimeMs, st.mtimeMs, `${f} was rewritten`);
  }
  assert.equal(stored().length, 85, 'every window run stored once');

  const whole = path.join(dir, 'whole');
  const w = cli(['sweep', file, '--out', whole, '--jobs', '2']);
  assert.equal(w.code, 0, w.stderr);
  // Without a terminal (a log; Run Sweep's status bar item parses these), the walk-forward says its stage: first and last.
  assert.match(w.stderr, /^sweep: walk-forward 0\/85 runs \(train 0\/68\)$/m);
  assert.match(w.stderr, /^sweep: walk-forward 85\/85 runs \(test window 17\/17\)$/m);
  for (const f of ['walk_forward.csv', 'walk_forward_candidates.csv', 'walk_forward_equity.csv', 'sweep.csv']) {
    assert.equal(readFileSync(path.join(out, f), 'utf8'), readFileSync(path.join(whole, f), 'utf8'), `${f} of the resumed sweep`);
  }
  const wfOf = (d: string) => ({ ...readJson(path.join(d, 'sweep.json')).walk_forward, files: undefined });
  assert.deepEqual(wfOf(out), wfOf(whole));
  assert.deepEqual(new Set(readdirSync(path.join(whole, 'walk_forward'))), new Set(stored()), 'the same stable window-run ids');
});

test('a FIFO left in a sweep folder is refused or run again, never waited on (resume, merge and the sweep view)', () => {
  const dir = tempDir('sweep-fifo');
  const file = sweepFile(dir, { axes: { ...AXES, sector_hedge_method: ['etf'] } });
  const out = path.join(dir, 'out');
  assert.equal(cli(['sweep', file, '--out', out, '--jobs', '2']).code, 0);
  const records = readdirSync(path.join(out, 'variants'));
  const fifoRecord = path.join(out, 'variants', records[0]);
  rmSync(fifoRecord);
  execFileSync('mkfifo', [fifoRecord]);
  // --resume reads every record back: the FIFO is skipped and that variant runs again.
  const resumed = cli(['sweep', file, '--out', out, '--resume']);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.match(resumed.stderr, /resume: 1 of 2 variants already in .*; running 1/);
  assert.ok(statSync(fifoRecord).isFile(), 'the record is written again in its place');

  const sweepJson = path.join(out, 'sweep.json');
  rmSync(sweepJson);
  execFileSync('mkfifo', [sweepJson]);
  const merged = cli(['sweep-merge', out, '--out', path.join(dir, 'merged')]);
  assert.equal(merged.code, 2, merged.stderr);
  assert.match(merged.stderr, /sweep\.json: not a readable sweep\.json \(This path is not a regular file/);
  assert.throws(() => sweepViewData(out), /not a regular file/, 'the sweep view (VS Code panel) refuses it too');
});

// `npm run bench` (scripts/bench.mjs runs this through tsx after the build):
//   generate or reuse the workloads, measure each in its own child process, measure the
//   language server and the results panel, print the table against issue 6's targets.
// Flags: --quick (small workloads, 30 edits: a smoke check), --only=W1,LSP,PANEL,SWEEP
//        (subset), --profile (children write .cpuprofile files next to the results),
//        --json=FILE (also write the raw measurements).
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LspMeasurement } from './measureLsp';
import type { PanelMeasurement } from './measurePanel';
import type { ParquetMeasurement } from './measureParquet';
import type { RunMeasurement } from './measureRun';
import type { SweepMeasurement } from './measureSweep';
import { renderTable, type BenchResults, type CliMeasurement } from './table';
import { renderTargets } from './targets';
import { ensureWorkload, WORKLOADS, type WorkloadFiles } from './workload';

const ROOT = path.resolve(__dirname, '..');

interface Args {
  quick: boolean;
  only: Set<string> | null;
  profile: boolean;
  json: string | null;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { quick: false, only: null, profile: false, json: null };
  for (const arg of argv) {
    if (arg === '--quick') a.quick = true;
    else if (arg === '--profile') a.profile = true;
    else if (arg.startsWith('--only=')) a.only = new Set(arg.slice(7).toUpperCase().split(','));
    else if (arg.startsWith('--json=')) a.json = path.resolve(arg.slice(7));
    else throw new Error(`bench: unknown argument ${arg} (use --quick, --only=W1,W2,LSP,PANEL,PARQUET, --profile, --json=FILE)`);
  }
  return a;
}

/** Runs a bench script in a fresh node (its own heap and RSS); returns the parsed RESULT line. */
function child<T>(script: string, args: string[], nodeFlags: string[] = []): { value: T } | { error: string } {
  const r = spawnSync(process.execPath, [...nodeFlags, '--import', 'tsx', path.join(__dirname, script), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  const line = (r.stdout ?? '').split('\n').find((l) => l.startsWith('RESULT '));
  if (r.status === 0 && line) return { value: JSON.parse(line.slice(7)) as T };
  const why = r.signal ? `killed by ${r.signal}` : `exit ${r.status}`;
  const tail = `${r.stderr ?? ''}`.trim().split('\n').slice(-3).join(' | ');
  return { error: `${script} ${why}${tail ? `: ${tail}` : ''}` };
}

/** `backtest run` as a user runs it: a subprocess of dist/cli.js, timed by /usr/bin/time (wall, CPU, peak RSS). */
function cliRun(configFile: string, outDir: string | null): CliMeasurement | { error: string } {
  const args = [path.join(ROOT, 'dist', 'cli.js'), 'run', configFile, ...(outDir ? ['--out', outDir] : [])];
  const timed = existsSync('/usr/bin/time');
  const r = timed
    ? spawnSync('/usr/bin/time', ['-f', 'BENCHTIME %e %U %S %M', process.execPath, ...args], {
        cwd: ROOT,
        encoding: 'utf8',
        maxBuffer: 64 << 20,
      })
    : spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (outDir) rmSync(outDir, { recursive: true, force: true });
  if (r.status !== 0) return { error: `backtest run exit ${r.status}: ${(r.stderr ?? '').trim().split('\n').slice(-3).join(' | ')}` };
  const m = /BENCHTIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(r.stderr ?? '');
  if (!m) return { error: 'no /usr/bin/time output (install the Debian package "time")' };
  return { seconds: Number(m[1]), cpuSeconds: Number(m[2]) + Number(m[3]), peakRssBytes: Number(m[4]) * 1024 };
}

/**
 * Reads the files once, so a run finds them in the page cache as a user's second run does:
 * this VM pages out file cache idle for ~60 s (DAMON reclaim), and a W2 run after the
 * in-process measurements read its 170 MB of inputs from disk (~2 s more, one sample).
 */
function readThrough(files: readonly string[]): void {
  const buf = Buffer.allocUnsafe(1 << 20);
  for (const f of files) {
    const fd = openSync(f, 'r');
    try {
      while (readSync(fd, buf, 0, buf.length, null) > 0);
    } finally {
      closeSync(fd);
    }
  }
}

/**
 * `backtest run` and `backtest run --out`, alternating, `pairs` times: the medians of wall and CPU
 * time (a single subprocess sample moved by ~0.4 s between runs of the same build on this shared
 * 2-core machine, e.g. while the in-process run's 173 MB of files were still being flushed).
 */
function cliPairs(
  configFile: string,
  outDir: string,
  pairs: number,
  inputs: readonly string[],
): { run: CliMeasurement; out: CliMeasurement } | { error: string } {
  const runs: CliMeasurement[] = [],
    outs: CliMeasurement[] = [];
  for (let k = 0; k < pairs; k++) {
    readThrough(inputs);
    const run = cliRun(configFile, null);
    if ('error' in run) return { error: run.error };
    readThrough(inputs);
    const out = cliRun(configFile, outDir);
    if ('error' in out) return { error: `--out: ${out.error}` };
    runs.push(run);
    outs.push(out);
  }
  const median = (xs: number[]) => {
    const v = [...xs].sort((x, y) => x - y);
    return v.length % 2 ? v[v.length >> 1] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  };
  const summary = (ms: CliMeasurement[]): CliMeasurement => ({
    seconds: median(ms.map((m) => m.seconds)),
    cpuSeconds: median(ms.map((m) => m.cpuSeconds)),
    peakRssBytes: Math.max(...ms.map((m) => m.peakRssBytes)),
    samples: ms.length,
  });
  return { run: summary(runs), out: summary(outs) };
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const [small, large] = args.quick ? ['Q1', 'Q2'] : ['W1', 'W2'];
  const wants = (k: string) =>
    !args.only || args.only.has(k) || (k === small && args.only.has('W1')) || (k === large && args.only.has('W2'));
  const work = path.join(os.tmpdir(), 'sector-hedge-bench', `run-${process.pid}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const profDir = path.join(ROOT, 'test-output', 'bench-profiles');
  const results: BenchResults = {
    quick: args.quick,
    runs: {},
    cli: {},
    errors: {},
    lsp: null,
    panel: null,
    loadAverage: os.loadavg(),
    cpus: os.cpus().length,
    node: process.version,
  };
  if (!existsSync(path.join(ROOT, 'dist', 'engine.js')))
    throw new Error('bench: dist/engine.js is missing; run `npm run build` (npm run bench does).');

  const files: Record<string, WorkloadFiles> = {};
  for (const name of [small, large]) {
    if (!wants(name) && !(name === large && (wants('LSP') || wants('PARQUET'))) && !(name === small && (wants('PANEL') || wants('SWEEP'))))
      continue;
    process.stderr.write(`bench: workload ${name} ... `);
    files[name] = ensureWorkload(WORKLOADS[name]);
    process.stderr.write(
      files[name].generatedSeconds
        ? `generated in ${files[name].generatedSeconds.toFixed(1)} s (cached in ${files[name].dir})\n`
        : 'cached\n',
    );
  }

  const jsonFile = path.join(work, `${small}.results.json`);
  for (const name of [small, large]) {
    if (!wants(name) && !(name === small && wants('PANEL'))) continue;
    process.stderr.write(`bench: measuring ${name} (own process) ...\n`);
    const flags = [
      '--expose-gc',
      ...(args.profile ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`, `--cpu-prof-name=${name}.cpuprofile`] : []),
    ];
    if (args.profile) mkdirSync(profDir, { recursive: true });
    const extra = [
      ...(name === small ? ['--json-out', jsonFile] : []),
      ...(args.profile ? ['--sim-profile', path.join(profDir, `${name}.sim.cpuprofile`)] : []),
    ];
    const r = child<RunMeasurement>(
      'measureRun.ts',
      [JSON.stringify({ name, ...files[name] }), path.join(work, `${name}-out`), ...extra],
      flags,
    );
    if ('value' in r) results.runs[name] = r.value;
    else results.errors[name] = r.error;
    rmSync(path.join(work, `${name}-out`), { recursive: true, force: true });
    // The same workload through the CLI, without and with --out.
    process.stderr.write(`bench: ${name} through the CLI (backtest run, backtest run --out) ...\n`);
    // Five alternating pairs for the small workload; one for the large (each of its runs takes ~10 s).
    const cli = cliPairs(files[name].config, path.join(work, `${name}-cli-out`), name === small ? 5 : 1, [
      files[name].prices,
      files[name].signals,
      files[name].mapping,
    ]);
    if ('error' in cli) results.errors[`${name} CLI`] = cli.error;
    else results.cli[name] = cli;
  }

  if (wants('LSP')) {
    process.stderr.write(`bench: language server with ${large}'s price file ...\n`);
    const r = child<LspMeasurement>('measureLsp.ts', [files[large].dir, String(args.quick ? 30 : 200)]);
    if ('value' in r) results.lsp = r.value;
    else results.errors.LSP = r.error;
  }

  if (wants('PARQUET')) {
    process.stderr.write(`bench: ${large}'s prices from CSV and Parquet (own process; makes the Parquet twins on first use) ...\n`);
    const r = child<ParquetMeasurement>('measureParquet.ts', [JSON.stringify({ name: large, ...files[large] })], ['--expose-gc']);
    if ('value' in r) results.parquet = r.value;
    else results.errors.PARQUET = r.error;
  }

  if (wants('PANEL')) {
    process.stderr.write(`bench: results panel with ${small}'s results ...\n`);
    if (!existsSync(jsonFile)) results.errors.PANEL = `no ${small} results JSON (the ${small} run failed)`;
    else if (!existsSync(path.join(ROOT, 'dist', 'webview.js'))) results.errors.PANEL = 'skipped: dist/webview.js not built yet';
    else {
      const r = child<PanelMeasurement>('measurePanel.ts', [jsonFile]);
      if ('value' in r) results.panel = r.value;
      else results.errors.PANEL = r.error;
    }
  }
  if (wants('SWEEP') && files[small]) {
    process.stderr.write(`bench: 12-variant sweep of ${small}, --jobs 1 and 2 ...\n`);
    const r = child<SweepMeasurement>('measureSweep.ts', [files[small].config, path.join(work, 'sweep')]);
    if ('value' in r) results.sweep = r.value;
    else results.errors.SWEEP = r.error;
  }
  rmSync(work, { recursive: true, force: true });

  process.stdout.write(renderTable(results, small, large) + '\n');
  process.stdout.write(renderTargets(results, small, large) + '\n');
  if (args.json) writeFileSync(args.json, JSON.stringify(results, null, 2));
  if (args.profile) process.stdout.write(`CPU profiles: ${profDir} (summarise: node --import tsx bench/profileSummary.ts FILE)\n`);
}

main();

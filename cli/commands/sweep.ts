// `backtest sweep FILE [--out DIR] [--jobs N] [--html FILE] [--json] [--resume] [--keep-runs]
//  [--shard I/N|slurm] [--slurm N [--sbatch-args "..."]]`
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { UsageError, type CommandSpec, type ParsedArgs } from '../args';
import { EXIT, formatFailure } from '../errors';
import { CliError, displayPath } from '../../jobs/failure';
import { assertSafeHtmlFile } from '../../jobs/job';
import { defaultAssetsDir, writeFileAtomic } from '../../jobs/reportFile';
import { readSweepAssets, renderSweepReportHtml, sweepViewData } from '../../report/sweepReport';
import type { Io } from '../runJob';
import { buildVariants, readSweepFile, shardOf, SweepValidationError, describePoint, type Variant } from '../../engine/sweep';
import { createSweepPool, defaultJobs } from '../sweep/pool';
import { prepareSweepDir, readSweepJson, readVariantRecords, sweepHeader, writeSweepFiles, type VariantRecord } from '../sweep/outputs';
import { runVariants } from '../sweep/runVariants';
import { formatWalkForward, runWalkForward, type WalkForwardResult } from '../sweep/walkForwardRun';
import { formatSweepTable } from '../sweep/summary';
import { runOnSlurm } from '../sweep/slurm';
import { processCpuMs, threadCpuMs } from '../sweep/threadCpu';

const nullIfNaN = (x: number): number | null => (Number.isFinite(x) ? x : null);

export const sweepSpec: CommandSpec = {
  name: 'sweep',
  usage:
    'backtest sweep FILE [--out DIR] [--jobs N] [--html FILE] [--json] [--resume] [--keep-runs] [--shard I/N|slurm] [--slurm N [--sbatch-args "..."]]',
  summary: 'Run every variant of a .sweep.jsonc on all cores and rank them; with walk_forward, also test the choice out of sample.',
  details: [
    'Every variant is validated as a config first; if any is invalid, each is listed with its axis values and error, and nothing runs (exit 2).',
    'DIR gets sweep.csv (one row per variant: variant_id, the axes, every metric; ranked by rank_by), sweep.json (the same plus each resolved config) and variants/<id>.json (written as each variant finishes). With walk_forward: walk_forward.csv, walk_forward_candidates.csv and walk_forward_equity.csv.',
    'Ctrl-C stops cleanly: running variants are cancelled, finished ones are kept; --resume then runs only what is missing (and, after an edit, only new or changed variants).',
    '--shard I/N runs the I-th of N slices (I from 0); --shard slurm reads SLURM_ARRAY_TASK_ID / SLURM_ARRAY_TASK_COUNT (JOB_COMPLETION_INDEX with --shard k8s:N). Merge shard folders with `backtest sweep-merge`.',
    '--slurm N writes DIR/slurm/sweep.sbatch (a job array of N shards), submits it with `sbatch --wait`, merges the shards into DIR and fails naming any task that failed.',
  ],
  positionals: [{ name: 'FILE', description: 'a .sweep.jsonc file' }],
  flags: [
    { name: 'out', value: 'DIR', description: 'the sweep folder (default results/<name of FILE>)' },
    { name: 'jobs', value: 'N', description: `worker threads (default: all cores, ${defaultJobs()} here)` },
    { name: 'html', value: 'FILE', description: 'write a self-contained HTML sweep view (table, heatmap, compare, walk-forward) to FILE' },
    { name: 'json', description: 'print the ranked variants (and walk-forward summary) as JSON on stdout' },
    { name: 'resume', description: 'reuse every variant already in DIR with the same id' },
    { name: 'keep-runs', description: "also write each variant's --out files under DIR/runs/<variant_id>/" },
    { name: 'shard', value: 'I/N', description: 'run only slice I of N (or "slurm", or "k8s:N" for JOB_COMPLETION_INDEX)' },
    { name: 'slurm', value: 'N', description: 'run as a Slurm job array of N tasks (sbatch --wait), then merge' },
    {
      name: 'sbatch-args',
      value: 'ARGS',
      description: 'extra sbatch options for --slurm, e.g. "--partition=short --time=1:00:00"',
      passThrough: true,
    },
  ],
};

export function parseShard(value: string, env: NodeJS.ProcessEnv = process.env): { index: number; count: number } {
  let index: number, count: number;
  if (value === 'slurm') {
    const envInt = (v: string | undefined) => (v !== undefined && /^\d+$/.test(v.trim()) ? Number(v) : NaN);
    index = envInt(env.SLURM_ARRAY_TASK_ID);
    count = envInt(env.SLURM_ARRAY_TASK_COUNT);
    if (!Number.isInteger(index) || !Number.isInteger(count))
      throw new UsageError(
        '--shard slurm needs SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT (run it inside a Slurm job array)',
        sweepSpec,
      );
    const min = envInt(env.SLURM_ARRAY_TASK_MIN);
    if (Number.isInteger(min)) index -= min;
  } else if (/^k8s:\d+$/.test(value)) {
    index = /^\d+$/.test(env.JOB_COMPLETION_INDEX ?? '') ? Number(env.JOB_COMPLETION_INDEX) : NaN;
    count = Number(value.slice(4));
    if (!Number.isInteger(index))
      throw new UsageError('--shard k8s:N needs JOB_COMPLETION_INDEX (run it in a Kubernetes Indexed Job)', sweepSpec);
  } else {
    const m = /^(\d+)\/(\d+)$/.exec(value);
    if (!m) throw new UsageError(`--shard ${value}: use I/N with I from 0 to N-1 (e.g. --shard 0/4), "slurm" or "k8s:N"`, sweepSpec);
    index = Number(m[1]);
    count = Number(m[2]);
  }
  if (!(count >= 1) || index < 0 || index >= count)
    throw new UsageError(`--shard: slice ${index} of ${count} does not exist (I runs from 0 to N-1)`, sweepSpec);
  return { index, count };
}

function positiveInt(args: ParsedArgs, name: string): number | undefined {
  const v = args.flags.get(name);
  if (typeof v !== 'string') return undefined;
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new UsageError(`--${name} ${v}: expected a whole number of at least 1`, sweepSpec);
  return Number(v);
}

export async function sweepCommand(args: ParsedArgs, io: Io): Promise<number> {
  const started = Date.now();
  const file = path.resolve(args.positionals[0]);
  const jobs = positiveInt(args, 'jobs') ?? defaultJobs();
  const slurmTasks = positiveInt(args, 'slurm');
  const shardArg = args.flags.get('shard');
  if (slurmTasks && typeof shardArg === 'string')
    throw new UsageError('--slurm and --shard do not go together: --slurm runs every shard for you', sweepSpec);
  if (args.flags.has('sbatch-args') && !slurmTasks) throw new UsageError('--sbatch-args needs --slurm N', sweepSpec);
  const shard = typeof shardArg === 'string' ? parseShard(shardArg) : null;
  const outDir = path.resolve(
    typeof args.flags.get('out') === 'string'
      ? (args.flags.get('out') as string)
      : path.join('results', path.basename(file).replace(/\.sweep\.jsonc$|\.jsonc?$/, '')),
  );

  const html = typeof args.flags.get('html') === 'string' ? path.resolve(args.flags.get('html') as string) : null;
  // An earlier sweep report may be replaced; anything else is refused as for `run --html`.
  if (
    html &&
    !(
      existsSync(html) &&
      statSync(html).isFile() &&
      /^<!DOCTYPE html>[\s\S]*id="sweep-data"/.test(readFileSync(html, 'utf8').slice(0, 4000))
    )
  )
    assertSafeHtmlFile(html);
  const assets = html ? readSweepAssets(defaultAssetsDir()) : null;
  if (html && !assets) throw new CliError('--html needs the sweep view bundle (dist/sweepView.js)', 'run `npm run build`');
  const spec = readSweepFile(file);
  let variants: Variant[];
  try {
    variants = await buildVariants(spec);
  } catch (err) {
    if (!(err instanceof SweepValidationError)) throw err;
    io.stderr.write(
      `error: ${displayPath(file)}: ${err.message}\n  fix: change the axis values (or the base config) so every variant is valid; \`backtest validate\` on the base shows its own errors\n`,
    );
    return EXIT.error;
  }
  const validated = Date.now();
  const resume = args.flags.has('resume');
  prepareSweepDir(outDir, resume);

  if (slurmTasks) {
    return runOnSlurm({
      file,
      outDir,
      tasks: slurmTasks,
      sbatchArgs: (args.flags.get('sbatch-args') as string | undefined) ?? '',
      jobs: positiveInt(args, 'jobs'),
      resume,
      keepRuns: args.flags.has('keep-runs'),
      io,
      spec,
      variants,
      json: args.flags.has('json'),
    });
  }

  const mine = shard ? shardOf(variants, shard.index, shard.count) : variants;
  const existing = resume ? readVariantRecords(outDir) : new Map<string, VariantRecord>();
  const reused = mine.filter((v) => existing.has(v.id)).map((v) => ({ ...existing.get(v.id)!, index: v.index, axes: v.point }));
  const todo = mine.filter((v) => !existing.has(v.id));
  if (resume && reused.length)
    io.stderr.write(`resume: ${reused.length} of ${mine.length} variants already in ${displayPath(outDir)}; running ${todo.length}\n`);

  const cancel = new SharedArrayBuffer(4);
  const flag = new Int32Array(cancel);
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts === 1) {
      Atomics.store(flag, 0, 1);
      io.stderr.write('\nstopping: cancelling the running variants; the finished ones are kept (Ctrl-C again to quit at once)\n');
    } else process.exit(EXIT.cancelled);
  };
  process.on('SIGINT', onSigint);
  const stopped = () => Atomics.load(flag, 0) !== 0;
  const cpuRun0 = processCpuMs(),
    mainCpu0 = threadCpuMs();
  const pool = createSweepPool(Math.max(1, Math.min(jobs, Math.max(todo.length, spec.walkForward && !shard ? jobs : 1))));
  try {
    const run = await runVariants(pool, todo, reused.length, mine.length, {
      outDir,
      basePath: spec.basePath,
      keepRuns: args.flags.has('keep-runs'),
      rankBy: spec.rankBy,
      stderr: io.stderr,
      cancel,
      stopped,
    });
    const ranAt = Date.now();
    const cpuRun = processCpuMs() - cpuRun0,
      mainCpu = threadCpuMs() - mainCpu0;
    const records = [...reused, ...run.records];
    const complete = records.length === mine.length;
    const files = writeSweepFiles(outDir, sweepHeader(spec, variants, shard, complete), records, spec.rankBy);
    if (run.failure) {
      io.stderr.write(
        `error: variant ${run.failure.variant.index} (${describePoint(run.failure.variant.point)}) failed; ${records.length} finished variants are kept in ${displayPath(outDir)}\n`,
      );
      io.stderr.write(formatFailure(run.failure.failure));
      return EXIT.error;
    }
    if (run.cancelled || !complete) {
      io.stderr.write(
        `cancelled: ${records.length} of ${mine.length} variants finished and are kept in ${displayPath(outDir)}; run again with --resume to finish the rest\n`,
      );
      return EXIT.cancelled;
    }
    let wf: WalkForwardResult | null = null;
    if (spec.walkForward && !shard) {
      const r = await runWalkForward(pool, variants, spec.walkForward, records, spec.rankBy, {
        outDir,
        basePath: spec.basePath,
        cancel,
        stopped,
        stderr: io.stderr,
        resume,
      });
      if (r === 'cancelled') {
        io.stderr.write(`cancelled during walk-forward: the sweep itself is complete in ${displayPath(outDir)}\n`);
        return EXIT.cancelled;
      }
      wf = r;
      writeSweepFiles(outDir, sweepHeader(spec, variants, shard, complete), records, spec.rankBy, { walk_forward: wf });
      files.push(...wf.files);
    } else if (spec.walkForward && shard) {
      io.stderr.write('note: walk_forward runs after the shards are merged (`backtest sweep --slurm` does it), not per shard\n');
    }
    if (html && assets) {
      writeFileAtomic(html, renderSweepReportHtml(sweepViewData(outDir), assets));
      files.push(html);
    }
    if (args.flags.has('json')) {
      // timing: what the bench reads (wall clock of this command, the simulations alone summed over threads).
      const timing = {
        wall_seconds: (Date.now() - started) / 1000,
        validate_seconds: (validated - started) / 1000,
        run_seconds: (ranAt - validated) / 1000,
        sim_seconds: run.simMs / 1000,
        load_seconds: run.loadMs / 1000,
        threads: pool.threads,
        ran: run.records.length,
        // CPU seconds of the variant runs (pool start to the last record): the whole process,
        // its main thread, the worker threads (start-up included) and, inside their tasks, the
        // simulations and the data parsing. null where the platform does not give thread CPU.
        cpu: {
          run_seconds: cpuRun / 1000,
          main_thread_seconds: nullIfNaN(mainCpu / 1000),
          worker_threads_seconds: nullIfNaN(run.cpu.threadsMs / 1000),
          worker_startup_seconds: nullIfNaN(run.cpu.startupMs / 1000),
          tasks_seconds: nullIfNaN(run.cpu.taskMs / 1000),
          sim_seconds: nullIfNaN(run.cpu.simMs / 1000),
          load_seconds: nullIfNaN(run.cpu.loadMs / 1000),
        },
      };
      io.stdout.write(JSON.stringify({ ...readSweepJson(outDir), files, timing }, null, 2) + '\n');
    } else {
      io.stdout.write(
        formatSweepTable(spec, records, {
          simMs: run.simMs,
          ran: run.records.length,
          reused: reused.length,
          threads: pool.threads,
          outDir,
          files,
        }),
      );
      if (wf) io.stdout.write('\n' + formatWalkForward(wf));
    }
    return EXIT.ok;
  } finally {
    process.off('SIGINT', onSigint);
    await pool.close();
  }
}

// `backtest sweep --slurm N`: a job array of N shards on the cluster the user already runs.
// Writes DIR/slurm/sweep.sbatch, submits it with `sbatch --wait`, merges the shard folders
// (DIR/slurm/shard-I) into DIR and fails naming each task that did not finish.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SweepSpec, Variant } from '../../engine/sweep';
import { EXIT } from '../errors';
import { CliError, displayPath } from '../../jobs/failure';
import type { Io } from '../runJob';
import { mergeShards } from './merge';
import { readSweepJson, readSweepOutput, sweepHeader, writeSweepFiles } from './outputs';
import { createSweepPool, defaultJobs } from './pool';
import { formatSweepTable } from './summary';
import { formatWalkForward, runWalkForward } from './walkForwardRun';

export interface SlurmOptions {
  file: string;
  outDir: string;
  tasks: number;
  sbatchArgs: string;
  jobs: number | undefined;
  resume: boolean;
  keepRuns: boolean;
  io: Io;
  spec: SweepSpec;
  variants: Variant[];
  json: boolean;
}

/** Splits "--partition=short --comment 'a b'" like a shell would (quotes, no expansion). */
export function splitArgs(s: string): string[] {
  const out: string[] = [];
  const re = /"((?:\\.|[^"\\])*)"|'([^']*)'|(\S+)/g;
  let m: RegExpExecArray | null,
    last = -1;
  while ((m = re.exec(s))) {
    const piece = m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? m[3]);
    if (last === m.index && out.length) out[out.length - 1] += piece;
    else out.push(piece);
    last = re.lastIndex;
  }
  return out;
}

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export function sbatchScript(o: {
  file: string;
  slurmDir: string;
  tasks: number;
  jobs: number | undefined;
  keepRuns: boolean;
  node: string;
  cli: string;
}): string {
  return [
    '#!/bin/bash',
    '# Written by `backtest sweep --slurm`: each array task runs one shard of the sweep.',
    '#SBATCH --job-name=backtest-sweep',
    `#SBATCH --array=0-${o.tasks - 1}`,
    `#SBATCH --output=${o.slurmDir}/task-%a.log`,
    `#SBATCH --cpus-per-task=${o.jobs ?? 1}`,
    'set -euo pipefail',
    `exec ${q(o.node)} ${q(o.cli)} sweep ${q(o.file)} --out ${q(o.slurmDir)}/shard-"$SLURM_ARRAY_TASK_ID" --shard slurm --resume --jobs "\${SLURM_CPUS_PER_TASK:-1}"${o.keepRuns ? ' --keep-runs' : ''}`,
    '',
  ].join('\n');
}

function tail(file: string, lines = 8): string {
  try {
    return readSweepOutput(file)
      .trimEnd()
      .split('\n')
      .slice(-lines)
      .map((l) => `    | ${l}`)
      .join('\n');
  } catch {
    return '    | (no log)';
  }
}

export async function runOnSlurm(o: SlurmOptions): Promise<number> {
  const slurmDir = path.join(o.outDir, 'slurm');
  mkdirSync(slurmDir, { recursive: true });
  const script = path.join(slurmDir, 'sweep.sbatch');
  const cli = path.resolve(__filename);
  if (!cli.endsWith('.js'))
    throw new CliError('--slurm needs the built CLI (dist/cli.js)', 'run `npm run build`, then `node dist/cli.js sweep ...`');
  writeFileSync(
    script,
    sbatchScript({ file: o.file, slurmDir, tasks: o.tasks, jobs: o.jobs, keepRuns: o.keepRuns, node: process.execPath, cli }),
  );
  chmodSync(script, 0o755);
  const args = ['--wait', ...splitArgs(o.sbatchArgs), script];
  o.io.stderr.write(
    `slurm: submitting ${displayPath(script)} (${o.tasks} tasks, ${o.variants.length} variants) with sbatch ${args.join(' ')}\n`,
  );
  let jobId: string | null = null;
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn('sbatch', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stdout.on('data', (b: Buffer) => {
      const m = /Submitted batch job (\d+)/.exec(b.toString());
      if (m) {
        jobId = m[1];
        o.io.stderr.write(`slurm: job ${jobId} submitted; waiting for its ${o.tasks} tasks\n`);
      }
    });
    child.stderr.on('data', (b: Buffer) => {
      err += b.toString();
    });
    const onSigint = () => {
      if (jobId) spawn('scancel', [jobId], { stdio: 'ignore' });
    };
    process.on('SIGINT', onSigint);
    child.on('error', (e) => {
      process.off('SIGINT', onSigint);
      reject(
        new CliError(
          `cannot run sbatch (${(e as NodeJS.ErrnoException).code ?? e.message})`,
          'run this on a Slurm login node (sbatch on the PATH), or use --shard I/N yourself',
        ),
      );
    });
    child.on('close', (c) => {
      process.off('SIGINT', onSigint);
      if (c !== 0 && err) o.io.stderr.write(err);
      resolve(c ?? 1);
    });
  });
  // Whatever sbatch says, each task's own folder tells whether it finished.
  const failed: string[] = [];
  const dirs: string[] = [];
  for (let i = 0; i < o.tasks; i++) {
    const dir = path.join(slurmDir, `shard-${i}`);
    dirs.push(dir);
    let ok: boolean;
    try {
      ok = existsSync(path.join(dir, 'sweep.json')) && readSweepJson(dir).complete;
    } catch {
      ok = false;
    }
    if (!ok)
      failed.push(
        `  task ${i}${jobId ? ` (job ${jobId}_${i})` : ''} did not finish; its log ${displayPath(path.join(slurmDir, `task-${i}.log`))} ends:\n${tail(path.join(slurmDir, `task-${i}.log`))}`,
      );
  }
  if (failed.length) {
    o.io.stderr.write(
      `error: ${failed.length} of ${o.tasks} Slurm tasks failed${code ? ` (sbatch exit code ${code})` : ''}; nothing was merged (finished shards are kept: run the same command with --resume to re-run only what is missing):\n${failed.join('\n')}\n`,
    );
    return EXIT.error;
  }
  const merged = mergeShards(dirs, o.outDir);
  const files = merged.files;
  let wfText = '';
  if (o.spec.walkForward) {
    const cancel = new SharedArrayBuffer(4);
    const pool = createSweepPool(o.jobs ?? defaultJobs());
    try {
      const wf = await runWalkForward(pool, o.variants, o.spec.walkForward, merged.records, o.spec.rankBy, {
        outDir: o.outDir,
        basePath: o.spec.basePath,
        cancel,
        stopped: () => false,
        stderr: o.io.stderr,
        resume: o.resume,
      });
      if (wf !== 'cancelled') {
        writeSweepFiles(o.outDir, sweepHeader(o.spec, o.variants, null, true), merged.records, o.spec.rankBy, { walk_forward: wf });
        files.push(...wf.files);
        wfText = '\n' + formatWalkForward(wf);
      }
    } finally {
      await pool.close();
    }
  }
  if (o.json)
    o.io.stdout.write(JSON.stringify({ ...readSweepJson(o.outDir), files, slurm: { job: jobId, tasks: o.tasks, script } }, null, 2) + '\n');
  else
    o.io.stdout.write(
      formatSweepTable(o.spec, merged.records, {
        simMs: 0,
        ran: merged.records.length,
        reused: 0,
        threads: o.tasks,
        outDir: o.outDir,
        files,
      }) + wfText,
    );
  return EXIT.ok;
}

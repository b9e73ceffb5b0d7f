// A one-node Slurm cluster for tests, started from Debian's slurm-wlm and munge packages in
// a scratch folder (own munge key and socket, own slurm.conf via SLURM_CONF, own ports), so
// nothing under /etc is touched. Stopped by the daemons' pids. See
// ../shared/notes/slurm-one-node.md for what this relies on.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface SlurmCluster {
  env: Record<string, string>;
  dir: string;
  stop(): void;
}

const BINARIES = ['munged', 'slurmctld', 'slurmd', 'sbatch', 'sinfo'];

function which(bin: string): string | null {
  for (const d of (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/usr/bin', '/sbin'])) {
    const p = path.join(d, bin);
    if (existsSync(p)) return p;
  }
  return null;
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Why a cluster cannot start here, or null when it can be tried. */
export function slurmUnavailable(): string | null {
  const missing = BINARIES.filter((b) => !which(b));
  if (missing.length) return `Slurm test skipped: ${missing.join(', ')} not installed (apt-get install -y slurm-wlm munge)`;
  if (process.getuid?.() !== 0) return 'Slurm test skipped: the one-node cluster runs its daemons as root, and this is not root';
  return null;
}

export function startSlurmCluster(): SlurmCluster {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'slurm-one-node-'));
  const hostname = os.hostname().split('.')[0];
  const munge = path.join(dir, 'munge');
  mkdirSync(munge, { mode: 0o700 });
  const key = path.join(munge, 'munge.key');
  writeFileSync(key, randomBytes(1024), { mode: 0o400 });
  chmodSync(key, 0o400);
  const socket = path.join(munge, 'munge.socket');
  execFileSync(
    which('munged')!,
    [
      '--force',
      `--key-file=${key}`,
      `--socket=${socket}`,
      `--pid-file=${munge}/munged.pid`,
      `--log-file=${munge}/munged.log`,
      `--seed-file=${munge}/munged.seed`,
    ],
    { stdio: 'pipe' },
  );
  const ports = 20000 + (process.pid % 20000);
  const memMiB = Math.floor((os.totalmem() / 1024 / 1024) * 0.9);
  const conf = path.join(dir, 'slurm.conf');
  for (const sub of ['state', 'spool', 'log']) mkdirSync(path.join(dir, sub));
  writeFileSync(
    conf,
    [
      'ClusterName=onenode',
      `SlurmctldHost=${hostname}`,
      'SlurmUser=root',
      'SlurmdUser=root',
      'AuthType=auth/munge',
      `AuthInfo=socket=${socket}`,
      'CredType=cred/munge',
      `SlurmctldPort=${ports}`,
      `SlurmdPort=${ports + 1}`,
      `StateSaveLocation=${dir}/state`,
      `SlurmdSpoolDir=${dir}/spool`,
      `SlurmctldLogFile=${dir}/log/slurmctld.log`,
      `SlurmdLogFile=${dir}/log/slurmd.log`,
      `SlurmctldPidFile=${dir}/slurmctld.pid`,
      `SlurmdPidFile=${dir}/slurmd.pid`,
      'ProctrackType=proctrack/linuxproc',
      'TaskPlugin=task/none',
      'SelectType=select/cons_tres',
      'SelectTypeParameters=CR_Core',
      'MpiDefault=none',
      'ReturnToService=2',
      'SchedulerType=sched/backfill',
      'JobAcctGatherType=jobacct_gather/none',
      'AccountingStorageType=accounting_storage/none',
      'SlurmctldTimeout=30',
      'SlurmdTimeout=30',
      'MinJobAge=10',
      `NodeName=${hostname} CPUs=${os.cpus().length} RealMemory=${memMiB} State=UNKNOWN`,
      `PartitionName=test Nodes=${hostname} Default=YES MaxTime=INFINITE State=UP`,
      '',
    ].join('\n'),
  );
  writeFileSync(path.join(dir, 'cgroup.conf'), 'CgroupPlugin=autodetect\nIgnoreSystemd=yes\n');
  const env = { SLURM_CONF: conf };
  const run = (bin: string, args: string[]) => spawnSync(which(bin)!, args, { env: { ...process.env, ...env }, encoding: 'utf8' });
  const pid = (f: string) => {
    try {
      return Number(readFileSync(path.join(dir, f), 'utf8').trim());
    } catch {
      return 0;
    }
  };
  const stop = () => {
    for (const f of ['slurmd.pid', 'slurmctld.pid', 'munge/munged.pid']) {
      const p = pid(f);
      if (p > 0)
        try {
          process.kill(p, 'SIGTERM');
        } catch {
          /* gone */
        }
    }
  };
  try {
    const ctld = run('slurmctld', ['-i']);
    if (ctld.status !== 0) throw new Error(`slurmctld did not start: ${ctld.stderr}`);
    const d = run('slurmd', []);
    if (d.status !== 0) throw new Error(`slurmd did not start: ${d.stderr}`);
    for (let i = 0; ; i++) {
      const s = run('sinfo', ['-h', '-o', '%t']);
      if (s.status === 0 && /^(idle|mix|alloc)/m.test(s.stdout)) break;
      if (i > 100) {
        let log = '';
        try {
          log = readFileSync(path.join(dir, 'log', 'slurmd.log'), 'utf8')
            .split('\n')
            .slice(-10)
            .join('\n');
        } catch {
          /* none */
        }
        throw new Error(`the node did not become idle in 20 s (sinfo: ${s.stdout.trim() || s.stderr.trim()}); slurmd log:\n${log}`);
      }
      sleep(200);
    }
  } catch (err) {
    stop();
    throw err;
  }
  return { env, dir, stop };
}

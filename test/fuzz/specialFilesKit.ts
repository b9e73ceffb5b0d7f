// Shared by the special-file and --out fuzz suites: runs the built CLI as an async
// subprocess with a hang timeout, reports its peak memory (a preload writes
// process.resourceUsage().maxRSS at exit), and, when the suite runs as root, can run it as
// nobody so that a denied permission means something.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CLI, SAMPLES } from '../cli/helpers';

/** The conventional uid/gid of nobody. */
export const NOBODY = 65534;

export interface CliCase {
  label: string;
  args: string[];
  cwd: string;
  /** Run as this uid and gid (root only). */
  uid?: number;
}

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** Peak resident memory in MB, when the process reached its exit. */
  maxRssMb?: number;
}

let rssDir: string | undefined;
let preload: string | undefined;
let seq = 0;

function preloadFile(): string {
  if (preload) return preload;
  rssDir = mkdtempSync(path.join(os.tmpdir(), 'cli-rss-'));
  chmodSync(rssDir, 0o777); // nobody writes its number here too
  preload = path.join(rssDir, 'rss-at-exit.cjs');
  writeFileSync(
    preload,
    "process.on('exit', () => { try { require('fs').writeFileSync(process.env.CLI_RSS_FILE, String(process.resourceUsage().maxRSS)); } catch {} });\n",
  );
  chmodSync(preload, 0o644);
  process.on('exit', () => rssDir && rmSync(rssDir, { recursive: true, force: true }));
  return preload;
}

const MAX_OUTPUT = 64 * 1024;

/** Runs `node dist/cli.js ...args`; killed (timedOut) after `timeoutMs`. Output is kept to 64 KB. */
export function runCli(c: CliCase, timeoutMs = 30_000): Promise<CliRun> {
  const pre = preloadFile();
  const rssFile = path.join(rssDir!, `rss-${process.pid}-${++seq}`);
  const env: Record<string, string | undefined> = { ...process.env, CLI_RSS_FILE: rssFile };
  delete env.BACKTEST_DEBUG;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--require', pre, CLI, ...c.args], {
      cwd: c.cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(c.uid !== undefined ? { uid: c.uid, gid: c.uid } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      if (stdout.length < MAX_OUTPUT) stdout += d.toString('utf8');
    });
    child.stderr.on('data', (d: Buffer) => {
      if (stderr.length < MAX_OUTPUT) stderr += d.toString('utf8');
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      let maxRssMb: number | undefined;
      if (existsSync(rssFile)) {
        maxRssMb = Math.round(Number(readFileSync(rssFile, 'utf8')) / 1024);
        rmSync(rssFile, { force: true });
      }
      resolve({ code, signal, stdout, stderr, timedOut, maxRssMb });
    });
  });
}

/** Whether this root process can run the CLI as nobody from `dir` (its folders must be open to others). */
export function canRunAsNobody(dir: string): boolean {
  if (process.getuid?.() !== 0) return false;
  const r = spawnSync(process.execPath, [CLI, '--version'], { cwd: dir, uid: NOBODY, gid: NOBODY, encoding: 'utf8', timeout: 30_000 });
  return r.status === 0;
}

/**
 * The sample data cut to the months around a two-month run (2023-01-03 to 2023-02-28), in
 * `dir`: each case then costs little more than a start of node.
 */
export function writeSmallData(dir: string): void {
  mkdirSync(dir, { recursive: true });
  copyFileSync(path.join(SAMPLES, 'sector_mapping.csv'), path.join(dir, 'sector_mapping.csv'));
  for (const f of ['prices.csv', 'signals.csv', 'weights.csv', 'orders.csv', 'positions.csv']) {
    const [head, ...rows] = readFileSync(path.join(SAMPLES, f), 'utf8').split('\n');
    const kept = rows.filter((r) => r.slice(0, 10) >= '2022-11-01' && r.slice(0, 10) <= '2023-03-31');
    writeFileSync(path.join(dir, f), [head, ...kept, ''].join('\n'));
  }
}

/** A valid config of `useCase` on the data of writeSmallData(`dataDir`). */
export function smallConfig(dataDir: string, useCase = 'signals'): Record<string, unknown> {
  return {
    name: `small: ${useCase}`,
    initial_cash: 1_000_000,
    start_date: '2023-01-03',
    end_date: '2023-02-28',
    use_case: useCase,
    inputs: { [useCase]: path.join(dataDir, `${useCase}.csv`) },
    data_dir: dataDir,
    enable_sector_hedge: true,
    sector_hedge_method: 'etf',
    sector_target_exposures: {},
  };
}

// Shared by the CLI tests: builds dist/ once when it is missing or older than the sources
// (a lock keeps parallel test files from building at the same time), then runs
// `node dist/cli.js` as a subprocess, like a user would.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
export const CLI = path.join(ROOT, 'dist', 'cli.js');
export const SAMPLES = path.join(ROOT, 'sample_data');
export const config = (name: string) => path.join(SAMPLES, 'configs', `${name}.backtest.jsonc`);

function newestMtime(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    const st = statSync(full);
    newest = Math.max(newest, st.isDirectory() ? newestMtime(full) : st.mtimeMs);
  }
  return newest;
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export function ensureBuilt(): void {
  const lock = path.join(os.tmpdir(), 'sector-hedge-cli-test-build.lock');
  for (let i = 0; ; i++) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (i > 600) throw new Error(`build lock ${lock} held for over a minute; remove it if no test is running`);
      sleep(100);
    }
  }
  try {
    const sources = Math.max(...['engine', 'cli', 'jobs', 'report', 'common', 'webview'].map((d) => newestMtime(path.join(ROOT, d))));
    if (!existsSync(CLI) || statSync(CLI).mtimeMs < sources) {
      const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`npm run build failed:\n${r.stdout}\n${r.stderr}`);
    }
  } finally {
    rmdirSync(lock);
  }
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function cli(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): CliResult {
  const env: Record<string, string | undefined> = { ...process.env, ...opts.env };
  delete env.BACKTEST_DEBUG;
  if (opts.env?.BACKTEST_DEBUG) env.BACKTEST_DEBUG = opts.env.BACKTEST_DEBUG;
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: opts.cwd ?? ROOT, encoding: 'utf8', env, timeout: 300_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
}

/** 1-based line and column of the first occurrence of `needle` in `text`. */
export function lineColOf(text: string, needle: string): { line: number; column: number } {
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`${needle} not found`);
  const before = text.slice(0, at).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

/** A stack trace line, which users must never see without BACKTEST_DEBUG=1. */
export const STACK_LINE = /^\s+at .+\(.+:\d+:\d+\)$/m;

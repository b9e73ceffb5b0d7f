// Language-server latency with a large price file, measured the way an editor sees it:
// spawn `node dist/server.js --stdio`, speak JSON-RPC (vscode-jsonrpc), open a config that
// points at the workload's files, then
//   - time a completion sent while the big file is still loading (must not wait for it),
//   - time until the data-aware diagnostics appear (background load + validation),
//   - 200 one-character edits: didChange -> publishDiagnostics for that version,
//   - 200 completions of beta_hedge_instrument (every ticker of the price file),
//   - the server's RSS (VmRSS, and the peak VmHWM, from /proc).
// debounceMs is 0 so the numbers are processing time, not the editor's typing delay.
//   node --import tsx bench/measureLsp.ts DATA_DIR [EDITS]   ->  `RESULT {...}`
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { URI } from 'vscode-uri';
import { bigInlineSignalsConfig } from './bigConfig';

const ROOT = path.resolve(__dirname, '..');

export interface LspMeasurement {
  priceFile: string;
  priceBytes: number;
  edits: number;
  firstCompletionWhileLoadingMs: number;
  dataDiagnosticsMs: number;
  diagP50Ms: number;
  diagP95Ms: number;
  diagMaxMs: number;
  completionP50Ms: number;
  completionP95Ms: number;
  /** Most items any completion returned (every ticker of the file when it is loaded). */
  completionItems: number;
  /** Completions that returned no items (the server had no price table at that moment). */
  emptyCompletions: number;
  serverRssBytes: number;
  serverPeakRssBytes: number;
  /** Completions right after the opening quote (nothing typed: the longest list the server sends). */
  emptyPrefixCompletionP50Ms?: number;
  emptyPrefixCompletionP95Ms?: number;
  emptyPrefixCompletionItems?: number;
  /** Server process CPU time (all threads) during the edits and during the completions. */
  serverCpuEditsMs?: number;
  serverCpuCompletionsMs?: number;
  /** Issue 13 class 5: a config of this many bytes with inline signals opened next to the first one. */
  bigConfigBytes?: number;
  /** From its didOpen until each answer: documentSymbol, foldingRange, inlayHint, first diagnostics. */
  bigRequestsMs?: Record<string, number>;
  /** Hovers on the small config sent every 50 ms while the big config's requests ran: answer times. */
  hoverDuringBigP50Ms?: number;
  hoverDuringBigMaxMs?: number;
  hoversDuringBig?: number;
}

/** CPU time (user + system, all threads) of a process so far, from /proc (clock ticks of 10 ms). */
function procCpuMs(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8')
    .replace(/^.*\) /s, '')
    .split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
}

interface Published {
  uri: string;
  version?: number;
  diagnostics: { message: string; code?: string | number }[];
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
}

function procStatus(pid: number, field: string): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : NaN;
}

function configText(dataDir: string, cash: string, instrument: string): string {
  return `// bench: language-server latency with a large price file
{
  "name": "lsp bench",
  "initial_cash": ${cash},
  "data_dir": ${JSON.stringify(dataDir)},
  "use_case": 2,
  "inputs": { "signals": ${JSON.stringify(path.join(dataDir, 'signals.csv'))} },
  "rebalance_frequency": "daily",
  "enable_sector_hedge": true,
  "sector_hedge_method": "etf",
  "sector_target_exposures": { "Technology": 0.0, "Energy": 0.0 },
  "enable_beta_hedge": true,
  "beta_hedge_instrument": "${instrument}",
  "target_beta": 0,
  "beta_lookback_days": 126
}
`;
}

const BIG_CONFIG_BYTES = Number(process.env.BENCH_LSP_BIG_BYTES ?? 10_000_000);

/**
 * Opens a 10 MB config with inline signals and asks what VS Code asks on opening it
 * (outline, folding, inlay hints; diagnostics are pushed), while hovering on the small
 * config every 50 ms: the hovers' answer times show how long the main thread is held.
 */
async function measureBigConfig(
  conn: ReturnType<typeof createMessageConnection>,
  work: string,
  dataDir: string,
  smallUri: string,
  hoverAt: { line: number; character: number },
  seen: Published[],
): Promise<Partial<LspMeasurement>> {
  const bigPath = path.join(work, 'big.backtest.jsonc');
  const bigText = bigInlineSignalsConfig(BIG_CONFIG_BYTES, dataDir);
  writeFileSync(bigPath, bigText);
  const bigUri = URI.file(bigPath).toString();
  const times: Record<string, number> = {};
  const t0 = performance.now();
  const timed = (name: string, p: Promise<unknown>) =>
    p.then(() => {
      times[name] = Math.round(performance.now() - t0);
    });
  await conn.sendNotification('textDocument/didOpen', {
    textDocument: { uri: bigUri, languageId: 'backtest-jsonc', version: 1, text: bigText },
  });
  const lines = bigText.split('\n').length;
  const all = Promise.all([
    timed('documentSymbol', conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri: bigUri } })),
    timed('foldingRange', conn.sendRequest('textDocument/foldingRange', { textDocument: { uri: bigUri } })),
    timed(
      'inlayHint',
      conn.sendRequest('textDocument/inlayHint', {
        textDocument: { uri: bigUri },
        range: { start: { line: 0, character: 0 }, end: { line: lines, character: 0 } },
      }),
    ),
    timed(
      'diagnostics',
      new Promise<void>((resolve) => {
        const poll = setInterval(() => {
          if (seen.some((p) => p.uri === bigUri)) {
            clearInterval(poll);
            resolve();
          }
        }, 20);
      }),
    ),
  ]);
  let done = false;
  void all.then(() => {
    done = true;
  });
  const hovers: number[] = [];
  while (!done) {
    const h0 = performance.now();
    await conn.sendRequest('textDocument/hover', { textDocument: { uri: smallUri }, position: hoverAt });
    hovers.push(performance.now() - h0);
    await new Promise((r) => setTimeout(r, 50));
  }
  await all;
  await conn.sendNotification('textDocument/didClose', { textDocument: { uri: bigUri } });
  return {
    bigConfigBytes: bigText.length,
    bigRequestsMs: times,
    hoverDuringBigP50Ms: quantile(hovers, 0.5),
    hoverDuringBigMaxMs: Math.max(...hovers),
    hoversDuringBig: hovers.length,
  };
}

async function main(): Promise<void> {
  const dataDir = path.resolve(process.argv[2]);
  const edits = Number(process.argv[3] ?? 200);
  const work = mkdtempSync(path.join(tmpdir(), 'shb-lsp-'));
  const configPath = path.join(work, 'lsp.backtest.jsonc');
  const uri = URI.file(configPath).toString();
  const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => {
    stderr += b.toString();
  });
  const conn = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  let waiter: ((p: Published) => void) | null = null;
  const seen: Published[] = [];
  const others: Published[] = [];
  conn.onNotification('textDocument/publishDiagnostics', (p: Published) => {
    if (p.uri !== uri) {
      others.push(p);
      return;
    }
    seen.push(p);
    if (waiter) waiter(p);
  });
  conn.onNotification(() => undefined);
  conn.onRequest(() => null);
  conn.listen();
  const until = (pred: (p: Published) => boolean, what: string, ms = 120_000): Promise<Published> =>
    new Promise((resolve, reject) => {
      const hit = seen.find(pred);
      if (hit) {
        resolve(hit);
        return;
      }
      const timer = setTimeout(() => {
        waiter = null;
        reject(new Error(`timed out waiting for ${what}\n${stderr}`));
      }, ms);
      waiter = (p) => {
        if (pred(p)) {
          clearTimeout(timer);
          waiter = null;
          resolve(p);
        }
      };
    });

  try {
    await conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: URI.file(work).toString(),
      capabilities: {
        textDocument: { publishDiagnostics: { versionSupport: true }, completion: { completionItem: { snippetSupport: true } } },
      },
      // The server's default cache size, unless BENCH_LSP_CACHE_BYTES says otherwise.
      initializationOptions: {
        debounceMs: 0,
        ...(process.env.BENCH_LSP_CACHE_BYTES ? { cacheMaxBytes: Number(process.env.BENCH_LSP_CACHE_BYTES) } : {}),
      },
    });
    await conn.sendNotification('initialized', {});

    // Open with a wrong instrument: its diagnostic needs the price file, so it marks the data as loaded.
    let text = configText(dataDir, '100000000', 'SPYX');
    writeFileSync(configPath, text);
    let version = 1;
    const tOpen = performance.now();
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'backtest-jsonc', version, text } });
    const instrumentPos = (t: string) => {
      const i = t.indexOf('"beta_hedge_instrument": "') + '"beta_hedge_instrument": "'.length;
      const before = t.slice(0, i).split('\n');
      return { line: before.length - 1, character: before[before.length - 1].length + 3 };
    };
    const complete = async (t: string, typed = 3): Promise<{ ms: number; items: number }> => {
      const t0 = performance.now();
      const pos = instrumentPos(t);
      const r = (await conn.sendRequest('textDocument/completion', {
        textDocument: { uri },
        position: { line: pos.line, character: pos.character - 3 + typed },
      })) as { items?: unknown[] } | unknown[] | null;
      const items = Array.isArray(r) ? r.length : (r?.items?.length ?? 0);
      return { ms: performance.now() - t0, items };
    };
    const whileLoading = await complete(text);
    await until((p) => p.diagnostics.some((d) => d.message.includes('SPYX')), 'the data-aware diagnostic');
    const dataDiagnosticsMs = performance.now() - tOpen;

    // Fix the instrument, then type: one character in and out of initial_cash, 200 times.
    const change = async (next: string): Promise<number> => {
      version++;
      const v = version;
      const t0 = performance.now();
      await conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ text: next }] });
      await until((p) => p.version === v, `diagnostics for version ${v}`, 30_000);
      return performance.now() - t0;
    };
    text = configText(dataDir, '100000000', 'SPY');
    await change(text);
    const diag: number[] = [];
    const cpu0 = procCpuMs(child.pid!);
    for (let k = 0; k < edits; k++) {
      text = configText(dataDir, k % 2 === 0 ? '1000000000' : '100000000', 'SPY');
      diag.push(await change(text));
    }
    const cpu1 = procCpuMs(child.pid!);
    const comp: number[] = [];
    let items = 0,
      empty = 0;
    for (let k = 0; k < edits; k++) {
      const r = await complete(text);
      comp.push(r.ms);
      items = Math.max(items, r.items);
      if (!r.items) empty++;
    }
    const cpu2 = procCpuMs(child.pid!);
    const open: number[] = [];
    let openItems = 0;
    for (let k = 0; k < Math.min(edits, 50); k++) {
      const r = await complete(text, 0);
      open.push(r.ms);
      openItems = Math.max(openItems, r.items);
    }
    const big = await measureBigConfig(conn, work, dataDir, uri, instrumentPos(text), others);
    const m: LspMeasurement = {
      priceFile: path.join(dataDir, 'prices.csv'),
      priceBytes: readFileSync(path.join(dataDir, 'prices.csv')).length,
      edits,
      firstCompletionWhileLoadingMs: whileLoading.ms,
      dataDiagnosticsMs,
      diagP50Ms: quantile(diag, 0.5),
      diagP95Ms: quantile(diag, 0.95),
      diagMaxMs: Math.max(...diag),
      completionP50Ms: quantile(comp, 0.5),
      completionP95Ms: quantile(comp, 0.95),
      completionItems: items,
      emptyCompletions: empty,
      serverRssBytes: procStatus(child.pid!, 'VmRSS'),
      serverPeakRssBytes: procStatus(child.pid!, 'VmHWM'),
      emptyPrefixCompletionP50Ms: quantile(open, 0.5),
      emptyPrefixCompletionP95Ms: quantile(open, 0.95),
      emptyPrefixCompletionItems: openItems,
      serverCpuEditsMs: cpu1 - cpu0,
      serverCpuCompletionsMs: cpu2 - cpu1,
      ...big,
    };
    process.stdout.write(`RESULT ${JSON.stringify(m)}\n`);
    await conn.sendRequest('shutdown');
    await conn.sendNotification('exit');
  } finally {
    conn.dispose();
    if (child.exitCode === null) child.kill();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});

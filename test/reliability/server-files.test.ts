// The language server and data files that misbehave: a price file rewritten in chunks
// while the server reads it settles on the final content (never a stale or mixed answer),
// and pipes, binary files and folders give the same clear diagnostic as `backtest
// validate`, without blocking the server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, symlinkSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { LspClient, Workspace } from '../server/lspClient';
import { BASE } from '../server/diagnosticCases';
import { CLI, ensureBuilt } from '../cli/helpers';

let ws: Workspace;
let client: LspClient;

before(async () => {
  ensureBuilt();
  ws = new Workspace();
  client = await LspClient.start({ debounceMs: 10 }, ws.dir);
});

after(async () => {
  await client?.stop();
  ws?.dispose();
});

/** Rewrites a file in small chunks with pauses, as an exporting tool or a slow disk would. */
async function slowWrite(file: string, text: string): Promise<void> {
  const fd = openSync(file, 'w');
  try {
    for (let i = 0; i < text.length; i += 256) {
      writeSync(fd, text.slice(i, i + 256));
      await new Promise((r) => setTimeout(r, 3));
    }
  } finally {
    closeSync(fd);
  }
}

test('a price file rewritten while the server reads it: diagnostics settle on the final content', { timeout: 120_000 }, async () => {
  const prices = path.join(ws.dataDir, 'prices.csv');
  const good = readFileSync(prices, 'utf8');
  const lines = good.trimEnd().split('\n');
  // The same file with a bad cell on its last line: only that line's error may be reported.
  const last = lines.length;
  const bad = [...lines.slice(0, -1), lines[last - 1].replace(/,([\d.]+),/, ',oops,')].join('\n') + '\n';
  const uri = ws.config('rewrite.backtest.jsonc', BASE);
  client.open(uri, BASE);
  await client.diagnostics(uri, (d) => !d.some((x) => x.severity === 1), 'clean diagnostics');
  for (let round = 0; round < 3; round++) {
    await slowWrite(prices, bad);
    const d = await client.diagnostics(uri, (x) => x.some((y) => y.code === 'data-file-invalid'), 'the bad cell reported');
    const m = d.find((y) => y.code === 'data-file-invalid')!.message;
    const msg = typeof m === 'string' ? m : m.value;
    assert.match(msg, new RegExp(`prices\\.csv:${last}:\\d+: Price "oops"`), msg);
    await slowWrite(prices, good);
    await client.diagnostics(uri, (x) => !x.some((y) => y.severity === 1), 'clean again after the fix');
  }
  assert.equal(client.exited, false);
});

test('pipes, binary files and folders: the server reports what the CLI reports, and keeps serving', { timeout: 120_000 }, async () => {
  const d = path.join(ws.dir, 'special');
  mkdirSync(d);
  const fifo = path.join(d, 'prices.fifo');
  execFileSync('mkfifo', [fifo]);
  writeFileSync(path.join(d, 'prices.xlsx'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x00, 0x00]));
  mkdirSync(path.join(d, 'folder.csv'));
  // A 1 GB file (sparse: no disk used) is refused by size before any read; a symlink loop is named.
  const big = path.join(d, 'big.csv');
  closeSync(openSync(big, 'w'));
  truncateSync(big, 1024 ** 3);
  symlinkSync(path.join(d, 'loop-b.csv'), path.join(d, 'loop-a.csv'));
  symlinkSync(path.join(d, 'loop-a.csv'), path.join(d, 'loop-b.csv'));
  let n = 0;
  for (const prices of [fifo, path.join(d, 'prices.xlsx'), path.join(d, 'folder.csv'), big, path.join(d, 'loop-a.csv')]) {
    const text = BASE.replace('"data_dir": "../data",', `"data_dir": "../data",\n  "prices_file": ${JSON.stringify(prices)},`);
    const name = `special-${++n}.backtest.jsonc`;
    const uri = ws.config(name, text);
    const cli = spawnSync(process.execPath, [CLI, 'validate', path.join(ws.configDir, name), '--json'], {
      cwd: ws.dir,
      encoding: 'utf8',
      timeout: 20_000,
    });
    assert.equal(cli.signal, null, `the CLI hung on ${prices}`);
    const want = (JSON.parse(cli.stdout) as { diagnostics: { code: string; message: string }[] }).diagnostics.find(
      (x) => x.code === 'data-file-missing',
    );
    assert.ok(want, `${prices}: ${cli.stdout}`);
    client.open(uri, text);
    const got = await client.diagnostics(uri, (x) => x.some((y) => y.code === 'data-file-missing'), `data-file-missing for ${prices}`);
    assert.equal(got.find((y) => y.code === 'data-file-missing')!.message, want.message);
    if (prices === big) assert.match(want.message, /too large \(1 GB; limit 256 MB\)/);
    if (prices.endsWith('loop-a.csv')) assert.match(want.message, /symbolic link loop/);
    client.close(uri);
  }
  // Still answering: a hover on a key of the clean config.
  const uri = ws.config('after.backtest.jsonc', BASE);
  client.open(uri, BASE);
  const hover = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 4 } });
  assert.ok(hover, 'no hover after the special files');
});

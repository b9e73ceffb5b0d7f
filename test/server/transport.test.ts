// How editors start the server: --stdio (the other tests) and --node-ipc (VS Code's
// default), the advertised capabilities, the usage message, and the server command.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fork, spawnSync } from 'node:child_process';
import { createMessageConnection, IPCMessageReader, IPCMessageWriter } from 'vscode-jsonrpc/node';
import { LspClient, SERVER, Workspace } from './lspClient';
import { BASE } from './diagnosticCases';

describe('transport and capabilities', () => {
  it('serves over --node-ipc with every feature advertised', async () => {
    const child = fork(SERVER, ['--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    const conn = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    conn.listen();
    try {
      const r: any = await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
      const caps = r.capabilities;
      assert.equal(r.serverInfo.name, 'backtest-language-server');
      for (const k of [
        'hoverProvider',
        'definitionProvider',
        'inlayHintProvider',
        'documentFormattingProvider',
        'documentRangeFormattingProvider',
        'foldingRangeProvider',
        'documentSymbolProvider',
        'selectionRangeProvider',
      ]) {
        assert.equal(caps[k], true, k);
      }
      assert.deepEqual(caps.completionProvider.triggerCharacters, ['"', ':', '/', ' ']);
      assert.deepEqual(caps.codeActionProvider.codeActionKinds, ['quickfix', 'refactor.rewrite']);
      assert.ok(caps.codeLensProvider);
      assert.deepEqual(caps.executeCommandProvider.commands, ['backtest.server.reloadData']);
      await conn.sendRequest('shutdown');
      void conn.sendNotification('exit');
    } finally {
      conn.dispose();
      child.kill();
    }
  });

  it('prints its usage without a transport flag and exits with status 2', () => {
    const r = spawnSync(process.execPath, [SERVER], { encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /Usage: backtest-language-server --stdio/);
    const h = spawnSync(process.execPath, [SERVER, '--help'], { encoding: 'utf8' });
    assert.equal(h.status, 0);
    assert.match(h.stdout, /--node-ipc/);
  });

  it('re-validates open configs on the reloadData command', async () => {
    const ws = new Workspace();
    const c = await LspClient.start({}, ws.dir);
    try {
      const uri = ws.config('reload.backtest.jsonc', BASE);
      c.open(uri, BASE);
      await c.diagnostics(uri, (d) => d.length === 0);
      const ready = () => c.notifications.filter((n) => n.method === 'backtest/dataStatus' && (n.params as any).state === 'ready').length;
      await c.until(() => (ready() >= 3 ? true : undefined), 'prices, mapping and signals loaded');
      const before = c.notifications.filter((n) => n.method === 'textDocument/publishDiagnostics').length;
      await c.request('workspace/executeCommand', { command: 'backtest.server.reloadData', arguments: [] });
      // The cache was dropped: the price file is parsed again and the config re-published.
      await c.until(
        () => (c.notifications.filter((n) => n.method === 'textDocument/publishDiagnostics').length > before ? true : undefined),
        'a new publish',
      );
      const priceLoads = () =>
        c.notifications.filter(
          (n) => n.method === 'backtest/dataStatus' && (n.params as any).kind === 'prices' && (n.params as any).state === 'loading',
        ).length;
      await c.until(() => (priceLoads() >= 2 ? true : undefined), 'the price file parsed a second time');
      await c.diagnostics(uri, (d) => d.length === 0);
    } finally {
      await c.stop();
      ws.dispose();
    }
  });
});

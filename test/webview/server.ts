// A throwaway localhost server for the browser tests: serves named pages and the bundle.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TestServer {
  origin: string;
  set(path: string, body: string, type?: string): void;
  close(): Promise<void>;
}

export async function startServer(): Promise<TestServer> {
  const files = new Map<string, { body: string; type: string }>();
  const server: Server = createServer((req, res) => {
    const f = files.get((req.url ?? '/').split('?')[0]);
    if (req.url === '/favicon.ico') {
      res.writeHead(204);
      res.end();
      return;
    }
    if (!f) {
      res.writeHead(404);
      res.end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': f.type, 'cache-control': 'no-store' });
    res.end(f.body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    set: (p, body, type = 'text/html; charset=utf-8') => {
      files.set(p, { body, type });
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

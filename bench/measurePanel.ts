// Results panel: time from the results message arriving to the overview's charts drawn,
// in headless Chromium (playwright-core + Debian's chromium). The page is the panel bundle
// (dist/webview.js + dist/webview.css) started empty, as VS Code opens it; the results JSON
// is fetched into the page first (untimed: that is the host's transfer), then posted as
// the `results` message the extension sends. "Drawn" = every visible chart figure holds
// its uPlot canvas, plus two animation frames so the frame is painted.
//   node --import tsx bench/measurePanel.ts RESULTS_JSON   ->  `RESULT {...}`
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

export interface PanelMeasurement {
  jsonBytes: number;
  trades: number;
  /** Median, from the message event to the charts painted. */
  chartsDrawnMs: number;
  /** Median time postMessage took to deliver (structured clone of the results). */
  messageCloneMs: number;
  charts: number;
  runs: number[];
}

// Strings, not functions: tsx would wrap functions with helpers the page does not have.
const FETCH = `(async () => { window.__results = await (await fetch('/results.json')).json(); return true; })()`;
const POST_AND_WAIT = `new Promise((resolve) => {
  let arrived = 0;
  // A capture listener at the target runs before the panel's own listener: the moment the results arrive.
  window.addEventListener('message', () => { if (!arrived) arrived = performance.now(); }, { capture: true });
  const t0 = performance.now();
  window.postMessage({ type: 'results', data: window.__results }, '*');
  const check = () => {
    const figs = [...document.querySelectorAll('figure.chart')].filter((f) => f.offsetParent !== null);
    if (figs.length && figs.every((f) => f.querySelector('canvas'))) {
      requestAnimationFrame(() => requestAnimationFrame(() => { const t1 = performance.now(); resolve({ ms: t1 - arrived, cloneMs: arrived - t0, charts: figs.length }); }));
    } else requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})`;

/** The page's files over a local HTTP server (a 250 MB body is too much for request interception). */
function serve(files: Record<string, { type: string; file?: string; body?: string }>): Promise<{ server: Server; base: string }> {
  const server = createServer((req, res) => {
    const f = files[(req.url ?? '/').slice(1)];
    if (!f) { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'content-type': f.type });
    if (f.file) createReadStream(f.file).pipe(res); else res.end(f.body ?? '');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` })));
}

/** Trade count of the results file (streamed: counts `"reason":` keys, one per trade). */
function countTrades(file: string): Promise<number> {
  return new Promise((resolve, reject) => {
    let n = 0, carry = '';
    createReadStream(file, { encoding: 'utf8' })
      .on('data', (chunk) => { const s = carry + String(chunk); n += s.split('"reason":').length - 1; carry = s.slice(-8); })
      .on('end', () => resolve(n)).on('error', reject);
  });
}

async function main(): Promise<void> {
  const jsonFile = process.argv[2];
  const js = path.join(ROOT, 'dist', 'webview.js'), css = path.join(ROOT, 'dist', 'webview.css');
  if (!existsSync(CHROMIUM)) throw new Error(`chromium not found at ${CHROMIUM}`);
  if (!existsSync(js)) throw new Error('dist/webview.js is missing (npm run build)');
  const { chromium } = await import('playwright-core');
  const { server, base } = await serve({
    'index.html': { type: 'text/html', body: '<!DOCTYPE html><html><head><meta charset="utf-8"><link rel="stylesheet" href="webview.css"></head><body><main id="app"></main><script src="webview.js"></script></body></html>' },
    'webview.js': { type: 'text/javascript', file: js },
    'webview.css': { type: 'text/css', ...(existsSync(css) ? { file: css } : { body: '' }) },
    'results.json': { type: 'application/json', file: jsonFile },
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    const runs: number[] = [], clones: number[] = [];
    let charts = 0;
    // Three fresh pages; the first pays Chromium's warm-up, the median is reported.
    for (let k = 0; k < 3; k++) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(`${base}index.html`);
      await page.evaluate(FETCH);
      const r = await page.evaluate(POST_AND_WAIT) as { ms: number; cloneMs: number; charts: number };
      if (errors.length) throw new Error(`panel errors: ${errors.join('; ')}`);
      runs.push(r.ms);
      clones.push(r.cloneMs);
      charts = r.charts;
      await page.close();
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1];
    const trades = await countTrades(jsonFile);
    const m: PanelMeasurement = { jsonBytes: statSync(jsonFile).size, trades, chartsDrawnMs: median(runs), messageCloneMs: median(clones), charts, runs };
    process.stdout.write(`RESULT ${JSON.stringify(m)}\n`);
  } finally {
    await browser.close();
    server.close();
  }
}

main().catch((e: unknown) => { process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`); process.exit(1); });

// Results panel: time from the results message arriving to the overview's charts drawn,
// in headless Chromium (playwright-core + Debian's chromium). The page is the panel bundle
// (dist/webview.js + dist/webview.css) started empty, as VS Code opens it; the results are
// fetched into the page first (untimed: that is the host's transfer), then posted as the
// `results` message the extension sends: compact-encoded (common/compact.ts, encoded here
// as the backtest worker does; the decode is inside the timed span), and for comparison
// the plain ResultsJson the extension used to send. "Drawn" = every visible chart figure
// holds its uPlot canvas, plus two animation frames so the frame is painted.
//   node --import tsx bench/measurePanel.ts RESULTS_JSON   ->  `RESULT {...}`
import { createReadStream, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { ResultsJson } from '../engine/types';
import { encodeResults } from '../common/compact';

const ROOT = path.resolve(__dirname, '..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

export interface PanelMeasurement {
  /** The plain results JSON. */
  jsonBytes: number;
  /** The compact encoding (as JSON) the extension posts. */
  compactBytes: number;
  /** Encoding the results (done in the backtest worker, off the extension host). */
  encodeMs: number;
  trades: number;
  /** Median, from the compact message's event to the charts painted (decode included). */
  chartsDrawnMs: number;
  /** Median time postMessage took to deliver the compact message (structured clone). */
  messageCloneMs: number;
  /** The same two with the plain ResultsJson posted (what the extension sent before). */
  plainChartsDrawnMs: number;
  plainMessageCloneMs: number;
  charts: number;
  runs: number[];
}

// Strings, not functions: tsx would wrap functions with helpers the page does not have.
const fetchInto = (file: string) => `(async () => { window.__results = await (await fetch('/${file}')).json(); return true; })()`;
const postAndWait = (message: string) => `new Promise((resolve) => {
  let arrived = 0;
  // A capture listener at the target runs before the panel's own listener: the moment the results arrive.
  window.addEventListener('message', () => { if (!arrived) arrived = performance.now(); }, { capture: true });
  const t0 = performance.now();
  window.postMessage(${message}, '*');
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
    if (!f) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': f.type });
    if (f.file) createReadStream(f.file).pipe(res);
    else res.end(f.body ?? '');
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` })),
  );
}

/** Trade count of the results file (streamed: counts `"reason":` keys, one per trade). */
function countTrades(file: string): Promise<number> {
  return new Promise((resolve, reject) => {
    let n = 0,
      carry = '';
    createReadStream(file, { encoding: 'utf8' })
      .on('data', (chunk) => {
        const s = carry + String(chunk);
        n += s.split('"reason":').length - 1;
        carry = s.slice(-8);
      })
      .on('end', () => resolve(n))
      .on('error', reject);
  });
}

async function main(): Promise<void> {
  const jsonFile = process.argv[2];
  const js = path.join(ROOT, 'dist', 'webview.js'),
    css = path.join(ROOT, 'dist', 'webview.css');
  if (!existsSync(CHROMIUM)) throw new Error(`chromium not found at ${CHROMIUM}`);
  if (!existsSync(js)) throw new Error('dist/webview.js is missing (npm run build)');
  const { chromium } = await import('playwright-core');
  const plain = JSON.parse(readFileSync(jsonFile, 'utf8')) as ResultsJson;
  const t = performance.now();
  const compact = encodeResults(plain);
  const encodeMs = performance.now() - t;
  const compactFile = `${jsonFile}.compact.json`;
  writeFileSync(compactFile, JSON.stringify(compact));
  const { server, base } = await serve({
    'index.html': {
      type: 'text/html',
      body: '<!DOCTYPE html><html><head><meta charset="utf-8"><link rel="stylesheet" href="webview.css"></head><body><main id="app"></main><script src="webview.js"></script></body></html>',
    },
    'webview.js': { type: 'text/javascript', file: js },
    'webview.css': { type: 'text/css', ...(existsSync(css) ? { file: css } : { body: '' }) },
    'results.json': { type: 'application/json', file: jsonFile },
    'compact.json': { type: 'application/json', file: compactFile },
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    const measure = async (file: string, message: string) => {
      const runs: number[] = [],
        clones: number[] = [];
      let charts = 0;
      // Three fresh pages; the first pays Chromium's warm-up, the median is reported.
      for (let k = 0; k < 3; k++) {
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(String(e)));
        await page.goto(`${base}index.html`);
        await page.evaluate(fetchInto(file));
        const r = (await page.evaluate(postAndWait(message))) as { ms: number; cloneMs: number; charts: number };
        if (errors.length) throw new Error(`panel errors: ${errors.join('; ')}`);
        runs.push(r.ms);
        clones.push(r.cloneMs);
        charts = r.charts;
        await page.close();
      }
      return { runs, clones, charts };
    };
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1];
    const c = await measure('compact.json', `{ type: 'results', encoding: 'compact', data: window.__results }`);
    const p = await measure('results.json', `{ type: 'results', data: window.__results }`);
    const trades = await countTrades(jsonFile);
    const m: PanelMeasurement = {
      jsonBytes: statSync(jsonFile).size,
      compactBytes: statSync(compactFile).size,
      encodeMs,
      trades,
      chartsDrawnMs: median(c.runs),
      messageCloneMs: median(c.clones),
      plainChartsDrawnMs: median(p.runs),
      plainMessageCloneMs: median(p.clones),
      charts: c.charts,
      runs: c.runs,
    };
    process.stdout.write(`RESULT ${JSON.stringify(m)}\n`);
  } finally {
    await browser.close();
    server.close();
    rmSync(compactFile, { force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});

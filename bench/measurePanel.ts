// Results panel: time from the results message arriving to the overview's charts drawn,
// in headless Chromium (playwright-core + Debian's chromium). The page is the panel bundle
// (dist/webview.js + dist/webview.css) started empty, as VS Code opens it; the results JSON
// is fetched into the page first (untimed: that is the host's transfer), then posted as
// the `results` message the extension sends. "Drawn" = every visible chart figure holds
// its uPlot canvas, plus two animation frames so the frame is painted.
//   node --import tsx bench/measurePanel.ts RESULTS_JSON   ->  `RESULT {...}`
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

export interface PanelMeasurement { jsonBytes: number; chartsDrawnMs: number; charts: number; runs: number[] }

// Strings, not functions: tsx would wrap functions with helpers the page does not have.
const FETCH = `(async () => { window.__results = await (await fetch('/results.json')).json(); return true; })()`;
const POST_AND_WAIT = `new Promise((resolve) => {
  const t0 = performance.now();
  window.postMessage({ type: 'results', data: window.__results }, '*');
  const check = () => {
    const figs = [...document.querySelectorAll('figure.chart')].filter((f) => f.offsetParent !== null);
    if (figs.length && figs.every((f) => f.querySelector('canvas'))) {
      requestAnimationFrame(() => requestAnimationFrame(() => resolve({ ms: performance.now() - t0, charts: figs.length })));
    } else requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})`;

async function main(): Promise<void> {
  const jsonFile = process.argv[2];
  const js = path.join(ROOT, 'dist', 'webview.js'), css = path.join(ROOT, 'dist', 'webview.css');
  if (!existsSync(CHROMIUM)) throw new Error(`chromium not found at ${CHROMIUM}`);
  if (!existsSync(js)) throw new Error('dist/webview.js is missing (npm run build)');
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    const runs: number[] = [];
    let charts = 0;
    // Three fresh pages; the first pays Chromium's warm-up, the median is reported.
    for (let k = 0; k < 3; k++) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.route('http://bench.local/**', async (route) => {
        const name = new URL(route.request().url()).pathname.slice(1);
        if (name === 'index.html') {
          await route.fulfill({ contentType: 'text/html', body: '<!DOCTYPE html><html><head><meta charset="utf-8"><link rel="stylesheet" href="webview.css"></head><body><main id="app"></main><script src="webview.js"></script></body></html>' });
        } else if (name === 'webview.js') await route.fulfill({ contentType: 'text/javascript', body: readFileSync(js) });
        else if (name === 'webview.css') await route.fulfill({ contentType: 'text/css', body: existsSync(css) ? readFileSync(css) : '' });
        else if (name === 'results.json') await route.fulfill({ contentType: 'application/json', path: jsonFile });
        else await route.fulfill({ status: 404, body: '' });
      });
      await page.goto('http://bench.local/index.html');
      await page.evaluate(FETCH);
      const r = await page.evaluate(POST_AND_WAIT) as { ms: number; charts: number };
      if (errors.length) throw new Error(`panel errors: ${errors.join('; ')}`);
      runs.push(r.ms);
      charts = r.charts;
      await page.close();
    }
    const sorted = [...runs].sort((a, b) => a - b);
    const m: PanelMeasurement = { jsonBytes: statSync(jsonFile).size, chartsDrawnMs: sorted[1], charts, runs };
    process.stdout.write(`RESULT ${JSON.stringify(m)}\n`);
  } finally {
    await browser.close();
  }
}

main().catch((e: unknown) => { process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`); process.exit(1); });

// Bundles every entry point with esbuild into dist/. An entry whose source does not
// exist yet is skipped with a note, so parts of the tree can be built independently.
import * as esbuild from 'esbuild';
import { existsSync, mkdirSync, copyFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const watch = process.argv.includes('--watch');
const minify = process.argv.includes('--minify');

/** Node entries: CommonJS bundles. */
const nodeEntries = [
  { in: 'engine/index.ts', out: 'engine' },
  { in: 'cli/main.ts', out: 'cli', banner: '#!/usr/bin/env node', external: ['@napi-rs/nice'] },
  { in: 'server/main.ts', out: 'server', banner: '#!/usr/bin/env node' },
  { in: 'client/extension.ts', out: 'extension', external: ['vscode'] },
  { in: 'jobs/runWorker.ts', out: 'runWorker' },
  // A job's second thread: the signals parse and the bootstrap beside the job (jobs/sideThread.ts).
  { in: 'jobs/sideWorker.ts', out: 'sideWorker' },
  // A sweep's worker threads load only their task and the engine (cli/sweep/pool.ts).
  { in: 'cli/sweep/workerEntry.ts', out: 'sweepTask' },
  // piscina (bundled into cli.js) starts its threads from worker.js next to the bundle.
  { in: 'node_modules/piscina/dist/worker.js', out: 'worker', external: ['@napi-rs/nice'] },
  // mathjs is 2.4 MB of code (with its dependencies) that only configs with expression
  // targets use: its own bundle, required on first use, so the others do not parse it at
  // every start (about 45 ms of each CLI run).
  { in: 'node_modules/mathjs/lib/cjs/index.js', out: 'mathjs', ownMathjs: true },
];

/** Every other node bundle requires mathjs from dist/mathjs.js, beside it. */
const mathjsBeside = {
  name: 'mathjs-beside',
  setup(build) {
    build.onResolve({ filter: /^mathjs$/ }, () => ({ path: './mathjs.js', external: true }));
  },
};
/** Browser entries: the webview bundle (also inlined into the static HTML report). */
const browserEntries = [
  { in: 'webview/main.ts', out: 'webview' },
  { in: 'webview/sweep/main.ts', out: 'sweepView' },
];

mkdirSync(path.join(root, 'dist'), { recursive: true });
const contexts = [];
for (const e of nodeEntries) {
  const src = path.join(root, e.in);
  if (!existsSync(src)) {
    console.log(`build: skip ${e.in} (not present)`);
    continue;
  }
  contexts.push(
    await esbuild.context({
      entryPoints: { [e.out]: src },
      outdir: path.join(root, 'dist'),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      sourcemap: true,
      minify,
      external: e.external ?? [],
      plugins: e.ownMathjs ? [] : [mathjsBeside],
      // jsonc-parser / vscode-json-languageservice ship UMD builds whose dynamic requires
      // esbuild cannot follow; their ESM builds bundle cleanly.
      mainFields: ['module', 'main'],
      banner: e.banner ? { js: e.banner } : undefined,
      logLevel: 'warning',
    }),
  );
}
for (const e of browserEntries) {
  const src = path.join(root, e.in);
  if (!existsSync(src)) {
    console.log(`build: skip ${e.in} (not present)`);
    continue;
  }
  contexts.push(
    await esbuild.context({
      entryPoints: { [e.out]: src },
      outdir: path.join(root, 'dist'),
      bundle: true,
      platform: 'browser',
      format: 'iife',
      target: 'es2022',
      sourcemap: false,
      minify: true,
      loader: { '.css': 'css' },
      logLevel: 'warning',
    }),
  );
}
for (const ctx of contexts) {
  if (watch) await ctx.watch();
  else {
    await ctx.rebuild();
    await ctx.dispose();
  }
}
// The webview's stylesheet for uPlot ships as CSS; copied so the panel can link it.
const uplotCss = path.join(root, 'node_modules/uplot/dist/uPlot.min.css');
if (existsSync(uplotCss)) copyFileSync(uplotCss, path.join(root, 'dist/uPlot.min.css'));
if (!watch) console.log(`build: ${contexts.length} bundles written to dist/`);

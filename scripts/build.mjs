// Bundles every entry point with esbuild into dist/. An entry whose source does not
// exist yet is skipped with a note, so parts of the tree can be built independently.
import * as esbuild from 'esbuild';
import { existsSync, mkdirSync, copyFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const watch = process.argv.includes('--watch');
const minify = process.argv.includes('--minify');

/**
 * Libraries that only some commands use: each is its own bundle in dist/, which every other
 * node bundle requires from beside it on first use, so a `backtest run` does not parse or
 * start them (W1 `run`: ~40 ms of CPU on the critical path, before anything is read).
 * - mathjs (2.4 MB with its dependencies): configs with expression targets.
 * - ajv (sweep files), piscina (a sweep's threads), hyparquet-writer (--format parquet).
 *   Their importers require them inside the functions that use them.
 * - hyparquet-compressors (reading Parquet files): it instantiates its snappy WebAssembly
 *   and builds its brotli tables when loaded (~20 ms); its importer (engine/data/parquet/
 *   reader.ts) imports `compressors` at the top, so it gets a stand-in (COMPRESSORS_SHIM)
 *   that requires the bundle when a codec is first looked up.
 */
const BESIDE = [
  { pkg: 'mathjs', in: 'node_modules/mathjs/lib/cjs/index.js', out: 'mathjs' },
  { pkg: 'ajv', in: 'node_modules/ajv/dist/ajv.js', out: 'ajv' },
  { pkg: 'piscina', in: 'node_modules/piscina/dist/main.js', out: 'piscina', external: ['@napi-rs/nice'] },
  { pkg: 'hyparquet-writer', in: 'node_modules/hyparquet-writer/src/node.js', out: 'hyparquetWriter' },
  { pkg: 'hyparquet-compressors', in: 'node_modules/hyparquet-compressors/src/index.js', out: 'hyparquetCompressors', shim: true },
];

/** `compressors` of hyparquet-compressors, loaded on first use (an object of codec functions: lookups, `in`, spread). */
const COMPRESSORS_SHIM = `
let real;
const load = () => (real ??= require('./hyparquetCompressors.js').compressors);
export const compressors = new Proxy({}, {
  get: (_, k) => load()[k],
  has: (_, k) => k in load(),
  ownKeys: () => Reflect.ownKeys(load()),
  getOwnPropertyDescriptor: (_, k) => {
    const d = Reflect.getOwnPropertyDescriptor(load(), k);
    return d && { ...d, configurable: true };
  },
});
`;

/** Every other node bundle requires the BESIDE libraries from dist/, beside it. */
const besideLibraries = {
  name: 'beside-libraries',
  setup(build) {
    const byPkg = new Map(BESIDE.map((b) => [b.pkg, b]));
    const filter = new RegExp(`^(${BESIDE.map((b) => b.pkg.replace(/[-/]/g, '\\$&')).join('|')})$`);
    build.onResolve({ filter }, (a) => {
      const b = byPkg.get(a.path);
      return b.shim ? { path: b.pkg, namespace: 'beside-shim' } : { path: `./${b.out}.js`, external: true };
    });
    build.onResolve({ filter: /^\.\/hyparquetCompressors\.js$/, namespace: 'beside-shim' }, (a) => ({ path: a.path, external: true }));
    build.onLoad({ filter: /.*/, namespace: 'beside-shim' }, () => ({ contents: COMPRESSORS_SHIM, loader: 'js' }));
  },
};

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
  // piscina (dist/piscina.js) starts its threads from worker.js beside it.
  { in: 'node_modules/piscina/dist/worker.js', out: 'worker', external: ['@napi-rs/nice'] },
  // Libraries that only some commands use, each its own bundle (BESIDE above).
  ...BESIDE.map((b) => ({ in: b.in, out: b.out, external: b.external, own: true })),
];
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
      plugins: e.own ? [] : [besideLibraries],
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

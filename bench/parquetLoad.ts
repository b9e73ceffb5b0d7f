// Load-only CPU of W2-sized price files (for profiling the Parquet readers):
//   node --expose-gc --import tsx bench/parquetLoad.ts FILE [FILE...] [--repeat=N] [--dist=DIR]
// Prints CPU and wall seconds of each load (the engine's loadPricesFile, from dist/ or
// DIR: a copy of an older build, for A/B runs).
import path from 'node:path';
import type * as Engine from '../engine';

const ROOT = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const dist = args.find((a) => a.startsWith('--dist='))?.slice(7) ?? path.join(ROOT, 'dist');
const engine = require(path.resolve(dist, 'engine.js')) as typeof Engine;
const cpuNow = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const repeat = Number(args.find((a) => a.startsWith('--repeat='))?.slice(9) ?? 3);
for (const file of args.filter((a) => !a.startsWith('--'))) {
  const cpus: number[] = [],
    walls: number[] = [];
  let last: unknown;
  for (let r = 0; r < repeat; r++) {
    (globalThis as { gc?: () => void }).gc?.();
    const c = cpuNow(),
      t = performance.now();
    last = engine.loadPricesFile(file);
    cpus.push(cpuNow() - c);
    walls.push((performance.now() - t) / 1000);
  }
  const t = last as { dates: string[]; tickers: string[] };
  process.stdout.write(
    `${path.basename(file)}: CPU ${cpus.map((x) => x.toFixed(3)).join(' ')} s (min ${Math.min(...cpus).toFixed(3)}, median ${median(cpus).toFixed(3)}), wall min ${Math.min(...walls).toFixed(3)} s; ${t.dates.length} dates x ${t.tickers.length} tickers\n`,
  );
}

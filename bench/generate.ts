// Generates (or finds in the cache) the named workloads and prints their file info:
//   node --import tsx bench/generate.ts W1 W2   ->  one `WORKLOAD {...}` line each
import { ensureWorkload, WORKLOADS } from './workload';

for (const name of process.argv.slice(2)) {
  const p = WORKLOADS[name];
  if (!p) throw new Error(`unknown workload ${name}; known: ${Object.keys(WORKLOADS).join(', ')}`);
  const files = ensureWorkload(p);
  process.stdout.write(`WORKLOAD ${JSON.stringify({ name, ...files })}\n`);
}

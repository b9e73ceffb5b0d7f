// Summarises a V8 .cpuprofile (from `node --cpu-prof`): the functions with the most self
// time, with their file:line, so docs/performance.md can say where the time goes.
//   node --import tsx bench/profileSummary.ts FILE.cpuprofile [TOP]
import { readFileSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export function summarise(file: string, top = 25): string {
  const prof = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const self = new Map<number, number>();
  for (let i = 0; i < prof.samples.length; i++) self.set(prof.samples[i], (self.get(prof.samples[i]) ?? 0) + (prof.timeDeltas[i] ?? 0));
  const byFn = new Map<string, number>();
  let total = 0;
  for (const n of prof.nodes) {
    const us = self.get(n.id) ?? 0;
    total += us;
    const f = n.callFrame;
    const key = `${f.functionName || '(anonymous)'}  ${f.url ? `${path.basename(f.url)}:${f.lineNumber + 1}` : ''}`.trim();
    byFn.set(key, (byFn.get(key) ?? 0) + us);
  }
  const rows = [...byFn.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  return [
    `total ${(total / 1e6).toFixed(2)} s sampled`,
    ...rows.map(([k, us]) => `${(us / 1e3).toFixed(0).padStart(8)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`),
  ].join('\n');
}

if (require.main === module) {
  const [file, top] = process.argv.slice(2);
  process.stdout.write(summarise(file, top ? Number(top) : 25) + '\n');
}

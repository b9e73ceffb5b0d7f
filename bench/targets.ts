// The targets of issue 11, one line each after the table: what was measured (wall time and
// CPU time side by side: the machine is shared, so CPU is the steadier figure), the ratio
// or number the target is about, and PASS or MISS. A wall-time target is judged on wall
// time, as the issue states it (a quiet machine); under load the CPU-time verdict is printed
// beside it, and both are judged by the same bound.
import type { BenchResults } from './table';

export interface TargetLine {
  id: string;
  what: string;
  measured: string;
  pass: boolean | null;
  cpuPass?: boolean | null;
}

const s = (x: number) => (x >= 10 ? `${x.toFixed(1)} s` : x >= 1 ? `${x.toFixed(2)} s` : `${(x * 1000).toFixed(0)} ms`);
const gb = (b: number) => `${(b / 1e9).toFixed(2)} GB`;
const x = (v: number) => `${v.toFixed(2)}x`;

export function issue11Targets(r: BenchResults, small: string, large: string): TargetLine[] {
  const a = r.runs[small],
    ca = r.cli[small],
    cb = r.cli[large];
  const out: TargetLine[] = [];
  const missing = (id: string, what: string) => out.push({ id, what, measured: 'not measured', pass: null });
  if (a && ca) {
    const wall = ca.run.seconds / a.endToEndSeconds,
      cpu = ca.run.cpuSeconds / a.endToEndCpuSeconds;
    out.push({
      id: '1a',
      what: `${small} backtest run within 1.2x of the in-process end to end (same work: load, run, metrics, analysis)`,
      measured: `wall ${x(wall)} (${s(ca.run.seconds)} / ${s(a.endToEndSeconds)}), cpu ${x(cpu)} (${s(ca.run.cpuSeconds)} / ${s(a.endToEndCpuSeconds)})`,
      pass: wall <= 1.2,
      cpuPass: cpu <= 1.2,
    });
    out.push({
      id: '1b',
      what: `${small} backtest run under 0.8 s`,
      measured: `wall ${s(ca.run.seconds)}, cpu ${s(ca.run.cpuSeconds)}`,
      pass: ca.run.seconds < 0.8,
      cpuPass: ca.run.cpuSeconds < 0.8,
    });
    const ow = ca.out.seconds / ca.run.seconds,
      oc = ca.out.cpuSeconds / ca.run.cpuSeconds;
    out.push({
      id: '2',
      what: `${small} backtest run --out within 2x of run`,
      measured: `wall ${x(ow)}, cpu ${x(oc)}`,
      pass: ow <= 2,
      cpuPass: oc <= 2,
    });
  } else {
    missing('1', `${small} through the CLI`);
  }
  if (cb) {
    out.push({
      id: '3a',
      what: `${large} backtest run under 8 s`,
      measured: `wall ${s(cb.run.seconds)}, cpu ${s(cb.run.cpuSeconds)}`,
      pass: cb.run.seconds < 8,
      cpuPass: cb.run.cpuSeconds < 8,
    });
    out.push({
      id: '3b',
      what: `${large} backtest run under 2 GB peak RSS`,
      measured: gb(cb.run.peakRssBytes),
      pass: cb.run.peakRssBytes < 2e9,
    });
    out.push({
      id: '3c',
      what: `${large} backtest run --out under 2.5 GB peak RSS`,
      measured: gb(cb.out.peakRssBytes),
      pass: cb.out.peakRssBytes < 2.5e9,
    });
  } else {
    missing('3', `${large} through the CLI`);
  }
  if (a) {
    const w = a.noHedgeSimSeconds / a.fusedSeconds,
      c = a.noHedgeSimCpuSeconds / a.fusedCpuSeconds;
    out.push({
      id: '4a',
      what: `${small} no-hedge simulation within 25x of the fused one-pass floor`,
      measured: `wall ${x(w)}, cpu ${x(c)}${a.fusedMatches ? '' : ' (the floor DIFFERS from the engine)'}`,
      pass: w <= 25 && a.fusedMatches,
      cpuPass: c <= 25 && a.fusedMatches,
    });
    out.push({
      id: '4b',
      what: `${small} full config (ETF + beta hedge) simulation under 0.3 s of CPU`,
      measured: `cpu ${s(a.simLoadedCpuSeconds)} (wall ${s(a.simLoadedSeconds)})`,
      pass: a.simLoadedCpuSeconds < 0.3,
    });
  } else {
    missing('4', `${small} in-process`);
  }
  const sw = r.sweep?.byJobs.find((m) => m.jobs === 1);
  if (sw) {
    const o = sw.overhead ?? sw.wallOverhead;
    out.push({
      id: '5',
      what: `sweep of ${small}: per-variant overhead over the simulation under 10% (--jobs 1)`,
      measured: `${(o * 100).toFixed(1)}%${sw.overhead === null ? ' (wall)' : ' by cpu'}`,
      pass: o < 0.1,
    });
  }
  return out;
}

export function renderTargets(r: BenchResults, small: string, large: string): string {
  const lines = issue11Targets(r, small, large);
  const verdict = (p: boolean | null | undefined) => (p === null || p === undefined ? '-' : p ? 'PASS' : 'MISS');
  const loaded = r.loadAverage[0] > 1.5;
  const rows = lines.map(
    (t) =>
      `  ${verdict(t.pass).padEnd(4)}  ${t.id.padEnd(3)} ${t.what}: ${t.measured}${t.cpuPass !== undefined && (loaded || t.cpuPass !== t.pass) ? ` [by cpu time: ${verdict(t.cpuPass)}]` : ''}`,
  );
  const head = r.quick
    ? `Issue 11 targets, on the --quick workloads (a smoke check of this list, not the targets):`
    : `Issue 11 targets (wall-time targets hold on a quiet machine; load average at the start ${r.loadAverage[0].toFixed(1)}${loaded ? ': LOADED, read the cpu-time verdicts' : ''}):`;
  return [head, ...rows].join('\n');
}

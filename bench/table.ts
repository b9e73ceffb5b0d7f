// The benchmark table: one row per measurement, the workloads side by side, and the
// target of issue 6 with how far the number is from it (ratio < 1 = within target).
import type { LspMeasurement } from './measureLsp';
import type { PanelMeasurement } from './measurePanel';
import type { ParquetMeasurement } from './measureParquet';
import type { RunMeasurement } from './measureRun';
import type { SweepMeasurement } from './measureSweep';

export interface CliMeasurement {
  seconds: number;
  cpuSeconds: number;
  peakRssBytes: number;
  /** How many runs the figures are the medians of (peak RSS: the highest). */
  samples?: number;
}

export interface BenchResults {
  quick: boolean;
  runs: Record<string, RunMeasurement>;
  /** `backtest run` and `backtest run --out` as subprocesses. */
  cli: Record<string, { run: CliMeasurement; out: CliMeasurement }>;
  errors: Record<string, string>;
  lsp: LspMeasurement | null;
  panel: PanelMeasurement | null;
  /** The 12-variant sweep of the small workload (issue 12). */
  sweep?: SweepMeasurement | null;
  /** The large workload's prices from CSV and Parquet (bench/measureParquet.ts). */
  parquet?: ParquetMeasurement | null;
  loadAverage: number[];
  cpus: number;
  node: string;
}

/** Row labels, in print order (the smoke test checks every one is printed). */
export const ROW_LABELS = [
  'Workload (days x names)',
  'Price CSV size',
  'CSV load (prices)',
  'CSV load, direct typed-array parser',
  'Signals load',
  'Simulation',
  'Simulation CPU time',
  '(days x names) / s',
  'Floor (one returns pass)',
  'Simulation / floor',
  'End to end (config+load+run+metrics+analysis)',
  'CLI: backtest run',
  'CLI: backtest run --out',
  'Simulation, tables loaded (full config)',
  'No-hedge simulation, tables loaded',
  'Fused no-hedge floor (one pass a day)',
  'No-hedge simulation / fused floor',
  'Number formatting, trades.csv numbers',
  'Write --out files',
  'Peak RSS',
  'Trades',
  'LSP diagnostics after 1-char edit p50',
  'LSP diagnostics after 1-char edit p95',
  'LSP completion p50',
  'LSP completion p95',
  'LSP completion while the file loads',
  'LSP data diagnostics after open',
  'LSP server RSS (peak)',
  'Panel: results to charts drawn',
  'Prices load CSV / Parquet wide / long',
  'Parquet prices load speed-up (cpu)',
  'Load share of end to end (cpu)',
  'Sweep of 12 variants, --jobs 1',
  'Sweep of 12 variants, --jobs 2',
  'Analysis: attribution, hedge effectiveness, bootstrap',
] as const;

const s = (x: number) => (x >= 10 ? `${x.toFixed(1)} s` : x >= 1 ? `${x.toFixed(2)} s` : `${(x * 1000).toFixed(0)} ms`);
const ms = (x: number) => `${x.toFixed(1)} ms`;
const mb = (b: number) =>
  b >= 1e9 ? `${(b / 1e9).toFixed(2)} GB` : b >= 1e7 ? `${(b / 1e6).toFixed(0)} MB` : `${(b / 1e6).toFixed(1)} MB`;
const n = (x: number) => (x >= 1e6 ? `${(x / 1e6).toFixed(2)} M` : x >= 1e3 ? `${(x / 1e3).toFixed(1)} k` : `${Math.round(x)}`);
/** "0.42x" of the target, marked when it is missed. */
const ratio = (value: number, target: number) => `${(value / target).toFixed(2)}x${value <= target ? '' : ' MISSED'}`;

export function renderTable(r: BenchResults, small: string, large: string): string {
  const a = r.runs[small],
    b = r.runs[large];
  const rows: string[][] = [];
  const run = (label: string, f: (m: RunMeasurement) => string, target = '', vs = '') => {
    rows.push([label, a ? f(a) : r.errors[small] ? 'failed' : 'n/a', b ? f(b) : r.errors[large] ? 'failed' : 'n/a', target, vs]);
  };
  const one = (label: string, value: string, target = '', vs = '') => rows.push([label, value, '', target, vs]);
  const endTargets: Record<string, number> = r.quick ? {} : { [small]: 1, [large]: 10 };

  run(ROW_LABELS[0], (m) => `${m.days} x ${m.names} = ${n(m.days * m.names)}`);
  run(ROW_LABELS[1], (m) => `${mb(m.priceBytes)} (+ ${mb(m.signalBytes)} signals)`);
  run(ROW_LABELS[2], (m) => `${s(m.pricesSeconds)}, ${m.pricesMBps.toFixed(0)} MB/s (cpu ${s(m.pricesCpuSeconds)})`);
  run(ROW_LABELS[3], (m) => `${s(m.directParseSeconds)}, ${m.directParseMBps.toFixed(0)} MB/s`, '', 'yardstick only');
  run(ROW_LABELS[4], (m) => `${s(m.signalsSeconds)}, ${m.signalsMBps.toFixed(0)} MB/s (cpu ${s(m.signalsCpuSeconds)})`);
  run(ROW_LABELS[5], (m) => s(m.simSeconds));
  run(ROW_LABELS[6], (m) => s(m.simCpuSeconds), '', 'all threads (incl. GC)');
  run(ROW_LABELS[7], (m) => `${n(m.cellsPerSecond)}/s`);
  run(ROW_LABELS[8], (m) => s(m.floorSeconds));
  const fl = (m?: RunMeasurement) => (m ? ratio(m.simOverFloor, 20) : '-');
  run(
    ROW_LABELS[9],
    (m) => `${m.simOverFloor.toFixed(1)}x (cpu ${(m.simCpuSeconds / m.floorSeconds).toFixed(0)}x)`,
    '<= 20x',
    `${small} ${fl(a)}; ${large} ${fl(b)}`,
  );
  const e2e = (name: string, m?: RunMeasurement) => (m && endTargets[name] ? `${name} ${ratio(m.endToEndSeconds, endTargets[name])}` : '');
  run(
    ROW_LABELS[10],
    (m) => `${s(m.endToEndSeconds)} (cpu ${s(m.endToEndCpuSeconds)})`,
    r.quick ? '(quick: none)' : `${small} < 1 s, ${large} < 10 s`,
    [e2e(small, a), e2e(large, b)].filter(Boolean).join('; '),
  );
  const cliRow = (
    label: string,
    f: (c: { run: CliMeasurement; out: CliMeasurement }, m: RunMeasurement | undefined) => string,
    target: string,
    vs: string,
  ) => rows.push([label, r.cli[small] ? f(r.cli[small], a) : 'n/a', r.cli[large] ? f(r.cli[large], b) : 'n/a', target, vs]);
  const ca = r.cli[small],
    cb = r.cli[large];
  const proc = (c: CliMeasurement) =>
    `${s(c.seconds)} (cpu ${s(c.cpuSeconds)}), peak ${mb(c.peakRssBytes)}${(c.samples ?? 1) > 1 ? `, median of ${c.samples}` : ''}`;
  cliRow(
    'CLI: backtest run',
    (c, m) =>
      `${proc(c.run)}${m ? `; ${(c.run.seconds / m.endToEndSeconds).toFixed(2)}x in-process (cpu ${(c.run.cpuSeconds / m.endToEndCpuSeconds).toFixed(2)}x)` : ''}`,
    r.quick ? '(quick: none)' : `${small} <= 1.2x in-process and < 0.8 s; ${large} < 8 s, < 2 GB`,
    r.quick
      ? ''
      : [
          ca && a ? `${small} ${ratio(ca.run.seconds / a.endToEndSeconds, 1.2)} / ${ratio(ca.run.seconds, 0.8)}` : '',
          cb ? `${large} ${ratio(cb.run.seconds, 8)} / ${ratio(cb.run.peakRssBytes, 2e9)}` : '',
        ]
          .filter(Boolean)
          .join('; '),
  );
  cliRow(
    'CLI: backtest run --out',
    (c) => `${proc(c.out)}; ${(c.out.seconds / c.run.seconds).toFixed(2)}x run (cpu ${(c.out.cpuSeconds / c.run.cpuSeconds).toFixed(2)}x)`,
    r.quick ? '' : `${small} <= 2x run; ${large} < 2.5 GB`,
    r.quick
      ? ''
      : [ca ? `${small} ${ratio(ca.out.seconds / ca.run.seconds, 2)}` : '', cb ? `${large} ${ratio(cb.out.peakRssBytes, 2.5e9)}` : '']
          .filter(Boolean)
          .join('; '),
  );
  run(
    'Simulation, tables loaded (full config)',
    (m) => `${s(m.simLoadedSeconds)} (cpu ${s(m.simLoadedCpuSeconds)})`,
    r.quick ? '' : `${small} < 0.3 s cpu`,
    a && !r.quick ? `${small} ${ratio(a.simLoadedCpuSeconds, 0.3)}` : '',
  );
  run('No-hedge simulation, tables loaded', (m) => `${s(m.noHedgeSimSeconds)} (cpu ${s(m.noHedgeSimCpuSeconds)})`);
  run(
    'Fused no-hedge floor (one pass a day)',
    (m) =>
      `${s(m.fusedSeconds)} (cpu ${s(m.fusedCpuSeconds)})${m.fusedMatches ? ', same final equity and trades' : ', DIFFERS from the engine'}`,
  );
  const fu = (m?: RunMeasurement) => (m ? ratio(m.noHedgeSimSeconds / m.fusedSeconds, 25) : '-');
  run(
    'No-hedge simulation / fused floor',
    (m) => `${(m.noHedgeSimSeconds / m.fusedSeconds).toFixed(1)}x (cpu ${(m.noHedgeSimCpuSeconds / m.fusedCpuSeconds).toFixed(1)}x)`,
    '<= 25x',
    `${small} ${fu(a)}; ${large} ${fu(b)}`,
  );
  run(
    'Number formatting, trades.csv numbers',
    (m) => `${n(m.formatNumbers)}: String(x) ${s(m.formatStringSeconds)}, writer into bytes ${s(m.formatBytesSeconds)}`,
    '',
    'floor of the number-to-text part of --out',
  );
  run(
    ROW_LABELS[18],
    (m) => `${s(m.writeSeconds)} (cpu ${s(m.writeCpuSeconds)}), ${mb(m.writtenBytes)}${m.writePositions ? '' : ' (positions.csv off)'}`,
  );
  run(
    ROW_LABELS[19],
    (m) => `${mb(m.peakRssRunBytes)} (with --out ${mb(m.peakRssBytes)})`,
    r.quick ? '' : `${large} < 2 GB`,
    b && !r.quick ? `${large} ${ratio(b.peakRssBytes, 2e9)}` : '',
  );
  run(ROW_LABELS[20], (m) => n(m.trades));
  run(
    'Analysis: attribution, hedge effectiveness, bootstrap',
    (m) =>
      `${s(m.analysisSeconds)} (cpu ${s(m.analysisCpuSeconds)}, ${(m.analysisCpuSeconds / m.simCpuSeconds).toFixed(2)}x the simulation's cpu)`,
  );

  const l = r.lsp;
  const lsp = (label: string, f: (m: LspMeasurement) => string, target = '', vs: (m: LspMeasurement) => string = () => '') =>
    one(label, l ? f(l) : r.errors.LSP ? 'failed' : 'n/a', target, l ? vs(l) : '');
  lsp(ROW_LABELS[21], (m) => ms(m.diagP50Ms));
  lsp(
    ROW_LABELS[22],
    (m) => ms(m.diagP95Ms),
    '< 50 ms',
    (m) => ratio(m.diagP95Ms, 50),
  );
  lsp(
    ROW_LABELS[23],
    (m) =>
      `${ms(m.completionP50Ms)} (${m.completionItems} items${m.emptyCompletions ? `; ${m.emptyCompletions}/${m.edits} EMPTY: the server had no price table` : ''})`,
  );
  lsp(
    ROW_LABELS[24],
    (m) => ms(m.completionP95Ms),
    '< 30 ms',
    (m) => ratio(m.completionP95Ms, 30),
  );
  lsp(ROW_LABELS[25], (m) => ms(m.firstCompletionWhileLoadingMs), 'not blocked');
  lsp(
    ROW_LABELS[26],
    (m) => s(m.dataDiagnosticsMs / 1000),
    '',
    (m) => `${mb(m.priceBytes)} file, background load`,
  );
  lsp(ROW_LABELS[27], (m) => `${mb(m.serverRssBytes)} (${mb(m.serverPeakRssBytes)})`);
  lsp(
    'LSP 10 MB inline-signals config: answers from didOpen',
    (m) =>
      m.bigRequestsMs
        ? Object.entries(m.bigRequestsMs)
            .map(([k, v]) => `${k} ${s(v / 1000)}`)
            .join(', ')
        : 'n/a',
    '',
    (m) => (m.bigConfigBytes ? `${mb(m.bigConfigBytes)} config, on the big-document thread` : ''),
  );
  lsp(
    'LSP hover on another config meanwhile (every 50 ms)',
    (m) =>
      m.hoversDuringBig ? `p50 ${ms(m.hoverDuringBigP50Ms!)}, max ${ms(m.hoverDuringBigMaxMs!)} (${m.hoversDuringBig} hovers)` : 'n/a',
    'max < 200 ms',
    (m) => (m.hoverDuringBigMaxMs ? ratio(m.hoverDuringBigMaxMs, 200) : ''),
  );
  const p = r.panel;
  one(
    ROW_LABELS[28],
    p
      ? `${ms(p.chartsDrawnMs)} (${mb(p.compactBytes)} compact, ${n(p.trades)} trades)`
      : r.errors.PANEL
        ? r.errors.PANEL.startsWith('skipped')
          ? 'skipped'
          : 'failed'
        : 'n/a',
    '< 500 ms',
    p
      ? `${ratio(p.chartsDrawnMs, 500)} from arrival; posting it took ${s(p.messageCloneMs / 1000)} (plain ${mb(p.jsonBytes)} JSON: ${s(p.plainMessageCloneMs / 1000)} + ${ms(p.plainChartsDrawnMs)}); encoding ${ms(p.encodeMs)} in the worker`
      : '',
  );

  const q = r.parquet,
    fmt = (k: string) => q?.formats.find((f) => f.format === k);
  // By name, not index: other rows are added above these.
  const big = (label: (typeof ROW_LABELS)[number], value: string, target = '', vs = '') =>
    rows.push([label, `(${large} only)`, value, target, vs]);
  const [qc, qw, ql] = [fmt('csv'), fmt('parquet-wide'), fmt('parquet-long')];
  const none = r.errors.PARQUET ? 'failed' : 'n/a';
  big(
    'Prices load CSV / Parquet wide / long',
    qc && qw && ql ? [qc, qw, ql].map((f) => `${s(f.loadSeconds)} (cpu ${s(f.loadCpuSeconds)}, ${mb(f.bytes)})`).join(' / ') : none,
  );
  const up = (f?: { loadCpuSeconds: number }) => (qc && f ? qc.loadCpuSeconds / f.loadCpuSeconds : NaN);
  const upWall = (f?: { loadSeconds: number }) => (qc && f ? qc.loadSeconds / f.loadSeconds : NaN);
  big(
    'Parquet prices load speed-up (cpu)',
    // The verdict is by CPU (the machine is shared); wall is printed beside it.
    qw && ql ? `wide ${up(qw).toFixed(2)}x, long ${up(ql).toFixed(2)}x (wall ${upWall(qw).toFixed(2)}x / ${upWall(ql).toFixed(2)}x)` : none,
    r.quick ? '' : '>= 3x',
    qw && ql && !r.quick ? `wide ${up(qw) >= 3 ? 'met' : 'MISSED'}; long ${up(ql) >= 3 ? 'met' : 'MISSED'}` : '',
  );
  big(
    'Load share of end to end (cpu)',
    qc && qw && ql ? [qc, qw, ql].map((f) => `${(100 * f.loadShare).toFixed(1)}% of ${s(f.endToEndCpuSeconds)}`).join(' / ') : none,
    '',
    'CSV / Parquet wide / Parquet long',
  );
  for (const jobs of [1, 2]) {
    const k = ROW_LABELS.indexOf(`Sweep of 12 variants, --jobs ${jobs}` as (typeof ROW_LABELS)[number]);
    const m = r.sweep?.byJobs.find((x) => x.jobs === jobs);
    const pct = (x: number | null | undefined) => (x === null || x === undefined ? 'n/a' : `${(x * 100).toFixed(1)}%`);
    const cpuText = (x: NonNullable<typeof m>) =>
      x.overhead === null
        ? `${pct(x.wallOverhead)}${x.wallOverhead < 0.1 ? '' : ' MISSED'} per variant (wall: no thread CPU here)`
        : `${pct(x.overhead)}${x.overhead < 0.1 ? '' : ' MISSED'} per variant by cpu (task ${pct(x.taskShare)}, messaging ${pct(x.messagingShare)}; simulations ${s(x.simCpuSeconds ?? NaN)} cpu); once: thread start-up ${s(x.startupCpuSeconds ?? NaN)} cpu, data parse ${s(x.loadCpuSeconds ?? NaN)} cpu, validation ${s(x.validateSeconds)}; V8 helper threads ${pct(x.helperShare)}; wall ratio ${pct(x.wallOverhead)} (under load)`;
    one(
      ROW_LABELS[k],
      m
        ? `${m.variantsPerMinute.toFixed(1)} variants/min (${s(m.wallSeconds)}; simulations ${s(m.simSeconds)} wall)`
        : r.errors.SWEEP
          ? 'failed'
          : 'n/a',
      'per-variant overhead < 10%',
      m ? cpuText(m) : '',
    );
  }

  const head = ['Measurement', small, large, 'Target', 'vs target'];
  const widths = head.map((h, k) => Math.max(h.length, ...rows.map((row) => row[k].length)));
  const line = (cells: string[]) => `| ${cells.map((c, k) => c.padEnd(widths[k])).join(' | ')} |`;
  const out = [
    `Sector Hedge Backtester benchmark${r.quick ? ' (--quick smoke run: small workloads, not the targets)' : ''}: node ${r.node}, ${r.cpus} CPUs, load average ${r.loadAverage.map((x) => x.toFixed(1)).join(' ')}`,
    line(head),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.map(line),
  ];
  for (const [k, e] of Object.entries(r.errors)) out.push(`note: ${k}: ${e}`);
  return out.join('\n');
}

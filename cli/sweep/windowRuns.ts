// The walk-forward's window runs kept in DIR/walk_forward/<id>.json, written as each one
// finishes (so Ctrl-C or a crash keeps them) and reused by --resume. A run's id is a hash of
// the variant id (itself the resolved config and the data fingerprints), the window's kind
// and dates, and for a test window the equity it starts from: the same window of the same
// variant after the same chain of earlier test windows gets the same id on any machine.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { FlatMetrics } from '../../engine/sweep';
import type { SweepTaskResult } from './task';
import { readSweepOutput, writeAtomic } from './outputs';

/** What the walk-forward reads of a window run (a fresh task result or a stored record). */
export interface WindowRun {
  metrics: FlatMetrics;
  finalEquity: number;
  dates?: string[];
  equity?: number[];
}

interface WindowRunRecord {
  format: 'backtest-window-run/1';
  id: string;
  metrics: FlatMetrics;
  final_equity: number;
  dates?: string[];
  equity?: number[];
}

export const WINDOW_RUNS_DIR = 'walk_forward';

export function windowRunId(variantId: string, kind: 'train' | 'test', start: string, end: string, initialCash?: number): string {
  // JSON.stringify writes a double at round-trip precision, so equal equities give equal ids.
  const key = JSON.stringify([variantId, kind, start, end, initialCash ?? null]);
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

export class WindowRunStore {
  private readonly dir: string;
  private readonly runs = new Map<string, WindowRun>();

  /** With `reuse`, the runs already in DIR/walk_forward are read (unreadable ones run again). */
  constructor(outDir: string, reuse: boolean) {
    this.dir = path.join(outDir, WINDOW_RUNS_DIR);
    if (!reuse || !existsSync(this.dir)) return;
    for (const f of readdirSync(this.dir)) {
      if (!/^[0-9a-f]{16}\.json$/.test(f)) continue;
      try {
        const rec = JSON.parse(readSweepOutput(path.join(this.dir, f))) as WindowRunRecord;
        if (rec?.format !== 'backtest-window-run/1' || rec.id !== f.slice(0, 16) || !rec.metrics || typeof rec.final_equity !== 'number')
          continue;
        this.runs.set(rec.id, {
          metrics: rec.metrics,
          finalEquity: rec.final_equity,
          ...(rec.dates && rec.equity ? { dates: rec.dates, equity: rec.equity } : {}),
        });
      } catch {
        /* cut short by a crash: it runs again */
      }
    }
  }

  /** How many stored runs were read. */
  get size(): number {
    return this.runs.size;
  }

  get(id: string): WindowRun | undefined {
    return this.runs.get(id);
  }

  /** Stores a finished run under its id and returns it as the walk-forward reads it. */
  put(id: string, r: Extract<SweepTaskResult, { ok: true }>): WindowRun {
    const run: WindowRun = {
      metrics: r.metrics,
      finalEquity: r.finalEquity,
      ...(r.dates && r.equity ? { dates: r.dates, equity: r.equity } : {}),
    };
    const rec: WindowRunRecord = {
      format: 'backtest-window-run/1',
      id,
      metrics: run.metrics,
      final_equity: run.finalEquity,
      ...(run.dates ? { dates: run.dates, equity: run.equity } : {}),
    };
    mkdirSync(this.dir, { recursive: true });
    writeAtomic(path.join(this.dir, `${id}.json`), JSON.stringify(rec) + '\n');
    this.runs.set(id, run);
    return run;
  }
}

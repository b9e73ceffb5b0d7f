// CPU time of the calling thread, for the sweep's timing (the bench's per-variant overhead):
// on Linux /proc/thread-self/schedstat's first field is the nanoseconds this thread has run
// (a sync read runs on the calling thread, so a worker thread reads its own). Wall time is
// no measure on a shared machine; process.cpuUsage() sums every thread. NaN elsewhere.
import { readFileSync } from 'node:fs';

let available = process.platform === 'linux';

/** Milliseconds of CPU the calling thread has used since it started (NaN where unknown). */
export function threadCpuMs(): number {
  if (!available) return NaN;
  try {
    const text = readFileSync('/proc/thread-self/schedstat', 'latin1');
    const ns = Number(text.slice(0, text.indexOf(' ')));
    return Number.isFinite(ns) ? ns / 1e6 : NaN;
  } catch {
    available = false;
    return NaN;
  }
}

/** Milliseconds of CPU the whole process (every thread, GC and compiler threads too) has used. */
export function processCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

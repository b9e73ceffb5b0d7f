import type { RunWarning } from '../types';

/** Collects run warnings once per key (per sector, per ticker), counting repeats. */
export class WarningLog {
  private readonly byKey = new Map<string, RunWarning>();

  /** Records a warning the first time `key` is seen; later calls only bump its count. */
  add(key: string, make: () => RunWarning): void {
    const w = this.byKey.get(key);
    if (w) {
      w.count = (w.count ?? 1) + 1;
      return;
    }
    this.byKey.set(key, { count: 1, ...make() });
  }

  /** `times` more repeats of a warning already recorded under `key` (as that many add() calls would count). */
  bump(key: string, times: number): void {
    const w = this.byKey.get(key);
    if (w) w.count = (w.count ?? 1) + times;
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  /** Adds another log's warnings as if its add() calls had been made here (counts summed, copies kept). */
  merge(other: WarningLog): void {
    for (const [key, w] of other.byKey) {
      const mine = this.byKey.get(key);
      if (mine) mine.count = (mine.count ?? 1) + (w.count ?? 1);
      else this.byKey.set(key, { ...w });
    }
  }

  list(): RunWarning[] {
    return [...this.byKey.values()];
  }
}

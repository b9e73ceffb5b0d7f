// Several loader threads, so one config's 1 GB price file does not hold up another
// config's small mapping: a load goes to an idle thread, a new one is started while
// fewer than `size` exist, and only when all are busy does it queue behind the
// thread with the fewest loads waiting.
import type { DataFileKind } from '../../common/protocol';
import { WorkerLoader, type DataLoader, type LoadResult } from './dataLoader';

/** Loader threads at most (each holds one file's parse at a time). */
export const LOADER_THREADS = 3;

export class LoaderPool implements DataLoader {
  private readonly loaders: { loader: DataLoader; busy: number }[] = [];

  constructor(
    private readonly create: () => DataLoader,
    private readonly size = LOADER_THREADS,
  ) {}

  static ofWorkers(script: string, size = LOADER_THREADS): LoaderPool {
    return new LoaderPool(() => new WorkerLoader(script), size);
  }

  /** Threads started so far (tests). */
  get threads(): number {
    return this.loaders.length;
  }

  load(kind: DataFileKind, path: string, valueColumn?: string): Promise<LoadResult> {
    let slot = this.loaders.find((l) => l.busy === 0);
    if (!slot && this.loaders.length < this.size) {
      slot = { loader: this.create(), busy: 0 };
      this.loaders.push(slot);
    }
    slot ??= this.loaders.reduce((a, b) => (b.busy < a.busy ? b : a));
    const s = slot;
    s.busy++;
    return s.loader.load(kind, path, valueColumn).finally(() => {
      s.busy--;
    });
  }

  dispose(): void {
    for (const l of this.loaders.splice(0)) l.loader.dispose();
  }
}

// Parsed data files, cached by absolute path + modification time, evicted least
// recently used when the estimated size passes a byte budget. Implements DataAccess:
// a file not yet parsed (or changed on disk) answers `pending` and loads in the
// background; `onChange` fires when a load finishes so open configs re-validate.
import { statSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import type { DatedValues, Order, PriceTable, SectorMapping } from '../../engine/types';
import type { DataAccess, LoadState } from '../service/dataAccess';
import type { DataFileKind, DataStatusParams } from '../../common/protocol';
import type { BorrowTable } from '../../engine/data/borrow';
import { toErrorInfo, type DataLoader, type LoadResult } from './dataLoader';
import { readTextFile } from '../../engine/data';
import { ColumnarDatedValues } from '../../engine/data/columnarValues';

interface Entry {
  kind: DataFileKind;
  path: string;
  /** Value column of a long file (config value_columns), part of the cache key. */
  column?: string;
  mtimeMs: number;
  size: number;
  state: LoadState<unknown>;
  bytes: number;
  lastUsed: number;
}

/** Entries used this recently are never evicted, so one config whose files exceed the budget cannot evict-reload forever. */
const IN_USE_MS = 5000;

export interface DataCacheOptions {
  loader: DataLoader;
  maxBytes: number;
  /** Called after a file finished loading or changed on disk (absolute path). */
  onChange: (absPath: string) => void;
  onStatus?: (s: DataStatusParams) => void;
  /** Watch data files' directories with fs.watch (default true). */
  watch?: boolean;
  /** Clock, for tests of the in-use window. */
  now?: () => number;
}

/** A file must be unchanged this long after a load before its result is reported. */
const QUIET_MS = 60;
/** At most this many quiet waits (a clock skewed into the future must not wait forever). */
const MAX_QUIET_WAITS = 20;

/** Rough in-memory size of a parsed file, for the byte budget. */
function estimateBytes(kind: DataFileKind, value: unknown, fileSize: number): number {
  if (kind === 'prices') {
    const t = value as PriceTable;
    let b = 0;
    for (const c of t.columns) b += c.byteLength;
    return b + t.dates.length * 64 + t.tickers.length * 160;
  }
  if (kind === 'mapping') return (value as SectorMapping).rows.length * 300;
  if (kind === 'orders') return (value as Order[]).length * 120;
  if (kind === 'borrow') return fileSize * 2;
  if (value instanceof ColumnarDatedValues) return value.byteLength;
  let n = 0;
  for (const m of (value as DatedValues).values()) n += m.size;
  return n * 80 + fileSize;
}

function summary(kind: DataFileKind, value: unknown): string {
  if (kind === 'prices') {
    const t = value as PriceTable;
    return `${t.dates.length} days x ${t.tickers.length} tickers, ${t.dates[0] ?? '-'}..${t.dates[t.dates.length - 1] ?? '-'}`;
  }
  if (kind === 'mapping') return `${(value as SectorMapping).rows.length} mapped tickers`;
  if (kind === 'orders') return `${(value as Order[]).length} orders`;
  if (kind === 'borrow') return `borrow rows for ${(value as BorrowTable).byTicker.size} tickers`;
  return `${(value as DatedValues).size} dates`;
}

/** Cache key: kind, path and (for long files with several value columns) the column read. */
function keyOf(kind: DataFileKind, absPath: string, column?: string): string {
  return column ? `${kind}:${absPath}#${column}` : `${kind}:${absPath}`;
}

export class DataCache implements DataAccess {
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, Promise<void>>();
  private readonly watchers = new Map<string, FSWatcher>();
  /** Coalesces a burst of change events into one invalidate; not startLoad's settle wait, which checks a read that had no event (first load, watch off) was not a half-written file. */
  private readonly changeTimers = new Map<string, NodeJS.Timeout>();
  /** Open document -> the data files it reads; their files are never evicted (see pin). */
  private readonly pinsByOwner = new Map<string, Set<string>>();
  /** Absolute path -> number of open documents reading it. */
  private readonly pinCount = new Map<string, number>();
  private totalBytes = 0;
  private disposed = false;

  constructor(private readonly opts: DataCacheOptions) {}

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }

  prices(absPath: string, valueColumn?: string): LoadState<PriceTable> {
    return this.get('prices', absPath, valueColumn) as LoadState<PriceTable>;
  }
  mapping(absPath: string): LoadState<SectorMapping> {
    return this.get('mapping', absPath) as LoadState<SectorMapping>;
  }
  datedValues(absPath: string, valueColumn?: string): LoadState<DatedValues> {
    return this.get('datedValues', absPath, valueColumn) as LoadState<DatedValues>;
  }
  orders(absPath: string): LoadState<Order[]> {
    return this.get('orders', absPath) as LoadState<Order[]>;
  }
  borrow(absPath: string): LoadState<BorrowTable> {
    return this.get('borrow', absPath) as LoadState<BorrowTable>;
  }

  /** Bytes currently held (estimate) and number of cached files. */
  stats(): { bytes: number; files: number } {
    return { bytes: this.totalBytes, files: this.entries.size };
  }

  /**
   * Records the data files an open document reads (replacing its previous set). While
   * any open document reads a file it stays cached even over the byte budget: evicting
   * it would make that document's completion and validation go empty while it reloads.
   */
  pin(owner: string, paths: Iterable<string>): void {
    const next = new Set(paths);
    const prev = this.pinsByOwner.get(owner);
    for (const p of next) if (!prev?.has(p)) this.pinCount.set(p, (this.pinCount.get(p) ?? 0) + 1);
    if (prev) for (const p of prev) if (!next.has(p)) this.release(p);
    if (next.size) this.pinsByOwner.set(owner, next);
    else this.pinsByOwner.delete(owner);
    if (this.totalBytes > this.opts.maxBytes) this.evict(this.now());
  }

  /** The document closed: its files may be evicted again. */
  unpin(owner: string): void {
    this.pin(owner, []);
  }

  private release(p: string): void {
    const n = (this.pinCount.get(p) ?? 0) - 1;
    if (n > 0) this.pinCount.set(p, n);
    else this.pinCount.delete(p);
  }

  /** Drops one file (changed on disk) and reloads it in the background. */
  invalidate(absPath: string): void {
    let known = false;
    for (const [key, e] of this.entries) {
      if (e.path !== absPath) continue;
      known = true;
      this.drop(key);
      this.startLoad(e.kind, absPath, e.column);
    }
    if (!known) this.opts.onChange(absPath);
  }

  /** Drops everything (the reload command); open documents re-validate and reload. */
  clear(): void {
    for (const key of [...this.entries.keys()]) this.drop(key);
  }

  dispose(): void {
    this.disposed = true;
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
    for (const t of this.changeTimers.values()) clearTimeout(t);
    this.opts.loader.dispose();
  }

  private get(kind: DataFileKind, absPath: string, column?: string): LoadState<unknown> {
    const key = keyOf(kind, absPath, column);
    this.watchDir(absPath);
    let st: { mtimeMs: number; size: number; isFile: boolean };
    try {
      const s = statSync(absPath);
      st = { mtimeMs: s.mtimeMs, size: s.size, isFile: s.isFile() };
    } catch (e) {
      // Missing files are answered at once (no load needed) and not cached, so a
      // file created later is picked up by the next validation.
      this.drop(key);
      return { state: 'error', error: toErrorInfo(e, absPath) };
    }
    if (!st.isFile) {
      // A folder, pipe or device: the engine's reader names which (it refuses before reading).
      try {
        readTextFile(absPath);
      } catch (err) {
        return { state: 'error', error: toErrorInfo(err, absPath) };
      }
      return { state: 'error', error: toErrorInfo(Object.assign(new Error('EISDIR'), { code: 'EISDIR' }), absPath) };
    }
    const e = this.entries.get(key);
    if (e && e.mtimeMs === st.mtimeMs && e.size === st.size) {
      // Touch for LRU order.
      e.lastUsed = this.now();
      this.entries.delete(key);
      this.entries.set(key, e);
      if (this.totalBytes > this.opts.maxBytes) this.evict(e.lastUsed);
      return e.state;
    }
    if (e) this.drop(key);
    this.startLoad(kind, absPath, column);
    return { state: 'pending' };
  }

  private startLoad(kind: DataFileKind, absPath: string, column?: string): void {
    const key = keyOf(kind, absPath, column);
    if (this.loading.has(key) || this.disposed) return;
    let before: { mtimeMs: number; size: number } = { mtimeMs: -1, size: -1 };
    try {
      const s = statSync(absPath);
      before = { mtimeMs: s.mtimeMs, size: s.size };
    } catch {
      /* reported by get() */
    }
    this.opts.onStatus?.({ path: absPath, kind, state: 'loading' });
    const p = this.opts.loader
      .load(kind, absPath, column)
      .catch((err): LoadResult => ({ ok: false, error: toErrorInfo(err, absPath) }))
      .then(
        (r) =>
          new Promise<LoadResult | undefined>((resolve) => {
            // A file that changed while it was read, or was written moments ago (an editor or a
            // pipeline may still be writing it), gives a half-file's result: wait until it has
            // been quiet for QUIET_MS and read it again if it changed, instead of reporting that.
            let waits = 0;
            const settle = () => {
              if (this.disposed) return resolve(undefined);
              let now = before;
              try {
                const s = statSync(absPath);
                now = { mtimeMs: s.mtimeMs, size: s.size };
              } catch {
                /* reported by get() */
              }
              if (now.mtimeMs !== before.mtimeMs || now.size !== before.size) return resolve(undefined);
              if (Date.now() - now.mtimeMs < QUIET_MS && waits++ < MAX_QUIET_WAITS) {
                setTimeout(settle, QUIET_MS);
                return;
              }
              resolve(r);
            };
            settle();
          }),
      )
      .then((r) => {
        this.loading.delete(key);
        if (this.disposed) return;
        if (!r) {
          this.startLoad(kind, absPath, column);
          return;
        }
        this.store(key, kind, absPath, before, r, column);
        this.opts.onStatus?.(
          r.ok
            ? { path: absPath, kind, state: 'ready', summary: summary(kind, r.value) }
            : {
                path: absPath,
                kind,
                state: 'error',
                message: r.error.message + (r.error.fix && !r.error.message.includes(r.error.fix) ? ` Fix: ${r.error.fix}` : ''),
              },
        );
        this.opts.onChange(absPath);
      });
    this.loading.set(key, p);
  }

  private store(
    key: string,
    kind: DataFileKind,
    absPath: string,
    st: { mtimeMs: number; size: number },
    r: LoadResult,
    column?: string,
  ): void {
    this.drop(key);
    const state: LoadState<unknown> = r.ok ? { state: 'ready', value: r.value } : { state: 'error', error: r.error };
    const bytes = r.ok ? estimateBytes(kind, r.value, st.size) : 256;
    const now = this.now();
    this.entries.set(key, { kind, path: absPath, column, mtimeMs: st.mtimeMs, size: st.size, state, bytes, lastUsed: now });
    this.totalBytes += bytes;
    this.evict(now);
  }

  /** Drops least recently used entries until under budget (entries in use or read by an open document are kept). */
  private evict(now: number): void {
    for (const [k, e] of [...this.entries]) {
      if (this.totalBytes <= this.opts.maxBytes) break;
      if (now - e.lastUsed < IN_USE_MS || this.pinCount.has(e.path)) continue;
      this.drop(k);
    }
  }

  private drop(key: string): void {
    const e = this.entries.get(key);
    if (!e) return;
    this.entries.delete(key);
    this.totalBytes -= e.bytes;
  }

  /** Watches the file's directory (editors save by rename, which a file watch misses). */
  private watchDir(absPath: string): void {
    if (this.opts.watch === false || this.disposed) return;
    const dir = path.dirname(absPath);
    if (this.watchers.has(dir)) return;
    try {
      const w = watch(dir, { persistent: false }, (_event, name) => {
        if (!name) return;
        this.fileEvent(path.join(dir, name.toString()));
      });
      w.on('error', () => {
        w.close();
        this.watchers.delete(dir);
      });
      this.watchers.set(dir, w);
    } catch {
      // Directory missing: the file's own error is reported; retried on next access.
    }
  }

  /** A change on disk (fs.watch or the client's didChangeWatchedFiles), debounced per path. */
  fileEvent(absPath: string): void {
    const prev = this.changeTimers.get(absPath);
    if (prev) clearTimeout(prev);
    this.changeTimers.set(
      absPath,
      setTimeout(() => {
        this.changeTimers.delete(absPath);
        if (!this.disposed) this.invalidate(absPath);
      }, 50),
    );
  }
}

// Reads and parses data files off the request path. The default loader runs the
// engine's parsers in a worker thread (the server bundle re-executes itself as the
// worker), so a 3,000-ticker price file never blocks typing; parsed typed arrays are
// transferred back without copying. If the worker cannot start, parsing falls back to
// the main thread after yielding to the event loop.
import { Worker, parentPort, workerData, isMainThread } from 'node:worker_threads';
import type { DataErrorInfo, SectorMapping } from '../../engine/types';
import {
  DataError,
  detectDatedValuesFormat,
  isIsoDate,
  parseBorrowCsv,
  parseDatedValues,
  parseOrdersCsv,
  parseSectorMappingCsv,
  describeFsError,
  readTextFile,
  stripBom,
  toDataErrorInfo,
} from '../../engine/data';
import { parseWideFast, type FastPrices } from '../../engine/data/fastPrices';
import {
  isParquetPath,
  loadOrdersFile,
  loadPricesFile,
  loadSectorMappingFile,
  loadWideValuesFile,
  parsePricesText,
} from '../../engine/data/load';
import type { DataFileKind } from '../../common/protocol';
import { ColumnarDatedValues } from '../../engine/data/columnarValues';
import { WorkerRpc } from './workerRpc';

export type LoadResult = { ok: true; value: unknown } | { ok: false; error: DataErrorInfo };

export interface DataLoader {
  /** `valueColumn`: a long file's value column (config value_columns), when it has several. */
  load(kind: DataFileKind, path: string, valueColumn?: string): Promise<LoadResult>;
  dispose(): void;
}

const WORKER_FLAG = 'backtestDataLoader';

function parseText(kind: DataFileKind, text: string, file: string, valueColumn?: string): unknown {
  if (kind === 'prices') return parsePricesText(text, file, valueColumn);
  if (kind === 'mapping') return parseSectorMappingCsv(text, file);
  if (kind === 'orders') return parseOrdersCsv(text, file);
  if (kind === 'borrow') return parseBorrowCsv(text, file);
  // A plain wide file stays as its columns (see engine/data/columnarValues.ts); anything else, and
  // every invalid file, goes through the engine's parser for its exact error.
  const plain = stripBom(text);
  const fast = detectDatedValuesFormat(plain) === 'wide' ? parseWideFast(plain, isIsoDate, { positive: false, ascending: false }) : null;
  return fast ? new ColumnarDatedValues(fast) : parseDatedValues(text, file, valueColumn);
}

/** Reads and parses a file of any supported format (CSV, JSON, Parquet), synchronously. */
function loadFile(kind: DataFileKind, file: string, valueColumn?: string): unknown {
  if (!isParquetPath(file)) return parseText(kind, readTextFile(file), file, valueColumn);
  if (kind === 'prices') return loadPricesFile(file, valueColumn);
  if (kind === 'mapping') return loadSectorMappingFile(file);
  if (kind === 'orders') return loadOrdersFile(file);
  if (kind === 'borrow') return parseBorrowCsv(readTextFile(file), file);
  // Parquet signals/weights are always columns (long or wide).
  return new ColumnarDatedValues(loadWideValuesFile(file, valueColumn)!);
}

/** Turns anything thrown by fs or a parser into the DataErrorInfo users see (same codes as engine/data's readTextFile). */
export function toErrorInfo(e: unknown, file: string): DataErrorInfo {
  if (e instanceof DataError) return e.toInfo();
  const err = e as { code?: unknown; message?: unknown; toInfo?: () => DataErrorInfo } | null;
  if (err && typeof err.toInfo === 'function') return err.toInfo();
  const sys = err && typeof err.code === 'string' ? err.code : '';
  const info = /^E[A-Z]+$/.test(sys)
    ? new DataError({ file, ...describeFsError(err as NodeJS.ErrnoException, undefined, file) })
    : undefined;
  return info ? info.toInfo() : toDataErrorInfo(e, file);
}

async function loadInline(kind: DataFileKind, path: string, valueColumn?: string): Promise<LoadResult> {
  try {
    await new Promise((r) => setImmediate(r));
    if (isParquetPath(path)) return { ok: true, value: loadFile(kind, path, valueColumn) };
    // The engine's bounded reader: a regular file within the size limit, or a named refusal.
    return { ok: true, value: parseText(kind, readTextFile(path), path, valueColumn) };
  } catch (e) {
    return { ok: false, error: toErrorInfo(e, path) };
  }
}

/** Main-thread loader: async read, then parse in one go after yielding. */
export class InlineLoader implements DataLoader {
  load(kind: DataFileKind, path: string, valueColumn?: string): Promise<LoadResult> {
    return loadInline(kind, path, valueColumn);
  }
  dispose(): void {
    /* nothing held */
  }
}

interface WorkerRequest {
  id: number;
  kind: DataFileKind;
  path: string;
  valueColumn?: string;
}
/** `columnar`: the value is a ColumnarDatedValues' columns (a Map subclass would be cloned as an empty Map). */
interface WorkerReply {
  id: number;
  result: LoadResult;
  columnar?: boolean;
}

/** Loader backed by one worker thread running this same bundle. */
export class WorkerLoader implements DataLoader {
  private readonly rpc: WorkerRpc<WorkerReply, Omit<WorkerRequest, 'id'> & { resolve: (r: LoadResult) => void }>;

  constructor(script: string) {
    this.rpc = new WorkerRpc({
      start: () => new Worker(script, { workerData: { [WORKER_FLAG]: true } }),
      message: (m: WorkerReply, take) => {
        const entry = take(m.id);
        if (!entry) return;
        if (entry.kind === 'mapping' && m.result.ok) restoreNullPrototypes(m.result.value as SectorMapping);
        entry.resolve(m.columnar && m.result.ok ? { ok: true, value: new ColumnarDatedValues(m.result.value as FastPrices) } : m.result);
      },
      // A dead worker must not lose requests: finish them on the main thread.
      stopped: (pending) => {
        for (const p of pending) void loadInline(p.kind, p.path, p.valueColumn).then(p.resolve);
      },
    });
  }

  load(kind: DataFileKind, path: string, valueColumn?: string): Promise<LoadResult> {
    return new Promise((resolve) => {
      const posted = this.rpc.call({ kind, path, valueColumn, resolve }, (id): WorkerRequest => ({ id, kind, path, valueColumn }));
      // No thread (it could not start, or stopped): parse on the main thread.
      if (!posted) void loadInline(kind, path, valueColumn).then(resolve);
    });
  }

  dispose(): void {
    this.rpc.dispose();
  }
}

/** Structured cloning gives the mapping rows' `values` Object's prototype back; the loader made them prototype-free. */
function restoreNullPrototypes(mapping: SectorMapping): void {
  for (const r of mapping.rows ?? []) r.values = Object.assign(Object.create(null) as Record<string, string>, r.values);
}

/** True when this thread was started by WorkerLoader. */
export function isLoaderWorker(): boolean {
  return !isMainThread && !!(workerData && (workerData as Record<string, unknown>)[WORKER_FLAG]);
}

function collectBuffers(value: unknown): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  const cols = (value as { columns?: unknown })?.columns;
  const add = (a: unknown) => {
    if (ArrayBuffer.isView(a) && a.buffer instanceof ArrayBuffer) out.add(a.buffer);
  };
  if (Array.isArray(cols)) cols.forEach(add);
  const v = value as { firstIndex?: unknown; lastIndex?: unknown };
  if (v && typeof v === 'object') {
    add(v.firstIndex);
    add(v.lastIndex);
  }
  return [...out];
}

/** Worker-thread body: parse requested files and post the tables back (buffers transferred). */
export function runLoaderWorker(): void {
  const port = parentPort;
  if (!port) return;
  port.on('message', (req: WorkerRequest) => {
    let result: LoadResult;
    try {
      result = { ok: true, value: loadFile(req.kind, req.path, req.valueColumn) };
    } catch (e) {
      result = { ok: false, error: toErrorInfo(e, req.path) };
    }
    const reply: WorkerReply =
      result.ok && result.value instanceof ColumnarDatedValues
        ? { id: req.id, result: { ok: true, value: result.value.src }, columnar: true }
        : { id: req.id, result };
    try {
      port.postMessage(reply, reply.result.ok ? collectBuffers(reply.result.value) : []);
    } catch (e) {
      port.postMessage({ id: req.id, result: { ok: false, error: toErrorInfo(e, req.path) } });
    }
  });
}

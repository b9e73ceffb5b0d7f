// A run reads two big files before it starts: the prices and its signals (or weights). The
// side thread parses the second while the job's thread parses the prices; the validator
// and the run take its columns from LoadedTables as if parsed here.
import { statSync } from 'node:fs';
import type { LoadedTables } from '../engine/data/loadedTables';
import { loadConfig } from './engineApi';
import type { SideThread } from './sideThread';

/** Below this the side thread's message costs more than parsing here saves. */
const MIN_BYTES = 2 << 20;
/** A config this big holds its data inline: nothing to prefetch, and not worth parsing twice. */
const MAX_CONFIG_BYTES = 256 << 10;

/** How long the job's thread waits for the columns before reading the file itself. */
function waitLimitMs(bytes: number): number {
  return 10_000 + (bytes / (1 << 20)) * 100;
}

/** Hands the config's signals/weights file to the side thread when it is worth it. Never throws. */
export function prefetchInput(configPath: string, tables: LoadedTables, side: SideThread): void {
  try {
    if (statSync(configPath).size > MAX_CONFIG_BYTES) return;
    const config = loadConfig(configPath);
    const file = config.input;
    if (config.use_case === 3 || typeof file !== 'string') return;
    const st = statSync(file);
    if (!st.isFile() || st.size < MIN_BYTES) return;
    const column = config.value_columns.signals ?? config.value_columns.weights;
    tables.preloadWide(file, column, side.wide(file, column, waitLimitMs(st.size)));
  } catch {
    // Anything odd about the config or the file: the job loads it itself and says what is wrong.
  }
}

// A progress bar on stderr, drawn only when stderr is a terminal (never in pipes or CI logs).
import { rawWritable } from './safeStream';

export interface ProgressBar {
  update(fraction: number, label: string): void;
  /** Erases the bar so the summary starts on a clean line. */
  clear(): void;
}

export function createProgressBar(safeStream: NodeJS.WriteStream = process.stderr): ProgressBar {
  // The bar's own \r and ESC[K must reach the terminal: write past the display-safe filter.
  const stream = rawWritable(safeStream);
  if (!stream.isTTY) return { update() {}, clear() {} };
  let last = 0;
  let drawn = false;
  return {
    update(fraction, label) {
      const now = Date.now();
      if (now - last < 80 && fraction < 1) return;
      last = now;
      const f = Math.min(1, Math.max(0, fraction));
      const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - 30));
      const full = Math.round(f * width);
      stream.write(`\r\x1b[K[${'#'.repeat(full)}${'.'.repeat(width - full)}] ${String(Math.round(f * 100)).padStart(3)}% ${label}`);
      drawn = true;
    },
    clear() {
      if (drawn) stream.write('\r\x1b[K');
      drawn = false;
    },
  };
}

export interface ProgressLines {
  /** Writes `<prefix>label` if the interval has passed since the last line, or when `last`. */
  update(label: string, last: boolean): void;
}

/**
 * Progress without a terminal (logs, Slurm, the VS Code Run Sweep command, which parses the
 * lines for its status bar item): a line now and then, every BACKTEST_PROGRESS_INTERVAL_MS
 * (10 s unless set; the editor asks for more), and the last one. Nothing on a terminal, which
 * has the bar instead.
 */
export function createProgressLines(safeStream: NodeJS.WriteStream, prefix: string): ProgressLines {
  if (safeStream.isTTY) return { update() {} };
  const env = process.env.BACKTEST_PROGRESS_INTERVAL_MS;
  const interval = env && Number(env) >= 0 ? Number(env) : 10_000;
  let lastLine = 0;
  return {
    update(label, last) {
      if (Date.now() - lastLine <= interval && !last) return;
      lastLine = Date.now();
      safeStream.write(`${prefix}${label}\n`);
    },
  };
}

// The CLI's stdout and stderr: every string written is made display-safe (control and bidi
// characters as visible \uXXXX escapes), so a ticker holding ESC sequences or U+202E never
// reaches the terminal raw. In JSON output the escapes are JSON's own, so values are unchanged.
import { displaySafe } from '../engine/text/safeText';

const RAW = Symbol.for('backtest.rawStream');

/** The stream with `write` filtered; other members (isTTY, columns, on, ...) are the stream's own. */
export function safeWritable<T extends NodeJS.WritableStream>(stream: T): T {
  if ((stream as unknown as Record<symbol, unknown>)[RAW]) return stream;
  return new Proxy(stream, {
    get(target, prop, receiver) {
      if (prop === RAW) return target;
      if (prop === 'write') {
        return (chunk: unknown, ...rest: unknown[]) =>
          (target.write as (...a: unknown[]) => boolean).call(target, typeof chunk === 'string' ? displaySafe(chunk) : chunk, ...rest);
      }
      const v = Reflect.get(target, prop, receiver) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

/** The unfiltered stream behind safeWritable, for our own terminal control codes (the progress bar). */
export function rawWritable<T extends NodeJS.WritableStream>(stream: T): T {
  return ((stream as unknown as Record<symbol, unknown>)[RAW] as T | undefined) ?? stream;
}

// Every request and notification handler goes through `safe`: an exception becomes a
// logged message and an empty answer, never a dead server.
export type Logger = (message: string) => void;

export function safe<P extends unknown[], R>(
  log: Logger,
  name: string,
  fallback: R,
  fn: (...args: P) => R | Promise<R>,
): (...args: P) => Promise<R> {
  return async (...args: P) => {
    try {
      return await fn(...args);
    } catch (e) {
      log(`[${name}] ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      return fallback;
    }
  };
}

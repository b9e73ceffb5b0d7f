// Shared by the fuzz suites: seeded, bounded fast-check runs that count what they tried.
//   FUZZ_RUNS=N   scales every suite to N runs of its main property (default: each suite's
//                 CI budget; the expensive ones run N / their divisor)
//   FUZZ_SEED=S   another seed (the default is fixed, so CI is reproducible)
import fc from 'fast-check';
import type { TestContext } from 'node:test';

export const DEFAULT_SEED = 20240607;

export function fuzzSeed(): number {
  const s = Number(process.env.FUZZ_SEED);
  return Number.isFinite(s) && process.env.FUZZ_SEED ? s : DEFAULT_SEED;
}

/** Runs for one property: `ciRuns` by default, FUZZ_RUNS / divisor when FUZZ_RUNS is set. */
export function fuzzRuns(ciRuns: number, divisor = 1): number {
  const n = Number(process.env.FUZZ_RUNS);
  if (!process.env.FUZZ_RUNS || !Number.isFinite(n) || n <= 0) return ciRuns;
  return Math.max(1, Math.round(n / divisor));
}

/** Counts inputs and failures of one suite and prints them the way CI greps for. */
export class FuzzStats {
  tried = 0;
  failures = 0;
  readonly notes: string[] = [];
  constructor(readonly suite: string) {}

  report(t?: TestContext): void {
    const line = `[fuzz] ${this.suite}: inputs tried: ${this.tried}, failures: ${this.failures}`;
    console.log(line);
    t?.diagnostic(line);
    for (const n of this.notes.slice(0, 5)) t?.diagnostic(`  ${n}`);
  }
}

/**
 * fc.assert over an async property with the suite's seed and run count; the property
 * returns nothing and throws (assert) on a failure. Counts every input and failure.
 */
export async function fuzzAsync<T>(stats: FuzzStats, arb: fc.Arbitrary<T>, runs: number, body: (v: T) => Promise<void>): Promise<void> {
  try {
    await fc.assert(
      fc.asyncProperty(arb, async (v) => {
        stats.tried++;
        try {
          await body(v);
        } catch (err) {
          stats.failures++;
          throw err;
        }
      }),
      { seed: fuzzSeed(), numRuns: runs, endOnFailure: true },
    );
  } catch (err) {
    // fast-check's report already names the seed and the shrunk counterexample.
    stats.notes.push(err instanceof Error ? err.message.split('\n').slice(0, 3).join(' | ') : String(err));
    throw err;
  }
}

export function fuzzSync<T>(stats: FuzzStats, arb: fc.Arbitrary<T>, runs: number, body: (v: T) => void): void {
  try {
    fc.assert(
      fc.property(arb, (v) => {
        stats.tried++;
        try {
          body(v);
        } catch (err) {
          stats.failures++;
          throw err;
        }
      }),
      { seed: fuzzSeed(), numRuns: runs, endOnFailure: true },
    );
  } catch (err) {
    stats.notes.push(err instanceof Error ? err.message.split('\n').slice(0, 3).join(' | ') : String(err));
    throw err;
  }
}

/** Nasty fragments to splice into text files: quotes, brackets, NUL, unicode, huge numbers. */
export const NASTY_FRAGMENTS: readonly string[] = [
  '"',
  "'",
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  '\\',
  '\u0000',
  '\u0000\u0000\u0000',
  '\r',
  '\r\n',
  '\n\n',
  '\t',
  '\uFEFF',
  '\u2028',
  '\u2029',
  '\uD800',
  '\uDFFF',
  '😀',
  'é',
  '\u200B',
  'Ⅻ',
  '١٢٣',
  '𝟘',
  '1e309',
  '-1e309',
  '1e-400',
  '9'.repeat(400),
  '-0',
  'NaN',
  'Infinity',
  '0x1F',
  '1_000',
  '.5',
  '5.',
  '+1',
  'null',
  'true',
  'false',
  '//',
  '/*',
  '*/',
  '/* c */',
  '// c\n',
  '<script>alert(1)</script>',
  '${x}',
  '%s%n',
  '"__proto__"',
  '"constructor"',
  '"prototype"',
  '../../../../etc/passwd',
  '/dev/zero',
  'C:\\Windows\\win.ini',
];

/** An arbitrary that edits `text` by one of several mutations; `extra` adds domain fragments. */
export function mutatedText(text: string, extra: readonly string[] = []): fc.Arbitrary<string> {
  const fragments = [...NASTY_FRAGMENTS, ...extra];
  const len = Math.max(1, text.length);
  const pos = fc.nat({ max: len });
  const fragment = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...fragments) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  );
  const one: fc.Arbitrary<(s: string) => string> = fc.oneof(
    pos.map((p) => (s: string) => s.slice(0, Math.min(p, s.length))), // truncate
    fc.tuple(pos, fc.integer({ min: 1, max: 40 })).map(
      ([p, n]) =>
        (s: string) =>
          s.slice(0, p) + s.slice(p + n),
    ), // delete a run
    fc.tuple(pos, fragment).map(
      ([p, f]) =>
        (s: string) =>
          s.slice(0, p) + f + s.slice(p),
    ), // insert
    fc.tuple(pos, fragment).map(
      ([p, f]) =>
        (s: string) =>
          s.slice(0, p) + f + s.slice(p + 1),
    ), // replace a char
    fc.tuple(fc.constantFrom('"', '{', '}', ',', ':', '[', ']', '\n'), fc.nat({ max: 20 })).map(([ch, k]) => (s: string) => {
      // delete the k-th occurrence of a structural character
      let at = -1;
      for (let i = 0; i <= k; i++) {
        at = s.indexOf(ch, at + 1);
        if (at < 0) return s;
      }
      return s.slice(0, at) + s.slice(at + 1);
    }),
    fc.tuple(pos, pos).map(([a, b]) => (s: string) => {
      const [x, y] = a < b ? [a, b] : [b, a];
      return s.slice(0, y) + s.slice(x, y) + s.slice(y);
    }), // duplicate a span
    fc.tuple(pos, pos).map(([a, b]) => (s: string) => {
      const [x, y] = a < b ? [a, b] : [b, a];
      return s.slice(0, x) + s.slice(y);
    }), // cut a span
    fc
      .constantFrom('1e309', '9'.repeat(330), '-1e-330', '123456789012345678901234567890.5', '0', '-0')
      .map((num) => (s: string) => s.replace(/-?\d+(\.\d+)?/, num)), // huge numbers
  );
  return fc.array(one, { minLength: 1, maxLength: 4 }).map((edits) => edits.reduce((s, f) => f(s), text));
}

/** Line count of a text, counting \r\n, \r and \n as one break each (LSP convention). */
export function lineLengths(text: string): number[] {
  return text.split(/\r\n|\r|\n/).map((l) => l.length);
}

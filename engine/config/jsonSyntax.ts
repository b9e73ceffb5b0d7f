// JSONC syntax problems of a config, worded once for every consumer: `backtest validate`,
// the language server and BacktestConfig.fromText (`backtest run`) all show the same
// message and fix. Also the last-wins lookup of a key, as JSON.parse / getNodeValue use.
import * as jsonc from 'jsonc-parser';

export interface SyntaxProblem {
  /** Offset and length in the text. */
  offset: number;
  length: number;
  /** Human message, one sentence, ending with a period. */
  message: string;
  fix: string;
}

// jsonc.ParseErrorCode is a const enum; the numbers are its documented values.
const E = {
  InvalidSymbol: 1,
  InvalidNumberFormat: 2,
  PropertyNameExpected: 3,
  ValueExpected: 4,
  ColonExpected: 5,
  CommaExpected: 6,
  CloseBraceExpected: 7,
  CloseBracketExpected: 8,
  EndOfFileExpected: 9,
  InvalidCommentToken: 10,
  UnexpectedEndOfComment: 11,
  UnexpectedEndOfString: 12,
  UnexpectedEndOfNumber: 13,
  InvalidUnicode: 14,
  InvalidEscapeCharacter: 15,
  InvalidCharacter: 16,
} as const;
const MESSAGES: Record<number, [message: string, fix: string]> = {
  [E.InvalidSymbol]: ['Invalid symbol', 'Remove the stray characters; strings need "double quotes".'],
  [E.InvalidNumberFormat]: ['Invalid number format', 'Write numbers like 1000000, 0.05 or -1e-3 (no thousands separators, no leading +).'],
  [E.PropertyNameExpected]: ['Property name expected', 'Write the key in double quotes, e.g. "initial_cash": 1000000.'],
  [E.ValueExpected]: ['Value expected', 'Put a value after the colon (a number, "string", true/false, {...} or [...]).'],
  [E.ColonExpected]: ['Colon expected', 'Separate the key from its value with a colon: "key": value.'],
  [E.CommaExpected]: ['Expected comma', 'Add a comma after the previous value.'],
  [E.CloseBraceExpected]: ['Expected comma or closing brace', 'Add the missing comma, or close the object with }.'],
  [E.CloseBracketExpected]: ['Expected comma or closing bracket', 'Add the missing comma, or close the array with ].'],
  [E.EndOfFileExpected]: ['End of file expected', 'Delete what follows the closing } of the config (a config is one JSON object).'],
  [E.InvalidCommentToken]: ['Invalid comment', 'Start comments with // or /* ... */.'],
  [E.UnexpectedEndOfComment]: ['Unexpected end of comment', 'Close the /* comment with */.'],
  [E.UnexpectedEndOfString]: ['Unterminated string', 'Close the string with a double quote on the same line.'],
  [E.UnexpectedEndOfNumber]: ['Unexpected end of number', 'Finish the number, e.g. 1.0 or 1e-3.'],
  [E.InvalidUnicode]: ['Invalid unicode sequence in string', 'Write \\u followed by four hex digits.'],
  [E.InvalidEscapeCharacter]: [
    'Invalid escape character in string',
    'Use \\\\ for a backslash (e.g. in Windows paths), or forward slashes.',
  ],
  [E.InvalidCharacter]: [
    'Invalid characters in string: control characters must be escaped',
    'Remove the control character (a tab or line break inside quotes) or escape it (\\t, \\n).',
  ],
};

/** "Expected comma" etc. for a jsonc-parser error code. */
export function syntaxMessage(code: jsonc.ParseErrorCode): { message: string; fix: string } {
  const [message, fix] = MESSAGES[code] ?? ['Syntax error', 'Fix the quoting, commas or braces at the marked position.'];
  return { message, fix };
}

/** NUL never occurs in a text config; it marks a binary file (or UTF-16 text). */
export function looksBinaryText(text: string): boolean {
  return text.slice(0, 8192).includes('\u0000');
}

export const BINARY_CONFIG: Omit<SyntaxProblem, 'offset' | 'length'> = {
  message: 'This is a binary file (an archive, spreadsheet or UTF-16 text?), not a UTF-8 JSONC config.',
  fix: 'Save the config as UTF-8 text: a JSON object like { "initial_cash": 1000000, ... }.',
};

export const EMPTY_CONFIG: Omit<SyntaxProblem, 'offset' | 'length'> = {
  message: 'The config file is empty; it must be a JSON object.',
  fix: 'Write a JSON object, e.g. { "use_case": "signals", "inputs": { "signals": "signals.csv" } }, or copy a sample from sample_data/configs/.',
};

/**
 * The syntax problems of a config text (BOM already handled by the caller): one for a
 * binary or empty file, else one per parse error, worded by syntaxMessage.
 */
export function configSyntaxProblems(text: string, errors: jsonc.ParseError[], root: jsonc.Node | undefined): SyntaxProblem[] {
  if (looksBinaryText(text)) return [{ offset: 0, length: Math.min(1, text.length), ...BINARY_CONFIG }];
  if (
    !root &&
    (!errors.length ||
      errors.every(
        (e) =>
          e.error === E.ValueExpected &&
          text
            .slice(0, e.offset)
            .replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, '')
            .trim() === '',
      ))
  ) {
    return [{ offset: 0, length: Math.min(1, text.length), ...EMPTY_CONFIG }];
  }
  return errors.map((e) => {
    const m = syntaxMessage(e.error);
    return { offset: e.offset, length: e.length, message: `JSON syntax error: ${m.message}.`, fix: m.fix };
  });
}

/**
 * The value node at a path where a duplicated key resolves to its LAST occurrence, the one
 * JSON.parse and jsonc.getNodeValue keep (jsonc.findNodeAtLocation returns the first).
 */
export function findValueNode(root: jsonc.Node | undefined, path: (string | number)[]): jsonc.Node | undefined {
  let node = root;
  for (const seg of path) {
    if (!node) return undefined;
    if (typeof seg === 'string') {
      if (node.type !== 'object' || !node.children) return undefined;
      let found: jsonc.Node | undefined;
      for (const prop of node.children) if (prop.children?.[0]?.value === seg && prop.children.length > 1) found = prop.children[1];
      node = found;
    } else {
      if (node.type !== 'array' || !node.children || seg < 0 || seg >= node.children.length) return undefined;
      node = node.children[seg];
    }
  }
  return node;
}

/** Key nodes of every property that repeats an earlier key of the same object (the later copies). */
export function duplicateKeyNodes(root: jsonc.Node | undefined): jsonc.Node[] {
  const out: jsonc.Node[] = [];
  const stack = root ? [root] : [];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'object') {
      const seen = new Set<string>();
      for (const prop of n.children ?? []) {
        const key = prop.children?.[0];
        if (key && typeof key.value === 'string') {
          if (seen.has(key.value)) out.push(key);
          else seen.add(key.value);
        }
      }
    }
    for (const c of n.children ?? []) stack.push(c);
  }
  return out.sort((a, b) => a.offset - b.offset);
}

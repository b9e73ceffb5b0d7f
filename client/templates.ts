// Copies a sample config (and the sample data it reads) into the user's workspace,
// rewriting its relative paths so it runs from its new place. Pure node: unit-tested.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { applyEdits, modify, parse, type ParseError } from 'jsonc-parser';

export interface Template {
  id: string;
  file: string;
  title: string;
  description: string;
}

/** The sample configs shipped in `<ext>/sample_data/configs`, titled from their first comment line. */
export function listTemplates(sampleRoot: string): Template[] {
  const dir = path.join(sampleRoot, 'configs');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.backtest.jsonc'))
    .sort()
    .map((f) => {
      const text = readFileSync(path.join(dir, f), 'utf8');
      const comments = text
        .split('\n')
        .filter((l) => l.startsWith('//'))
        .map((l) => l.replace(/^\/\/\s?/, ''));
      const first = comments[0] ?? '';
      const [title, ...rest] = first.split(/:\s+/);
      const name = (parse(text) as { name?: string } | undefined)?.name;
      return {
        id: f.replace(/\.backtest\.jsonc$/, ''),
        file: path.join(dir, f),
        title: name ?? title ?? f,
        description: rest.join(': ') || title || '',
      };
    });
}

/** Keys whose string values are paths relative to the config file. */
function pathKeys(obj: Record<string, unknown>): (string | number)[][] {
  const keys: (string | number)[][] = [];
  // prices_file and sector_mapping_file are relative to data_dir, which is re-pointed itself.
  for (const k of ['data_dir']) if (typeof obj[k] === 'string') keys.push([k]);
  const inputs = obj.inputs as Record<string, unknown> | undefined;
  if (inputs && typeof inputs === 'object')
    for (const k of Object.keys(inputs)) if (typeof inputs[k] === 'string') keys.push(['inputs', k]);
  return keys;
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/**
 * Config text for `template` placed at `destFile`, where the sample data folder has been
 * (or will be) copied to `destDataRoot`: every relative path is re-pointed, `$schema` is
 * dropped (the language server knows the schema), comments are kept.
 */
export function rewriteTemplate(templateFile: string, sampleRoot: string, destFile: string, destDataRoot: string): string {
  let text = readFileSync(templateFile, 'utf8');
  const errors: ParseError[] = [];
  const obj = parse(text, errors, { allowTrailingComma: true }) as Record<string, unknown>;
  if (errors.length || !obj || typeof obj !== 'object') throw new Error(`${templateFile} does not parse as JSONC`);
  const fmt = { formattingOptions: { insertSpaces: true, tabSize: 2 } };
  for (const key of pathKeys(obj)) {
    const value = key.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], obj) as string;
    const abs = path.resolve(path.dirname(templateFile), value);
    const inSample = path.relative(sampleRoot, abs);
    if (inSample.startsWith('..') || path.isAbsolute(inSample)) continue; // not sample data: leave as written
    const rel = toPosix(path.relative(path.dirname(destFile), path.join(destDataRoot, inSample))) || '.';
    text = applyEdits(text, modify(text, key, rel, fmt));
  }
  if ('$schema' in obj) text = applyEdits(text, modify(text, ['$schema'], undefined, fmt));
  return text;
}

/** Copies the sample data files (not the configs) to `destDataRoot`, never overwriting. Returns the files copied. */
export function copySampleData(sampleRoot: string, destDataRoot: string): string[] {
  const copied: string[] = [];
  const walk = (rel: string) => {
    for (const name of readdirSync(path.join(sampleRoot, rel))) {
      const r = path.join(rel, name);
      const src = path.join(sampleRoot, r);
      if (statSync(src).isDirectory()) {
        if (name !== 'configs' && name !== 'walkthrough') walk(r);
        continue;
      }
      if (!/\.(csv|json|parquet)$/i.test(name)) continue;
      const dest = path.join(destDataRoot, r);
      if (existsSync(dest)) continue;
      mkdirSync(path.dirname(dest), { recursive: true });
      copyFileSync(src, dest);
      copied.push(dest);
    }
  };
  walk('');
  return copied;
}

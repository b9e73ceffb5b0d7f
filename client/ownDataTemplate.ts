// New Backtest Config from the user's own data: a workspace folder holding prices.csv and
// sector_mapping.csv gets a config that points at them (nothing is copied), with the run
// dates taken from the price file, every sector of the mapping as a neutral target, and
// the signals / weights / orders file of that folder as input when there is one.
// Pure node (no vscode): unit-tested.
import { closeSync, existsSync, openSync, readSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import Papa from 'papaparse';

export interface OwnData {
  /** Folder with prices.csv and sector_mapping.csv. */
  dir: string;
  firstDate: string | null;
  lastDate: string | null;
  sectors: string[];
  input: { useCase: 1 | 2 | 3; key: 'weights' | 'signals' | 'orders'; file: string } | null;
}

const DATE = /^\d{4}-\d{2}-\d{2}/;

/** First and last date of a wide or long price CSV (first column), reading only its ends. */
function dateRange(file: string): [string | null, string | null] {
  const size = statSync(file).size;
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(Math.min(size, 64 * 1024));
    readSync(fd, head, 0, head.length, 0);
    const tail = Buffer.alloc(Math.min(size, 64 * 1024));
    readSync(fd, tail, 0, tail.length, size - tail.length);
    const first =
      head
        .toString('utf8')
        .split(/\r?\n/)
        .slice(1)
        .find((l) => DATE.test(l))
        ?.slice(0, 10) ?? null;
    const last =
      tail
        .toString('utf8')
        .split(/\r?\n/)
        .filter((l) => DATE.test(l))
        .pop()
        ?.slice(0, 10) ?? null;
    return [first, last];
  } finally {
    closeSync(fd);
  }
}

/** What the folder holds, or null when it lacks prices.csv or sector_mapping.csv. */
export function inspectOwnData(dir: string): OwnData | null {
  const prices = path.join(dir, 'prices.csv'),
    mapping = path.join(dir, 'sector_mapping.csv');
  if (!existsSync(prices) || !existsSync(mapping)) return null;
  const [firstDate, lastDate] = dateRange(prices);
  const rows = Papa.parse<Record<string, string>>(readFileSync(mapping, 'utf8'), { header: true, skipEmptyLines: true }).data;
  const col = rows.length ? Object.keys(rows[0]).find((k) => k.trim().toLowerCase() === 'sector') : undefined;
  const sectors = col ? [...new Set(rows.map((r) => (r[col] ?? '').trim()).filter(Boolean))].sort() : [];
  const candidates: OwnData['input'][] = [
    { useCase: 2, key: 'signals', file: 'signals.csv' },
    { useCase: 1, key: 'weights', file: 'weights.csv' },
    { useCase: 3, key: 'orders', file: 'orders.csv' },
  ];
  const input = candidates.find((c) => c && existsSync(path.join(dir, c.file))) ?? null;
  return { dir, firstDate, lastDate, sectors, input };
}

const posix = (p: string) => p.split(path.sep).join('/') || '.';

/** The config text for `data`, to be written at `destFile`. */
export function ownDataConfig(data: OwnData, destFile: string): string {
  const rel = posix(path.relative(path.dirname(destFile), data.dir));
  const input = data.input ?? { useCase: 2 as const, key: 'signals' as const, file: 'signals.csv' };
  const inputPath = posix(path.relative(path.dirname(destFile), path.join(data.dir, input.file)));
  const targets = data.sectors.map((s) => `    ${JSON.stringify(s)}: 0.0`).join(',\n');
  const lines = [
    `// Your data in ${rel}: prices.csv and sector_mapping.csv${data.input ? `, ${input.file} as the book` : ''}.`,
    '// Every sector of your mapping is hedged to neutral with its SPDR sector ETF; change the',
    '// targets, the method or the dates, and hover any key for what it does.',
    '{',
    `  "name": ${JSON.stringify(path.basename(destFile).replace(/\.backtest\.jsonc$/, ''))},`,
    '  "initial_cash": 10000000,',
    ...(data.firstDate ? [`  "start_date": ${JSON.stringify(data.firstDate)},`] : []),
    ...(data.lastDate ? [`  "end_date": ${JSON.stringify(data.lastDate)},`] : []),
    `  "data_dir": ${JSON.stringify(rel)},`,
    '',
    data.input
      ? `  // Use case ${input.useCase}: ${input.key} from ${input.file}.`
      : '  // Point this at your book: signals (use_case 2), weights (1) or orders (3).',
    `  "use_case": ${input.useCase},`,
    `  "inputs": { ${JSON.stringify(input.key)}: ${JSON.stringify(inputPath)} },`,
    '',
    '  "enable_sector_hedge": true,',
    '  "sector_hedge_method": "etf",',
    `  "sector_target_exposures": {${targets ? `\n${targets}\n  ` : ''}},`,
    '  "sector_hedge_tolerance": 0.02,',
    '  "enable_beta_hedge": false',
    '}',
    '',
  ];
  return lines.join('\n');
}

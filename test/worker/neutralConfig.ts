// The sample neutral-ETF config copied into a test folder with its data paths made
// absolute, and some of its text replaced (for a config with one mistake in it).
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const SAMPLES = path.resolve(__dirname, '..', '..', 'sample_data');
export const NEUTRAL = path.join(SAMPLES, 'configs', 'neutral-etf.backtest.jsonc');

export function neutralConfigWith(dir: string, name: string, replace: Record<string, string>): string {
  let text = readFileSync(NEUTRAL, 'utf8')
    .replace('"data_dir": ".."', `"data_dir": ${JSON.stringify(SAMPLES)}`)
    .replace('"../signals.csv"', JSON.stringify(path.join(SAMPLES, 'signals.csv')));
  for (const [from, to] of Object.entries(replace)) {
    assert.ok(text.includes(from), `${from} is in the config`);
    text = text.replace(from, to);
  }
  const file = path.join(dir, `${name}.backtest.jsonc`);
  writeFileSync(file, text);
  return file;
}

// `backtest run` and the editor's Run go through one job runner (jobs/job.ts executeJob):
// the same failure, located on the same config line, and the same order of checks
// (an unsafe results folder is refused before anything reads the config or its data).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { executeRun } from '../../jobs/editorRun';
import { neutralConfigWith } from './neutralConfig';
import type { RunFailure, WorkerMessage } from '../../common/workerProtocol';
import { cli, ensureBuilt, ROOT } from '../cli/helpers';

const samples = path.join(ROOT, 'sample_data');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'one-runner-test-'));
before(() => ensureBuilt());
after(() => rmSync(tmp, { recursive: true, force: true }));

const configWith = (name: string, replace: Record<string, string>): string => neutralConfigWith(tmp, name, replace);

function editorFailure(configPath: string, outDir: string | null): RunFailure {
  const messages: WorkerMessage[] = [];
  executeRun({ kind: 'run', configPath, outDir, cancelFlag: new SharedArrayBuffer(4) }, (m) => messages.push(m));
  const last = messages.at(-1)!;
  assert.equal(last.type, 'error', JSON.stringify(last).slice(0, 300));
  return (last as { failure: RunFailure }).failure;
}

/** The CLI's `error: file:line:col: message` line, without --force's validation in the way. */
function cliFailureLine(configPath: string, outDir: string): string {
  const r = cli(['run', configPath, '--out', outDir, '--force']);
  assert.equal(r.code, 2, r.stderr);
  return r.stderr.split('\n')[0];
}

test('a missing input file: the CLI and the editor fail on the same config line with the same words', () => {
  const config = configWith('missing-signals', { [JSON.stringify(path.join(samples, 'signals.csv'))]: '"../no-such-signals.csv"' });
  const f = editorFailure(config, path.join(tmp, 'missing-editor'));
  const text = readFileSync(config, 'utf8');
  assert.equal(f.file, config);
  assert.match(text.split('\n')[f.line! - 1], /no-such-signals\.csv/);
  const line = cliFailureLine(config, path.join(tmp, 'missing-cli'));
  assert.equal(line, `error: ${config}:${f.line}:${f.column}: ${f.message}`);
  assert.equal(existsSync(path.join(tmp, 'missing-editor')), false);
  assert.equal(existsSync(path.join(tmp, 'missing-cli')), false);
});

test('a results folder holding other files is refused first, before a broken config is even read', () => {
  const config = configWith('broken', { '"sector_hedge_method": "etf"': '"sector_hedge_method": "etfs"' });
  const dir = path.join(tmp, 'holds-notes');
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'notes.txt'), 'mine');
  const f = editorFailure(config, dir);
  assert.match(f.message, /already holds other files \(notes\.txt\)/);
  const line = cliFailureLine(config, dir);
  assert.match(line, /already holds other files \(notes\.txt\)/);
  assert.deepEqual(readdirSync(dir), ['notes.txt'], 'the folder is left as it was');
});

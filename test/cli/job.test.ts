// The pieces behind the commands: cancelling writes nothing, --out never wipes a folder
// of other files, and the argument parser's errors.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { executeJob, type JobMessage } from '../../jobs/job';
import { parseArgs, UsageError } from '../../cli/args';
import { runSpec } from '../../cli/commands/run';
import { config, tempDir } from './helpers';

describe('run job', () => {
  it('a cancel during the run writes nothing and reports cancelled', () => {
    const out = path.join(tempDir('job-cancel'), 'results');
    const messages: JobMessage[] = [];
    let progressSeen = 0;
    executeJob(
      { kind: 'run', configPath: config('orders'), outDir: out, htmlFile: null, writePositions: true, assetsDir: '/nonexistent' },
      (m) => {
        messages.push(m);
        if (m.type === 'progress') progressSeen++;
      },
      () => progressSeen > 0,
    );
    assert.equal(messages.at(-1)!.type, 'cancelled');
    assert.ok(!messages.some((m) => m.type === 'writing' || m.type === 'done'));
    assert.ok(!existsSync(out));
    assert.deepEqual(readdirSync(path.dirname(out)), [], 'no temp folders left behind');
  });

  it('a finished run writes the files and returns their paths', () => {
    const out = path.join(tempDir('job-done'), 'results');
    const messages: JobMessage[] = [];
    executeJob(
      { kind: 'run', configPath: config('orders'), outDir: out, htmlFile: null, writePositions: false, assetsDir: '/nonexistent' },
      (m) => messages.push(m),
      () => false,
    );
    const done = messages.at(-1)!;
    assert.equal(done.type, 'done');
    if (done.type !== 'done' || done.kind !== 'run') return;
    assert.deepEqual(done.files.map((f) => path.basename(f)).sort(), [
      'attribution.csv',
      'beta.csv',
      'equity.csv',
      'exposures.csv',
      'metrics.json',
      'trades.csv',
    ]);
    assert.ok(done.summary.tradeCounts.order > 0);
  });

  it('--out refuses a folder holding other files, and leaves it untouched', () => {
    const dir = tempDir('job-out');
    mkdirSync(path.join(dir, 'src'));
    writeFileSync(path.join(dir, 'notes.txt'), 'keep me');
    const messages: JobMessage[] = [];
    executeJob(
      { kind: 'run', configPath: config('orders'), outDir: dir, htmlFile: null, writePositions: true, assetsDir: '/nonexistent' },
      (m) => messages.push(m),
      () => false,
    );
    const last = messages.at(-1)!;
    assert.equal(last.type, 'error');
    if (last.type === 'error') {
      assert.match(last.failure.message, /already holds other files \((notes\.txt, src|src, notes\.txt)\)/);
      assert.match(last.failure.fix ?? '', /new or empty folder/);
    }
    assert.deepEqual(readdirSync(dir).sort(), ['notes.txt', 'src']);
  });

  it('--html without the report bundle fails before running, naming the missing file', () => {
    const messages: JobMessage[] = [];
    executeJob(
      {
        kind: 'run',
        configPath: config('orders'),
        outDir: null,
        htmlFile: path.join(tempDir('job-html'), 'r.html'),
        writePositions: true,
        assetsDir: '/nonexistent',
      },
      (m) => messages.push(m),
      () => false,
    );
    assert.ok(!messages.some((m) => m.type === 'progress'), 'no run started');
    const last = messages.at(-1)!;
    assert.ok(last.type === 'error' && /webview\.js is missing/.test(last.failure.message) && /npm run build/.test(last.failure.fix ?? ''));
  });
});

describe('argument parser', () => {
  it('accepts --flag VALUE and --flag=VALUE, and boolean flags', () => {
    const a = parseArgs(['x.jsonc', '--out=res', '--json', '--html', 'r.html'], runSpec);
    assert.deepEqual(a.positionals, ['x.jsonc']);
    assert.equal(a.flags.get('out'), 'res');
    assert.equal(a.flags.get('json'), true);
    assert.equal(a.flags.get('html'), 'r.html');
  });

  it('rejects a missing value, a repeated flag, a value on a boolean, and wrong argument counts', () => {
    assert.throws(
      () => parseArgs(['x', '--out'], runSpec),
      (e: Error) => e instanceof UsageError && /--out needs a value: --out DIR/.test(e.message),
    );
    assert.throws(() => parseArgs(['x', '--out', '--json'], runSpec), /--out needs a value/);
    assert.throws(() => parseArgs(['x', '--json', '--json'], runSpec), /given twice/);
    assert.throws(() => parseArgs(['x', '--json=yes'], runSpec), /takes no value/);
    assert.throws(() => parseArgs([], runSpec), /missing CONFIG/);
    assert.throws(() => parseArgs(['a', 'b'], runSpec), /unexpected argument b/);
    assert.throws(() => parseArgs(['x', '--jsno'], runSpec), /did you mean --json/);
    assert.equal(parseArgs(['--help'], runSpec).help, true);
  });
});

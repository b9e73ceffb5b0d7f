// `--html` replaces one file: a folder or someone else's file is refused before the run
// (exit 2, no stack trace), and an earlier report is replaced.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { STACK_LINE, cli, config, ensureBuilt, tempDir } from './helpers';

describe('backtest run --html FILE target', () => {
  before(() => ensureBuilt());
  const cfg = config('orders');

  it('refuses a folder, naming the flag and a fix', () => {
    const dir = path.join(tempDir('html-target'), 'reports');
    mkdirSync(dir);
    const r = cli(['run', cfg, '--html', dir]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--html .*reports is a folder, not a file/);
    assert.match(r.stderr, /fix: name the report file/);
    assert.doesNotMatch(r.stderr, STACK_LINE);
  });

  it('refuses to overwrite a file that is not a report, and leaves it intact', () => {
    const file = path.join(tempDir('html-target'), 'notes.txt');
    writeFileSync(file, 'my notes');
    const r = cli(['run', cfg, '--html', file]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /already exists and is not a backtest report/);
    assert.equal(readFileSync(file, 'utf8'), 'my notes');
  });

  it('replaces an earlier report', () => {
    const file = path.join(tempDir('html-target'), 'r.html');
    assert.equal(cli(['run', cfg, '--html', file]).code, 0);
    assert.equal(cli(['run', cfg, '--html', file]).code, 0);
    assert.match(readFileSync(file, 'utf8'), /^<!DOCTYPE html>/);
  });
});

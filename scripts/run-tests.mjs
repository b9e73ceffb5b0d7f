// Runs every *.test.ts under test/ (except the in-VS-Code mocha suite, which has its own
// launchers) with node's test runner through tsx. Pass paths or substrings to filter:
//   node scripts/run-tests.mjs engine server/completion
import { readdirSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const filters = process.argv.slice(2);

function walk(dir, out) {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) {
      if (full === path.join(root, 'test', 'extension', 'in-host')) continue;
      walk(full, out);
    } else if (name.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

let files = walk(path.join(root, 'test'), []).sort();
if (filters.length) files = files.filter((f) => filters.some((s) => path.relative(root, f).includes(s)));
if (!files.length) {
  console.error('run-tests: no test files matched');
  process.exit(1);
}
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...files], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, FORCE_COLOR: '0' },
});
process.exit(r.status ?? 1);

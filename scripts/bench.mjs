// `npm run bench [-- --quick | --only=W1,W2,LSP,PANEL | --profile | --json=FILE]`
// (package.json builds first). The benchmark itself is TypeScript under bench/, run
// through tsx; each workload is measured in its own child process (see bench/main.ts).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'bench', 'main.ts'), ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(r.status ?? 1);

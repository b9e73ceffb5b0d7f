// `npm run typecheck`: the whole tree with tsconfig.json (tests, bench and scripts too),
// then each layer with its own tsconfig (DOM types only in webview/, the vscode API only in
// client/), so a layer using what it may not fails here. Layers from scripts/layers.mjs.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LAYERS } from './layers.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
let failed = 0;
for (const project of ['tsconfig.json', ...LAYERS.map((l) => `${l}/tsconfig.json`)]) {
  const r = spawnSync(process.execPath, [tsc, '-p', project, '--noEmit'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    console.error(`typecheck: ${project} failed`);
  }
}
process.exit(failed ? 1 : 0);

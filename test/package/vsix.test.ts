// The .vsix users install: built with `vsce package --no-dependencies`, listed, and checked
// to hold exactly what the extension needs (bundles, schemas, sample data, docs, icon).
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { inflateRawSync } from 'node:zlib';

const root = path.resolve(__dirname, '..', '..');
const built = ['dist/extension.js', 'dist/server.js', 'dist/runWorker.js', 'dist/webview.js'].every((f) => existsSync(path.join(root, f)));

interface Entry {
  name: string;
  data: () => Buffer;
}

/** Reads a zip's central directory (the .vsix format), no dependency needed. */
function listZip(buf: Buffer): Entry[] {
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(eocd >= 0, 'a zip end-of-central-directory record');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries: Entry[] = [];
  for (let i = 0; i < count; i++) {
    assert.equal(buf.readUInt32LE(p), 0x02014b50, 'central directory entry');
    const method = buf.readUInt16LE(p + 10);
    const csize = buf.readUInt32LE(p + 20);
    const nlen = buf.readUInt16LE(p + 28),
      xlen = buf.readUInt16LE(p + 30),
      clen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nlen);
    entries.push({
      name,
      data: () => {
        const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
        const raw = buf.subarray(start, start + csize);
        return method === 8 ? inflateRawSync(raw) : Buffer.from(raw);
      },
    });
    p += 46 + nlen + xlen + clen;
  }
  return entries;
}

let dir = '';
let entries: Entry[] = [];
let names: string[] = [];

before(async () => {
  if (!built) return;
  dir = mkdtempSync(path.join(os.tmpdir(), 'vsix-test-'));
  // @ts-expect-error: plain .mjs helper shared with the launchers, no type declarations
  const { packageVsix } = await import('../../scripts/vscode-harness.mjs');
  const vsix = packageVsix(path.join(dir, 'ext.vsix')) as string;
  entries = listZip(readFileSync(vsix));
  names = entries.map((e) => e.name);
});
after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test(
  'the .vsix holds the bundles, schemas, sample data, docs and icon',
  { skip: !built && 'dist/ is not built: run npm run build' },
  () => {
    const want = [
      'extension/package.json',
      'extension/language-configuration.json',
      'extension/dist/extension.js',
      'extension/dist/server.js',
      'extension/dist/runWorker.js',
      'extension/dist/mathjs.js',
      'extension/dist/sideWorker.js',
      'extension/dist/webview.js',
      'extension/schemas/backtest.schema.json',
      'extension/media/icon.png',
      'extension/syntaxes/backtest-jsonc.tmLanguage.json',
      'extension/sample_data/prices.csv',
      'extension/sample_data/sector_mapping.csv',
      'extension/sample_data/configs/neutral-etf.backtest.jsonc',
      'extension/sample_data/walkthrough/fix-me.backtest.jsonc',
    ];
    for (const w of want) assert.ok(names.includes(w), `${w} is in the .vsix`);
    // vsce renames these (readme.md, changelog.md, LICENSE.txt).
    for (const doc of [/^extension\/readme\.md$/i, /^extension\/changelog\.md$/i, /^extension\/LICENSE(\.txt|\.md)?$/i]) {
      assert.ok(
        names.some((n) => doc.test(n)),
        `${doc.source} is in the .vsix`,
      );
    }
  },
);

test(
  'the .vsix leaves out sources, tests, scripts, node_modules and source maps',
  { skip: !built && 'dist/ is not built: run npm run build' },
  () => {
    const bad = names.filter(
      (n) =>
        /^extension\/(client|engine|server|webview|common|test|scripts|node_modules|out|test-output|results|docs|\.ci|\.git)\//.test(n) ||
        /\.(ts|map|tsbuildinfo)$/.test(n) ||
        /\.vsix$/.test(n) ||
        /^extension\/dist\/(cli|engine)\.js$/.test(n),
    );
    assert.deepEqual(bad, []);
  },
);

test('every file the manifest names is packaged', { skip: !built && 'dist/ is not built: run npm run build' }, () => {
  const manifest = JSON.parse(
    entries
      .find((e) => e.name === 'extension/package.json')!
      .data()
      .toString('utf8'),
  );
  const rel = (p: string) => `extension/${p.replace(/^\.\//, '')}`;
  const referenced = [
    manifest.main.endsWith('.js') ? manifest.main : `${manifest.main}.js`,
    manifest.icon,
    ...manifest.contributes.languages.map((l: { configuration: string }) => l.configuration),
    ...manifest.contributes.grammars.map((g: { path: string }) => g.path),
    ...manifest.contributes.walkthroughs.flatMap((w: { steps: { media: { markdown?: string; image?: string } }[] }) =>
      w.steps.map((s) => s.media.markdown ?? s.media.image),
    ),
  ];
  for (const r of referenced) assert.ok(names.includes(rel(r)), `${r} (named in package.json) is in the .vsix`);
});

test('the packaged bundles need no module outside the .vsix', { skip: !built && 'dist/ is not built: run npm run build' }, () => {
  const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`), 'vscode']);
  for (const f of [
    'extension/dist/extension.js',
    'extension/dist/server.js',
    'extension/dist/runWorker.js',
    'extension/dist/sideWorker.js',
  ]) {
    const src = entries
      .find((e) => e.name === f)!
      .data()
      .toString('utf8');
    // ajv keeps `require("ajv/dist/runtime/...")` inside strings (generated standalone code): not a real require.
    const required = [...src.matchAll(/(?<![`'"\w.$])require\(\s*["']([^"'./][^"']*)["']\s*\)/g)].map((m) => m[1]);
    const outside = [...new Set(required.filter((m) => !builtins.has(m) && !builtins.has(m.split('/')[0])))];
    assert.deepEqual(outside, [], `${f} requires modules that are not bundled`);
    // A bundle beside it (mathjs.js, ajv.js, hyparquetCompressors.js, ...: libraries in their own bundles, required on first use) must be packaged too.
    const beside = [...src.matchAll(/(?<![`'"\w.$])require\(\s*["']\.\/([^"']+)["']\s*\)/g)].map((m) => `extension/dist/${m[1]}`);
    assert.deepEqual(
      beside.filter((b) => !names.includes(b)),
      [],
      `${f} requires bundles that are not in the .vsix`,
    );
  }
});

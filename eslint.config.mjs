// Flat config: typescript-eslint's recommended rules over every TypeScript source.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { ALLOWED, LAYERS } from './scripts/layers.mjs';

/** no-restricted-imports for one layer, from scripts/layers.mjs. */
function layerRule(layer) {
  const a = ALLOWED[layer];
  const message = `${layer}/ may import ${[...a.value, ...a.types.map((t) => `types of ${t}`), ...(a.files ?? [])].join(', ') || 'nothing else of ours'} (docs/ARCHITECTURE.md)`;
  const patterns = [];
  for (const other of LAYERS) {
    if (other === layer || a.value.includes(other)) continue;
    const files = (a.files ?? []).filter((f) => f.startsWith(`${other}/`)).map((f) => f.slice(other.length + 1));
    const except = files.length ? `(?!(${files.join('|')})$)` : '';
    patterns.push({ regex: `^(\\.\\./)+${other}(/${except}|$)`, message, allowTypeImports: a.types.includes(other) });
  }
  if (!a.node)
    patterns.push({
      regex: '^(node:|fs$|path$|os$|child_process$|worker_threads$|crypto$)',
      message: `${layer}/ runs where Node is not available: no Node built-ins`,
    });
  if (!a.vscode) patterns.push({ regex: '^vscode$', message: `only client/ may use the vscode API` });
  return { files: [`${layer}/**/*.ts`], rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns }] } };
}

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'test-output/**', '.vscode-test/**', 'results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        Buffer: 'readonly',
        __dirname: 'readonly',
        require: 'readonly',
        module: 'writable',
        URL: 'readonly',
        performance: 'readonly',
        setImmediate: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        window: 'readonly',
        document: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  ...LAYERS.map(layerRule),
);

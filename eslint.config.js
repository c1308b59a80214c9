// Layering: shared/ is pure TypeScript (graph engine, kernels, IPC contract) and may not reach up
// into the UI, the DOM or Electron. renderer/ and electron/ may import shared/, never each other (a rule each).
// `any` is a warning: tfjs internals are typed once in shared/kernels/tfjsInternals.ts.
import tseslint from 'typescript-eslint';

const forbiddenInShared = [
  {
    group: ['react', 'react-dom', 'react/*', 'react-dom/*'],
    message: 'shared/ is pure TypeScript: no React (move UI code to renderer/).',
  },
  { group: ['@xyflow/*', 'zustand', 'zustand/*', 'recharts'], message: 'shared/ is pure TypeScript: no UI libraries.' },
  {
    group: ['electron', 'electron/*'],
    message: 'shared/ must not depend on Electron (main-process code lives in electron/).',
  },
  {
    group: ['**/renderer/**', '**/electron/**', '**/templates/**', '**/cli/**'],
    message: 'shared/ is the bottom layer: it may not import from renderer/, electron/, templates/ or cli/.',
  },
  {
    group: ['fs', 'node:*', 'path', 'os', 'child_process'],
    message: 'shared/ runs in the browser and the Worker too: no Node built-ins (inject them instead).',
  },
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'dist-web/**',
      'dist-electron/**',
      'release/**',
      'test-results/**',
      'artifacts/**',
      '.bench/**',
      '.vite/**',
      'coverage/**',
      'reports/**',
      '.stryker-tmp/**',
      'data/**',
      '**/*.wasm',
      'shared/kernels/wasm/*.js',
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'warn',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Tests beside the code (and their helpers, testutil.ts) run in Node and may read fixtures and templates.
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts', 'shared/**/testutil.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: forbiddenInShared }],
      'no-restricted-globals': [
        'error',
        { name: 'window', message: 'shared/ has no DOM: pass what you need in.' },
        { name: 'document', message: 'shared/ has no DOM: pass what you need in.' },
        { name: 'localStorage', message: 'shared/ has no DOM storage.' },
        { name: 'process', message: 'shared/ runs in the browser too: no process.' },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', 'electron/*', '**/electron/**'],
              message: 'renderer/ talks to the desktop only through the Host interface (renderer/host).',
            },
            {
              group: ['fs', 'node:*', 'path', 'child_process'],
              message: 'renderer/ runs in a sandboxed page: no Node built-ins.',
            },
          ],
        },
      ],
    },
  },
  {
    // The main process serves the renderer over IPC (shared/ipc); it never imports its code (React, the DOM).
    // Tests may, to check both sides agree (datasets.test.ts).
    files: ['electron/**/*.{ts,mts,mjs}'],
    ignores: ['electron/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/renderer', '**/renderer/**'],
              message:
                'electron/ may not import renderer/: put what both need in shared/ (the IPC contract lives in shared/ipc).',
            },
          ],
        },
      ],
    },
  },
);

// `npm run test:mutation`: Stryker mutates the security- and data-relevant code and runs the unit
// tests of those folders against each mutant (not part of `npm test`: it takes long).
//   MUTATION_FOLDERS=electron,shared/ipc npm run test:mutation     only some folders
// The HTML and JSON reports go to reports/mutation/<folders>/ (git-ignored); the score per file is printed.
import { mutationFolders } from './mutationFolders.mjs';

const folders = mutationFolders();
// A narrowed run keeps its own report and sandbox folder, so runs for different folders can go side by side.
const runName = process.env.MUTATION_FOLDERS ? folders.join('+').replace(/\//g, '-') : 'all';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  coverageAnalysis: 'perTest',
  mutate: [
    ...folders.flatMap((f) => [`${f}/**/*.ts`, `${f}/**/*.mjs`]),
    // Tests, test helpers, declarations and the Electron entry points that only run inside Electron.
    '!**/*.test.ts',
    '!**/*.d.ts',
    '!**/*.d.mts',
    '!**/testing.ts',
    '!**/testing/**',
    '!electron/testFakes.ts',
    '!electron/build.mjs',
    // A transcription of onnx.proto's descriptor (data, not logic).
    '!shared/export/onnx/schema.ts',
  ],
  // Anchored: shared/data/ is source, /data/ holds the downloaded data sets.
  ignorePatterns: [
    '/data',
    '/dist',
    '/dist-web',
    '/dist-electron',
    '/release',
    '/artifacts',
    '/test-results',
    '/coverage',
    '/.bench',
    '/reports',
  ],
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `reports/mutation/${runName}/index.html` },
  jsonReporter: { fileName: `reports/mutation/${runName}/mutation.json` },
  tempDirName: `.stryker-tmp/${runName}`,
  concurrency: Number(process.env.MUTATION_CONCURRENCY ?? 2),
  timeoutMS: 30_000,
  // The first run executes every selected test once (shared/export's run Python and onnxruntime): minutes on 2 cores.
  dryRunTimeoutMinutes: 30,
  cleanTempDir: 'always',
  // No type checker runs in the sandbox, so there are no // @ts-nocheck headers to add (it chokes on .d.mts).
  disableTypeChecks: false,
};

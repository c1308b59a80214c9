// Vitest for `npm run test:mutation` (Stryker) only: the unit tests of the folders Stryker mutates,
// so its first full run stays short. MUTATION_FOLDERS (comma-separated, default: all four) narrows
// both what Stryker mutates (stryker.config.mjs) and which tests run here; MUTATION_TESTS (comma-separated
// globs) narrows the tests further, e.g. to the tests of the one file given to `stryker run --mutate`.
import { defineConfig } from 'vitest/config';
import { mutationTestFolders } from './mutationFolders.mjs';

export default defineConfig({
  test: {
    include: process.env.MUTATION_TESTS
      ? process.env.MUTATION_TESTS.split(',')
          .map((g) => g.trim())
          .filter(Boolean)
      : mutationTestFolders().map((folder) => `${folder}/**/*.test.ts`),
    // builderConfig.test.ts checks electron-builder.yml, which Stryker does not mutate (and takes 10 s).
    exclude: ['**/*.slow.test.ts', '**/*.real.test.ts', '**/node_modules/**', 'electron/builderConfig.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});

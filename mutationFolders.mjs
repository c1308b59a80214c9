// The folders `npm run test:mutation` mutates, shared by stryker.config.mjs and vitest.mutation.config.ts.
// MUTATION_FOLDERS=electron,shared/ipc narrows a run to some of them.
export const MUTATION_FOLDERS = ['electron', 'shared/ipc', 'shared/export', 'shared/train'];

/** The unit tests that can kill a mutant in each folder: its own, and those of the code that calls it. */
const TEST_FOLDERS = {
  electron: ['electron'],
  // The IPC contract's validators run in main: electron/'s tests (ipcRouter, main, handlers) exercise them.
  'shared/ipc': ['shared/ipc', 'electron'],
  'shared/export': ['shared/export'],
  'shared/train': ['shared/train'],
};

/** @returns {string[]} */
export function mutationFolders(env = process.env) {
  const wanted = (env.MUTATION_FOLDERS ?? '')
    .split(',')
    .map((f) => f.trim().replace(/\/+$/, ''))
    .filter(Boolean);
  if (wanted.length === 0) return MUTATION_FOLDERS;
  const unknown = wanted.filter((f) => !MUTATION_FOLDERS.includes(f));
  if (unknown.length)
    throw new Error(`MUTATION_FOLDERS: ${unknown.join(', ')} is not one of ${MUTATION_FOLDERS.join(', ')}`);
  return wanted;
}

/** @returns {string[]} */
export function mutationTestFolders(env = process.env) {
  return [...new Set(mutationFolders(env).flatMap((f) => TEST_FOLDERS[f]))];
}

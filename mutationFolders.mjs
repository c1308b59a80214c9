// The folders `npm run test:mutation` mutates, shared by stryker.config.mjs and vitest.mutation.config.ts.
// MUTATION_FOLDERS=electron,shared/ipc narrows a run to some of them.
export const MUTATION_FOLDERS = ['electron', 'shared/ipc', 'shared/export', 'shared/train'];

/** @returns {string[]} */
export function mutationFolders(env = process.env) {
  const wanted = (env.MUTATION_FOLDERS ?? '').split(',').map((f) => f.trim().replace(/\/+$/, '')).filter(Boolean);
  if (wanted.length === 0) return MUTATION_FOLDERS;
  const unknown = wanted.filter((f) => !MUTATION_FOLDERS.includes(f));
  if (unknown.length) throw new Error(`MUTATION_FOLDERS: ${unknown.join(', ')} is not one of ${MUTATION_FOLDERS.join(', ')}`);
  return wanted;
}

export const MUTATION_FOLDERS: string[];
export function mutationFolders(env?: Record<string, string | undefined>): string[];
export function mutationTestFolders(env?: Record<string, string | undefined>): string[];

export function locateElectron(options?: { env?: Record<string, string | undefined>; fromDir?: string }): { ok: true; path: string } | { ok: false; reason: string };

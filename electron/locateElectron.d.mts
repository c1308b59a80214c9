import type { spawn } from 'node:child_process';

export type LocateResult =
  | { ok: true; path: string }
  | { ok: false; reason: string; code: 'no-package' | 'override-missing' | 'no-binary'; installScript?: string };
export function locateElectron(options?: { env?: Record<string, string | undefined>; fromDir?: string }): LocateResult;

export function ensureElectron(options?: {
  env?: Record<string, string | undefined>;
  fromDir?: string;
  spawn?: typeof spawn;
  log?: (line: string) => void;
}): Promise<{ ok: true; path: string; installed: boolean } | { ok: false; lines: string[] }>;

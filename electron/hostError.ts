// The error type handlers throw when the renderer should read the message, and the mapping from Node's
// fs errors to such messages. Shared by handlers.ts and datasets.ts (kept apart so neither imports the other).
import type { IpcErrorCode } from '../shared/ipc/contract';

/** An error whose code and message reach the renderer unchanged. */
export class HostError extends Error {
  constructor(
    readonly code: IpcErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'HostError';
  }
}

export function errorCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : undefined;
}

export function ioError(action: string, file: string, e: unknown): HostError {
  if (e instanceof HostError) return e;
  const code = errorCode(e);
  const why = e instanceof Error ? e.message : String(e);
  if (code === 'ENOENT')
    return new HostError('not-found', `${action} ${file}: the file does not exist (moved or deleted?)`);
  if (code === 'ENOSPC')
    return new HostError('io', `${action} ${file}: the disk is full; the previous file is unchanged`);
  if (code === 'EACCES' || code === 'EPERM') return new HostError('io', `${action} ${file}: permission denied`);
  return new HostError('io', `${action} ${file}: ${why}`);
}

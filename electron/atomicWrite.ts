// Atomic file replacement: write a temp file in the same folder, fsync it, rename it over the
// target, fsync the folder. A reader (or a crash) sees either the old file or the new one, never half
// of either; a failed write removes its temp file and leaves the old file as it was.
import { randomBytes } from 'node:crypto';
import * as nodeFs from 'node:fs/promises';
import * as path from 'node:path';

/** The part of a file handle atomic writes use (node's FileHandle fits). */
export interface FileHandlePort {
  writeFile(data: Uint8Array): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

/** The part of node:fs/promises the writer uses, so tests can inject failures. */
export interface AtomicFs {
  open(file: string, flags: string, mode?: number): Promise<FileHandlePort>;
  rename(from: string, to: string): Promise<void>;
  unlink(file: string): Promise<void>;
  stat(file: string): Promise<{ mode: number }>;
}

export interface AtomicOptions {
  fs?: AtomicFs;
  /** Only changes behaviour on win32 (retrying renames that antivirus scanners briefly block). */
  platform?: NodeJS.Platform;
  tempSuffix?: () => string;
}

const defaultSuffix = () => `${process.pid}-${randomBytes(6).toString('hex')}`;

export function tempPathFor(target: string, suffix: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${suffix}.tmp`);
}

const OWN_TEMP = /^\.(.+)\.(\d+)-[0-9a-f]{12}\.tmp$/;

/** `.net.cnn.json.1234-0123456789ab.tmp` -> the file it was for and the writer's process id; null for any other name. */
export function parseTempName(name: string): { target: string; pid: number } | null {
  const m = OWN_TEMP.exec(name);
  return m ? { target: m[1], pid: Number(m[2]) } : null;
}

function errorCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : undefined;
}

async function existingMode(fs: AtomicFs, target: string): Promise<number | undefined> {
  try {
    return (await fs.stat(target)).mode & 0o777;
  } catch {
    return undefined;
  }
}

/** Writes `data` to a fresh temp file next to `target` and fsyncs it. Cleans up on failure. */
async function stage(fs: AtomicFs, target: string, data: Uint8Array, suffix: string): Promise<string> {
  const temp = tempPathFor(target, suffix);
  const mode = (await existingMode(fs, target)) ?? 0o644;
  // 'wx': never follow or reuse an existing file at the temp name.
  const handle = await fs.open(temp, 'wx', mode);
  try {
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (e) {
    await fs.unlink(temp).catch(() => undefined);
    throw e;
  }
  return temp;
}

export async function renameWithRetry(
  fs: AtomicFs,
  from: string,
  to: string,
  platform: NodeJS.Platform,
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await fs.rename(from, to);
      return;
    } catch (e) {
      const transient = platform === 'win32' && ['EPERM', 'EBUSY', 'EACCES'].includes(errorCode(e) ?? '');
      if (!transient || attempt >= 4) throw e;
      await new Promise((r) => setTimeout(r, 50 * (attempt + 1)));
    }
  }
}

/** Durability of the rename itself. Windows cannot open folders for syncing: best effort there. */
export async function syncDir(fs: AtomicFs, dir: string): Promise<void> {
  let handle: FileHandlePort | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    // The new content is already in place; a folder that cannot be synced (Windows, some network
    // file systems) must not turn a successful save into a reported failure.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

export async function atomicWrite(
  target: string,
  data: Uint8Array | string,
  options: AtomicOptions = {},
): Promise<void> {
  await atomicWriteMany([{ path: target, data }], options);
}

/**
 * Writes several files in two phases: every temp file is written and synced first (a failure there
 * removes all temps and changes nothing), then they are renamed into place one by one.
 */
export async function atomicWriteMany(
  files: { path: string; data: Uint8Array | string }[],
  options: AtomicOptions = {},
): Promise<void> {
  const fs = options.fs ?? (nodeFs as unknown as AtomicFs);
  const platform = options.platform ?? process.platform;
  const suffix = options.tempSuffix ?? defaultSuffix;
  const staged: { temp: string; target: string }[] = [];
  try {
    for (const f of files) {
      const bytes = typeof f.data === 'string' ? new TextEncoder().encode(f.data) : f.data;
      staged.push({ temp: await stage(fs, f.path, bytes, suffix()), target: f.path });
    }
  } catch (e) {
    await Promise.all(staged.map((s) => fs.unlink(s.temp).catch(() => undefined)));
    throw e;
  }
  let renamed = 0;
  try {
    for (const s of staged) {
      await renameWithRetry(fs, s.temp, s.target, platform);
      renamed++;
    }
  } catch (e) {
    await Promise.all(staged.slice(renamed).map((s) => fs.unlink(s.temp).catch(() => undefined)));
    throw e;
  }
  for (const dir of new Set(files.map((f) => path.dirname(f.path)))) await syncDir(fs, dir);
}

// Saving over a file the user already has, the way careful editors do (vim's `backupcopy=auto`, Emacs's
// `backup-by-copying-when-linked`): the new content goes to the file the name points at, links and
// all, and never over a file the user made read-only. Also: removing the temp files a crash left.
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import type { AtomicFs, FileHandlePort } from './atomicWrite';
import { atomicWrite, parseTempName, tempPathFor } from './atomicWrite';
import { errorCode, HostError } from './hostError';

export interface SaveFs extends AtomicFs {
  /** Follows symbolic links; `nlink` counts the hard links (names) of the file. */
  stat(file: string): Promise<{ mode: number; nlink: number }>;
  realpath(file: string): Promise<string>;
}

export interface SaveOptions {
  fs: SaveFs;
  platform: NodeJS.Platform;
}

/** No write permission for anyone: the user marked it read-only. Checked from the mode bits, because
 * root (and Windows' read-only attribute seen through Node) would otherwise let the write through. */
export function isReadOnlyMode(mode: number): boolean {
  return (mode & 0o222) === 0;
}

/**
 * Writes `data` to `file`:
 * - a symbolic link is resolved first, so the link survives and its target gets the content;
 * - a file that is read-only is refused with a HostError that says so (nothing is written);
 * - a file with several hard links is rewritten in place (same inode), so every name sees the new
 *   content; the new bytes are first staged and synced in a temp file beside it, so a full disk fails
 *   before the old content is touched;
 * - anything else is replaced atomically (temp file, fsync, rename).
 */
export async function saveOverFile(file: string, data: Uint8Array | string, options: SaveOptions): Promise<void> {
  const { fs } = options;
  let target = file;
  let info: { mode: number; nlink: number } | null = null;
  try {
    target = await fs.realpath(file);
    info = await fs.stat(target);
  } catch (e) {
    if (errorCode(e) !== 'ENOENT') throw e;
    // A new file (or a link to nowhere, which stays untouched: the new file replaces the link).
  }
  if (info && isReadOnlyMode(info.mode)) {
    throw new HostError(
      'io',
      `Cannot save ${file}: the file is read-only. Use Save As to save a copy under another name, or make the file writable first.`,
    );
  }
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  if (info && info.nlink > 1) await writeInPlace(target, bytes, options);
  else await atomicWrite(target, bytes, options);
}

async function writeAll(fs: SaveFs, file: string, flags: string, data: Uint8Array, mode?: number): Promise<void> {
  const handle: FileHandlePort = await fs.open(file, flags, mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Hard links: renaming a new file over one name would split it from the others, so the bytes go into
 * the existing inode. Staging a synced copy first means running out of space fails before the old
 * content is touched; if the in-place write still fails, the staged copy is renamed over the name so
 * the file is whole (then that one name is split off, which beats a half-written file).
 */
async function writeInPlace(target: string, data: Uint8Array, options: SaveOptions): Promise<void> {
  const { fs } = options;
  const temp = tempPathFor(target, `${process.pid}-${randomBytes(6).toString('hex')}`);
  try {
    await writeAll(fs, temp, 'wx', data, 0o600);
  } catch (e) {
    await fs.unlink(temp).catch(() => undefined);
    throw e;
  }
  try {
    await writeAll(fs, target, 'w', data);
  } catch (e) {
    await fs.rename(temp, target).catch(() => undefined);
    throw e;
  }
  await fs.unlink(temp).catch(() => undefined);
}

export interface TempCleanFs {
  readdir(dir: string, options: { withFileTypes: true }): Promise<{ name: string; isFile(): boolean }[]>;
  unlink(file: string): Promise<void>;
}

/** Whether a process with this id is running (so its temp file may be a write in progress). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errorCode(e) === 'EPERM';
  }
}

/**
 * Removes the temp files our own atomic writes of `files` left behind (a crash between writing the
 * temp file and renaming it): only regular files named exactly as tempPathFor names a temp of one of
 * these files, and only when the process that wrote it is gone. Anything else in those folders is left
 * alone. Returns the paths removed; never throws (start-up must not fail over housekeeping).
 */
export async function removeStaleTemps(
  files: readonly string[],
  fs: TempCleanFs,
  isAlive: (pid: number) => boolean = processAlive,
): Promise<string[]> {
  const byDir = new Map<string, Set<string>>();
  for (const f of files) {
    const dir = path.dirname(f);
    if (!byDir.has(dir)) byDir.set(dir, new Set());
    byDir.get(dir)!.add(path.basename(f));
  }
  const removed: string[] = [];
  for (const [dir, names] of byDir) {
    let entries: { name: string; isFile(): boolean }[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const temp = parseTempName(entry.name);
      if (!temp || !names.has(temp.target) || !entry.isFile()) continue;
      if (temp.pid === process.pid || isAlive(temp.pid)) continue;
      const file = path.join(dir, entry.name);
      try {
        await fs.unlink(file);
        removed.push(file);
      } catch {
        // Gone already, or not ours to remove: leave it.
      }
    }
  }
  return removed;
}

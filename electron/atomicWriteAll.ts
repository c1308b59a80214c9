// All or nothing for several files in one folder (an export: model.json + weights.bin, or model.py,
// its weights, train.py and README.md). When it returns, the folder holds every new file; when it
// throws, it holds exactly the files it held before, byte for byte, and none of its own temp files.
//
//   1. stage: each new file goes to a fresh hidden temp file beside its target, synced to disk;
//   2. commit: for each file, the old one (if any) is renamed to a hidden backup, the temp renamed
//      into place; a failure renames every backup back and removes what was new (rollback);
//   3. the folder is synced, then the backups are removed.
// Nothing else in the folder is touched. Used by Electron main's export handler and by the CLI.
import { randomBytes } from 'node:crypto';
import * as nodeFs from 'node:fs/promises';
import * as path from 'node:path';
import { exportFileNamesProblem } from '../shared/export/fileNames';
import { renameWithRetry, syncDir, tempPathFor, type AtomicFs } from './atomicWrite';

export interface WriteAllOptions {
  fs?: AtomicFs;
  /** Only changes behaviour on win32 (renames retried while a scanner holds a file). */
  platform?: NodeJS.Platform;
  /** Makes the hidden temp and backup names unique to this call. */
  suffix?: () => string;
}

export interface FileToWrite {
  /** A plain file name (shared/export's rule: no dot first, no separators, no ".."). */
  readonly name: string;
  readonly data: Uint8Array | string;
}

/** The rollback itself failed: the folder may mix old and new files; the message says which and where the old ones are. */
export class RollbackError extends Error {
  override readonly name = 'RollbackError';
  constructor(
    message: string,
    override readonly cause: unknown,
  ) {
    super(message);
  }
}

const defaultSuffix = () => `${process.pid}-${randomBytes(6).toString('hex')}`;

function errorCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : undefined;
}

/** The target's permission bits, or undefined when there is no such file. Refuses a folder in the way. */
async function existing(fs: AtomicFs, target: string): Promise<number | undefined> {
  let s: { mode: number; isFile?: () => boolean };
  try {
    s = await fs.stat(target);
  } catch (e) {
    if (errorCode(e) === 'ENOENT') return undefined;
    throw e;
  }
  if (typeof s.isFile === 'function' && !s.isFile())
    throw Object.assign(
      new Error(`${target} exists and is not a file (a folder?): remove it or choose another folder`),
      { code: 'EISDIR' },
    );
  return s.mode & 0o777;
}

interface Entry {
  readonly target: string;
  readonly temp: string;
  readonly backup: string;
  readonly mode: number | undefined;
  staged: boolean;
  backedUp: boolean;
  placed: boolean;
}

async function stage(fs: AtomicFs, e: Entry, data: Uint8Array): Promise<void> {
  // 'wx': never follow or reuse an existing file at the temp name.
  const handle = await fs.open(e.temp, 'wx', e.mode ?? 0o644);
  e.staged = true;
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Puts the folder back as it was; returns what could not be restored (empty when all is well). */
async function rollback(fs: AtomicFs, entries: readonly Entry[], platform: NodeJS.Platform): Promise<string[]> {
  const left: string[] = [];
  for (const e of [...entries].reverse()) {
    try {
      if (e.backedUp) {
        await renameWithRetry(fs, e.backup, e.target, platform);
        e.backedUp = false;
        e.placed = false;
      } else if (e.placed) {
        await fs.unlink(e.target);
        e.placed = false;
      }
    } catch {
      left.push(
        e.backedUp
          ? `${path.basename(e.target)} (its old version is ${path.basename(e.backup)})`
          : path.basename(e.target),
      );
    }
  }
  return left;
}

export async function atomicWriteAll(
  folder: string,
  files: readonly FileToWrite[],
  options: WriteAllOptions = {},
): Promise<void> {
  const problem = exportFileNamesProblem(files.map((f) => f.name));
  if (problem) throw Object.assign(new Error(problem), { code: 'EINVAL' });
  const fs = options.fs ?? (nodeFs as unknown as AtomicFs);
  const platform = options.platform ?? process.platform;
  const suffix = options.suffix ?? defaultSuffix;

  const entries: Entry[] = [];
  for (const f of files) {
    const target = path.join(folder, f.name);
    const s = suffix();
    entries.push({
      target,
      temp: tempPathFor(target, s),
      backup: path.join(folder, `.${f.name}.${s}.bak`),
      mode: await existing(fs, target),
      staged: false,
      backedUp: false,
      placed: false,
    });
  }

  // 1. Stage. A failure here has changed nothing but temp files, which go.
  try {
    for (const [i, e] of entries.entries()) {
      const data = files[i].data;
      await stage(fs, e, typeof data === 'string' ? new TextEncoder().encode(data) : data);
    }
  } catch (err) {
    await Promise.all(entries.filter((e) => e.staged).map((e) => fs.unlink(e.temp).catch(() => undefined)));
    throw err;
  }

  // 2. Commit, undoing everything on the first failure.
  try {
    for (const e of entries) {
      if (e.mode !== undefined) {
        await renameWithRetry(fs, e.target, e.backup, platform);
        e.backedUp = true;
      }
      await renameWithRetry(fs, e.temp, e.target, platform);
      e.staged = false;
      e.placed = true;
    }
  } catch (err) {
    const left = await rollback(fs, entries, platform);
    await Promise.all(entries.filter((e) => e.staged).map((e) => fs.unlink(e.temp).catch(() => undefined)));
    if (left.length) {
      throw new RollbackError(
        `Writing into ${folder} failed (${(err as Error).message}) and could not be fully undone: ${left.join(', ')} may be new while the other files are old.`,
        err,
      );
    }
    throw err;
  }

  // 3. Make the renames durable, then drop the old versions. The new set is complete from here on:
  // a backup that cannot be removed (twice) is left hidden rather than reported as a failed export.
  await syncDir(fs, folder);
  for (const e of entries) {
    if (!e.backedUp) continue;
    await fs
      .unlink(e.backup)
      .catch(() => fs.unlink(e.backup))
      .catch(() => undefined);
  }
}

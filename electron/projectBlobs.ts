// A project's weight blobs on disk: `net.weights/<sha256>.bin` beside `net.cnn.json` (shared/export/projectFiles.ts).
// Saving writes the blobs first, each atomically (temp, fsync, rename) and only when not already there with the
// right bytes, then the project file atomically (saveOverFile). The project's rename is the commit point: a failure
// or a crash before it leaves the old project file whole, still pointing at blobs that are all there (blobs are
// never rewritten with other bytes: the name is the hash). Reading checks the hash, and reads only names that are a
// hash, inside the project's own weights folder. Used by Electron main and the CLI; no Electron here.
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { blobFileName, weightsFolderName, type BlobReader, type WeightsBlob } from '../shared/export/projectFiles';
import { atomicWrite, type AtomicFs } from './atomicWrite';
import { saveOverFile, type SaveFs } from './safeSave';
import type { HandlerFs } from './handlerDeps';

const SHA = /^[0-9a-f]{64}$/;
/** The largest blob read back: a project's weights are at most 1 GiB (shared/graph/limits.ts). */
export const MAX_BLOB_BYTES = 1024 * 1024 * 1024 + 64;

export type BlobFs = Pick<HandlerFs, 'readFile' | 'stat' | 'mkdir' | 'realpath'> & AtomicFs;

const hex = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** The folder holding a project file's blobs. */
export const weightsFolderOf = (projectFile: string) =>
  path.join(path.dirname(projectFile), weightsFolderName(path.basename(projectFile)));

/** The file of one blob; refuses anything that is not a SHA-256 (no paths from a project file reach the disk). */
export function blobPath(projectFile: string, hash: string): string {
  if (!SHA.test(hash)) throw new Error(`${JSON.stringify(hash.slice(0, 80))} is not a SHA-256 weights hash`);
  return path.join(weightsFolderOf(projectFile), blobFileName(hash));
}

async function holds(fs: BlobFs, file: string, blob: WeightsBlob): Promise<boolean> {
  try {
    const s = await fs.stat(file);
    if (!s.isFile() || s.size !== blob.bytes.byteLength) return false;
    return hex(await fs.readFile(file)) === blob.sha256;
  } catch {
    return false;
  }
}

/**
 * Writes the project text and its blobs: blobs first (skipping those already there, byte for byte), the project
 * last. A blob whose bytes do not hash to its name is refused before anything is written.
 */
export async function saveProjectWithBlobs(
  projectFile: string,
  text: string,
  blobs: readonly WeightsBlob[],
  options: { fs: BlobFs; platform?: NodeJS.Platform },
): Promise<void> {
  const { fs } = options;
  for (const b of blobs) {
    if (!SHA.test(b.sha256) || hex(b.bytes) !== b.sha256)
      throw new Error(`the weights given for ${JSON.stringify(b.sha256.slice(0, 80))} do not match that hash`);
  }
  if (blobs.length) await fs.mkdir(weightsFolderOf(projectFile), { recursive: true });
  for (const b of blobs) {
    const file = blobPath(projectFile, b.sha256);
    if (await holds(fs, file, b)) continue;
    await atomicWrite(file, b.bytes, { fs, ...(options.platform ? { platform: options.platform } : {}) });
  }
  await saveOverFile(projectFile, text, { fs: fs as SaveFs, platform: options.platform ?? process.platform });
}

/** One blob's bytes, or null when the file is not there. Throws (naming the file) when it cannot be read. */
export async function readBlob(projectFile: string, hash: string, fs: BlobFs): Promise<Uint8Array | null> {
  const file = blobPath(projectFile, hash);
  let size: number;
  try {
    const s = await fs.stat(file);
    if (!s.isFile()) throw new Error(`${file} is not a file`);
    size = s.size;
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') return null;
    throw e;
  }
  if (size > MAX_BLOB_BYTES)
    throw new Error(`${file} is ${size} bytes, more than a project's weights can be (${MAX_BLOB_BYTES})`);
  return fs.readFile(file);
}

/** Reads a project's blobs by hash from its weights folder (for shared/export's loadStoredWeights). */
export function blobReaderFor(projectFile: string, fs: BlobFs): BlobReader {
  return {
    read: (hash) => readBlob(projectFile, hash, fs),
    where: (hash) => (SHA.test(hash) ? blobPath(projectFile, hash) : JSON.stringify(hash.slice(0, 80))),
  };
}

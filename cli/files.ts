// Reading the files named on the command line: regular files only, under a size cap checked
// before anything is read. A FIFO, a terminal or /dev/zero would otherwise block forever or never
// end, and a huge file would be read whole into memory.
import { closeSync, constants, fstatSync, openSync, readFileSync, type Stats } from 'node:fs';
import { MAX_PROJECT_CHARS } from '../shared/ipc/contract';

/** The most bytes of a project file: the cap of the desktop app's Open (electron/handlers.ts), 64 MiB. */
export const MAX_PROJECT_BYTES = MAX_PROJECT_CHARS;

/** A file that cannot be read, with a message for the user (no stack trace needed). */
export class FileError extends Error {}

const bytes = (n: number) =>
  `${n.toLocaleString('en-US')} bytes${n >= 2 ** 20 ? ` (${+(n / 2 ** 20).toFixed(1)} MiB)` : ''}`;

function kindOf(st: Stats): string {
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

function ioMessage(e: unknown, path: string, what: string): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `No such file: ${path}`;
  if (code === 'EACCES' || code === 'EPERM') return `Permission denied: ${path}`;
  if (code === 'EISDIR') return `${path} is a folder, not ${what}.`;
  return `Cannot read ${path}: ${(e as Error).message}`;
}

/**
 * Reads `path` if it is a regular file of at most `maxBytes`; otherwise throws a FileError saying
 * why. `what` names the file in messages ("a project file").
 */
export function readRegularFile(path: string, what: string, maxBytes: number): Buffer {
  let fd: number;
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer. (Not on Windows.)
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    throw new FileError(ioMessage(e, path, what));
  }
  try {
    // fstat on the open file, not stat on the path: the path cannot be swapped in between.
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new FileError(`${path} is a folder, not ${what}.`);
    if (!st.isFile()) throw new FileError(`${path} is ${kindOf(st)}, not ${what}: give the path of a regular file.`);
    const tooBig = (n: number) => new FileError(`${path} is ${bytes(n)}; ${what} may be at most ${bytes(maxBytes)}.`);
    if (st.size > maxBytes) throw tooBig(st.size);
    let data: Buffer;
    try {
      data = readFileSync(fd);
    } catch (e) {
      throw new FileError(ioMessage(e, path, what));
    }
    if (data.length > maxBytes) throw tooBig(data.length); // it grew while we read it
    return data;
  } finally {
    closeSync(fd);
  }
}

/** A project file's text (UTF-8), with the app's size cap. */
export function readProjectText(path: string): string {
  return readRegularFile(path, 'a project file', MAX_PROJECT_BYTES).toString('utf8');
}

// Reading the files named on the command line: regular files only, under a size cap checked
// before anything is read. A FIFO, a terminal or /dev/zero would otherwise block forever or never
// end, and a huge file would be read whole into memory.
import { closeSync, constants, fstatSync, openSync, readFileSync, type Stats } from 'node:fs';
import { MAX_PROJECT_CHARS } from '../shared/ipc/contract';
import { errorText, msg, type Msg, type MsgOrText } from '../shared/i18n/msg';

/** The most bytes of a project file: the cap of the desktop app's Open (electron/handlers.ts), 64 MiB. */
export const MAX_PROJECT_BYTES = MAX_PROJECT_CHARS;

/** A file that cannot be read, with a message for the user (no stack trace needed), as data in `msg`. */
export class FileError extends Error {
  readonly msg: Msg;
  constructor(m: MsgOrText, options?: ErrorOptions) {
    const t = errorText(m);
    super(t.message, options);
    this.msg = t.msg;
  }
}

const F = 'errors2.file';
const bytes = (n: number): Msg =>
  msg(n >= 2 ** 20 ? `${F}.bytesMiB` : `${F}.bytes`, { n, mib: +(n / 2 ** 20).toFixed(1) });

function kindOf(st: Stats): Msg {
  if (st.isFIFO()) return msg(`${F}.fifo`);
  if (st.isCharacterDevice()) return msg(`${F}.charDevice`);
  if (st.isBlockDevice()) return msg(`${F}.blockDevice`);
  if (st.isSocket()) return msg(`${F}.socket`);
  return msg(`${F}.notRegular`);
}

/** "a project file": what the file should be, as a message (errors2.file.what.<what>). */
export type FileWhat = 'project' | 'weights' | 'weightsIndex' | 'modelJson' | 'onnx' | 'runRecord' | 'data';

function ioMessage(e: unknown, path: string, what: FileWhat): Msg {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return msg(`${F}.noSuchFile`, { path });
  if (code === 'EACCES' || code === 'EPERM') return msg(`${F}.denied`, { path });
  if (code === 'EISDIR') return msg(`${F}.isFolder`, { path, what: msg(`${F}.what.${what}`) });
  return msg(`${F}.cannotRead`, { path, error: (e as Error).message });
}

/**
 * Reads `path` if it is a regular file of at most `maxBytes`; otherwise throws a FileError saying
 * why. `what` names the file in messages ("a project file").
 */
export function readRegularFile(path: string, what: FileWhat, maxBytes: number): Buffer {
  const whatMsg = msg(`${F}.what.${what}`);
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
    if (st.isDirectory()) throw new FileError(msg(`${F}.isFolder`, { path, what: whatMsg }));
    if (!st.isFile()) throw new FileError(msg(`${F}.notFile`, { path, kind: kindOf(st), what: whatMsg }));
    const tooBig = (n: number) =>
      new FileError(msg(`${F}.tooBig`, { path, size: bytes(n), what: whatMsg, max: bytes(maxBytes) }));
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
  return readRegularFile(path, 'project', MAX_PROJECT_BYTES).toString('utf8');
}

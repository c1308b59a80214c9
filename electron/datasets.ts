// Training data sets in the desktop app: main asks for the files (or the folder) with a native dialog,
// reads them and hands their bytes to the page, which passes them to the training Worker exactly as the
// browser build passes the files its inputs picked. The renderer only names the kind of data set; every
// path comes from a dialog. Plain functions on an injected fs and dialog, like the other handlers.
import { constants as fsConstants } from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { checkLabelsText, parseCifarLabels } from '../shared/data/cifar';
import { checkImageSize, imageSize, imageTooLarge, MAX_DECODED_BYTES } from '../shared/data/imageSize';
import { IMAGE_EXTENSIONS, isImageFile } from '../shared/data/imageFiles';
import { limitFolderItems } from '../shared/data/sources';
import type {
  DatasetFile,
  DatasetKind,
  DatasetOptions,
  FolderDataset,
  IdxDataset,
  OpenedDataset,
  SpriteDataset,
} from '../shared/ipc/contract';
import { idxDatasetName, MAX_DATASET_BYTES, MAX_DATASET_FILES } from '../shared/ipc/contract';
import type { HandlerDeps, HandlerFs } from './handlerDeps';
import { errorCode, HostError, ioError } from './hostError';
import type { HostSession } from './session';

type DatasetFs = Pick<HandlerFs, 'stat' | 'readdir' | 'realpath' | 'open'>;

/** Files read at once: enough to keep a disk busy, few enough not to run out of file handles. */
const READ_PARALLEL = 16;
/** Deeper folders than this inside a class folder are refused (a loop of links, or not a data set). */
const MAX_DEPTH = 32;
const IMAGE_LIST = IMAGE_EXTENSIONS.join(', ');
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/**
 * How data-set files are opened: read only; not through a link in the last step (every file is opened by its real
 * path, so a link swapped in after the check fails instead of being followed); without waiting for a writer (a
 * FIFO would block the open forever; it is then refused as not a regular file). Windows has neither flag.
 */
const READ_FLAGS = fsConstants.O_RDONLY | (fsConstants.O_NOFOLLOW ?? 0) | (fsConstants.O_NONBLOCK ?? 0);

/** Where the next data-set dialog starts: the folder of the last data set chosen in this session. */
const lastFolder = new WeakMap<HostSession, string>();

const invalid = (message: string) => new HostError('invalid-data', message);
const count = (n: number) => n.toLocaleString('en-US');
const megabytes = (bytes: number) => `${count(Math.ceil(bytes / (1024 * 1024)))} MB`;
const gibibytes = (bytes: number) => `${(bytes / 1024 ** 3).toLocaleString('en-US', { maximumFractionDigits: 1 })} GiB`;
const names = (files: readonly { base: string }[]) => files.map((f) => f.base).join(', ');

async function mapParallel<T, R>(
  items: readonly T[],
  width: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane));
  return out;
}

function tooLarge(what: string, total: string, max: number): HostError {
  return new HostError(
    'too-large',
    `${what} ${total}; the limit is ${megabytes(max)} per data set ` +
      '(the most the app hands from its main process to the page in one go). Choose fewer or smaller files.',
  );
}

function checkTotal(total: number, what: string, max = MAX_DATASET_BYTES): void {
  if (total > max) throw tooLarge(what, `add up to ${megabytes(total)}`, max);
}

/**
 * The bytes a data set's files may still add, counted as they are read: sizes on disk are checked first (a quick
 * refusal), but a file can grow after that, and some report size 0 (/proc's), so the reads themselves stop here.
 */
class ReadBudget {
  private used = 0;
  constructor(
    private readonly what: string,
    private readonly max = MAX_DATASET_BYTES,
  ) {}
  get left(): number {
    return this.max - this.used;
  }
  take(bytes: number): void {
    this.used += bytes;
    if (this.used > this.max) {
      throw tooLarge(
        this.what,
        `hold more than ${megabytes(this.max)} when read (more than their sizes on disk say: a file is growing, or is no ordinary file)`,
        this.max,
      );
    }
  }
}

const notRegular = (file: string) =>
  invalid(`Cannot read ${file}: it is not a regular file (a pipe, device or socket cannot hold a data set).`);

/**
 * A file's bytes, read through one handle in steps that stop at the budget, in a Uint8Array of exactly its length
 * (a view into a larger buffer would cross IPC whole). Only regular files: the handle is checked, not the path.
 */
async function readBounded(fs: DatasetFs, file: string, budget: ReadBudget): Promise<Uint8Array> {
  const h = await fs.open(file, READ_FLAGS);
  try {
    const info = await h.stat();
    if (!info.isFile()) throw notRegular(file);
    let buf = new Uint8Array(Math.min(info.size, budget.left));
    let n = 0;
    for (;;) {
      if (n === buf.length) {
        // Full at the size stat gave: one byte more tells a file that grew (or says size 0) from one that ends here.
        const probe = new Uint8Array(1);
        if ((await h.read(probe, 0, 1, n)).bytesRead === 0) return buf;
        budget.take(1);
        const grown = new Uint8Array(n + 1 + Math.min(Math.max(n, 64 * 1024), budget.left + 1));
        grown.set(buf);
        grown[n++] = probe[0];
        buf = grown;
        continue;
      }
      const { bytesRead } = await h.read(buf, n, buf.length - n, n);
      if (bytesRead === 0) return buf.slice(0, n); // shorter than stat said
      budget.take(bytesRead);
      n += bytesRead;
    }
  } finally {
    await h.close();
  }
}

interface Chosen {
  file: string;
  base: string;
  bytes: Uint8Array;
}

/** Reads files the user chose in a dialog, after checking that they are files and fit the size limit. */
async function readChosen(files: readonly string[], fs: DatasetFs): Promise<Chosen[]> {
  const found = await mapParallel(files, READ_PARALLEL, async (file) => {
    try {
      const real = await fs.realpath(file); // a link the user chose is read as its target, by the real path
      const info = await fs.stat(real);
      if (!info.isFile()) throw invalid(`Cannot read ${file}: it is not a file`);
      return { real, size: info.size };
    } catch (e) {
      throw ioError('Cannot read', file, e);
    }
  });
  const what = `The ${files.length} chosen files`;
  checkTotal(
    found.reduce((a, b) => a + b.size, 0),
    what,
  );
  const budget = new ReadBudget(what);
  return mapParallel(files, READ_PARALLEL, async (file, i) => {
    try {
      return { file, base: path.basename(file), bytes: await readBounded(fs, found[i].real, budget) };
    } catch (e) {
      throw ioError('Cannot read', file, e);
    }
  });
}

// ---- IDX --------------------------------------------------------------------------------------

interface IdxFile extends Chosen {
  /** 3: images (n, rows, cols); 1: labels (n). */
  rank: 1 | 3;
  /** n: the number of images or labels, from the header. */
  n: number;
  /** Named like a test file (MNIST's t10k-*, or *test*). */
  test: boolean;
}

const isGzip = (b: Uint8Array) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, '0')).join(' ');

/**
 * The first 8 bytes of an IDX file, decompressing only the start of a gzipped one: 16 KB of gzip (its header,
 * the first block's tables and more) inflate to at most about 16 MB, where all of it could inflate to gigabytes.
 */
function idxHead(f: Chosen): Uint8Array {
  if (!isGzip(f.bytes)) return f.bytes.subarray(0, 8);
  try {
    return zlib.gunzipSync(f.bytes.subarray(0, 16 * 1024), { finishFlush: zlib.constants.Z_SYNC_FLUSH }).subarray(0, 8);
  } catch (e) {
    throw invalid(`${f.base} looks gzipped but is not valid gzip: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function describeIdx(f: Chosen): IdxFile {
  const head = idxHead(f);
  const isIdx =
    head.length >= 8 && head[0] === 0 && head[1] === 0 && head[2] === 0x08 && (head[3] === 1 || head[3] === 3);
  if (!isIdx) {
    const seen = head.length < 8 ? `it holds only ${head.length} bytes` : `it starts with ${hex(head.subarray(0, 4))}`;
    throw invalid(
      `${f.base} is not an IDX images or labels file: those start with 00 00 08 03 (images) or 00 00 08 01 (labels)` +
        `${isGzip(f.bytes) ? ' once decompressed' : ''}; ${seen}.`,
    );
  }
  const n = new DataView(head.buffer, head.byteOffset, head.byteLength).getUint32(4, false);
  return { ...f, rank: head[3] as 1 | 3, n, test: /t10k|test/i.test(f.base) };
}

/** Which file is which: images vs labels by their magic number, training vs test by name. */
export function assignIdx(files: readonly IdxFile[]): {
  images: IdxFile;
  labels: IdxFile;
  testImages?: IdxFile;
  testLabels?: IdxFile;
} {
  const images = files.filter((f) => f.rank === 3);
  const labels = files.filter((f) => f.rank === 1);
  const several = 'select them together in the dialog (Ctrl- or Shift-click)';
  if (images.length === 0)
    throw invalid(
      `No images file among the chosen files (${names(labels)} hold labels): ${several}, the images file with its labels file.`,
    );
  if (labels.length === 0)
    throw invalid(
      `No labels file among the chosen files (${names(images)} hold images): ${several}, the labels file with its images file.`,
    );
  if (images.length !== labels.length) {
    throw invalid(
      `You chose ${images.length} images file${images.length === 1 ? '' : 's'} (${names(images)}) and ${labels.length} labels ` +
        `file${labels.length === 1 ? '' : 's'} (${names(labels)}): each images file needs its labels file.`,
    );
  }
  const pair = (im: IdxFile, lb: IdxFile) => {
    if (im.n !== lb.n)
      throw invalid(
        `${im.base} holds ${count(im.n)} images but ${lb.base} holds ${count(lb.n)} labels: they are not a pair.`,
      );
  };
  if (images.length === 1) {
    pair(images[0], labels[0]);
    return { images: images[0], labels: labels[0] };
  }
  const split = (list: IdxFile[], what: string) => {
    const test = list.filter((f) => f.test);
    if (test.length !== 1) {
      throw invalid(
        `Cannot tell which ${what} file is for training and which for testing: ${names(list)}. The test file's name must ` +
          'contain "test" or "t10k" (as in MNIST\'s t10k-images-idx3-ubyte) and the training file\'s must not.',
      );
    }
    return { train: list.find((f) => !f.test)!, test: test[0] };
  };
  const im = split(images, 'images'),
    lb = split(labels, 'labels');
  pair(im.train, lb.train);
  pair(im.test, lb.test);
  return { images: im.train, labels: lb.train, testImages: im.test, testLabels: lb.test };
}

export async function readIdxDataset(files: readonly string[], fs: DatasetFs): Promise<IdxDataset> {
  if (files.length > 4) {
    throw invalid(
      `You chose ${files.length} files; an IDX data set is 2 files (images and labels) or 4 (with the test images and test labels).`,
    );
  }
  const chosen = await readChosen(files, fs);
  const a = assignIdx(chosen.map(describeIdx));
  const result: IdxDataset = {
    kind: 'idx',
    name: idxDatasetName(a.images.base),
    images: a.images.bytes,
    labels: a.labels.bytes,
  };
  if (a.testImages && a.testLabels) {
    result.testImages = a.testImages.bytes;
    result.testLabels = a.testLabels.bytes;
  }
  return result;
}

// ---- sprite PNG + labels JSON -----------------------------------------------------------------------

const isPng = (b: Uint8Array) => PNG_SIGNATURE.every((x, i) => b[i] === x);

/** A shared/data error as the page's invalid-data error, with its message. */
function asInvalid<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw invalid(e instanceof Error ? e.message : String(e));
  }
}

/** One class index per image from a labels JSON (class indices, or one-hot rows as the worker accepts them). */
export function spriteLabels(text: string, what: string): number[] {
  let raw: number[] | number[][];
  try {
    raw = parseCifarLabels(text, what);
  } catch (e) {
    throw invalid(e instanceof Error ? e.message : String(e));
  }
  return raw.map((l: unknown, i) => {
    const v = typeof l === 'number' ? l : Array.isArray(l) ? l.indexOf(1) : NaN;
    if (!Number.isInteger(v) || v < 0 || v > 255) {
      const shown = JSON.stringify(l) ?? String(l);
      throw invalid(
        `${what}: label ${i} is ${shown.length > 40 ? `${shown.slice(0, 40)}...` : shown}; expected a class index (0 to 255) or a one-hot row.`,
      );
    }
    return v;
  });
}

export async function readSpriteDataset(files: readonly string[], fs: DatasetFs): Promise<SpriteDataset> {
  if (files.length !== 2) {
    throw invalid(
      `Choose two files together: the sprite PNG and its labels JSON (you chose ${files.length}: ${files.map((f) => path.basename(f)).join(', ')}).`,
    );
  }
  const chosen = await readChosen(files, fs);
  const pngs = chosen.filter((f) => isPng(f.bytes));
  if (pngs.length === 0)
    throw invalid(
      `Neither ${chosen[0].base} nor ${chosen[1].base} is a PNG image: choose the sprite PNG and its labels JSON.`,
    );
  if (pngs.length === 2)
    throw invalid(
      `Both ${chosen[0].base} and ${chosen[1].base} are PNG images: choose one sprite PNG and its labels JSON.`,
    );
  const png = pngs[0];
  const json = chosen.find((f) => f !== png)!;
  // The sprite's size from its header: refused before the worker would decode it, and it bounds the labels.
  const size = imageSize(png.bytes);
  if (!size) throw invalid(`${png.base} is a damaged PNG: it has no IHDR header to say its size.`);
  asInvalid(() => checkImageSize(size, png.base));
  const rows = size.height;
  // Labels for `rows` images are short: a longer file is refused before it is parsed on this (main) thread.
  asInvalid(() => checkLabelsText(json.bytes.length, rows, json.base, `the ${count(rows)} rows of ${png.base}`));
  const labels = spriteLabels(new TextDecoder().decode(json.bytes), json.base);
  if (rows !== labels.length) {
    throw invalid(
      `${png.base} holds ${count(rows)} rows (one image each) but ${json.base} holds ${count(labels.length)} labels: they are not a pair.`,
    );
  }
  return { kind: 'cifar-sprite', png: png.bytes, labels };
}

// ---- folder of class subfolders -------------------------------------------------------------------

interface Found {
  className: string;
  name: string;
  /** The real path (every link resolved), inside the chosen folder's real path. */
  file: string;
}

/** A file of the folder that is not read, as `class/name`, and why (the page shows these beside the data set). */
export interface SkippedEntry {
  name: string;
  reason: string;
}

/**
 * Lists the images of a class folder tree: first-level subfolders are the classes, files deeper inside
 * belong to their first-level folder, files directly in `root` belong to no class. Hidden entries (a
 * leading dot) and non-image files are skipped. Everything read stays inside the chosen folder: a link to a
 * file is followed only when its target (every link resolved) is inside the folder's real path; links to
 * folders are not followed. A link that leads outside (or nowhere, or in a loop) and anything with an image's
 * name that is no regular file (a FIFO, a device) is left out and listed in `skipped`.
 */
export async function listImageFolder(
  root: string,
  fs: DatasetFs,
): Promise<{ found: Found[]; unclassified: string[]; skipped: SkippedEntry[] }> {
  const readdir = async (dir: string) => {
    try {
      return (await fs.readdir(dir, { withFileTypes: true }))
        .filter((e) => !e.name.startsWith('.'))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch (e) {
      throw ioError('Cannot read the folder', dir, e);
    }
  };
  let top: string;
  try {
    top = await fs.realpath(root);
  } catch (e) {
    throw ioError('Cannot read the folder', root, e);
  }
  const prefix = top.endsWith(path.sep) ? top : top + path.sep;
  const inside = (real: string) => real === top || real.startsWith(prefix);
  /** Where a link leads, every link resolved, or why it leads nowhere. */
  const resolveLink = async (link: string): Promise<string | { reason: string }> => {
    try {
      return await fs.realpath(link);
    } catch (e) {
      const code = errorCode(e);
      return {
        reason:
          code === 'ELOOP'
            ? 'a loop of links'
            : code === 'ENOENT'
              ? 'a link to nothing'
              : `a link that cannot be followed (${code ?? String(e)})`,
      };
    }
  };
  const kindOf = async (real: string): Promise<'file' | 'folder' | 'other' | 'none'> => {
    try {
      if ((await fs.stat(real)).isFile()) return 'file';
    } catch {
      return 'none';
    }
    return fs.readdir(real, { withFileTypes: true }).then(
      () => 'folder' as const,
      () => 'other' as const,
    );
  };
  const found: Found[] = [];
  const skipped: SkippedEntry[] = [];
  const walk = async (dir: string, className: string, within: string[]): Promise<void> => {
    if (within.length > MAX_DEPTH)
      throw invalid(
        `${dir} is more than ${MAX_DEPTH} folders deep inside its class folder ${className}: is this a data set?`,
      );
    for (const e of await readdir(dir)) {
      const file = path.join(dir, e.name);
      const name = [...within, e.name].join('/');
      const skip = (reason: string) => skipped.push({ name: `${className}/${name}`, reason });
      const image = isImageFile(e.name);
      if (e.isDirectory()) {
        await walk(file, className, [...within, e.name]);
      } else if (e.isSymbolicLink()) {
        // Followed to a file inside the folder; to a folder never (a loop, or the same images twice).
        const to = await resolveLink(file);
        if (typeof to !== 'string') {
          if (image) skip(to.reason);
        } else if (!inside(to)) {
          if (image || (await kindOf(to)) === 'folder') skip(`a link to ${to}, outside the chosen folder`);
        } else if (image) {
          const kind = await kindOf(to);
          if (kind === 'file') found.push({ className, name, file: to });
          else if (kind !== 'folder')
            skip(kind === 'none' ? 'a link to nothing' : 'a link to something that is not a regular file');
        }
      } else if (image) {
        if (e.isFile()) found.push({ className, name, file });
        else skip('not a regular file (a pipe, device or socket)');
      }
      if (found.length > MAX_DATASET_FILES) {
        throw new HostError(
          'too-large',
          `${root} holds more than ${count(MAX_DATASET_FILES)} images; the limit is ${count(MAX_DATASET_FILES)} per data set. ` +
            'Choose a folder with fewer images (for example a subset of each class).',
        );
      }
    }
  };
  const unclassified: string[] = [];
  for (const e of await readdir(top)) {
    if (e.isDirectory()) await walk(path.join(top, e.name), e.name, []);
    else if (e.isFile()) unclassified.push(e.name);
    else if (e.isSymbolicLink()) {
      // A link to a folder is no class (links to folders are not followed); one that leads outside is named.
      const to = await resolveLink(path.join(top, e.name));
      if (typeof to === 'string' && !inside(to) && (await kindOf(to)) === 'folder')
        skipped.push({ name: e.name, reason: `a link to ${to}, outside the chosen folder` });
    }
  }
  return { found, unclassified, skipped };
}

/**
 * The images a limit keeps (limitFolderItems on the listed names, as the browser build does on its folder input), so
 * only those are read; all of them when the limit keeps everything.
 */
function limitFound(found: Found[], options: DatasetOptions): Found[] {
  try {
    return limitFolderItems(found, options.limit, options.seed).items;
  } catch (e) {
    throw invalid(e instanceof Error ? e.message : String(e)); // fewer than 2 classes, or more than 256
  }
}

/** `maxBytes`: the size limit, MAX_DATASET_BYTES but in tests. */
export async function readFolderDataset(
  root: string,
  fs: DatasetFs,
  options?: DatasetOptions,
  maxBytes = MAX_DATASET_BYTES,
): Promise<FolderDataset> {
  const listed = await listImageFolder(root, fs);
  const { unclassified } = listed;
  if (listed.found.length === 0) {
    const loose = unclassified.length
      ? `; the ${count(unclassified.length)} file${unclassified.length === 1 ? '' : 's'} directly in it belong${unclassified.length === 1 ? 's' : ''} to no class`
      : '';
    throw invalid(
      `No images in class subfolders of ${root}: a folder data set needs one subfolder per class with its images (${IMAGE_LIST}) inside${loose}.`,
    );
  }
  const found = options ? limitFound(listed.found, options) : listed.found;
  const sizes = await mapParallel(found, READ_PARALLEL, async (f) => {
    try {
      return (await fs.stat(f.file)).size;
    } catch (e) {
      throw ioError('Cannot read', f.file, e);
    }
  });
  const what =
    found.length < listed.found.length
      ? `The ${count(found.length)} images chosen of the ${count(listed.found.length)} in ${root}`
      : `The ${count(found.length)} images in ${root}`;
  checkTotal(
    sizes.reduce((a, b) => a + b, 0),
    what,
    maxBytes,
  );
  const budget = new ReadBudget(what, maxBytes);
  const files = await mapParallel(found, READ_PARALLEL, async (f): Promise<DatasetFile> => {
    try {
      return { className: f.className, name: f.name, bytes: await readBounded(fs, f.file, budget) };
    } catch (e) {
      throw ioError('Cannot read', f.file, e);
    }
  });
  // What the page will decode, from each image's header: one too large to decode is left out here (as the worker
  // would skip it); the rest must fit the decoded-size limit of a data set.
  const skipped = listed.skipped.map((s) => `${s.name} (${s.reason})`);
  let decoded = 0;
  const kept = files.filter((f) => {
    const size = imageSize(f.bytes);
    const why = size && imageTooLarge(size);
    if (why) skipped.push(`${f.className}/${f.name} (${why})`);
    else if (size) decoded += 4 * size.width * size.height;
    return !why;
  });
  if (decoded > MAX_DECODED_BYTES) {
    throw new HostError(
      'too-large',
      `${what} decode to ${gibibytes(decoded)} of pixels; the limit is ${gibibytes(MAX_DECODED_BYTES)} per data set. ` +
        'Choose fewer or smaller images (a limit on the number of images reads fewer).',
    );
  }
  const name = path.basename(root) || root;
  const result: FolderDataset = { kind: 'folder', name, files: kept };
  if (found.length < listed.found.length) result.total = listed.found.length;
  if (skipped.length) result.skipped = skipped;
  return result;
}

// ---- the handler ----------------------------------------------------------------------------------

export async function openDataset(
  [kind, options]: [DatasetKind, DatasetOptions?],
  deps: HandlerDeps,
): Promise<OpenedDataset | null> {
  const startIn = lastFolder.get(deps.session) ?? deps.paths.documents;
  if (kind === 'folder') {
    const root = await deps.dialog.chooseDatasetFolder(startIn);
    if (!root) return null;
    lastFolder.set(deps.session, path.dirname(root));
    return readFolderDataset(root, deps.fs, options);
  }
  const files = await deps.dialog.chooseDatasetFiles(kind, startIn);
  if (!files || files.length === 0) return null;
  lastFolder.set(deps.session, path.dirname(files[0]));
  return kind === 'idx' ? readIdxDataset(files, deps.fs) : readSpriteDataset(files, deps.fs);
}

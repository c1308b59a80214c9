// "A folder of images with one subfolder per class": the host lists the folder and decodes each image to RGBA;
// this validates the listing and resizes/converts every image to the Input's shape.
import { IMAGE_EXTENSIONS, isImageFile } from './imageFiles';
import { DecodeLimitError } from './imageSize';
import { mulberry32, shuffleInPlace } from './rng';
import { DataError, type Dataset } from './types';
import { msg, type Msg } from '../i18n/msg';

const d = (key: string, params?: Readonly<Record<string, string | number | Msg>>) => new DataError(msg(`errors3.data.${key}`, params));

export interface FolderListing {
  /** Subfolder name -> image file names (or paths) in it. */
  readonly classes: ReadonlyArray<{ readonly name: string; readonly files: readonly string[] }>;
}

export interface DecodedImage { readonly width: number; readonly height: number; readonly rgba: Uint8Array | Uint8ClampedArray }

/** Checks a listing and returns the classes in name order with their image files. */
export function checkFolderListing(l: FolderListing): { name: string; files: string[] }[] {
  const classes = l.classes
    .map((c) => ({ name: c.name, files: c.files.filter(isImageFile).sort() }))
    .filter((c) => c.files.length > 0)
    .sort((a, b) => a.name.localeCompare(b.name));
  if (classes.length < 2) {
    throw classes.length
      ? d('classesOne', { ext: IMAGE_EXTENSIONS.join(', '), name: classes[0].name })
      : d('classesNone', { ext: IMAGE_EXTENSIONS.join(', ') });
  }
  if (classes.length > 256) throw d('classesMany', { n: String(classes.length) });
  return classes;
}

/**
 * How many images each class keeps when a data set of classes with `sizes` images is cut to `limit`: each class its
 * share (largest remainders), at least one each. Under a limit smaller than the number of classes every class still
 * keeps one image (so the total is the class count, above the limit): a class left out would change the class
 * count and every later class's label. A limit at or above the total keeps everything.
 */
export function stratifiedCounts(sizes: readonly number[], limit: number): number[] {
  const total = sizes.reduce((a, b) => a + b, 0);
  const target = Math.floor(limit);
  if (!(target < total)) return [...sizes];
  const quota = sizes.map((n) => (target * n) / total);
  const keep = sizes.map((n, k) => Math.min(n, Math.max(1, Math.floor(quota[k]))));
  let sum = keep.reduce((a, b) => a + b, 0);
  // Short (the floors): one more for each class furthest below its quota; over (the minimum of one): one fewer
  // for each furthest above. Ties go to the earlier class. Each loop runs at most once per class.
  while (sum < target) {
    let best = -1;
    for (let k = 0; k < sizes.length; k++) if (keep[k] < sizes[k] && (best < 0 || quota[k] - keep[k] > quota[best] - keep[best])) best = k;
    if (best < 0) break;
    keep[best]++; sum++;
  }
  while (sum > target) {
    let best = -1;
    for (let k = 0; k < sizes.length; k++) if (keep[k] > 1 && (best < 0 || keep[k] - quota[k] > keep[best] - quota[best])) best = k;
    if (best < 0) break;
    keep[best]--; sum--;
  }
  return keep;
}

/** The seed a folder subset draws from: the run's seed, on a stream of its own (not the split's or the augmentation's). */
const SUBSET_STREAM = 0x3c6ef372;

/**
 * The images a `limit` keeps of a folder: checks the listing (as folderToDataset does), then takes a seeded random
 * subset of each class of the size stratifiedCounts gives, in file-name order. The same listing, limit and seed give
 * the same files in the browser (its folder input) and in the desktop app's main process (which then reads only
 * those). No limit, or one at or above the total, keeps every image.
 */
export function folderSubset(listing: FolderListing, limit: number | undefined, seed: number): { classes: { name: string; files: string[] }[]; total: number; kept: number } {
  const classes = checkFolderListing(listing);
  const total = classes.reduce((s, c) => s + c.files.length, 0);
  if (limit === undefined || !(limit < total)) return { classes, total, kept: total };
  const keep = stratifiedCounts(classes.map((c) => c.files.length), limit);
  const rng = mulberry32((seed ^ SUBSET_STREAM) >>> 0);
  const chosen = classes.map((c, k) => {
    const order = shuffleInPlace(Uint32Array.from(c.files.keys()), rng).subarray(0, keep[k]).sort();
    return { name: c.name, files: Array.from(order, (i) => c.files[i]) };
  });
  return { classes: chosen, total, kept: keep.reduce((a, b) => a + b, 0) };
}

/** A photo this many times the Input's size (in its longer side) is first decoded smaller by the browser. */
export const PRESCALE_ABOVE = 4;

/**
 * The size to have the browser decode an image of `src` pixels at before toShape resizes it to `target`, or null to
 * decode it at full size. Big photos (more than PRESCALE_ABOVE times the target, orientation aside, and at least
 * twice it both ways) come out at twice the target: decoding 12 megapixels in full and reading them back is what
 * makes a folder of photos slow, and toShape's bilinear taps alone would alias them; the browser's high-quality
 * downscale averages every source pixel. Smaller images are decoded in full, so they stay exactly toShape's.
 */
export function prescaleSize(src: { width: number; height: number }, target: { width: number; height: number }): { width: number; height: number } | null {
  const t = Math.max(target.width, target.height);
  return Math.max(src.width, src.height) > PRESCALE_ABOVE * t && Math.min(src.width, src.height) >= 2 * t
    ? { width: 2 * target.width, height: 2 * target.height } : null;
}

/** Resizes RGBA to height x width (bilinear) and keeps `channels` (1: luminance, 3: RGB). */
export function toShape(img: DecodedImage, height: number, width: number, channels: 1 | 3, out: Uint8Array, offset: number): void {
  const { width: sw, height: sh, rgba } = img;
  if (rgba.length !== sw * sh * 4) throw d('decodedSize', { n: String(rgba.length), w: String(sw), h: String(sh) });
  for (let y = 0; y < height; y++) {
    const fy = Math.max(0, (y + 0.5) * sh / height - 0.5), y0 = Math.min(sh - 1, Math.floor(fy)), y1 = Math.min(sh - 1, y0 + 1), dy = fy - y0;
    for (let x = 0; x < width; x++) {
      const fx = Math.max(0, (x + 0.5) * sw / width - 0.5), x0 = Math.min(sw - 1, Math.floor(fx)), x1 = Math.min(sw - 1, x0 + 1), dx = fx - x0;
      const px = [0, 0, 0];
      for (let c = 0; c < 3; c++) {
        const a = rgba[(y0 * sw + x0) * 4 + c], b = rgba[(y0 * sw + x1) * 4 + c];
        const cc = rgba[(y1 * sw + x0) * 4 + c], d = rgba[(y1 * sw + x1) * 4 + c];
        px[c] = (a * (1 - dx) + b * dx) * (1 - dy) + (cc * (1 - dx) + d * dx) * dy;
      }
      const o = offset + (y * width + x) * channels;
      if (channels === 1) out[o] = Math.round(0.299 * px[0] + 0.587 * px[1] + 0.114 * px[2]);
      else { out[o] = Math.round(px[0]); out[o + 1] = Math.round(px[1]); out[o + 2] = Math.round(px[2]); }
    }
  }
}

/** An image file that could not be used, as `class/file`, and why. */
export interface SkippedFile { readonly file: string; readonly reason: string }

/**
 * Builds a Dataset from a listing, decoding each file with `decode` (host-provided). Cancellable via signal.
 * A file that cannot be decoded (truncated, not really an image) is skipped and listed in `skipped`, as real
 * photo folders often hold a few; a class none of whose files can be decoded is an error naming them.
 */
export async function folderToDataset(listing: FolderListing, shape: { height: number; width: number; channels: number },
  decode: (className: string, file: string) => Promise<DecodedImage>,
  o: { name?: string; signal?: AbortSignal; onProgress?: (done: number, total: number, phase: Msg) => void } = {}): Promise<Dataset & { readonly skipped: readonly SkippedFile[] }> {
  const classes = checkFolderListing(listing);
  if (shape.channels !== 1 && shape.channels !== 3) throw d('channels', { c: String(shape.channels) });
  const total = classes.reduce((s, c) => s + c.files.length, 0);
  const size = shape.height * shape.width * shape.channels;
  let images = new Uint8Array(total * size), labels = new Uint8Array(total);
  const skipped: SkippedFile[] = [];
  let i = 0, tried = 0;
  for (let k = 0; k < classes.length; k++) {
    const first = i;
    for (const f of classes[k].files) {
      if (o.signal?.aborted) throw new DataError(msg('ui.worker.loadCancelled'));
      try {
        toShape(await decode(classes[k].name, f), shape.height, shape.width, shape.channels as 1 | 3, images, i * size);
        labels[i++] = k;
      } catch (e) {
        if (o.signal?.aborted) throw new DataError(msg('ui.worker.loadCancelled'));
        if (e instanceof DecodeLimitError) throw e; // the data set as a whole is too much: not one image to skip
        skipped.push({ file: `${classes[k].name}/${f}`, reason: (e as Error).message || String(e) });
      }
      o.onProgress?.(++tried, total, msg('errors3.phase.decodingImages'));
    }
    if (i === first) {
      const bad = skipped.slice(-classes[k].files.length);
      const list = bad.slice(0, 3).map((s) => `${s.file} (${s.reason})`).join(', ');
      throw d(bad.length > 3 ? 'noneDecodedMore' : 'noneDecoded', { n: String(classes[k].files.length), name: classes[k].name, list, more: String(bad.length - 3) });
    }
  }
  if (i < total) { images = images.slice(0, i * size); labels = labels.slice(0, i); }
  return { name: o.name ?? 'Image folder', images, labels, n: i, height: shape.height, width: shape.width, channels: shape.channels, numClasses: classes.length, classNames: classes.map((c) => c.name), skipped };
}

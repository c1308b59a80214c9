// Data loading inside the Worker: fetch (with progress and cancel) or bytes handed over by the app,
// decoded by the pure loaders in shared/data.
import {
  checkImageSize,
  cifarSpritesToDataset,
  decodeCifarSprite,
  DecodeBudget,
  folderToDataset,
  gunzipIfNeeded,
  idxPairToDataset,
  imageSize,
  parseCifarLabels,
  prescaleSize,
  spritesFor,
  syntheticDataset,
  DataError,
  CIFAR10_FILES,
  CIFAR10_GET_COMMAND,
  CIFAR10_PER_SPRITE,
  CIFAR10_URL_BASE,
  MNIST_CLASSES,
  MNIST_FILES,
  MNIST_URL_BASE,
  type DataKind,
  type Dataset,
  type DecodedImage,
  type ImageSize,
} from '../../shared/data';
import type { DataSpec } from './protocol';
import { msg, type Msg } from '../../shared/i18n/msg';

/** The catalogue's section for data that cannot be loaded (shared/i18n, errors2.data). */
const D = 'errors2.data';

export interface Loaded {
  train: Dataset;
  test?: Dataset;
  /** What was skipped, for the user to see. */ warnings?: string[];
}
type OnProgress = (done: number, total: number, phase?: Msg) => void;

async function fetchBytes(
  url: string,
  signal: AbortSignal,
  onProgress: (done: number, total: number) => void,
  missing: Msg = msg(`${D}.notInstalled`),
): Promise<Uint8Array> {
  let res: Response;
  try {
    res = await fetch(url, { signal });
  } catch (e) {
    if (signal.aborted) throw new DataError(msg('ui.worker.loadCancelled'));
    throw new DataError(msg(`${D}.fetch`, { url, error: (e as Error).message }));
  }
  if (!res.ok) throw new DataError(msg(`${D}.http`, { url, status: res.status, missing }));
  // A single-page server (vite, vite preview) answers a missing file with its index.html.
  if (res.headers.get('Content-Type')?.startsWith('text/html'))
    throw new DataError(msg(`${D}.webPage`, { url, missing }));
  const total = Number(res.headers.get('Content-Length') ?? 0);
  if (!res.body) return new Uint8Array(await res.arrayBuffer());
  const reader = res.body.getReader();
  const parts: Uint8Array[] = [];
  let done = 0;
  try {
    for (;;) {
      const r = await reader.read();
      if (r.done) break;
      parts.push(r.value);
      done += r.value.length;
      onProgress(done, total || done);
    }
  } catch (e) {
    if (signal.aborted) throw new DataError(msg('ui.worker.loadCancelled'));
    throw e;
  }
  const out = new Uint8Array(done);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** What a 404 on data/cifar10/ means, and the fix. */
export const CIFAR10_MISSING: Msg = msg(`${D}.cifarMissing`, { command: CIFAR10_GET_COMMAND });

const SPRITE_ROWS = 1000;

/** Decode without colour-space conversion or premultiplication: the bytes the file holds. */
const AS_STORED = { colorSpaceConversion: 'none', premultiplyAlpha: 'none' } as const;

/** Header bytes read to find a photo's size (a JPEG's frame header follows its EXIF and colour profile). */
const HEAD_BYTES = 256 * 1024;

/** The blob's stored pixel size from its header (the first HEAD_BYTES, then all of it), or null; and whether it is a JPEG. */
async function sniffImage(blob: Blob): Promise<{ size: ImageSize | null; jpeg: boolean }> {
  const head = new Uint8Array(await blob.slice(0, HEAD_BYTES).arrayBuffer());
  const jpeg = head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff;
  const size = imageSize(head) ?? (blob.size > HEAD_BYTES ? imageSize(new Uint8Array(await blob.arrayBuffer())) : null);
  return { size, jpeg };
}

/**
 * A JPEG decoded by WebCodecs' ImageDecoder at the smallest of libjpeg's DCT scales (1/8 to 1) that is at least
 * `side` both ways: the 1/8 of a 12-megapixel photo takes about a fifth of the time of a full decode, as the IDCT
 * and colour conversion run on 1/64 of the pixels (each an 8x8 block's average). The frame keeps the EXIF
 * orientation, which createImageBitmap applies. Null where the browser has no ImageDecoder (not a secure context,
 * older browsers) or it fails: the caller decodes another way.
 */
async function scaledJpeg(blob: Blob, side: number): Promise<VideoFrame | null> {
  if (typeof ImageDecoder !== 'function') return null;
  let decoder: ImageDecoder | null = null;
  try {
    decoder = new ImageDecoder({
      data: blob.stream(),
      type: 'image/jpeg',
      colorSpaceConversion: 'none',
      desiredWidth: side,
      desiredHeight: side,
    });
    return (await decoder.decode()).image;
  } catch {
    return null;
  } finally {
    decoder?.close();
  }
}

/**
 * The blob as an ImageBitmap, as stored (AS_STORED). With `fit` (the size it will be resized to), a photo that
 * prescaleSize calls big comes back at prescaleSize's size, scaled by the browser with its high-quality filter:
 * a JPEG from a DCT-scaled decode (scaledJpeg), anything else from createImageBitmap's own resize. The size comes
 * from the file's header; when that cannot be read, the full decode is scaled instead.
 */
async function bitmapOf(
  blob: Blob,
  fit: { width: number; height: number } | undefined,
  { size, jpeg }: { size: ImageSize | null; jpeg: boolean },
): Promise<ImageBitmap> {
  if (!fit) return createImageBitmap(blob, AS_STORED);
  const pre = size ? prescaleSize(size, fit) : null;
  if (pre) {
    const resize = { ...AS_STORED, resizeWidth: pre.width, resizeHeight: pre.height, resizeQuality: 'high' } as const;
    const frame = jpeg ? await scaledJpeg(blob, Math.max(pre.width, pre.height)) : null;
    if (!frame) return createImageBitmap(blob, resize);
    try {
      return await createImageBitmap(frame, resize);
    } finally {
      frame.close();
    }
  }
  const bmp = await createImageBitmap(blob, AS_STORED);
  const late = size ? null : prescaleSize(bmp, fit);
  if (!late) return bmp;
  try {
    return await createImageBitmap(bmp, {
      ...AS_STORED,
      resizeWidth: late.width,
      resizeHeight: late.height,
      resizeQuality: 'high',
    });
  } finally {
    bmp.close();
  }
}

/**
 * An image as RGBA, decoded by the browser with no colour-space conversion and no premultiplication (the bytes
 * the file holds). Tall sprites are read through a canvas SPRITE_ROWS rows at a time: a 1024x10000 canvas
 * would exceed some GPUs' texture size. `fit`: see bitmapOf (a big photo comes back at about twice that size).
 */
export async function decodeImage(
  blob: Blob,
  what: string,
  fit?: { width: number; height: number },
  budget?: DecodeBudget,
): Promise<DecodedImage> {
  // The size the header states, checked before anything is decoded: a 97 KB PNG can declare 400 MB of pixels.
  const sniffed = await sniffImage(blob);
  const admit = (size: ImageSize) => (budget ? budget.admit(size, what) : checkImageSize(size, what));
  if (sniffed.size) admit(sniffed.size);
  let bmp: ImageBitmap;
  try {
    bmp = await bitmapOf(blob, fit, sniffed);
  } catch (e) {
    throw new DataError(
      (e as Error).message
        ? msg(`${D}.undecodable`, { what, error: (e as Error).message })
        : msg(`${D}.undecodableDamaged`, { what }),
      { cause: e },
    );
  }
  try {
    const { width, height } = bmp;
    if (!sniffed.size) admit({ width, height }); // no size in its header: checked before its pixels are copied out
    const rows = Math.min(height, SPRITE_ROWS);
    const ctx = new OffscreenCanvas(width, rows).getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new DataError(msg(`${D}.noCanvas`, { what }));
    const rgba = new Uint8ClampedArray(width * height * 4);
    for (let y = 0; y < height; y += rows) {
      const h = Math.min(rows, height - y);
      ctx.clearRect(0, 0, width, rows);
      ctx.drawImage(bmp, 0, y, width, h, 0, 0, width, h);
      rgba.set(ctx.getImageData(0, 0, width, h).data, y * width * 4);
    }
    return { width, height, rgba };
  } finally {
    bmp.close();
  }
}

async function loadCifar10(
  limit: number | undefined,
  testLimit: number | undefined,
  baseUrl: string,
  signal: AbortSignal,
  onProgress: OnProgress,
): Promise<Loaded> {
  const url = (f: string) => new URL(`${CIFAR10_URL_BASE}${f}`, baseUrl).href;
  const train = CIFAR10_FILES.train.slice(0, spritesFor(limit, CIFAR10_FILES.train.length));
  const names = [CIFAR10_FILES.trainLabels, CIFAR10_FILES.testLabels, ...train, CIFAR10_FILES.test];
  // The labels first: a 404 there says "not installed" before 139 MB of requests start.
  const [trainText, testText] = await Promise.all(
    [CIFAR10_FILES.trainLabels, CIFAR10_FILES.testLabels].map(async (f) =>
      new TextDecoder().decode(await fetchBytes(url(f), signal, () => {}, CIFAR10_MISSING)),
    ),
  );
  const trainLabels = parseCifarLabels(
    trainText,
    CIFAR10_FILES.trainLabels,
    CIFAR10_FILES.train.length * CIFAR10_PER_SPRITE,
  );
  const testLabels = parseCifarLabels(testText, CIFAR10_FILES.testLabels, CIFAR10_PER_SPRITE);
  const pngs = names.slice(2);
  const got = pngs.map(() => 0),
    tot = pngs.map(() => 23.2e6); // each sprite is about 23 MB; refined as headers arrive
  const bytes: (Uint8Array | null)[] = await Promise.all(
    pngs.map((f, i) =>
      fetchBytes(
        url(f),
        signal,
        (d, t) => {
          got[i] = d;
          tot[i] = t;
          onProgress(
            got.reduce((a, b) => a + b),
            tot.reduce((a, b) => a + b),
            msg('errors3.phase.downloadingCifar', { n: pngs.length }),
          );
        },
        CIFAR10_MISSING,
      ),
    ),
  );
  // Decode one sprite at a time and drop its PNG bytes: the full set is 139 MB of PNG and 184 MB of pixels.
  const budget = new DecodeBudget();
  const decode = async (i: number) => {
    const d = await decodeImage(
      new Blob([bytes[i] as Uint8Array<ArrayBuffer>], { type: 'image/png' }),
      pngs[i],
      undefined,
      budget,
    );
    bytes[i] = null;
    return d;
  };
  const trainSet = await cifarSpritesToDataset(CIFAR10_FILES.train.length, trainLabels, decode, {
    name: 'CIFAR-10',
    limit,
    spriteNames: train,
    signal,
    onProgress,
  });
  const test = await cifarSpritesToDataset(1, testLabels, () => decode(pngs.length - 1), {
    name: 'CIFAR-10 test',
    limit: testLimit,
    spriteNames: [CIFAR10_FILES.test],
    signal,
    onProgress,
  });
  return { train: trainSet, test };
}

type Loader<K extends DataKind> = (
  spec: Extract<DataSpec, { kind: K }>,
  baseUrl: string,
  signal: AbortSignal,
  onProgress: OnProgress,
) => Promise<Loaded>;

/** How the Worker loads each kind of data set (shared/data/sources.ts lists the kinds): one loader per kind. */
export const LOADERS = {
  async mnist(spec, baseUrl, signal, onProgress) {
    const names = [MNIST_FILES.trainImages, MNIST_FILES.trainLabels, MNIST_FILES.testImages, MNIST_FILES.testLabels];
    const got: number[] = names.map(() => 0),
      tot: number[] = [9.9e6, 2.9e4, 1.65e6, 5e3]; // gzip sizes, refined as headers arrive
    const bytes = await Promise.all(
      names.map((n, i) =>
        fetchBytes(new URL(`${MNIST_URL_BASE}${n}.gz`, baseUrl).href, signal, (d, t) => {
          got[i] = d;
          tot[i] = t;
          onProgress(
            got.reduce((a, b) => a + b),
            tot.reduce((a, b) => a + b),
            msg('errors3.phase.downloadingMnist'),
          );
        }),
      ),
    );
    onProgress(1, 1, msg('errors3.phase.decompressing'));
    const [ti, tl, vi, vl] = await Promise.all(bytes.map((b, i) => gunzipIfNeeded(b, names[i])));
    if (signal.aborted) throw new DataError(msg('ui.worker.loadCancelled'));
    const train = idxPairToDataset(ti, tl, {
      name: 'MNIST',
      numClasses: 10,
      classNames: [...MNIST_CLASSES],
      limit: spec.limit,
      imagesName: names[0],
      labelsName: names[1],
    });
    const test = idxPairToDataset(vi, vl, {
      name: 'MNIST test',
      numClasses: 10,
      classNames: [...MNIST_CLASSES],
      limit: spec.testLimit,
      imagesName: names[2],
      labelsName: names[3],
    });
    return { train, test };
  },
  cifar10: (spec, baseUrl, signal, onProgress) => loadCifar10(spec.limit, spec.testLimit, baseUrl, signal, onProgress),
  async synthetic(spec) {
    return {
      train: syntheticDataset({ n: spec.n, size: spec.size, channels: spec.channels, seed: 1 }),
      test: syntheticDataset({ n: Math.ceil(spec.n / 5), size: spec.size, channels: spec.channels, seed: 2 }),
    };
  },
  async idx(spec, _baseUrl, _signal, onProgress) {
    onProgress(0, 1, msg('errors3.phase.decompressing'));
    const [a, b] = await Promise.all([
      gunzipIfNeeded(new Uint8Array(spec.images), 'images file'),
      gunzipIfNeeded(new Uint8Array(spec.labels), 'labels file'),
    ]);
    const train = idxPairToDataset(a, b, { name: spec.name });
    let test: Dataset | undefined;
    if (spec.testImages && spec.testLabels) {
      const [c, d] = await Promise.all([
        gunzipIfNeeded(new Uint8Array(spec.testImages), 'test images file'),
        gunzipIfNeeded(new Uint8Array(spec.testLabels), 'test labels file'),
      ]);
      test = idxPairToDataset(c, d, { name: `${spec.name} test`, numClasses: train.numClasses });
    }
    return { train, test };
  },
  async 'cifar-sprite'(spec, _baseUrl, _signal, onProgress) {
    onProgress(0, 1, msg('errors3.phase.decodingSprite'));
    const { rgba, width, height } = await decodeImage(spec.png, 'The sprite PNG', undefined, new DecodeBudget());
    return { train: decodeCifarSprite(rgba, width, height, spec.labels, { name: spec.name }) };
  },
  async folder(spec, _baseUrl, signal, onProgress) {
    const byClass = new Map<string, Map<string, Blob>>();
    for (const f of spec.files) {
      if (!byClass.has(f.className)) byClass.set(f.className, new Map());
      byClass.get(f.className)!.set(f.name, f.file);
    }
    const listing = { classes: [...byClass].map(([name, m]) => ({ name, files: [...m.keys()] })) };
    // As the CIFAR sprites: the stored bytes; a big photo is decoded small first (bitmapOf). The browser's own
    // reason is the skip notice's, not decodeImage's sentence around it.
    const fit = { width: spec.width, height: spec.height };
    const budget = new DecodeBudget();
    const decode = async (cls: string, file: string) => {
      try {
        return await decodeImage(byClass.get(cls)!.get(file)!, `${cls}/${file}`, fit, budget);
      } catch (e) {
        const cause = (e as Error).cause;
        throw cause instanceof Error ? cause : e;
      }
    };
    const train = await folderToDataset(listing, spec, decode, { name: spec.name, signal, onProgress });
    const s = train.skipped,
      shown = 5;
    const warnings: string[] = [];
    if (s.length)
      warnings.push(
        `Skipped ${s.length} of ${train.n + s.length} images that could not be decoded: ${s
          .slice(0, shown)
          .map((x) => `${x.file} (${x.reason})`)
          .join(', ')}${s.length > shown ? `, and ${s.length - shown} more` : ''}.`,
      );
    const h = spec.skipped ?? [];
    if (h.length)
      warnings.push(
        `Left out ${h.length} file${h.length === 1 ? '' : 's'} of the folder: ${h.slice(0, shown).join(', ')}${h.length > shown ? `, and ${h.length - shown} more` : ''}.`,
      );
    return { train, warnings: warnings.length ? warnings : undefined };
  },
} satisfies { [K in DataKind]: Loader<K> };

export async function loadData(
  spec: DataSpec,
  baseUrl: string,
  signal: AbortSignal,
  onProgress: OnProgress,
): Promise<Loaded> {
  return (LOADERS[spec.kind] as Loader<DataSpec['kind']>)(spec, baseUrl, signal, onProgress);
}

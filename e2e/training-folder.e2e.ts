// A folder of images with one subfolder per class, as a user picks it in the browser build: real PNG and JPEG
// files written to a temp folder (PNGs by a small encoder below, JPEGs by Chromium's own encoder), of other sizes
// than the Input, chosen through the folder input (webkitdirectory) with setInputFiles. The summary names the
// classes after the subfolders; every image is resized to the Input's HxWxC exactly as shared/data/folder.ts says;
// the graph is fixed to 3 classes in one click and trains one epoch. A file that is not really an image is skipped
// with a notice naming it; a class none of whose images decode is an error naming them. A limit loads the seeded,
// stratified subset shared/data's folderSubset picks ("N of M images"). Big photos (4000x3000 JPEGs from Chromium's
// encoder) are decoded at twice the Input's size by the browser first: the probe matches that two-step reference
// and an exact area average of the drawn picture; a limit makes loading them faster. In the desktop app (a stand-in
// window.cnnHost) the limit and seed go to main's openDataset, and its `total` makes the summary's "of M".
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { folderSubset, imageSize, mulberry32, toShape } from '../shared/data';
import { blackPng } from '../shared/data/testPng';
import { SHOTS, launchBrowser, openTrainingPage } from './browser';

let browser: Browser;
let page: Page;
const errors: string[] = [];
const tmp = mkdtempSync(join(tmpdir(), 'cnn-folder-e2e-'));

/** A PNG (8-bit RGB, no filter) from RGBA pixels; alpha is dropped. */
function png(width: number, height: number, rgba: Uint8Array): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      for (let c = 0; c < 3; c++) raw[y * (width * 3 + 1) + 1 + x * 3 + c] = rgba[(y * width + x) * 4 + c];
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const len = Buffer.alloc(4),
      crc = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A bar across a noisy dark background: horizontal, vertical or diagonal by class, in a random colour. */
function drawBar(
  cls: 'diagonal' | 'horizontal' | 'vertical',
  width: number,
  height: number,
  rng: () => number,
): Uint8Array {
  const rgba = new Uint8Array(width * height * 4);
  const colour = [120 + rng() * 135, 120 + rng() * 135, 120 + rng() * 135];
  const at = 0.3 + rng() * 0.4,
    thick = 0.08 + rng() * 0.06;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const u = x / width,
        v = y / height;
      const d =
        cls === 'horizontal' ? Math.abs(v - at) : cls === 'vertical' ? Math.abs(u - at) : Math.abs(u - v) / Math.SQRT2;
      const o = (y * width + x) * 4;
      for (let c = 0; c < 3; c++) rgba[o + c] = d < thick ? colour[c] : 20 + rng() * 30;
      rgba[o + 3] = 255;
    }
  return rgba;
}

const CLASSES = ['vertical', 'horizontal', 'diagonal'] as const; // written in this order; the app sorts them
const PER_CLASS = { png: 8, jpeg: 4 };
/** The first PNG of the first class in name order (diagonal/a0.png): the probe image the worker sends back. */
let probeSource: { width: number; height: number; rgba: Uint8Array };
/** Every PNG's pixels, by `class/name` (the name inside the class folder). */
const pngSources = new Map<string, { width: number; height: number; rgba: Uint8Array }>();

beforeAll(async () => {
  browser = await launchBrowser();
  page = await openTrainingPage(browser, inject('baseURL'), { errors, height: 1100 });

  // shapes/<class>/a<i>.png (40x36) and b<i>.jpg (50x50), plus things the loader must ignore.
  const rng = mulberry32(7);
  const root = join(tmp, 'shapes');
  for (const cls of CLASSES) {
    mkdirSync(join(root, cls, 'more'), { recursive: true });
    for (let i = 0; i < PER_CLASS.png; i++) {
      const rgba = drawBar(cls, 40, 36, rng);
      if (cls === 'diagonal' && i === 0) probeSource = { width: 40, height: 36, rgba };
      pngSources.set(`${cls}/${i === PER_CLASS.png - 1 ? 'more/' : ''}a${i}.png`, { width: 40, height: 36, rgba });
      // One PNG per class one folder deeper: still that class.
      writeFileSync(join(root, cls, i === PER_CLASS.png - 1 ? 'more' : '', `a${i}.png`), png(40, 36, rgba));
    }
    const jpegs: number[][] = await page.evaluate(
      async (pixels) =>
        Promise.all(
          pixels.map(async (p) => {
            const c = new OffscreenCanvas(50, 50);
            c.getContext('2d')!.putImageData(new ImageData(new Uint8ClampedArray(p), 50, 50), 0, 0);
            return [
              ...new Uint8Array(await (await c.convertToBlob({ type: 'image/jpeg', quality: 0.9 })).arrayBuffer()),
            ];
          }),
        ),
      Array.from({ length: PER_CLASS.jpeg }, () => [...drawBar(cls, 50, 50, rng)]),
    );
    jpegs.forEach((bytes, i) => writeFileSync(join(root, cls, `b${i}.jpg`), Buffer.from(bytes)));
    writeFileSync(join(root, cls, '.DS_Store'), 'not an image, not an image name');
  }
  writeFileSync(join(root, 'README.txt'), 'Three classes of bars.'); // directly in the chosen folder: no class
});
afterAll(async () => {
  await browser?.close();
  rmSync(tmp, { recursive: true, force: true });
});

const byTest = (id: string) => page.getByTestId(id);
const attr = (id: string, a: string) => byTest(id).getAttribute(a);
const summary = async () => (await byTest('train-data-summary').textContent()) ?? '';

async function loadFolder(dir: string) {
  await byTest('train-dataset').selectOption('folder');
  await byTest('train-file-folder').setInputFiles(dir);
  await byTest('train-load').click();
}

it('loads a folder of PNG and JPEG files, one class per subfolder, resized to the Input; fixes the class count; trains one epoch', async () => {
  const t0 = Date.now();
  await loadFolder(join(tmp, 'shapes'));
  await expect
    .poll(summary, { timeout: 30_000 })
    .toMatch(/^shapes: 36 images 28x28x1, 3 classes \(diagonal, horizontal, vertical\)$/);
  expect(await byTest('train-data-warning').count()).toBe(0);
  expect(await byTest('train-load-error').count()).toBe(0);
  const tLoaded = Date.now();
  // The probe image (the first image of the first class) is the 40x36 PNG resized and turned grey as folder.ts does.
  const expected = new Uint8Array(28 * 28);
  toShape(probeSource, 28, 28, 1, expected, 0);
  const probe = await page.evaluate(() => {
    const p = (window as any).__training.useTraining.getState().probeImage;
    return { label: p.label, pixels: [...p.pixels] };
  });
  expect(probe.label).toBe(0);
  expect(probe.pixels).toEqual([...expected]);
  expect(await byTest('train-probe-image').count()).toBe(1);
  await page.screenshot({ path: `${SHOTS}/training-folder-summary.png` });

  // LeNet-5 ends in 10 units: one click makes it 3.
  await expect
    .poll(async () => (await byTest('data-problem-data-class-count').textContent()) ?? '')
    .toMatch(/shapes has 3 classes but the output has 10 units/);
  await byTest('fix-data-class-count').click();
  await expect.poll(() => byTest('data-problem-data-class-count').count()).toBe(0);
  await byTest('train-backend-choice').selectOption('cpu'); // a fresh worker: the folder is loaded again
  await expect.poll(() => attr('train-backend', 'data-backend'), { timeout: 30_000 }).toBe('cpu');
  await byTest('train-load').click();
  await expect.poll(summary, { timeout: 30_000 }).toMatch(/^shapes: 36 images/);
  await byTest('train-epochs').fill('1');
  await byTest('train-batch').fill('8');
  await byTest('train-start').click();
  await expect.poll(() => attr('training-panel', 'data-state'), { timeout: 60_000 }).toBe('done');
  expect(Number(await attr('chart-epoch', 'data-points'))).toBe(1);
  expect(await byTest('confusion').count()).toBe(1);
  const tTrained = Date.now();

  // Another Input shape, RGB: the same files come out 32x32x3.
  await page.evaluate(() => {
    const s = (window as any).__training.useEditor.getState();
    s.setParam('input', 'height', 32);
    s.setParam('input', 'width', 32);
    s.setParam('input', 'channels', 3);
  });
  await byTest('train-load').click();
  await expect.poll(summary, { timeout: 30_000 }).toMatch(/^shapes: 36 images 32x32x3, 3 classes/);
  const rgb = new Uint8Array(32 * 32 * 3);
  toShape(probeSource, 32, 32, 3, rgb, 0);
  expect(await page.evaluate(() => [...(window as any).__training.useTraining.getState().probeImage.pixels])).toEqual([
    ...rgb,
  ]);
  console.log(
    `e2e folder: loaded 36 images in ${((tLoaded - t0) / 1000).toFixed(1)} s, trained one epoch in ${((tTrained - tLoaded) / 1000).toFixed(1)} s`,
  );
  expect(errors).toEqual([]);
});

it('skips a file that is not really an image with a notice naming it; a class with no decodable image is an error naming them', async () => {
  writeFileSync(join(tmp, 'shapes', 'vertical', 'broken.png'), 'this is text saved as .png');
  writeFileSync(join(tmp, 'shapes', 'horizontal', 'empty.jpg'), '');
  await loadFolder(join(tmp, 'shapes'));
  await expect
    .poll(async () => (await byTest('train-data-warning').textContent()) ?? '', { timeout: 30_000 })
    .toMatch(
      /^Skipped 2 of 38 images that could not be decoded: horizontal\/empty\.jpg \(.+\), vertical\/broken\.png \(.+\)\.$/,
    );
  expect(await summary()).toMatch(/^shapes: 36 images 32x32x3, 3 classes/);
  expect(await attr('training-panel', 'data-state')).toBe('ready');
  await page.screenshot({ path: `${SHOTS}/training-folder-skipped.png` });

  // A 12 KB PNG that declares 20000x20000 pixels (1.5 GiB decoded): skipped by its header, never decoded.
  const huge = join(tmp, 'shapes', 'vertical', 'huge.png');
  writeFileSync(huge, await blackPng(20_000, 20_000));
  await loadFolder(join(tmp, 'shapes'));
  await expect
    .poll(async () => (await byTest('train-data-warning').textContent()) ?? '', { timeout: 30_000 })
    .toMatch(
      /^Skipped 3 of 39 images .*, vertical\/huge\.png \(vertical\/huge\.png is 20000x20000 pixels \(400 megapixels, 1,526 MiB decoded\); at most 67\.1 megapixels per image are decoded\. Use a smaller image\.\)\.$/,
    );
  rmSync(huge);

  const bad = join(tmp, 'bad');
  mkdirSync(join(bad, 'cats'), { recursive: true });
  mkdirSync(join(bad, 'dogs'), { recursive: true });
  writeFileSync(join(bad, 'cats', 'c.png'), png(4, 4, new Uint8Array(64).fill(200)));
  writeFileSync(join(bad, 'dogs', 'd1.jpg'), '<html>404</html>');
  writeFileSync(join(bad, 'dogs', 'd2.jpg'), '<html>404</html>');
  await loadFolder(bad);
  await expect
    .poll(async () => (await byTest('train-load-error').textContent()) ?? '', { timeout: 30_000 })
    .toMatch(/^None of the 2 images in dogs\/ could be decoded: dogs\/d1\.jpg \(.+\), dogs\/d2\.jpg \(.+\)\.$/);
  // The data loaded before is still there to train on.
  expect(await summary()).toMatch(/^shapes: 36 images/);
  expect(errors).toEqual([]);
});

/** The listing of a folder as the app builds it: first-level subfolders, every file below them by its path inside. */
function listing(root: string) {
  const walk = (dir: string, inside: string): string[] =>
    readdirSync(dir).flatMap((f) =>
      statSync(join(dir, f)).isDirectory() ? walk(join(dir, f), `${inside}${f}/`) : [`${inside}${f}`],
    );
  return {
    classes: readdirSync(root)
      .filter((c) => statSync(join(root, c)).isDirectory())
      .map((name) => ({ name, files: walk(join(root, name), '') })),
  };
}
const probe = () =>
  page.evaluate(() => [...((window as any).__training.useTraining.getState().probeImage.pixels as Uint8Array)]);
/** The graph's Input: the folder's images are resized to it. */
const setInput = (height: number, width: number, channels: number) =>
  page.evaluate(
    ([h, w, c]) => {
      const s = (window as any).__training.useEditor.getState();
      s.setParam('input', 'height', h);
      s.setParam('input', 'width', w);
      s.setParam('input', 'channels', c);
    },
    [height, width, channels],
  );
/** Load again and wait for the new probe image (the old one is cleared first, so the wait cannot see it). */
async function reloadProbe(): Promise<number[]> {
  await page.evaluate(() => (window as any).__training.useTraining.setState({ probeImage: null }));
  await byTest('train-load').click();
  await page.waitForFunction(() => (window as any).__training.useTraining.getState().probeImage !== null, undefined, {
    timeout: 30_000,
  });
  return probe();
}

it('a limit loads a seeded subset, each class its share, chosen before decoding: "N of M images"', async () => {
  // The files test 2 broke out of the folder: 36 good images again.
  rmSync(join(tmp, 'shapes', 'vertical', 'broken.png'));
  rmSync(join(tmp, 'shapes', 'horizontal', 'empty.jpg'));
  await setInput(32, 32, 3);
  const all = listing(join(tmp, 'shapes'));
  // A seed whose subset starts its first class with a PNG (whose pixels this test knows), and one that starts it otherwise.
  const first = (seed: number) => folderSubset(all, 12, seed).classes[0].files[0];
  const seedA = [...Array(100).keys()].find((x) => first(x).endsWith('.png'))!;
  const seedB = [...Array(100).keys()].find((x) => first(x) !== first(seedA) && first(x).endsWith('.png'))!;
  expect(folderSubset(all, 12, seedA).classes.map((c) => c.files.length)).toEqual([4, 4, 4]);
  const expectedProbe = (seed: number) => {
    const out = new Uint8Array(32 * 32 * 3);
    toShape(pngSources.get(`diagonal/${first(seed)}`)!, 32, 32, 3, out, 0);
    return [...out];
  };

  await byTest('train-seed').fill(String(seedA));
  await byTest('train-limit').fill('12');
  await loadFolder(join(tmp, 'shapes'));
  await expect
    .poll(summary, { timeout: 30_000 })
    .toMatch(/^shapes: 12 of 36 images 32x32x3, 3 classes \(diagonal, horizontal, vertical\)$/);
  expect(await probe()).toEqual(expectedProbe(seedA));
  // The same seed: the same images; another seed: others (the probe is the first of them).
  expect(await reloadProbe()).toEqual(expectedProbe(seedA));
  await byTest('train-seed').fill(String(seedB));
  expect(await reloadProbe()).toEqual(expectedProbe(seedB));
  expect(await summary()).toMatch(/^shapes: 12 of 36 images/);

  // Fewer than the classes: one of each. The whole folder or more: all, said plainly.
  await byTest('train-limit').fill('2');
  await byTest('train-load').click();
  await expect
    .poll(summary, { timeout: 30_000 })
    .toMatch(/^shapes: 3 of 36 images 32x32x3, 3 classes \(diagonal, horizontal, vertical\)$/);
  await byTest('train-limit').fill('36');
  await byTest('train-load').click();
  await expect.poll(summary, { timeout: 30_000 }).toMatch(/^shapes: 36 images 32x32x3, 3 classes/);
  await byTest('train-limit').fill('');
  await byTest('train-seed').fill('1');
  expect(await byTest('train-data-warning').count()).toBe(0);
  expect(errors).toEqual([]);
});

/** What the worker makes of a big image for a 32x32x3 Input, computed in the page the same way: 64x64 RGBA through toShape. */
async function twoStepReference(file: Buffer, how: 'jpeg' | 'bitmap'): Promise<Uint8Array> {
  const small: number[] = await page.evaluate(
    async ([b64, how]) => {
      const blob = new Blob([Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0))]);
      const resize = {
        colorSpaceConversion: 'none',
        premultiplyAlpha: 'none',
        resizeWidth: 64,
        resizeHeight: 64,
        resizeQuality: 'high',
      } as const;
      let bmp: ImageBitmap;
      if (how === 'jpeg') {
        const decoder = new ImageDecoder({
          data: blob.stream(),
          type: 'image/jpeg',
          colorSpaceConversion: 'none',
          desiredWidth: 64,
          desiredHeight: 64,
        });
        const { image } = await decoder.decode();
        bmp = await createImageBitmap(image, resize);
        image.close();
        decoder.close();
      } else bmp = await createImageBitmap(blob, resize);
      const g = new OffscreenCanvas(64, 64).getContext('2d')!;
      g.drawImage(bmp, 0, 0);
      return [...g.getImageData(0, 0, 64, 64).data];
    },
    [file.toString('base64'), how] as const,
  );
  const out = new Uint8Array(32 * 32 * 3);
  toShape({ width: 64, height: 64, rgba: Uint8Array.from(small) }, 32, 32, 3, out, 0);
  return out;
}

/** A photo-sized picture: a background and rectangles (whole pixels, so the canvas draws them exactly). */
interface Picture {
  width: number;
  height: number;
  background: number[];
  rects: { x: number; y: number; w: number; h: number; rgb: number[] }[];
}

function picture(cls: number, rng: () => number): Picture {
  const width = 4000,
    height = 3000,
    rects: Picture['rects'] = [];
  const colour = () => [Math.floor(40 + rng() * 215), Math.floor(40 + rng() * 215), Math.floor(40 + rng() * 215)];
  for (let i = 0; i < 12; i++) {
    // Class 0: tall rectangles, 1: wide ones, 2: squares.
    const long = Math.floor(600 + rng() * 1800),
      short = Math.floor(80 + rng() * 300);
    const [w, h] = cls === 0 ? [short, long] : cls === 1 ? [long, short] : [short * 2, short * 2];
    rects.push({ x: Math.floor(rng() * (width - w)), y: Math.floor(rng() * (height - h)), w, h, rgb: colour() });
  }
  return { width, height, background: colour().map((c) => c / 4), rects };
}

/** The exact area average of a picture over a height x width grid of cells (each source pixel in the cell its centre falls in). */
function areaAverage(p: Picture, height: number, width: number): number[] {
  const sum = new Float64Array(height * width * 3),
    count = new Float64Array(height * width);
  const row = new Uint8Array(p.width * 3);
  const cellX = Int32Array.from({ length: p.width }, (_, x) => Math.floor(((x + 0.5) * width) / p.width));
  for (let y = 0; y < p.height; y++) {
    for (let x = 0; x < p.width; x++) row.set(p.background, x * 3);
    for (const r of p.rects) if (y >= r.y && y < r.y + r.h) for (let x = r.x; x < r.x + r.w; x++) row.set(r.rgb, x * 3);
    const cy = Math.floor(((y + 0.5) * height) / p.height);
    for (let x = 0; x < p.width; x++) {
      const cell = cy * width + cellX[x];
      count[cell]++;
      for (let c = 0; c < 3; c++) sum[cell * 3 + c] += row[x * 3 + c];
    }
  }
  return Array.from(sum, (v, i) => v / count[Math.floor(i / 3)]);
}

it('decodes big photos at twice the Input size first (matching that reference and an area average); a limit loads them faster', async () => {
  const PHOTO_CLASSES = ['tall', 'wide', 'square'],
    PER = 4;
  const rng = mulberry32(11);
  const pictures = PHOTO_CLASSES.map((_, k) => Array.from({ length: PER }, () => picture(k, rng)));
  const root = join(tmp, 'photos');
  const t0 = Date.now();
  for (const [k, cls] of PHOTO_CLASSES.entries()) {
    mkdirSync(join(root, cls), { recursive: true });
    const jpegs: string[] = await page.evaluate(
      async (ps) =>
        Promise.all(
          ps.map(async (p: any) => {
            const c = new OffscreenCanvas(p.width, p.height),
              g = c.getContext('2d')!;
            g.fillStyle = `rgb(${p.background.join(',')})`;
            g.fillRect(0, 0, p.width, p.height);
            for (const r of p.rects) {
              g.fillStyle = `rgb(${r.rgb.join(',')})`;
              g.fillRect(r.x, r.y, r.w, r.h);
            }
            const bytes = new Uint8Array(
              await (await c.convertToBlob({ type: 'image/jpeg', quality: 0.92 })).arrayBuffer(),
            );
            let s = '';
            for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
            return btoa(s);
          }),
        ),
      pictures[k],
    );
    jpegs.forEach((b64, i) => writeFileSync(join(root, cls, `p${i}.jpg`), Buffer.from(b64, 'base64')));
  }
  const probeFile = join(root, 'square', 'p0.jpg'); // square sorts first: the probe image
  await setInput(32, 32, 3);
  expect(imageSize(new Uint8Array(readFileSync(probeFile)))).toEqual({ width: 4000, height: 3000 });
  const tMade = Date.now();

  /** The quickest of two loads, and how many images the worker decoded (its progress total). */
  const loadTimed = async (limit: string, expected: RegExp) => {
    await byTest('train-limit').fill(limit);
    await byTest('train-dataset').selectOption('folder');
    await byTest('train-file-folder').setInputFiles(root);
    let best = Infinity,
      decoded = 0;
    for (let rep = 0; rep < 2; rep++) {
      await page.evaluate(() => {
        const w = window as any;
        w.__decoded = 0;
        w.__unsubscribe?.();
        w.__unsubscribe = w.__training.useTraining.subscribe((s: any) => {
          if (s.load?.phase?.key === 'errors3.phase.decodingImages') w.__decoded = Math.max(w.__decoded, s.load.total);
        });
        w.__training.useTraining.setState({ data: null });
      });
      const start = Date.now();
      await byTest('train-load').click();
      await expect.poll(summary, { timeout: 120_000, interval: 20 }).toMatch(expected);
      best = Math.min(best, Date.now() - start);
      decoded = await page.evaluate(() => (window as any).__decoded);
    }
    return { ms: best, decoded };
  };
  const all = await loadTimed('', /^photos: 12 images 32x32x3, 3 classes \(square, tall, wide\)$/);
  expect(all.decoded).toBe(12);
  const pixels = await probe();

  // The two-step reference, made in the page: the browser's DCT-scaled decode (ImageDecoder, 1/8: 500x375) taken to
  // 64x64 with its high-quality filter, then toShape to 32x32.
  const twoStep = await twoStepReference(readFileSync(probeFile), 'jpeg');
  const diffs = (ref: ArrayLike<number>) => pixels.map((v, i) => Math.abs(v - ref[i]));
  expect(Math.max(...diffs(twoStep))).toBeLessThanOrEqual(1);
  // Against the drawn picture averaged over each 125x94-pixel cell: only JPEG's and the filters' small differences.
  const exact = areaAverage(pictures[2][0], 32, 32);
  const meanAbs = diffs(exact).reduce((a, b) => a + b, 0) / pixels.length;
  // toShape alone on the full picture (what loading did before) takes 4 of the ~11,750 pixels of each cell: further off.
  const p = pictures[2][0],
    full = new Uint8Array(p.width * p.height * 4).fill(255);
  for (let i = 0; i < p.width * p.height; i++) full.set(p.background, i * 4);
  for (const r of p.rects)
    for (let y = r.y; y < r.y + r.h; y++) for (let x = r.x; x < r.x + r.w; x++) full.set(r.rgb, (y * p.width + x) * 4);
  const oneStep = new Uint8Array(32 * 32 * 3);
  toShape({ width: p.width, height: p.height, rgba: full }, 32, 32, 3, oneStep, 0);
  const oneStepMeanAbs = [...oneStep].reduce((a, v, i) => a + Math.abs(v - exact[i]), 0) / oneStep.length;
  expect(meanAbs).toBeLessThan(5);
  expect(meanAbs).toBeLessThan(oneStepMeanAbs * 0.7);

  // One image per class instead of four: the others are never decoded, so it is quicker.
  const one = await loadTimed('3', /^photos: 3 of 12 images 32x32x3, 3 classes \(square, tall, wide\)$/);
  expect(one.decoded).toBe(3);
  await byTest('train-limit').fill('');

  // A big PNG (no DCT to scale): createImageBitmap's own high-quality resize to 64x64 first, then toShape.
  const pngRoot = join(tmp, 'big-png');
  mkdirSync(join(pngRoot, 'a'), { recursive: true });
  mkdirSync(join(pngRoot, 'b'), { recursive: true });
  const bigPng = png(640, 480, drawBar('diagonal', 640, 480, rng));
  writeFileSync(join(pngRoot, 'a', 'big.png'), bigPng);
  writeFileSync(join(pngRoot, 'b', 'small.png'), png(40, 36, drawBar('vertical', 40, 36, rng)));
  await loadFolder(pngRoot);
  await expect.poll(summary, { timeout: 30_000 }).toMatch(/^big-png: 2 images 32x32x3, 2 classes \(a, b\)$/);
  const pngRef = await twoStepReference(bigPng, 'bitmap'),
    pngProbe = await probe();
  const pngDiff = Math.max(...pngProbe.map((v, i) => Math.abs(v - pngRef[i])));
  expect(pngDiff).toBeLessThanOrEqual(1);
  console.log(
    `e2e folder: made 12 JPEGs of 4000x3000 in ${((tMade - t0) / 1000).toFixed(1)} s; loaded all 12 in ${(all.ms / 1000).toFixed(2)} s, ` +
      `3 of 12 (limit 3) in ${(one.ms / 1000).toFixed(2)} s; probe vs two-step reference max |diff| ${Math.max(...diffs(twoStep))} (big PNG: ${pngDiff}), vs area average mean |diff| ${meanAbs.toFixed(2)} (toShape of the full picture: ${oneStepMeanAbs.toFixed(2)})`,
  );
  expect(one.ms).toBeLessThan(all.ms);
  expect(errors).toEqual([]);
});

it("in the desktop app the limit goes to main (openDataset's options), which says how many images the folder holds", async () => {
  // A stand-in for the preload's window.cnnHost: main "reads" 4 images of a 36-image folder and says so.
  const chosen = ['diagonal/a0.png', 'diagonal/a1.png', 'horizontal/a0.png', 'vertical/a0.png'];
  const files = chosen.map((f) => {
    const [className, name] = f.split('/');
    return { className, name, bytes: [...png(40, 36, pngSources.get(f)!.rgba)] };
  });
  const desktopErrors: string[] = [];
  const desktop = await openTrainingPage(browser, inject('baseURL'), {
    errors: desktopErrors,
    height: 1100,
    before: (pg) =>
      pg.addInitScript((files) => {
        const calls: unknown[][] = [];
        const api: Record<string, unknown> = { platform: 'linux', onMenu: () => () => {} };
        for (const name of [
          'openProject',
          'openRecent',
          'saveProject',
          'listRecent',
          'writeRecovery',
          'readRecovery',
          'clearRecovery',
          'exportFiles',
          'confirmDiscard',
          'setTitle',
          'setDirty',
        ]) {
          api[name] = async () => ({ ok: true, value: name === 'listRecent' ? [] : null });
        }
        api.openDataset = async (...args: unknown[]) => {
          calls.push(args);
          return {
            ok: true,
            value: {
              kind: 'folder',
              name: 'shapes',
              files: files.map((f) => ({ ...f, bytes: Uint8Array.from(f.bytes) })),
              total: 36,
            },
          };
        };
        (window as any).cnnHost = api;
        (window as any).__openDatasetCalls = calls;
      }, files),
  });
  await desktop.getByTestId('train-dataset').selectOption('folder');
  await desktop.getByTestId('train-seed').fill('9');
  await desktop.getByTestId('train-limit').fill('4');
  await desktop.getByTestId('train-choose-dataset').click();
  await expect
    .poll(async () => (await desktop.getByTestId('train-data-summary').textContent()) ?? '', { timeout: 30_000 })
    .toMatch(/^shapes: 4 of 36 images 28x28x1, 3 classes \(diagonal, horizontal, vertical\)$/);
  await desktop.getByTestId('train-limit').fill('');
  await desktop.getByTestId('train-choose-dataset').click();
  await expect.poll(() => desktop.evaluate(() => (window as any).__openDatasetCalls.length)).toBe(2);
  expect(await desktop.evaluate(() => (window as any).__openDatasetCalls)).toEqual([
    ['folder', { limit: 4, seed: 9 }],
    ['folder'],
  ]);
  await desktop.close();
  expect(desktopErrors).toEqual([]);
});

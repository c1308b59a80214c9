// A folder of images with one subfolder per class, as a user picks it in the browser build: real PNG and JPEG
// files written to a temp folder (PNGs by a small encoder below, JPEGs by Chromium's own encoder), of other sizes
// than the Input, chosen through the folder input (webkitdirectory) with setInputFiles. The summary names the
// classes after the subfolders; every image is resized to the Input's HxWxC exactly as shared/data/folder.ts says;
// the graph is fixed to 3 classes in one click and trains one epoch. A file that is not really an image is skipped
// with a notice naming it; a class none of whose images decode is an error naming them.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { mulberry32, toShape } from '../shared/data';
import { SHOTS, collectErrors, launchBrowser } from './browser';

let browser: Browser;
let page: Page;
const errors: string[] = [];
const tmp = mkdtempSync(join(tmpdir(), 'cnn-folder-e2e-'));

/** A PNG (8-bit RGB, no filter) from RGBA pixels; alpha is dropped. */
function png(width: number, height: number, rgba: Uint8Array): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) for (let c = 0; c < 3; c++) raw[y * (width * 3 + 1) + 1 + x * 3 + c] = rgba[(y * width + x) * 4 + c];
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const len = Buffer.alloc(4), crc = Buffer.alloc(4);
    len.writeUInt32BE(data.length); crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0); ihdr.writeUInt32BE(height, 4); ihdr[8] = 8; ihdr[9] = 2;
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** A bar across a noisy dark background: horizontal, vertical or diagonal by class, in a random colour. */
function drawBar(cls: 'diagonal' | 'horizontal' | 'vertical', width: number, height: number, rng: () => number): Uint8Array {
  const rgba = new Uint8Array(width * height * 4);
  const colour = [120 + rng() * 135, 120 + rng() * 135, 120 + rng() * 135];
  const at = 0.3 + rng() * 0.4, thick = 0.08 + rng() * 0.06;
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
    const u = x / width, v = y / height;
    const d = cls === 'horizontal' ? Math.abs(v - at) : cls === 'vertical' ? Math.abs(u - at) : Math.abs(u - v) / Math.SQRT2;
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

beforeAll(async () => {
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 900, height: 1100 } });
  collectErrors(page, errors);
  await page.goto(`${inject('baseURL')}training.html?template=lenet5-mnist&testHooks`);
  await page.waitForSelector('[data-testid=training-panel]');

  // shapes/<class>/a<i>.png (40x36) and b<i>.jpg (50x50), plus things the loader must ignore.
  const rng = mulberry32(7);
  const root = join(tmp, 'shapes');
  for (const cls of CLASSES) {
    mkdirSync(join(root, cls, 'more'), { recursive: true });
    for (let i = 0; i < PER_CLASS.png; i++) {
      const rgba = drawBar(cls, 40, 36, rng);
      if (cls === 'diagonal' && i === 0) probeSource = { width: 40, height: 36, rgba };
      // One PNG per class one folder deeper: still that class.
      writeFileSync(join(root, cls, i === PER_CLASS.png - 1 ? 'more' : '', `a${i}.png`), png(40, 36, rgba));
    }
    const jpegs: number[][] = await page.evaluate(async (pixels) => Promise.all(pixels.map(async (p) => {
      const c = new OffscreenCanvas(50, 50);
      c.getContext('2d')!.putImageData(new ImageData(new Uint8ClampedArray(p), 50, 50), 0, 0);
      return [...new Uint8Array(await (await c.convertToBlob({ type: 'image/jpeg', quality: 0.9 })).arrayBuffer())];
    })), Array.from({ length: PER_CLASS.jpeg }, () => [...drawBar(cls, 50, 50, rng)]));
    jpegs.forEach((bytes, i) => writeFileSync(join(root, cls, `b${i}.jpg`), Buffer.from(bytes)));
    writeFileSync(join(root, cls, '.DS_Store'), 'not an image, not an image name');
  }
  writeFileSync(join(root, 'README.txt'), 'Three classes of bars.'); // directly in the chosen folder: no class
});
afterAll(async () => { await browser?.close(); rmSync(tmp, { recursive: true, force: true }); });

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
  await expect.poll(summary, { timeout: 30_000 }).toMatch(/^shapes: 36 images 28x28x1, 3 classes \(diagonal, horizontal, vertical\)$/);
  expect(await byTest('train-data-warning').count()).toBe(0);
  expect(await byTest('train-load-error').count()).toBe(0);
  const tLoaded = Date.now();
  // The probe image (the first image of the first class) is the 40x36 PNG resized and turned grey as folder.ts does.
  const expected = new Uint8Array(28 * 28);
  toShape(probeSource, 28, 28, 1, expected, 0);
  const probe = await page.evaluate(() => { const p = (window as any).__training.useTraining.getState().probeImage; return { label: p.label, pixels: [...p.pixels] }; });
  expect(probe.label).toBe(0);
  expect(probe.pixels).toEqual([...expected]);
  expect(await byTest('train-probe-image').count()).toBe(1);
  await page.screenshot({ path: `${SHOTS}/training-folder-summary.png` });

  // LeNet-5 ends in 10 units: one click makes it 3.
  await expect.poll(async () => (await byTest('data-problem-data-class-count').textContent()) ?? '').toMatch(/shapes has 3 classes but the output has 10 units/);
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
  await page.evaluate(() => { const s = (window as any).__training.useEditor.getState(); s.setParam('input', 'height', 32); s.setParam('input', 'width', 32); s.setParam('input', 'channels', 3); });
  await byTest('train-load').click();
  await expect.poll(summary, { timeout: 30_000 }).toMatch(/^shapes: 36 images 32x32x3, 3 classes/);
  const rgb = new Uint8Array(32 * 32 * 3);
  toShape(probeSource, 32, 32, 3, rgb, 0);
  expect(await page.evaluate(() => [...(window as any).__training.useTraining.getState().probeImage.pixels])).toEqual([...rgb]);
  console.log(`e2e folder: loaded 36 images in ${((tLoaded - t0) / 1000).toFixed(1)} s, trained one epoch in ${((tTrained - tLoaded) / 1000).toFixed(1)} s`);
  expect(errors).toEqual([]);
});

it('skips a file that is not really an image with a notice naming it; a class with no decodable image is an error naming them', async () => {
  writeFileSync(join(tmp, 'shapes', 'vertical', 'broken.png'), 'this is text saved as .png');
  writeFileSync(join(tmp, 'shapes', 'horizontal', 'empty.jpg'), '');
  await loadFolder(join(tmp, 'shapes'));
  await expect.poll(async () => (await byTest('train-data-warning').textContent()) ?? '', { timeout: 30_000 })
    .toMatch(/^Skipped 2 of 38 images that could not be decoded: horizontal\/empty\.jpg \(.+\), vertical\/broken\.png \(.+\)\.$/);
  expect(await summary()).toMatch(/^shapes: 36 images 32x32x3, 3 classes/);
  expect(await attr('training-panel', 'data-state')).toBe('ready');
  await page.screenshot({ path: `${SHOTS}/training-folder-skipped.png` });

  const bad = join(tmp, 'bad');
  mkdirSync(join(bad, 'cats'), { recursive: true });
  mkdirSync(join(bad, 'dogs'), { recursive: true });
  writeFileSync(join(bad, 'cats', 'c.png'), png(4, 4, new Uint8Array(64).fill(200)));
  writeFileSync(join(bad, 'dogs', 'd1.jpg'), '<html>404</html>');
  writeFileSync(join(bad, 'dogs', 'd2.jpg'), '<html>404</html>');
  await loadFolder(bad);
  await expect.poll(async () => (await byTest('train-load-error').textContent()) ?? '', { timeout: 30_000 })
    .toMatch(/^None of the 2 images in dogs\/ could be decoded: dogs\/d1\.jpg \(.+\), dogs\/d2\.jpg \(.+\)\.$/);
  // The data loaded before is still there to train on.
  expect(await summary()).toMatch(/^shapes: 36 images/);
  expect(errors).toEqual([]);
});

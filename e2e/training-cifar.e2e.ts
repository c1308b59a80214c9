// CIFAR-10 in the browser build, on the real files `npm run get-cifar10` puts in data/cifar10 (.ci/run fetches
// them): the Worker decodes the sprite PNGs with createImageBitmap (no colour conversion) and must get exactly
// the pixels pngjs gets in Node, then the AlexNet-style CIFAR template trains one short epoch on them.
// Without data/cifar10 the spec is skipped and says why.
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { decodePng } from '../cli/cifar10';
import { CIFAR10_DIR, CIFAR10_FILES } from '../shared/data';
import { SHOTS, launchBrowser, openTrainingPage } from './browser';

const present =
  existsSync(`${CIFAR10_DIR}/${CIFAR10_FILES.train[0]}`) && existsSync(`${CIFAR10_DIR}/${CIFAR10_FILES.test}`);
if (!present)
  console.warn(
    `training-cifar.e2e: skipped, CIFAR-10 is not in ${CIFAR10_DIR} (run "npm run get-cifar10"; .ci/run does).`,
  );

describe.skipIf(!present)('CIFAR-10 in the browser (real sprites)', () => {
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  beforeAll(async () => {
    browser = await launchBrowser();
    page = await openTrainingPage(browser, inject('baseURL'), { errors, template: 'alexnet-cifar' });
  });
  afterAll(async () => {
    await browser?.close();
  });
  const byTest = (id: string) => page.getByTestId(id);

  it('decodes the sprites exactly as pngjs does and trains the CIFAR template for one short epoch', async () => {
    await byTest('train-backend-choice').selectOption('cpu');
    await expect.poll(() => byTest('train-backend').getAttribute('data-backend'), { timeout: 30_000 }).toBe('cpu');
    await byTest('train-dataset').selectOption('cifar10');
    await expect
      .poll(async () => (await byTest('train-cifar10-status').textContent()) ?? '', { timeout: 10_000 })
      .toMatch(/CIFAR-10 is installed/);
    await byTest('train-limit').fill('640');
    const t0 = Date.now();
    await byTest('train-load').click();
    await expect
      .poll(async () => (await byTest('train-data-summary').textContent()) ?? '', { timeout: 60_000 })
      .toMatch(/640 images 32x32x3, 10 classes/);
    const tLoaded = Date.now();
    // The probe is training image 0 (a frog in CIFAR-10's data_batch_1): Chromium's decode against pngjs's.
    const sprite = decodePng(
      new Uint8Array(readFileSync(`${CIFAR10_DIR}/${CIFAR10_FILES.train[0]}`)),
      CIFAR10_FILES.train[0],
    );
    const want: number[] = [];
    for (let p = 0; p < 1024; p++) want.push(sprite.rgba[4 * p], sprite.rgba[4 * p + 1], sprite.rgba[4 * p + 2]);
    const probe = await page.evaluate(() => {
      const p = (window as any).__training.useTraining.getState().probeImage;
      return { label: p.label, pixels: [...p.pixels] };
    });
    expect(probe.pixels.slice(0, 9)).toEqual([59, 62, 63, 43, 46, 45, 50, 48, 43]); // Keras's CIFAR-10 arrays
    expect(probe.pixels).toEqual(want);
    expect(probe.label).toBe(6); // frog
    expect(await byTest('data-problem-data-input-shape').count()).toBe(0);

    await byTest('train-epochs').fill('1');
    await byTest('train-batch').fill('64');
    await byTest('train-start').click();
    await expect.poll(() => byTest('training-panel').getAttribute('data-state'), { timeout: 120_000 }).toBe('done');
    const acc = Number(await byTest('eval-accuracy').getAttribute('data-value'));
    expect(await byTest('train-results').textContent()).toMatch(/Test set: .*1,000 images/); // the real test sprite, limited
    expect(Number(await byTest('chart-epoch').getAttribute('data-points'))).toBe(1);
    expect((await byTest('featuremaps-conv1').count()) + (await byTest('kernels').count())).toBeGreaterThan(0);
    await page.screenshot({ path: `${SHOTS}/training-cifar10.png`, fullPage: true });
    console.log(
      `e2e CIFAR-10: loaded 640 (+test) images in ${((tLoaded - t0) / 1000).toFixed(1)} s, one epoch + test in ${((Date.now() - tLoaded) / 1000).toFixed(1)} s, test accuracy ${(acc * 100).toFixed(1)}% (one tiny epoch: not a quality check)`,
    );
    expect(errors).toEqual([]);
  }, 240_000);
});
